"""Analyse batches beyond one process on Ray: the only module of storyline that imports ``ray``.

An :class:`AnalyzerActor` loads the spaCy pipeline once and analyses lists of articles; a
``ray.util.ActorPool`` of them does the scheduling. :func:`run_batch` streams: it reads its
input lazily, keeps a bounded number of batches in flight and yields results in input order,
so a corpus of any size runs in constant memory.

Failures, from the cheapest remedy to the last resort:

1. A document that raises inside the pipeline becomes a ``FailedDocument`` (E202) on the
   worker itself, as in-process (``analyze_articles``).
2. A worker process that dies (segfault, out of memory, node lost) is restarted by Ray and the
   batch is retried once on the restarted actor (``max_restarts``/``max_task_retries``).
3. A batch that kills its worker twice is split: each of its articles is sent alone, with the
   same retry, so one poisonous article cannot take its neighbours down.
4. An article that kills its worker twice on its own becomes a ``FailedDocument`` (E205) in its
   place; a fresh actor replaces the dead one and the run goes on.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..batches import batched
from ..errors import Errors, ExtractError, MissingExtra
from ..records import AnalyzedDocument, Article, FailedDocument

if TYPE_CHECKING:
    from spacy.language import Language

Item = Article | AnalyzedDocument | FailedDocument
Result = AnalyzedDocument | FailedDocument

#: Ray restarts a dead actor this many times, retrying its task on the restarted process.
MAX_RESTARTS = 1
#: Batches in flight (submitted or waiting for their turn to be yielded) per worker.
IN_FLIGHT_PER_WORKER = 2

# Ray would phone home and print banners; storyline runs offline and quietly.
_RAY_ENV = {"RAY_DISABLE_USAGE_STATS": "1", "RAY_USAGE_STATS_ENABLED": "0"}


class AnalyzerActor:
    """A Ray actor that holds one spaCy pipeline and analyses lists of articles with it.

    Args:
        model: the spaCy pipeline to load (default: the ``model`` setting).
    """

    def __init__(self, model: str | None = None) -> None:
        from ..extract.pipeline import build_nlp

        self.nlp: Language = build_nlp(model)

    def ready(self) -> bool:
        """True once the pipeline is loaded; lets the driver fail fast when it cannot be."""
        return True

    def analyze(self, articles: list[Article]) -> list[Result]:
        """Analyse ``articles`` in order; a document that breaks the pipeline fails alone (E202)."""
        from ..extract.pipeline import analyze_articles

        return list(analyze_articles(articles, self.nlp, batch_size=max(1, len(articles))))


def run_batch(
    articles: Iterable[Item],
    *,
    address: str | None = None,
    workers: int | None = None,
    batch_size: int = 16,
    model: str | None = None,
    local: bool = False,
    actor_class: type[AnalyzerActor] = AnalyzerActor,
) -> Iterator[Result]:
    """Analyse ``articles`` on a pool of Ray actors, yielding results in input order.

    ``FailedDocument`` items (from reading) and documents analysed already pass through in
    their place. When Ray is already initialised in this process, that instance is used and
    left running; otherwise one is started (or joined) here and shut down at the end.

    Args:
        articles: the input, read lazily.
        address: a Ray cluster to join (``"auto"``: the one ``ray start`` made on this
            machine; ``"ray://host:10001"``: Ray Client); None starts Ray on this machine.
        workers: actors in the pool (default: one per CPU Ray knows of).
        batch_size: articles per task sent to an actor.
        model: the spaCy pipeline each actor loads.
        local: start a light local instance (``workers`` CPUs, no dashboard, no worker logs
            forwarded), as tests want.
        actor_class: the actor to run, :class:`AnalyzerActor` or a subclass of it.

    Raises:
        MissingExtra: E502 when ray is not installed.
        ExtractError: E206 when the actors cannot start (e.g. the model is missing), E207 when
            the cluster cannot be reached.
    """
    ray = _import_ray()
    started = _connect(ray, address, workers, local)
    try:
        count = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        runner = _PoolRunner(ray, actor_class, model, count)
        try:
            yield from runner.stream(articles, max(1, batch_size))
        finally:
            runner.close()
    finally:
        if started:
            ray.shutdown()


def _import_ray() -> Any:
    for key, value in _RAY_ENV.items():
        os.environ.setdefault(key, value)
    try:
        import ray
    except ImportError as err:
        raise MissingExtra(Errors.E502.format(module="ray", extra="scale")) from err
    return ray


def _connect(ray: Any, address: str | None, workers: int | None, local: bool) -> bool:
    """Initialise Ray unless it already is; True when this call started it."""
    if ray.is_initialized():
        return False
    import logging

    options: dict[str, Any] = {"logging_level": logging.WARNING, "include_dashboard": False}
    if address is None and local:
        # "local" always starts a private instance, never a cluster found on this machine
        address = "local"
        options |= {"num_cpus": workers or 2, "log_to_driver": False}
    try:
        ray.init(address=address, **options)
    except (ConnectionError, RuntimeError, ValueError) as err:
        raise ExtractError(Errors.E207.format(address=address or "local", reason=err)) from err
    return True


@dataclass
class _Task:
    """Articles of batch ``seq`` sent to one actor, with their positions in the batch."""

    seq: int
    positions: list[int]
    articles: list[Article]


class _PoolRunner:
    """Feeds an ActorPool with batches and hands results back in input order."""

    def __init__(self, ray: Any, actor_class: type[AnalyzerActor], model: str | None, n: int):
        from ray.util import ActorPool

        self.ray = ray
        self.remote_class = ray.remote(actor_class).options(
            num_cpus=1, max_restarts=MAX_RESTARTS, max_task_retries=MAX_RESTARTS
        )
        self.model = model
        self.actors: list[Any] = []  # every actor made, so that close() frees their CPUs
        actors = [self._new_actor() for _ in range(n)]
        try:
            ray.get([a.ready.remote() for a in actors])
        except ray.exceptions.RayError as err:
            self.close()
            raise ExtractError(Errors.E206.format(reason=_last_line(err))) from err
        self.pool = ActorPool(actors)
        self.max_in_flight = n * IN_FLIGHT_PER_WORKER
        self.tasks: deque[_Task] = deque()  # in ActorPool submission order
        self.slots: dict[int, list[Result | None]] = {}  # batches not yet yielded
        self.next_seq = 0

    def _new_actor(self) -> Any:
        actor = self.remote_class.remote(self.model)
        self.actors.append(actor)
        return actor

    def close(self) -> None:
        """Kill the actors now rather than when Ray collects their handles."""
        for actor in self.actors:
            self.ray.kill(actor, no_restart=True)
        self.actors.clear()

    def stream(self, items: Iterable[Item], batch_size: int) -> Iterator[Result]:
        """Results for ``items`` in order, at most ``max_in_flight`` batches held at once."""
        batches = batched(items, batch_size)
        seq = 0
        exhausted = False
        while True:
            while not exhausted and len(self.slots) < self.max_in_flight:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                    break
                self._add(seq, batch)
                seq += 1
            yield from self._drain()
            if not self.tasks:
                if exhausted and not self.slots:
                    return
                continue
            self._collect()
            yield from self._drain()

    def _add(self, seq: int, batch: list[Item]) -> None:
        self.slots[seq] = [None if isinstance(item, Article) else item for item in batch]
        positions = [i for i, item in enumerate(batch) if isinstance(item, Article)]
        if positions:
            articles = [batch[i] for i in positions]
            self._submit(_Task(seq, positions, articles))  # type: ignore[arg-type]

    def _submit(self, task: _Task) -> None:
        self.tasks.append(task)
        self.pool.submit(lambda actor, arts: actor.analyze.remote(arts), task.articles)

    def _collect(self) -> None:
        """Wait for the oldest task and file its results; on a dead worker, split or fail."""
        task = self.tasks.popleft()
        try:
            results: list[Result] = self.pool.get_next()
        except self.ray.exceptions.RayError as err:
            if isinstance(err, self.ray.exceptions.ActorDiedError):
                self.pool.push(self._new_actor())  # the pool dropped the dead one
            if len(task.articles) > 1:
                for pos, article in zip(task.positions, task.articles, strict=True):
                    self._submit(_Task(task.seq, [pos], [article]))
                return
            results = [_worker_failed(task.articles[0], err)]
        for pos, result in zip(task.positions, results, strict=True):
            self.slots[task.seq][pos] = result

    def _drain(self) -> Iterator[Result]:
        """Yield every finished batch at the head of the input order."""
        while self.next_seq in self.slots:
            slot = self.slots[self.next_seq]
            if any(r is None for r in slot):
                return
            del self.slots[self.next_seq]
            self.next_seq += 1
            yield from (r for r in slot if r is not None)


def _worker_failed(article: Article, err: Exception) -> FailedDocument:
    message = Errors.E205.format(doc=article.origin or article.id, reason=_first_line(err))
    return FailedDocument(id=article.id, code="E205", message=message, origin=article.origin)


def _last_line(err: Exception) -> str:
    """The exception line that ends a remote traceback, without its ``module.Class:`` prefix."""
    lines = [ln.strip() for ln in str(err).splitlines() if ln.strip()]
    last = lines[-1] if lines else type(err).__name__
    return re.sub(r"^[\w.]+(Error|Exception): ", "", last)


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return f"{type(err).__name__}: {line}" if line else type(err).__name__


__all__ = ["AnalyzerActor", "run_batch"]

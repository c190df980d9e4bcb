"""``storyline ingest``: analyse articles and store them in the knowledge base."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ..batches import batched
from ..records import AnalyzedDocument, Article, FailedDocument
from .analyze import parse_published

Item = Article | AnalyzedDocument | FailedDocument

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Knowledge base URL (default: STORYLINE_DB, else sqlite:///storyline.db)."
    ),
]


@dataclass
class IngestSummary:
    """Counts of one ingest run (``added replaced unchanged duplicate failed``) and timings."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    analysis_s: float = 0.0
    store_s: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def ingest_cli(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files (.txt .html .json .jsonl), directories, http(s) URLs, or - for stdin."
        ),
    ] = None,
    db: DbOption = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD; relative times are resolved against it."),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Installed spaCy pipeline (default: the model setting).")
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(help="Entity resolution threshold (default: STORYLINE_RESOLVE_THRESHOLD)."),
    ] = None,
    batch: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Articles stored per transaction (default: STORYLINE_STORE_BATCH, 50); a "
            "killed run loses at most one batch, which a rerun stores.",
        ),
    ] = None,
    feed: Annotated[
        list[str] | None,
        typer.Option(
            help="An RSS, Atom or JSON feed or a sitemap: its articles are fetched and stored "
            "(those already stored, by URL, are not fetched). Repeatable."
        ),
    ] = None,
    watch: Annotated[
        bool,
        typer.Option(help="Then keep watching the folders given and ingest new or changed files."),
    ] = False,
    interval: Annotated[
        float, typer.Option(min=0.1, help="Seconds between looks at watched folders.")
    ] = 5.0,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes analysing at once (stored in input order).")
    ] = 1,
) -> None:
    """Analyse articles and store them in the knowledge base (idempotent; edits replace)."""
    paths = paths or []
    if not paths and not feed:
        raise typer.BadParameter("give files, folders, URLs or --feed URL", param_hint="PATHS")
    err = Console(stderr=True)
    columns = (
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]:.1f} art/s"),
        TextColumn("[red]{task.fields[errors]} errors"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task("ingest", total=None, rate=0.0, errors=0)
        started = time.perf_counter()

        def tick(summary: IngestSummary, total: int | None) -> None:
            elapsed = max(time.perf_counter() - started, 1e-9)
            progress.update(
                task,
                total=total,
                completed=summary.total,
                rate=summary.total / elapsed,
                errors=summary.counts["failed"],
            )

        summary = ingest_paths(
            paths,
            db,
            parse_published(published),
            model,
            threshold,
            on_progress=tick,
            batch=batch,
            feeds=feed or (),
            workers=workers,
        )
    _report(summary, err)
    if watch:
        _watch(paths, db, parse_published(published), model, threshold, interval, err)
    if summary.counts["failed"]:
        raise typer.Exit(1)


def _report(summary: IngestSummary, err: Console) -> None:
    for message in summary.failures:
        err.print(f"[red]error:[/red] {message}", highlight=False)
    c = summary.counts
    skipped = f", {c['already stored']} already stored (not fetched)" if c["already stored"] else ""
    err.print(
        f"{summary.total} article(s): {c['added']} added, {c['replaced']} replaced, "
        f"{c['unchanged']} unchanged, {c['duplicate']} duplicate text, {c['failed']} failed"
        f"{skipped} (analysis {summary.analysis_s:.1f} s, store {summary.store_s:.1f} s)",
        highlight=False,
    )


def _watch(
    paths: list[str],
    db: str | None,
    published: date | None,
    model: str | None,
    threshold: float | None,
    interval: float,
    err: Console,
) -> None:
    from pathlib import Path

    from ..extract.pipeline import build_nlp
    from ..kb import KnowledgeBase
    from .watch import watch

    folders = [Path(p) for p in paths if Path(p).is_dir()]
    if not folders:
        raise typer.BadParameter("--watch needs at least one folder", param_hint="PATHS")
    names = ", ".join(str(f) for f in folders)
    err.print(f"watching {names} every {interval:g} s (Ctrl-C stops)", highlight=False)
    kb = KnowledgeBase(db, threshold=threshold, create=True)
    try:
        watch(
            folders,
            kb,
            build_nlp(model),
            published=published,
            interval=interval,
            report=lambda s: _report(s, err),
        )
    except KeyboardInterrupt:
        err.print("stopped watching")


def ingest_paths(
    paths: list[str],
    db: str | None,
    published: date | None = None,
    model: str | None = None,
    threshold: float | None = None,
    on_progress: Callable[[IngestSummary, int | None], None] | None = None,
    batch: int | None = None,
    feeds: Sequence[str] = (),
    workers: int = 1,
) -> IngestSummary:
    """Read, analyse and store ``paths`` and the articles of ``feeds``, ``batch`` articles
    per transaction (default: the ``store_batch`` setting).

    A killed run loses at most the batch in flight: rerunning it skips what is stored
    (same text) and stores the rest. An article that cannot be stored is reported, and the
    rest of its batch is stored without it. A feed's articles already stored (by URL) are
    not fetched again.
    """
    from ..kb import KnowledgeBase

    kb = KnowledgeBase(db, threshold=threshold, create=True)
    summary = IngestSummary()
    items = skip_unchanged(list(_items(paths, feeds, published, kb, summary)), kb, summary)
    # the model is loaded only when something is left to analyse
    nlp: Any = None
    if any(isinstance(i, Article) for i in items):
        from ..extract.pipeline import build_nlp  # spaCy's import alone takes half a second

        nlp = build_nlp(model)
    store_items(
        items, kb, nlp, summary, on_progress=on_progress, batch=batch, workers=workers, model=model
    )
    return summary


def skip_unchanged(items: list[Item], kb: Any, summary: IngestSummary) -> list[Item]:
    """``items`` without the articles already stored under their id with the same text
    (counted ``unchanged`` without analysis: a re-ingest of a folder costs a read, not a
    model run). Checked a batch of 500 ids at a time."""
    articles = [i for i in items if isinstance(i, Article)]
    same: set[str] = set()
    for chunk in batched(articles, 500):
        same |= kb.unchanged(chunk)
    summary.counts["unchanged"] += sum(1 for a in articles if a.id in same)
    return [i for i in items if not (isinstance(i, Article) and i.id in same)]


def _items(
    paths: list[str], feeds: Sequence[str], published: date | None, kb: Any, summary: IngestSummary
) -> Iterator[Item]:
    from ..config import get_settings
    from ..ingest.read import read_inputs
    from ..ingest.web import read_feed

    yield from read_inputs(paths, published=published)
    if not feeds:
        return
    fetcher = get_settings().fetcher()

    def seen(url: str) -> bool:
        if kb.has_document(url):
            summary.counts["already stored"] += 1
            return True
        return False

    for feed in feeds:
        yield from read_feed(feed, fetcher, published=published, skip=seen)


def store_items(
    items: list[Item],
    kb: Any,
    nlp: Any,
    summary: IngestSummary,
    *,
    on_progress: Callable[[IngestSummary, int | None], None] | None = None,
    batch: int | None = None,
    workers: int = 1,
    model: str | None = None,
) -> None:
    """Analyse ``items`` with ``nlp`` (on ``workers`` processes of ``model`` when more than
    one) and store them in ``kb`` in input order, counting into ``summary``."""
    from ..config import get_settings

    size = max(1, batch or get_settings().store_batch)
    total = len(items) + summary.total
    if on_progress:
        on_progress(summary, total)
    results: Iterator[Any] = iter(items)
    if nlp is not None and workers > 1:
        from ..extract.parallel import analyze_parallel

        results = analyze_parallel(items, model, workers)
    elif nlp is not None:
        from ..extract.pipeline import analyze_articles

        results = analyze_articles(items, nlp)
    pending: list[AnalyzedDocument] = []

    def store() -> None:
        t0 = time.perf_counter()
        for outcome in kb.ingest_many(pending):
            summary.counts[outcome.status] += 1
            if outcome.status == "failed":
                summary.failures.append(f"{outcome.doc_key}: {outcome.error}")
        summary.store_s += time.perf_counter() - t0
        pending.clear()

    while True:
        t0 = time.perf_counter()
        item = next(results, None)
        summary.analysis_s += time.perf_counter() - t0
        if item is None:
            break
        if isinstance(item, FailedDocument):
            summary.counts["failed"] += 1
            summary.failures.append(item.message)
        elif isinstance(item, AnalyzedDocument):
            pending.append(item)
            if len(pending) >= size:
                store()
        if on_progress:
            on_progress(summary, total)
    if pending:
        store()
        if on_progress:
            on_progress(summary, total)

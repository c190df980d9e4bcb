"""``storyline batch``: analyse a corpus on Ray (this machine or a cluster) into JSONL."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..records import AnalyzedDocument, Article, FailedDocument
from .analyze import parse_published

Item = Article | AnalyzedDocument | FailedDocument


@dataclass(frozen=True)
class BatchSummary:
    """What a batch run did."""

    documents: int
    failed: int
    seconds: float
    stored: str = ""  # what the knowledge base did, when --db was given

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def line(self, output: Path | None) -> str:
        where = f" -> {output}" if output else ""
        kb = f"; knowledge base: {self.stored}" if self.stored else ""
        return (
            f"{self.documents} document(s), {self.failed} failed, in {self.seconds:.1f} s "
            f"({self.rate:.1f}/s){where}{kb}"
        )


def batch_cli(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files (.txt .html .json .jsonl), directories, or - for stdin."),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="JSONL file: one document per line.")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Also store the results in this knowledge base, through one writer, in input "
            "order; articles stored already (same id and text) are skipped before analysis, so "
            "a crashed run resumes.",
        ),
    ] = None,
    address: Annotated[
        str | None,
        typer.Option(
            help="Ray cluster to join: 'auto' (started with `ray start --head`), "
            "'ray://HOST:10001', or leave out to run Ray on this machine."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Analyser actors, each loading the model (default: one per CPU)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Articles per task sent to a worker.")
    ] = 16,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD; relative times are resolved against it."),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Installed spaCy pipeline (default: the model setting).")
    ] = None,
) -> None:
    """Analyse many articles on Ray workers, writing one JSON document per line in input order."""
    if output is None and db is None:
        raise typer.BadParameter("give --output FILE, --db URL, or both", param_hint="--output")
    summary = batch_to(
        paths,
        output,
        published=parse_published(published),
        address=address,
        workers=workers,
        batch_size=batch_size,
        model=model,
        db=db,
    )
    console = Console(stderr=True)
    colour = "yellow" if summary.failed else "green"
    console.print(f"[{colour}]{summary.line(output)}[/{colour}]", highlight=False)
    if summary.failed:
        raise typer.Exit(1)


def batch_to(
    paths: list[str],
    output: Path | None,
    *,
    published: date | None = None,
    address: str | None = None,
    workers: int | None = None,
    batch_size: int = 16,
    model: str | None = None,
    local: bool = False,
    db: str | None = None,
) -> BatchSummary:
    """Analyse ``paths`` on Ray and write them to ``output`` as JSONL, with a progress bar.

    Documents that fail (reading, the pipeline, or a dead worker) are written in their place as
    error objects and counted; the run goes on.
    """
    from ..ingest.read import read_inputs
    from ..scale.ray_runner import run_batch

    console = Console(stderr=True)
    items: Iterable[Item] = read_inputs(paths, published=published)
    writer = None
    if db is not None:
        writer = _Writer(db)
        items = writer.skip_stored(list(items))
    results = run_batch(
        items,
        address=address,
        workers=workers,
        batch_size=batch_size,
        model=model,
        local=local,
    )
    done = failed = 0
    start = time.perf_counter()
    columns = (
        SpinnerColumn(),
        TextColumn("{task.completed} documents"),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TextColumn("[red]{task.fields[errors]} failed"),
        TimeElapsedColumn(),
    )
    with (
        output.open("w", encoding="utf-8") if output else nullcontext(None) as out,
        Progress(*columns, console=console, transient=True) as progress,
    ):
        bar = progress.add_task("batch", total=None, rate=0.0, errors=0)
        for item in results:
            done += 1
            if isinstance(item, FailedDocument):
                failed += 1
                progress.console.print(f"[red]error:[/red] {item.message}", highlight=False)
            if out is not None:
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            if writer is not None:
                writer.add(item)
            rate = done / max(time.perf_counter() - start, 1e-9)
            progress.update(bar, completed=done, rate=rate, errors=failed)
    stored = writer.close() if writer is not None else ""
    return BatchSummary(
        documents=done, failed=failed, seconds=time.perf_counter() - start, stored=stored
    )


class _Writer:
    """The one writer of ``batch --db``: results stored in input order, a batch of
    ``store_batch`` articles per transaction (what a crash can lose, and a rerun stores)."""

    def __init__(self, db: str) -> None:
        from ..config import get_settings
        from ..kb import KnowledgeBase
        from .ingest import IngestSummary

        self.kb = KnowledgeBase(db, create=True)
        self.size = max(1, get_settings().store_batch)
        self.summary = IngestSummary()
        self.pending: list[AnalyzedDocument] = []

    def skip_stored(self, items: list[Item]) -> list[Item]:
        from .ingest import skip_unchanged

        return skip_unchanged(items, self.kb, self.summary)

    def add(self, item: AnalyzedDocument | FailedDocument) -> None:
        if isinstance(item, AnalyzedDocument):
            self.pending.append(item)
            if len(self.pending) >= self.size:
                self.flush()

    def flush(self) -> None:
        for outcome in self.kb.ingest_many(self.pending):
            self.summary.counts[outcome.status] += 1
        self.pending.clear()

    def close(self) -> str:
        self.flush()
        c = self.summary.counts
        return (
            f"{c['added']} added, {c['replaced']} replaced, {c['unchanged']} unchanged "
            f"(skipped before analysis), {c['duplicate']} duplicate text, {c['failed']} failed"
        )


__all__ = ["BatchSummary", "batch_cli", "batch_to"]

"""``storyline ingest``: analyse articles and store them in the knowledge base."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

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

from ..records import AnalyzedDocument, FailedDocument
from .analyze import parse_published

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
        list[str],
        typer.Argument(help="Files (.txt .html .json .jsonl), directories, or - for stdin."),
    ],
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
) -> None:
    """Analyse articles and store them in the knowledge base (idempotent; edits replace)."""
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
            paths, db, parse_published(published), model, threshold, on_progress=tick, batch=batch
        )
    for message in summary.failures:
        err.print(f"[red]error:[/red] {message}", highlight=False)
    c = summary.counts
    err.print(
        f"{summary.total} article(s): {c['added']} added, {c['replaced']} replaced, "
        f"{c['unchanged']} unchanged, {c['duplicate']} duplicate text, {c['failed']} failed "
        f"(analysis {summary.analysis_s:.1f} s, store {summary.store_s:.1f} s)",
        highlight=False,
    )
    if c["failed"]:
        raise typer.Exit(1)


def ingest_paths(
    paths: list[str],
    db: str | None,
    published: date | None = None,
    model: str | None = None,
    threshold: float | None = None,
    on_progress: Callable[[IngestSummary, int | None], None] | None = None,
    batch: int | None = None,
) -> IngestSummary:
    """Read, analyse and store ``paths``, ``batch`` articles per transaction (default: the
    ``store_batch`` setting).

    A killed run loses at most the batch in flight: rerunning it skips what is stored
    (same text) and stores the rest. An article that cannot be stored is reported, and the
    rest of its batch is stored without it.
    """
    from ..config import get_settings
    from ..extract.pipeline import analyze_articles, build_nlp
    from ..ingest.read import read_inputs
    from ..kb import KnowledgeBase

    size = max(1, batch or get_settings().store_batch)
    kb = KnowledgeBase(db, threshold=threshold, create=True)
    items = list(read_inputs(paths, published=published))
    nlp = build_nlp(model)
    summary = IngestSummary()
    if on_progress:
        on_progress(summary, len(items))
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
            on_progress(summary, len(items))
    if pending:
        store()
        if on_progress:
            on_progress(summary, len(items))
    return summary

"""``storyline batch``: analyse a corpus on Ray (this machine or a cluster) into JSONL."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..records import FailedDocument
from .analyze import parse_published


@dataclass(frozen=True)
class BatchSummary:
    """What a batch run did."""

    documents: int
    failed: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def line(self, output: Path) -> str:
        return (
            f"{self.documents} document(s), {self.failed} failed, in {self.seconds:.1f} s "
            f"({self.rate:.1f}/s) -> {output}"
        )


def batch_cli(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files (.txt .html .json .jsonl), directories, or - for stdin."),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="JSONL file: one document per line.")
    ],
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
    summary = batch_to(
        paths,
        output,
        published=parse_published(published),
        address=address,
        workers=workers,
        batch_size=batch_size,
        model=model,
    )
    console = Console(stderr=True)
    colour = "yellow" if summary.failed else "green"
    console.print(f"[{colour}]{summary.line(output)}[/{colour}]", highlight=False)
    if summary.failed:
        raise typer.Exit(1)


def batch_to(
    paths: list[str],
    output: Path,
    *,
    published: date | None = None,
    address: str | None = None,
    workers: int | None = None,
    batch_size: int = 16,
    model: str | None = None,
    local: bool = False,
) -> BatchSummary:
    """Analyse ``paths`` on Ray and write them to ``output`` as JSONL, with a progress bar.

    Documents that fail (reading, the pipeline, or a dead worker) are written in their place as
    error objects and counted; the run goes on.
    """
    from ..ingest.read import read_inputs
    from ..scale.ray_runner import run_batch

    console = Console(stderr=True)
    items = read_inputs(paths, published=published)
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
        output.open("w", encoding="utf-8") as out,
        Progress(*columns, console=console, transient=True) as progress,
    ):
        bar = progress.add_task("batch", total=None, rate=0.0, errors=0)
        for item in results:
            done += 1
            if isinstance(item, FailedDocument):
                failed += 1
                progress.console.print(f"[red]error:[/red] {item.message}", highlight=False)
            out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            rate = done / max(time.perf_counter() - start, 1e-9)
            progress.update(bar, completed=done, rate=rate, errors=failed)
    return BatchSummary(documents=done, failed=failed, seconds=time.perf_counter() - start)


__all__ = ["BatchSummary", "batch_cli", "batch_to"]

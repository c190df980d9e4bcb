"""``storyline analyze``: the document contract for each input."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console

from ..dates import parse_day as parse_date
from ..errors import Errors, IngestError
from ..records import AnalyzedDocument, FailedDocument


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


def analyze_cli(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files (.txt .html .json .jsonl), directories, or - for stdin."),
    ],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD; relative times are resolved against it."),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="json, jsonl (one per line) or text.")
    ] = Format.json,
    model: Annotated[
        str | None, typer.Option(help="Installed spaCy pipeline (default: the model setting).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes analysing at once (results stay in order).")
    ] = 1,
) -> None:
    """Analyse articles and print each as a storyline document (JSON) or a readable summary."""
    when = parse_published(published)
    failures = analyze_to(paths, when, fmt, model, output, workers)
    if failures:
        Console(stderr=True).print(f"[yellow]{failures} document(s) failed[/yellow]")
        raise typer.Exit(1)


def parse_published(value: str | None) -> date | None:
    """The ``--published`` option as a date; a bad value is a clear error."""
    if value is None:
        return None
    when = parse_date(value)
    if when is None or len(value.strip()) != 10:
        raise IngestError(Errors.E110.format(path="--published", value=value))
    return when


def analyze_to(
    paths: list[str],
    published: date | None,
    fmt: Format,
    model: str | None,
    output: Path | None,
    workers: int = 1,
) -> int:
    """Analyse ``paths`` and write them in ``fmt``; returns how many documents failed."""
    from .. import analyze_paths

    failures = 0
    with _open(output) as out:
        console = Console(file=out, width=None if out is sys.stdout else 140)
        results: list[dict[str, object]] = []
        for item in analyze_paths(paths, published=published, model=model, workers=workers):
            if isinstance(item, FailedDocument):
                failures += 1
                Console(stderr=True).print(f"[red]error:[/red] {item.message}", highlight=False)
            if fmt is Format.jsonl:
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            elif fmt is Format.json:
                results.append(item.to_dict())
            elif isinstance(item, AnalyzedDocument):
                from .render import render_document

                render_document(item, console)
        if fmt is Format.json:
            value: object = results[0] if len(results) == 1 else results
            out.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
    return failures


@contextmanager
def _open(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        return
    with output.open("w", encoding="utf-8") as handle:
        yield handle

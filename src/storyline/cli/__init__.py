"""The ``storyline`` command line: one Typer app with sub-apps.

Only this module turns exceptions into exit codes: a :class:`StorylineError` prints its
numbered message (no traceback) and exits 2.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from .. import __version__
from ..errors import StorylineError
from .analyze import analyze_cli
from .batch import batch_cli
from .db import db_app
from .events import event_app
from .gazetteer import gazetteer_app
from .ingest import ingest_cli
from .kb import entity_app, export_cli, search_cli, stats_cli, timeline_cli
from .serve import serve_cli

app = typer.Typer(
    name="storyline",
    help="Turn news reports into a sourced record of what happened: who did what to whom, "
    "where and when, and who says so.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("analyze")(analyze_cli)
app.command("batch")(batch_cli)
app.add_typer(gazetteer_app, name="gazetteer")
app.command("ingest")(ingest_cli)
app.command("search")(search_cli)
app.add_typer(entity_app, name="entity")
app.add_typer(event_app, name="event")
app.command("timeline")(timeline_cli)
app.command("export")(export_cli)
app.command("stats")(stats_cli)
app.add_typer(db_app, name="db")
app.command("serve")(serve_cli)


def _version(value: bool) -> None:
    if value:
        print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """storyline: who did what to whom, where and when, and who says so."""


def main() -> None:
    """Entry point of the ``storyline`` script."""
    try:
        app()
    except StorylineError as err:
        Console(stderr=True).print(f"[red]error:[/red] {err.message}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)


__all__ = ["app", "main"]

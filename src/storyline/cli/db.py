"""``storyline db``: create and migrate the knowledge base."""

from __future__ import annotations

import typer

from .ingest import DbOption

db_app = typer.Typer(help="Create and migrate the knowledge base.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_cli(db: DbOption = None, revision: str = "head") -> None:
    """Create the knowledge base or migrate it to the newest schema (Alembic)."""
    from ..store.session import resolve_url, upgrade

    url = resolve_url(db)
    reached = upgrade(url, revision)
    typer.echo(f"knowledge base at revision {reached}")


@db_app.command("dev-server")
def dev_server_cli(
    name: str = typer.Option("storyline", help="Name of the database to create on it."),
) -> None:
    """Run a throwaway PostgreSQL server on loopback for trying storyline on PostgreSQL.

    Starts the machine's own PostgreSQL binaries (Debian's ``postgresql`` package) in a
    temporary folder on a free port, creates and migrates one database, prints its URL and
    waits; Ctrl-C stops the server and deletes everything in it.
    """
    import signal
    import threading

    from ..errors import Errors, StoreError
    from ..store.session import upgrade
    from .devserver import create_database, server_bindir, throwaway_server

    bindir = server_bindir()
    if bindir is None:
        raise StoreError(Errors.E413.format())
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with throwaway_server(bindir) as base:
        url = create_database(base, name)
        upgrade(url)
        typer.echo(url)
        typer.echo(
            f"PostgreSQL is running (throwaway). Try:\n"
            f"  export STORYLINE_DB={url}\n"
            f"  storyline ingest examples/ && storyline stats\n"
            f"Ctrl-C stops it and deletes its data.",
            err=True,
        )
        stop.wait()
    typer.echo("stopped; the throwaway server and its data are gone", err=True)

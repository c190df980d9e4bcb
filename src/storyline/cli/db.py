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

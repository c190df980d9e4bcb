"""``storyline serve``: the HTTP API and the analysts' web pages (uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..config import Settings
from ..errors import ApiError, Errors, MissingExtra
from .ingest import DbOption


def serve_cli(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    model: Annotated[
        str | None, typer.Option(help="Installed spaCy pipeline (default: the model setting).")
    ] = None,
) -> None:
    """Serve the JSON API (/api) and the web pages (/) over the knowledge base."""
    serve(db, host, port, model)


def serve(db: str | None, host: str, port: int, model: str | None = None) -> None:
    """Run the app with uvicorn until interrupted.

    Raises:
        MissingExtra: E502 when FastAPI, uvicorn or Jinja2 is not installed.
        StoreError: E401 when the knowledge base cannot be opened.
    """
    try:
        import uvicorn

        from ..site import create_site
    except ModuleNotFoundError as err:
        raise MissingExtra(Errors.E502.format(module=err.name, extra="api")) from err
    from ..config import get_settings

    updates: dict[str, object] = {}
    if db:
        updates["db"] = db
    if model:
        updates["model"] = model
    settings = get_settings().model_copy(update=updates)
    from ..api.guard import is_loopback

    if not is_loopback(host) and not settings.api_token:
        raise ApiError(Errors.E512.format(host=host))
    settings = settings.model_copy(update={"allowed_hosts": served_hosts(settings, host)})
    app = create_site(settings)
    typer.echo(f"storyline serving {settings.db} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


def served_hosts(settings: Settings, host: str) -> str:
    """The allowed hosts plus the address listened on, when it is one address.

    A client that reaches ``--host 10.1.2.3`` sends ``Host: 10.1.2.3``: that name is this
    server's own, not a rebinding one. ``0.0.0.0`` and ``::`` listen everywhere and name no
    host, so they add nothing: the names to answer to then go in ``STORYLINE_ALLOWED_HOSTS``.
    """
    from ..api.guard import host_name, is_loopback

    name = host_name(host)
    if is_loopback(name) or name in {"", "0.0.0.0", "::"}:
        return settings.allowed_hosts
    return ",".join(h for h in [settings.allowed_hosts, name] if h)

"""The analysts' web pages (Jinja2 templates, plain CSS and JavaScript); needs the ``web``
extra. :func:`register` adds them to an app that serves the knowledge base in
``app.state.kb`` (the HTTP API's, :func:`storyline.site.create_site`); nothing here imports
the API, and the API imports nothing from here."""

from __future__ import annotations

from typing import Any


def register(app: Any) -> None:
    """Add the pages, their static files, and HTML error pages to the FastAPI ``app``."""
    from fastapi.staticfiles import StaticFiles

    from .views import STATIC_DIR, render_error, router

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.state.html_error = render_error


__all__ = ["register"]

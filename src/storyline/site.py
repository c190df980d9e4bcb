"""The served site: the HTTP API with the analysts' web pages registered on it.

The composition root of :mod:`storyline.api` (HTTP and JSON) and :mod:`storyline.web`
(pages), which import nothing from each other; ``storyline serve`` runs this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from .config import Settings
    from .kb import KnowledgeBase


def create_site(settings: Settings | None = None, *, kb: KnowledgeBase | None = None) -> FastAPI:
    """:func:`storyline.api.app.create_app` with the web pages registered on it.

    Raises:
        StoreError: E401 when the knowledge base cannot be opened.
    """
    from .api.app import create_app
    from .web import register

    app = create_app(settings, kb=kb)
    register(app)
    return app


__all__ = ["create_site"]

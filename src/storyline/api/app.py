"""The FastAPI application: the JSON API under ``/api`` (the web pages register themselves on
it, :func:`storyline.site.create_site`).

``create_app(settings)`` opens the knowledge base once (migrating a new database) and
prepares the analyser, which loads the spaCy pipeline on its first request.
"""

from __future__ import annotations

from fastapi import FastAPI

from .. import __version__
from ..config import Settings, get_settings
from ..kb import KnowledgeBase
from .deps import Analyzer
from .errors import install_error_handlers
from .guard import Guard
from .routes import ROUTERS


def create_app(settings: Settings | None = None, *, kb: KnowledgeBase | None = None) -> FastAPI:
    """The storyline web app.

    Args:
        settings: ``db`` (the knowledge base URL), ``model`` and ``max_bytes`` are used;
            default the process settings (``STORYLINE_*``).
        kb: an open knowledge base to serve instead of opening ``settings.db``.

    Raises:
        StoreError: E401 when the knowledge base cannot be opened.
    """
    settings = settings or get_settings()
    app = FastAPI(
        title="storyline",
        version=__version__,
        description="Who did what to whom, where and when, and who says so.",
        docs_url=None,  # served below from the package's own copy of Swagger UI
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.kb = kb or KnowledgeBase(settings.db, create=True)
    app.state.analyzer = Analyzer(settings)
    install_error_handlers(app)
    app.add_middleware(Guard, settings=settings)
    for router in ROUTERS:
        app.include_router(router, prefix="/api")
    _offline_docs(app)
    return app


def _offline_docs(app: FastAPI) -> None:
    """``/api/docs`` with Swagger UI's files from the fastapi-offline package, not a CDN."""
    from pathlib import Path

    import fastapi_offline
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/api/docs-assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="storyline API",
            swagger_js_url="/api/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/api/docs-assets/swagger-ui.css",
            swagger_favicon_url="/api/docs-assets/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from elsewhere
        )


__all__ = ["create_app"]

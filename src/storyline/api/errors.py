"""The one place where exceptions become HTTP responses.

Every error has the same JSON shape, ``{"ok": false, "error", "code", "status"}`` (as
datasette's ``handle_exception.py`` does): a :class:`~storyline.errors.StorylineError`
keeps its numbered code and HTTP status (``NotFound`` → 404); a body or query that fails
validation is ``E503`` (422), a body that is not JSON ``E507`` (400); an unknown path
``E504`` (404), a wrong method ``E505`` (405), anything unexpected ``E506`` (500).
Web pages (paths outside ``/api``, asked for as HTML) get the same fields as an HTML page,
drawn by ``app.state.html_error`` when the pages registered one.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import Errors, StorylineError

log = logging.getLogger(__name__)


def error_body(message: str, code: str, status: int) -> dict[str, Any]:
    """The error shape: ``{"ok": false, "error": message, "code": "E402", "status": 404}``."""
    return {"ok": False, "error": message, "code": code, "status": status}


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _respond(request: Request, message: str, code: str, status: int) -> Response:
    body = error_body(message, code, status)
    html_error = getattr(request.app.state, "html_error", None)
    if html_error is not None and _wants_html(request):
        response: Response = html_error(request, body)  # set by the pages that registered
        return response
    return JSONResponse(body, status_code=status)


def _describe(errors: Any) -> str:
    parts = []
    for err in errors:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def storyline_error(request: Request, exc: Exception) -> Response:
    """A storyline error: its numbered message, code and status."""
    assert isinstance(exc, StorylineError)
    return _respond(request, exc.message, exc.code, exc.http_status)


async def validation_error(request: Request, exc: Exception) -> Response:
    """A body, path or query that fails validation (E503, 422); malformed JSON (E507, 400)."""
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    broken = [e for e in errors if e.get("type") == "json_invalid"]
    if broken:
        reason = broken[0].get("ctx", {}).get("error", "malformed JSON")
        message = Errors.E507.format(reason=reason)
        return _respond(request, message, "E507", 400)
    return _respond(request, Errors.E503.format(reason=_describe(errors)), "E503", 422)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors: no route (E504), wrong method (E505), others by status."""
    assert isinstance(exc, StarletteHTTPException)
    path = request.url.path
    if exc.status_code == 404:
        return _respond(request, Errors.E504.format(path=path), "E504", 404)
    if exc.status_code == 405:
        message = Errors.E505.format(method=request.method, path=path)
        return _respond(request, message, "E505", 405)
    return _respond(request, Errors.E501.format(reason=exc.detail), "E501", exc.status_code)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    """Anything else: logged with its traceback, answered as E506 (500)."""
    log.exception("error while serving %s", request.url.path, exc_info=exc)
    message = Errors.E506.format(path=request.url.path, reason=type(exc).__name__)
    return _respond(request, message, "E506", 500)


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` in the one shape."""
    app.add_exception_handler(StorylineError, storyline_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)


__all__ = ["error_body", "install_error_handlers"]

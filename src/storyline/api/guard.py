"""Who may do what, and what every response says about itself: one ASGI middleware.

In order, for each HTTP request:

1. **Host.** The ``Host`` header must name this server: ``localhost``, a loopback address, or
   one of ``allowed_hosts`` (setting ``STORYLINE_ALLOWED_HOSTS``, comma-separated). Anything
   else is refused (E510, 400): a page on another site cannot reach a local server through a
   DNS name that it points at 127.0.0.1 (DNS rebinding).
2. **Writes.** Storing (``POST /api/documents``) and every other write need the token
   (``STORYLINE_API_TOKEN``), as ``Authorization: Bearer TOKEN``, compared in constant time;
   without a configured token the server is read-only (E509, 403). ``POST /api/analyze``
   stores nothing but costs CPU: from loopback it is open, from anywhere else it needs the
   token too (E508, 401).
3. **Body size.** A body over ``max_request_bytes`` is refused from its ``Content-Length``
   before it is read, and while it streams in when it states none (E511, 413): a client
   cannot make the server hold more than the limit.
4. **Headers.** Every response, pages, API and static files alike, carries a
   Content-Security-Policy that allows only the app's own scripts and styles (no inline
   script), ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` and
   ``Referrer-Policy: no-referrer``.

Refusals use the one error shape (:func:`storyline.api.errors.error_body`). Written as pure
ASGI rather than Starlette's ``BaseHTTPMiddleware``, which reads the whole body first.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ..config import Settings
from ..errors import Errors
from .errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SWAGGER_UI = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/"
"""Where FastAPI's docs page loads Swagger UI's script and style from."""
DOCS_CSP = (
    CSP.replace("script-src 'self'", f"script-src 'self' 'unsafe-inline' {SWAGGER_UI}")
    .replace("style-src 'self'", f"style-src 'self' 'unsafe-inline' {SWAGGER_UI}")
    .replace("img-src 'self' data:", "img-src 'self' data: https://fastapi.tiangolo.com/img/")
)
"""The API docs page only: Swagger UI comes from its CDN folder and starts from an inline
script (the page shows no article, so no stored text can reach that script)."""

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
OPEN_ON_LOOPBACK = {("POST", "/api/analyze")}


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (``127.0.0.0/8``, ``::1``)."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class Guard:
    """The middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.token = settings.api_token or ""
        self.hosts = {h.strip().lower() for h in settings.allowed_hosts.split(",") if h.strip()}
        self.limit = settings.max_request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(scope, send)
        refusal = self._refusal(scope)
        if refusal is not None:
            await _answer(send, *refusal)
            return
        if scope["method"] in READ_METHODS:
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            await _answer(send, 413, "E511", Errors.E511.format(limit=self.limit))
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.limit:
                await _answer(send, 413, "E511", Errors.E511.format(limit=self.limit))
                return
            more = message.get("more_body", False)
        await self.app(scope, _replay(bytes(body), receive), send)

    def _refusal(self, scope: Scope) -> tuple[int, str, str] | None:
        host = host_name(_header(scope, b"host"))
        if not (is_loopback(host) or host.lower() in self.hosts):
            return 400, "E510", Errors.E510.format(host=host or "(none)")
        method, path = scope["method"], scope["path"]
        if method in READ_METHODS:
            return None
        client = (scope.get("client") or ("", 0))[0]
        if (method, path) in OPEN_ON_LOOPBACK and is_loopback(client):
            return None
        if not self.token:
            return 403, "E509", Errors.E509.format(method=method, path=path)
        scheme, _, given = _header(scope, b"authorization").strip().partition(" ")
        right = hmac.compare_digest(given.strip().encode(), self.token.encode())
        if scheme.lower() != "bearer" or not right:
            return 401, "E508", Errors.E508.format(method=method, path=path)
        return None

    def _with_headers(self, scope: Scope, send: Send) -> Send:
        csp = DOCS_CSP if scope["path"] == "/api/docs" else CSP

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {b"content-security-policy", *dict(SECURITY_HEADERS)}
                ]
                headers += [(b"content-security-policy", csp.encode()), *SECURITY_HEADERS]
                message["headers"] = headers
            await send(message)

        return sending


def host_name(value: str) -> str:
    """The host of a ``Host`` header, without its port: ``[::1]:8000`` -> ``::1``."""
    value = value.strip()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _answer(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps(error_body(message, code, status)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="storyline"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


__all__ = ["CSP", "Guard", "host_name", "is_loopback"]

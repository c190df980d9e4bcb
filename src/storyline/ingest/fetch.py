"""Fetching articles and feeds from the web: one fetcher, careful by default.

``HttpFetcher.fetch(url)`` is the only way storyline reads the network. It:

- accepts ``http`` and ``https`` URLs only (E130);
- resolves the host itself and refuses loopback, private, link-local (cloud metadata at
  169.254.169.254), multicast and reserved addresses (E132), then connects to the address it
  checked, so a DNS answer cannot change between the check and the connection (DNS rebinding);
  every redirect is checked the same way (at most ``max_redirects``);
- sends a User-Agent, asks ``robots.txt`` first and respects it (E134);
- times out (E138), refuses bodies over ``max_bytes`` from ``Content-Length`` and while
  reading (E135), and content types that are not pages or feeds (E136); an HTTP error status is
  E137.

``allow_private=True`` lifts the address check (tests against a local server);
``allow_networks`` lets named networks through (a newsroom's intranet, ``10.1.0.0/16``).

Written on urllib3 (a trafilatura dependency) rather than trafilatura's ``fetch_url``, which
resolves and connects in one step and so cannot check the address it connects to.

``FakeFetcher`` serves canned pages from a dict, for tests that need no server.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import urllib3

from .. import __version__
from ..errors import Errors, IngestError

USER_AGENT = f"storyline/{__version__} (news analysis; +https://pypi.org/project/storyline/)"

ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
)


@dataclass(frozen=True)
class Fetched:
    """A page as fetched: the final URL (after redirects), its content type and bytes."""

    url: str
    content_type: str
    body: bytes
    charset: str | None = None

    def text(self) -> str:
        """The body decoded by its declared charset, else UTF-8 (bad bytes replaced)."""
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


class Fetcher(Protocol):
    """Anything that turns a URL into a :class:`Fetched` page or raises IngestError."""

    def fetch(self, url: str) -> Fetched: ...


@dataclass
class HttpFetcher:
    """The real fetcher (see the module docstring for what it refuses)."""

    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()
    respect_robots: bool = True
    user_agent: str = USER_AGENT
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)

    def fetch(self, url: str) -> Fetched:
        """Fetch ``url``, following checked redirects.

        Raises:
            IngestError: E130-E138, naming the URL and the reason.
        """
        if self.respect_robots and not self._allowed(url):
            raise IngestError(Errors.E134.format(url=url))
        current = url
        for _ in range(self.max_redirects + 1):
            pool, response = self._get(current)
            try:
                location = response.headers.get("Location")
                if response.status in (301, 302, 303, 307, 308) and location:
                    current = urljoin(current, location)
                    continue
                return self._read(current, response)
            finally:
                response.close()  # a refused body is not read to its end
                response.release_conn()
                pool.close()
        raise IngestError(Errors.E137.format(url=url, status="too many redirects"))

    # one request ------------------------------------------------------------------------

    def _get(self, url: str) -> tuple[urllib3.HTTPConnectionPool, urllib3.BaseHTTPResponse]:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise IngestError(Errors.E130.format(url=url))
        host = parts.hostname
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        address = self._checked_address(url, host, port)
        pool: urllib3.HTTPConnectionPool
        timeout = urllib3.Timeout(connect=self.timeout, read=self.timeout)
        if parts.scheme.lower() == "https":
            pool = urllib3.HTTPSConnectionPool(
                address, port, timeout=timeout, server_hostname=host, assert_hostname=host
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        headers = {"Host": parts.netloc, "User-Agent": self.user_agent, "Accept": "*/*"}
        try:
            response = pool.urlopen(
                "GET", path, headers=headers, redirect=False, retries=False, preload_content=False
            )
        except urllib3.exceptions.HTTPError as err:
            pool.close()
            raise IngestError(Errors.E138.format(url=url, reason=_reason(err))) from err
        return pool, response

    def _checked_address(self, url: str, host: str, port: int) -> str:
        """The first address ``host`` resolves to, once every address is known public."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as err:
            raise IngestError(Errors.E131.format(url=url, host=host)) from err
        addresses = [str(info[4][0]) for info in infos]
        if not self.allow_private:
            allowed = [ipaddress.ip_network(n) for n in self.allow_networks]
            for address in addresses:
                ip = ipaddress.ip_address(address.split("%")[0])
                if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
                    ip = ip.ipv4_mapped
                if any(ip in net for net in allowed):
                    continue
                if not ip.is_global or ip.is_multicast:
                    raise IngestError(Errors.E132.format(url=url, address=address))
        return addresses[0]

    def _read(self, url: str, response: urllib3.BaseHTTPResponse) -> Fetched:
        try:
            if response.status >= 400:
                raise IngestError(Errors.E137.format(url=url, status=response.status))
            kind, charset = _content_type(response.headers.get("Content-Type", ""))
            if kind not in ACCEPTED_TYPES:
                raise IngestError(Errors.E136.format(url=url, kind=kind or "none"))
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise IngestError(Errors.E135.format(url=url, limit=self.max_bytes))
            body = bytearray()
            for chunk in response.stream(65536):
                body += chunk
                if len(body) > self.max_bytes:
                    raise IngestError(Errors.E135.format(url=url, limit=self.max_bytes))
            return Fetched(url, kind, bytes(body), charset)
        except urllib3.exceptions.HTTPError as err:
            raise IngestError(Errors.E138.format(url=url, reason=_reason(err))) from err

    # robots.txt -------------------------------------------------------------------------

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._robots_for(root)
        parser = self._robots[root]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def _robots_for(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        """The site's rules; None (everything allowed) when it has no readable robots.txt."""
        try:
            pool, response = self._get(root + "/robots.txt")
        except IngestError as err:
            if err.code in ("E130", "E131", "E132"):
                raise
            return None
        try:
            if response.status >= 400:
                return None
            lines = response.read(1_000_000).decode("utf-8", errors="replace").splitlines()
        finally:
            response.close()
            response.release_conn()
            pool.close()
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(lines)
        return parser


@dataclass
class FakeFetcher:
    """Canned pages by URL (``{url: (content_type, text)}``), for tests; unknown URLs are
    an HTTP 404 (E137). Records every URL asked for in ``asked``."""

    pages: dict[str, tuple[str, str]]
    asked: list[str] = field(default_factory=list)

    def fetch(self, url: str) -> Fetched:
        self.asked.append(url)
        if url not in self.pages:
            raise IngestError(Errors.E137.format(url=url, status=404))
        kind, text = self.pages[url]
        return Fetched(url, kind, text.encode("utf-8"), "utf-8")


def is_url(value: str) -> bool:
    """True for an ``http(s)://`` argument (anything else is a path)."""
    return value.lower().startswith(("http://", "https://"))


def _content_type(header: str) -> tuple[str, str | None]:
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"'")
    return kind.strip().lower(), charset


def _reason(err: Exception) -> str:
    reason = getattr(err, "reason", None)
    return str(reason or err).splitlines()[0][:200]


__all__ = ["FakeFetcher", "Fetched", "Fetcher", "HttpFetcher", "USER_AGENT", "is_url"]

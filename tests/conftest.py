"""Shared fixtures: the spaCy pipeline is loaded once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full storyline pipeline on the default model."""
    from storyline.extract.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def blank_nlp() -> Language:
    """A blank English pipeline, for building Docs by hand."""
    import spacy

    from storyline.extract.extensions import set_doc_extensions

    set_doc_extensions()
    return spacy.blank("en")


# --- knowledge base: a throwaway PostgreSQL server and a db_url over both backends -------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A private PostgreSQL server for the session; yields its base URL (no database)."""
    from storyline.cli.devserver import server_bindir, throwaway_server

    bindir = server_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (pg_config --bindir); .ci/run installs them")
    with throwaway_server(bindir) as url:
        yield url


def make_postgres_db(base: str) -> str:
    """A fresh, empty database on the test server; returns its URL."""
    from tests.pg import new_database

    return new_database(base)


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty knowledge base URL: a SQLite file in a temp dir, or a PostgreSQL database."""
    from storyline.store.session import open_engine

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kb.db'}"
    else:
        url = make_postgres_db(request.getfixturevalue("postgres_server"))
    yield url
    open_engine(url).dispose()


@pytest.fixture(scope="session")
def make_doc() -> Any:
    """Build an ``AnalyzedDocument`` by hand from a text and the names it mentions.

    ``make_doc(key, text, entities=[(name, label, (lat, lon, cc) | None), ...],
    events=[dict(type=, actor=, target=, place=, date=, fatalities=, trigger=)])``; entity
    names must occur in the text; ``actor``/``target``/``place`` name entities.
    """
    from datetime import date

    from storyline.records import (
        AnalyzedDocument,
        Article,
        Entity,
        Event,
        Mention,
        Place,
        TimeRef,
    )

    def build(
        key: str,
        text: str,
        entities: list[tuple[str, str, tuple[float, float, str] | None]] = (),  # type: ignore[assignment]
        events: list[dict[str, Any]] = (),  # type: ignore[assignment]
        published: str = "2024-05-08",
    ) -> AnalyzedDocument:
        ents = []
        ids = {}
        for i, (name, label, where) in enumerate(entities, 1):
            spans = []
            start = text.find(name)
            assert start >= 0, name
            while start >= 0:
                spans.append(Mention(start, start + len(name), name))
                start = text.find(name, start + 1)
            place = Place(where[0], where[1], where[2]) if where else None
            ents.append(Entity(f"e{i}", name, label, tuple(spans), place=place))
            ids[name] = f"e{i}"
        times, evs = [], []
        for j, spec in enumerate(events, 1):
            trig = spec.get("trigger", "attacked")
            at = text.find(trig)
            assert at >= 0, trig
            time_id = None
            if spec.get("date"):
                time_id = f"t{j}"
                day = spec["date"]  # "2024-05-06", or a year "2005" (the whole year)
                first, last = (f"{day}-01-01", f"{day}-12-31") if len(day) == 4 else (day, day)
                times.append(TimeRef(time_id, at, at + len(trig), trig, "DATE", day, first, last))
            evs.append(
                Event(
                    f"v{j}",
                    spec.get("type", "Battles"),
                    spec.get("subtype", "Armed clash"),
                    Mention(at, at + len(trig), trig),
                    actors=tuple(ids[a] for a in spec.get("actors", ())),
                    targets=tuple(ids[t] for t in spec.get("targets", ())),
                    place=ids.get(spec.get("place", "")),
                    time=time_id,
                    fatalities=spec.get("fatalities"),
                )
            )
        article = Article(key, text, published=date.fromisoformat(published), source=key)
        return AnalyzedDocument(article, tuple(ents), (), tuple(times), tuple(evs))

    return build


# --- Ray in local mode --------------------------------------------------------------------


@pytest.fixture(scope="session")
def ray_local():
    """Ray started once on this machine (2 CPUs, no dashboard), shut down after the session."""

    os.environ.setdefault("RAY_DISABLE_USAGE_STATS", "1")
    ray = pytest.importorskip("ray")
    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level="WARNING",
    )
    yield ray
    ray.shutdown()


# --- the HTTP API and the web pages: a knowledge base filled through the real pipeline ----

#: Invented reports (no real event): two outlets on one clash, with quotes, a source chain,
#: times, places and disagreeing death tolls.
SERVE_ARTICLES: tuple[dict[str, str], ...] = (
    {
        "id": "ledger-1",
        "title": "Base attacked near Timbuktu",
        "source": "The Daily Ledger",
        "published": "2024-03-05",
        "text": (
            "Rebel fighters attacked an army base near Timbuktu on Monday, killing at least 12 "
            "soldiers, according to Colonel Amadou Traore, a spokesman for the Malian army.\n\n"
            '"The attackers came at dawn and we pushed them back," Traore told reporters in '
            "Bamako on Tuesday.\n\n"
            "A local official, citing witnesses, said 20 soldiers had died. The United Nations "
            "mission said it was aware of the reports."
        ),
    },
    {
        "id": "wire-1",
        "title": "Families flee fighting",
        "source": "Sahel Wire",
        "published": "2024-03-06",
        "text": (
            "Aminata Diallo, a researcher at Human Rights Watch, said on Wednesday that the "
            "clashes near Timbuktu had displaced hundreds of families.\n\n"
            '"People are afraid to go back," she said. According to the United Nations, the '
            "army has sent reinforcements to Gao."
        ),
    },
)


API_TOKEN = "test-write-token"
"""The write token of the test servers (``Settings(api_token=API_TOKEN)``)."""


def make_client(app: Any, *, remote: bool = False, token: bool = True) -> Any:
    """A TestClient that answers server errors as responses (the error shape), not raises.

    It calls as a browser on this machine would (``http://localhost``, from 127.0.0.1), or
    from another machine (``remote``), and sends the app's write token unless ``token`` is
    off."""
    from fastapi.testclient import TestClient

    headers = {}
    configured = getattr(app.state, "settings", None)
    if token and configured is not None and configured.api_token:
        headers["Authorization"] = f"Bearer {configured.api_token}"
    return TestClient(
        app,
        raise_server_exceptions=False,
        base_url="http://localhost",
        client=("203.0.113.9", 50000) if remote else ("127.0.0.1", 50000),
        headers=headers,
    )


@pytest.fixture(scope="session")
def served_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite knowledge base with :data:`SERVE_ARTICLES` ingested through
    ``POST /api/documents`` (the real pipeline)."""
    from storyline.config import Settings
    from storyline.site import create_site as create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('serve') / 'kb.db'}"
    with make_client(create_app(Settings(db=url, api_token=API_TOKEN))) as client:
        for article in SERVE_ARTICLES:
            response = client.post("/api/documents", json=article)
            assert response.status_code == 201, response.text
    return url


@pytest.fixture(scope="session")
def served(served_url: str) -> Iterator[Any]:
    """A TestClient over the filled knowledge base (loads the model: mark tests ``model``)."""
    from storyline.config import Settings
    from storyline.site import create_site as create_app

    with make_client(create_app(Settings(db=served_url, api_token=API_TOKEN))) as client:
        yield client


@pytest.fixture
def empty_client(tmp_path: Path) -> Iterator[Any]:
    """A TestClient over an empty knowledge base (no model loaded unless analysing)."""
    from storyline.config import Settings
    from storyline.site import create_site as create_app

    settings = Settings(db=f"sqlite:///{tmp_path / 'empty.db'}", api_token=API_TOKEN)
    with make_client(create_app(settings)) as client:
        yield client


# --- a local web server for the fetcher, feeds and URL inputs ------------------------------


class NewsSite:
    """Pages served by a real HTTP server on loopback: ``{path: (status, headers, body)}``;
    ``hits`` counts the requests per path."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.hits: dict[str, int] = {}

    def add(
        self,
        path: str,
        body: str | bytes,
        kind: str = "text/html",
        status: int = 200,
        **headers: str,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = (status, {"Content-Type": kind, **headers}, data)
        return self.base + path


@pytest.fixture
def news_site() -> Iterator[NewsSite]:
    """A real HTTP server on 127.0.0.1 (a free port) serving :class:`NewsSite` pages."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    site: NewsSite

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            status, headers, body = site.pages.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for key, value in headers.items():
                if value:  # an empty value leaves the header out
                    self.send_header(key, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site = NewsSite(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()

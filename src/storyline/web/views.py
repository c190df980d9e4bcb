"""The analysts' web pages, rendered on the server with Jinja2 (autoescaped).

Every page reads the app's knowledge base (``app.state.kb``) and works without JavaScript;
the small scripts in ``static/`` add quote pop-ups and map hovering.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote as urlquote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..dates import require_day
from ..display import date_label
from ..errors import ApiError, Errors
from ..kb import KnowledgeBase
from ..store.reads import Reads
from ..store.reads.common import PAGE_LIMIT
from ..store.reads.records import Page
from .highlight import text_runs
from .paging import pager
from .sourcegraph import source_graph
from .worldmap import world_map

TIMELINE_PAGE = 50
"""Events per timeline page."""
SEARCH_PAGE = 20
"""Search results per page."""
PLACES_PAGE = 100
"""Rows of the map's table of places per page."""
MAP_POINTS = 300
"""The most places, and the most located events, the map draws (the most mentioned and the
most reported)."""
OUTLETS_DRAWN = 12
SOURCES_DRAWN = 24
"""The source graph draws the outlets and sources most quotes pass through, the rest as one
node each."""

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["version"] = __version__
templates.env.filters["urlpart"] = lambda value: urlquote(str(value), safe="")
templates.env.filters["http_url"] = lambda value: web_link(value)
templates.env.globals["date_label"] = date_label


def web_link(url: object) -> str | None:
    """``url`` when it may become a link (http or https), else None: a stored
    ``javascript:``, ``data:`` or ``file:`` URL is shown as text, never made clickable."""
    text = str(url or "").strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    return text if scheme in ("http", "https") and text[len(scheme) :].startswith("://") else None


router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _kb(request: Request) -> KnowledgeBase:
    """The knowledge base of the app the pages are registered on."""
    kb: KnowledgeBase = request.app.state.kb
    return kb


def _reads(request: Request) -> Reads:
    return Reads(_kb(request).engine)


KBDep = Annotated[KnowledgeBase, Depends(_kb)]
ReadsDep = Annotated[Reads, Depends(_reads)]
OffsetQuery = Annotated[int, Query(ge=0, le=10_000_000)]


def _page(request: Request, name: str, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context)


def render_error(request: Request, body: dict[str, Any]) -> Response:
    """An error as an HTML page (the fields of the JSON error shape)."""
    return templates.TemplateResponse(
        request, "error.html", {"err": body}, status_code=int(body["status"])
    )


@router.get("/")
def index(
    request: Request,
    kb: KBDep,
    reads: ReadsDep,
    q: Annotated[str | None, Query(max_length=500)] = None,
    offset: OffsetQuery = 0,
) -> Response:
    """Counts, a search box (with a page of results when ``q`` is given) and the recent
    documents."""
    found = kb.search_page(q, SEARCH_PAGE, offset) if q and q.strip() else None
    return _page(
        request,
        "index.html",
        stats=kb.stats(),
        q=q or "",
        hits=found.items if found else None,
        pages=pager(found, "/", {"q": q}) if found else None,
        recent=reads.recent(20),
    )


@router.get("/documents/{key:path}")
def document(request: Request, key: str, reads: ReadsDep, kb: KBDep) -> Response:
    """The article with its highlights, and the quotes, times, events and conflicts; each
    event with the corrections an analyst may make (not an event, another kind)."""
    from ..extract.taxonomy import load_taxonomy

    doc = reads.document(key)
    entities = {e["id"]: e for e in doc["entities"]}
    quotes = {q["id"]: q for q in doc["quotes"]}
    times = {t["id"]: t for t in doc["times"]}
    return _page(
        request,
        "document.html",
        doc=doc,
        runs=text_runs(doc),
        entities=entities,
        quotes=quotes,
        times=times,
        labels=sorted({e["label"] for e in doc["entities"]}),
        kinds=load_taxonomy().kinds,
        corrections=kb.event_corrections(key),
    )


@router.get("/entities/{name:path}")
def entity(request: Request, name: str, kb: KBDep, offset: OffsetQuery = 0) -> Response:
    """Canonical name, aliases with merge reasons, mentions by article (a page of them from
    ``offset``), quotes, events."""
    page = kb.entity(name, offset)
    mentions = Page(list(page.mentions), page.documents, offset, PAGE_LIMIT)
    path = "/entities/" + urlquote(name, safe="")
    return _page(request, "entity.html", page=page, mention_pages=pager(mentions, path, {}))


def _day(value: str | None, name: str) -> date | None:
    """A date from the filter form, where an empty field means no bound."""
    if not value or not value.strip():
        return None
    try:
        return require_day(value)
    except ValueError as err:
        reason = f"{name}: '{value}' is not a date (YYYY-MM-DD)"
        raise ApiError(Errors.E501.format(reason=reason)) from err


@router.get("/timeline")
def timeline(
    request: Request,
    kb: KBDep,
    entity: str | None = None,
    place: str | None = None,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    offset: OffsetQuery = 0,
) -> Response:
    """Events in time order with their reports, sources and conflicts, a page at a time
    (empty filter fields are ignored, so the form can be sent as it is)."""
    first, last = _day(start, "from"), _day(end, "to")
    found = kb.timeline_page(
        entity=entity or None,
        place=place or None,
        start=first,
        end=last,
        limit=TIMELINE_PAGE,
        offset=offset,
    )
    filters = {"entity": entity or "", "place": place or "", "from": first, "to": last}
    return _page(
        request,
        "timeline.html",
        events=found.items,
        pages=pager(found, "/timeline", filters),
        filters=filters,
    )


@router.get("/map")
def map_page(
    request: Request,
    kb: KBDep,
    whole: bool = False,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    country: Annotated[str | None, Query(max_length=8)] = None,
    offset: OffsetQuery = 0,
) -> Response:
    """The most mentioned places and the most reported located events on an offline SVG
    world map, framed on them (``whole``: the whole world); the events filtered by date,
    both by ``country``; the table of places a page at a time."""
    first, last = _day(start, "from"), _day(end, "to")
    code = (country or "").strip().upper() or None
    table = kb.places_page(country=code, limit=PLACES_PAGE, offset=offset)
    drawn = kb.places_page(country=code, limit=MAP_POINTS).items
    located = kb.located_events(start=first, end=last, country=code, limit=MAP_POINTS)
    filters = {"from": first, "to": last, "country": code or "", "whole": whole}
    return _page(
        request,
        "map.html",
        whole=whole,
        world=world_map(drawn, located, fit=not whole),
        places=table.items,
        pages=pager(table, "/map", filters),
        drawn=len(drawn),
        located=located,
        filters=filters,
    )


@router.get("/sources")
def sources(request: Request, reads: ReadsDep) -> Response:
    """Who reports whom: the outlets and sources most quotes pass through (the rest as
    "other outlets" and "other sources"), the sources they cite and whom those cite."""
    chains = reads.source_counts(OUTLETS_DRAWN, SOURCES_DRAWN)
    quotes = sum(c.quotes for c in chains)
    return _page(request, "sources.html", graph=source_graph(chains), quotes=quotes)


__all__ = ["STATIC_DIR", "render_error", "router", "templates"]

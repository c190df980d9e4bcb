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
from .highlight import text_runs
from .sourcegraph import source_graph
from .worldmap import world_map

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
) -> Response:
    """Counts, a search box (with results when ``q`` is given) and the recent documents."""
    hits = kb.search(q, 50) if q and q.strip() else None
    return _page(
        request,
        "index.html",
        stats=kb.stats(),
        q=q or "",
        hits=hits,
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
def entity(request: Request, name: str, kb: KBDep) -> Response:
    """Canonical name, aliases with merge reasons, mentions by article, quotes, events."""
    return _page(request, "entity.html", page=kb.entity(name))


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
) -> Response:
    """Events in time order with their reports, sources and conflicts (empty filter fields
    are ignored, so the form can be sent as it is)."""
    first, last = _day(start, "from"), _day(end, "to")
    events = kb.timeline(entity=entity or None, place=place or None, start=first, end=last)
    return _page(
        request,
        "timeline.html",
        events=events,
        filters={"entity": entity or "", "place": place or "", "from": first, "to": last},
    )


@router.get("/map")
def map_page(request: Request, kb: KBDep, whole: bool = False) -> Response:
    """Places and located events on an offline SVG world map, framed on them (``whole``:
    the whole world)."""
    places = kb.places()
    events = kb.export_events()
    return _page(
        request,
        "map.html",
        whole=whole,
        world=world_map(places, events, fit=not whole),
        places=places,
        located=[e for e in events if (e.get("place") or {}).get("lat") is not None],
    )


@router.get("/sources")
def sources(request: Request, reads: ReadsDep) -> Response:
    """Who reports whom: outlets, the sources they cite and whom those cite."""
    chains = reads.source_chains()
    return _page(request, "sources.html", graph=source_graph(chains), quotes=len(chains))


__all__ = ["STATIC_DIR", "render_error", "router", "templates"]

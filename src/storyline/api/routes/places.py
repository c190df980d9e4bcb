"""``GET /api/places`` and ``GET /api/events.geojson``: where things happened."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from ... import exports
from ..deps import KBDep
from ..schemas import PlacePublic

router = APIRouter(tags=["places"])


@router.get("/places")
def places(
    kb: KBDep,
    response: Response,
    country: Annotated[str | None, Query(max_length=8, description="ISO country code.")] = None,
    name: Annotated[str | None, Query(max_length=200, description="Names starting so.")] = None,
    limit: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    offset: Annotated[int, Query(ge=0, description="Skip this many places.")] = 0,
) -> list[PlacePublic]:
    """Geocoded entities with their coordinates and how many documents mention them, by
    id; ``country`` and ``name`` filter them, ``limit`` and ``offset`` page them (the header
    ``X-Total-Count`` says how many match)."""
    found = kb.places(country=country or None, name=name or None, limit=limit, offset=offset)
    total = kb.places_count(country=country or None, name=name or None)
    response.headers["X-Total-Count"] = str(total)
    return [PlacePublic(**p.to_dict()) for p in found]


@router.get("/events.geojson", response_class=JSONResponse)
def events_geojson(kb: KBDep) -> JSONResponse:
    """A GeoJSON FeatureCollection of the located events (``kind: event``)."""
    body: dict[str, Any] = exports.geojson(e.to_dict() for e in kb.export_events())
    return JSONResponse(body, media_type="application/geo+json")

"""``GET /api/places`` and ``GET /api/events.geojson``: where things happened."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ... import exports
from ..deps import KBDep
from ..schemas import PlacePublic

router = APIRouter(tags=["places"])


@router.get("/places")
def places(kb: KBDep) -> list[PlacePublic]:
    """Every geocoded entity with its coordinates and how many documents mention it."""
    return [PlacePublic(**p) for p in kb.places()]


@router.get("/events.geojson", response_class=JSONResponse)
def events_geojson(kb: KBDep) -> JSONResponse:
    """A GeoJSON FeatureCollection: located events (``kind: event``) and places."""
    body: dict[str, Any] = exports.geojson(kb.export_events(), kb.places())
    return JSONResponse(body, media_type="application/geo+json")

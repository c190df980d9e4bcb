"""``GET /api/timeline``: events in time order with their reports, sources and conflicts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from ..deps import KBDep
from ..schemas import ErrorPublic

router = APIRouter(tags=["timeline"])


@router.get("/timeline", responses={404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}})
def timeline(
    kb: KBDep,
    entity: Annotated[str | None, Query(description="Events this entity takes part in.")] = None,
    place: Annotated[str | None, Query(description="Events at this place.")] = None,
    start: Annotated[date | None, Query(alias="from", description="From YYYY-MM-DD.")] = None,
    end: Annotated[date | None, Query(alias="to", description="To YYYY-MM-DD.")] = None,
    limit: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> list[dict[str, Any]]:
    """Event clusters in time order; an unknown ``entity`` or ``place`` is a 404 (E402)."""
    return kb.timeline(
        entity=entity or None, place=place or None, start=start, end=end, limit=limit
    )

"""``GET /api/timeline``: events in time order with their reports, sources and conflicts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

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
    offset: Annotated[int, Query(ge=0, description="Skip this many events.")] = 0,
    *,
    response: Response,
) -> list[dict[str, Any]]:
    """Event clusters in time order, ``limit`` of them after ``offset`` (the header
    ``X-Total-Count`` says how many match); an unknown ``entity`` or ``place`` is a 404
    (E402)."""
    if limit is None and not offset:
        events = kb.timeline(entity=entity or None, place=place or None, start=start, end=end)
        response.headers["X-Total-Count"] = str(len(events))
        return [e.to_dict() for e in events]
    found = kb.timeline_page(
        entity=entity or None,
        place=place or None,
        start=start,
        end=end,
        limit=limit or 10_000,
        offset=offset,
    )
    response.headers["X-Total-Count"] = str(found.total)
    return [e.to_dict() for e in found.items]

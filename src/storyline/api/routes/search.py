"""``GET /api/search``: full-text search of the stored articles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from ..deps import KBDep
from ..schemas import ErrorPublic, SearchHitPublic

router = APIRouter(tags=["search"])


@router.get("/search", responses={422: {"model": ErrorPublic}})
def search(
    kb: KBDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000, description="Skip this many.")] = 0,
    *,
    response: Response,
) -> list[SearchHitPublic]:
    """Documents holding every word of ``q`` (stemmed), best first, with a snippet;
    ``limit`` of them after ``offset`` (the header ``X-Total-Count`` says how many)."""
    found = kb.search_page(q, limit, offset)
    response.headers["X-Total-Count"] = str(found.total)
    return [SearchHitPublic(**hit.to_dict()) for hit in found.items]

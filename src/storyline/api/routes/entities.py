"""``GET /api/entities/{name}``: an entity page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ..deps import KBDep
from ..schemas import ErrorPublic

router = APIRouter(tags=["entities"])


@router.get("/entities/{name:path}", responses={404: {"model": ErrorPublic}})
def entity(name: str, kb: KBDep) -> dict[str, Any]:
    """Canonical name, aliases with merge reasons, mentions by article, quotes by and about,
    events. ``name`` may be the canonical name or any alias."""
    return kb.entity(name)

"""``/api/entities/{name}``: an entity page, and the hand corrections of the resolver
(merge, split), which need the write token and survive re-ingest."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ..deps import KBDep
from ..schemas import ErrorPublic, MergeCreate, SplitCreate

router = APIRouter(tags=["entities"])


@router.post("/entities/{name:path}/merge", responses={404: {"model": ErrorPublic}})
def merge(name: str, body: MergeCreate, kb: KBDep) -> dict[str, Any]:
    """Merge entity ``body.other`` into ``name`` (as ``storyline entity merge``)."""
    return kb.merge(name, body.other).to_dict()


@router.post("/entities/{name:path}/split", responses={404: {"model": ErrorPublic}})
def split(name: str, body: SplitCreate, kb: KBDep) -> dict[str, Any]:
    """Take ``body.aliases`` off ``name`` into entities of their own (``entity split``)."""
    return kb.split(name, body.aliases).to_dict()


@router.get("/entities/{name:path}", responses={404: {"model": ErrorPublic}})
def entity(
    name: str,
    kb: KBDep,
    mentions_offset: Annotated[int, Query(ge=0, description="Skip this many articles.")] = 0,
) -> dict[str, Any]:
    """Canonical name, aliases with merge reasons, mentions by article (100 articles from
    ``mentions_offset``, of ``documents``), quotes by and about, events. ``name`` may be the
    canonical name or any alias."""
    return kb.entity(name, mentions_offset).to_dict()

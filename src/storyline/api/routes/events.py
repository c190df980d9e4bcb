"""``/api/documents/{key}/events/{event}``: hand corrections of one event report, "not an
event" (``reject``) and "wrong type" (``retype``). They need the write token, are kept by
document and trigger, and are applied again whenever the document is ingested."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ..deps import KBDep
from ..schemas import ErrorPublic, RetypeCreate

router = APIRouter(tags=["events"])


@router.post("/documents/{key:path}/events/{event}/reject", responses={404: {"model": ErrorPublic}})
def reject(key: str, event: str, kb: KBDep) -> dict[str, Any]:
    """Report ``event`` of document ``key`` is not an event (as ``storyline event reject``):
    it leaves the timeline, the map and the exports, now and after re-ingest."""
    return kb.reject_event(key, event).to_dict()


@router.post(
    "/documents/{key:path}/events/{event}/retype",
    responses={404: {"model": ErrorPublic}, 400: {"model": ErrorPublic}},
)
def retype(key: str, event: str, body: RetypeCreate, kb: KBDep) -> dict[str, Any]:
    """Report ``event`` of document ``key`` is of another kind (``storyline event retype``)."""
    return kb.retype_event(key, event, body.type, body.subtype).to_dict()


@router.get("/documents/{key:path}/corrections")
def corrections(key: str, kb: KBDep) -> list[dict[str, Any]]:
    """The corrections kept for the events of document ``key``, oldest first."""
    return [fix.to_dict() for fix in kb.event_corrections(key)]

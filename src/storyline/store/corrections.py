"""Hand corrections of events: "not an event" (``reject``) and "wrong type" (``retype``).

A correction is kept by document key and trigger (``event_corrections``), so it outlives
the rows it corrects: :func:`apply_fixes` applies the corrections of a document to its
analysis before ingest stores it (the same article ingested again, edited or from
``batch`` output, comes out corrected), and :func:`correct_stored` applies a new one to the
rows stored now. Timelines, exports and pages read those rows, so they all honour it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ..records import AnalyzedDocument, Event
from .repository import Repository
from .tables import Document, EventCorrection, KbConflict, KbEntity, KbEvent

Action = Literal["reject", "retype"]


@dataclass(frozen=True)
class EventFix:
    """One correction of an event report (see :class:`~storyline.store.tables.
    EventCorrection`)."""

    doc_key: str
    event: str
    trigger_start: int
    trigger_text: str
    sentence: str | None
    action: Action
    type: str | None
    subtype: str | None
    was_type: str
    was_subtype: str | None

    def matches(self, event: Event, sentence_of: Callable[[int], str]) -> bool:
        """Whether ``event`` is the report this correction was made on."""
        if event.trigger.text != self.trigger_text:
            return False
        if self.sentence is None:
            return event.trigger.start == self.trigger_start
        return sentence_of(event.trigger.start) == self.sentence

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.doc_key,
            "event": self.event,
            "action": self.action,
            "trigger": self.trigger_text,
            "type": self.type,
            "subtype": self.subtype,
            "was_type": self.was_type,
            "was_subtype": self.was_subtype,
        }


def load_fixes(session: Session, doc_keys: Iterable[str]) -> dict[str, list[EventFix]]:
    """The corrections of these documents, oldest first (one query)."""
    keys = sorted(set(doc_keys))
    out: dict[str, list[EventFix]] = defaultdict(list)
    if not keys:
        return out
    rows = session.execute(
        select(EventCorrection)
        .where(EventCorrection.doc_key.in_(keys))
        .order_by(EventCorrection.id)
    ).scalars()
    for r in rows:
        out[r.doc_key].append(_fix(r))
    return out


def _fix(r: EventCorrection) -> EventFix:
    action: Action = "reject" if r.action == "reject" else "retype"
    return EventFix(
        r.doc_key,
        r.event,
        r.trigger_start,
        r.trigger_text,
        r.sentence,
        action,
        r.type,
        r.subtype,
        r.was_type,
        r.was_subtype,
    )


def apply_fixes(
    doc: AnalyzedDocument, fixes: Iterable[EventFix], sentence_of: Callable[[int], str]
) -> AnalyzedDocument:
    """``doc`` with its corrections applied: rejected reports dropped (with the document's
    conflicts that cite them), retyped ones given their new type (and no finer detail)."""
    fixes = list(fixes)
    if not fixes:
        return doc
    events: list[Event] = []
    rejected: set[str] = set()
    for event in doc.events:
        fix = next((f for f in reversed(fixes) if f.matches(event, sentence_of)), None)
        if fix is None:
            events.append(event)
        elif fix.action == "reject":
            rejected.add(event.id)
        else:
            events.append(
                replace(event, type=fix.type or event.type, subtype=fix.subtype, detail=None)
            )
    conflicts = tuple(c for c in doc.conflicts if not rejected & set(c.items))
    return replace(doc, events=tuple(events), conflicts=conflicts)


def stored_event(session: Session, doc_key: str, event: str) -> KbEvent | None:
    """The stored report ``event`` of document ``doc_key``."""
    return session.execute(
        select(KbEvent)
        .join(Document, Document.id == KbEvent.document_id)
        .where(Document.doc_key == doc_key, KbEvent.local_id == event)
    ).scalar_one_or_none()


def _kept_for(session: Session, doc_key: str, row: KbEvent) -> list[EventCorrection]:
    """The corrections kept for the stored report ``row`` (found by trigger, oldest first)."""
    rows = session.execute(
        select(EventCorrection)
        .where(
            EventCorrection.doc_key == doc_key,
            EventCorrection.trigger_text == row.trigger_text,
        )
        .order_by(EventCorrection.id)
    ).scalars()
    return [
        r
        for r in rows
        if (
            r.sentence == row.sentence
            if r.sentence is not None
            else r.trigger_start == row.trigger_start
        )
    ]


def record_fix(session: Session, row: KbEvent, doc_key: str, fix: dict[str, Any]) -> EventFix:
    """Keep a correction of the stored report ``row``, in place of older ones of it; the
    type it had before any correction is kept with it."""
    older = _kept_for(session, doc_key, row)
    was_type, was_subtype = (
        (older[0].was_type, older[0].was_subtype) if older else (row.type, row.subtype)
    )
    if older:
        session.execute(
            delete(EventCorrection).where(EventCorrection.id.in_([r.id for r in older]))
        )
    values = {
        "doc_key": doc_key,
        "event": row.local_id,
        "trigger_start": row.trigger_start,
        "trigger_text": row.trigger_text,
        "sentence": row.sentence,
        "was_type": was_type,
        "was_subtype": was_subtype,
        "created_at": datetime.now(UTC).replace(tzinfo=None),
        "type": None,
        "subtype": None,
        **fix,
    }
    correction = EventCorrection(**values)
    session.add(correction)
    session.flush()
    return _fix(correction)


def correct_stored(repo: Repository, row: KbEvent, ref: str, fix: EventFix) -> None:
    """Apply ``fix`` to the stored report ``row`` now, and recount the clusters it touches."""
    session = repo.session
    old = row.cluster_id
    touched = {old} if old is not None else set()
    _drop_conflicts_citing(session, ref, row.document_id, old)
    if fix.action == "reject":
        session.execute(delete(KbEvent).where(KbEvent.id == row.id))
    else:
        session.execute(
            update(KbEvent).where(KbEvent.id == row.id).values(type=fix.type, subtype=fix.subtype)
        )
    if fix.action == "retype" and old is not None:
        others = session.execute(
            select(func.count())
            .select_from(KbEvent)
            .where(KbEvent.cluster_id == old, KbEvent.id != row.id)
        ).scalar_one()
        if not others:  # its own cluster: the cluster takes the new type
            repo.update_cluster(old, {"type": fix.type, "subtype": fix.subtype})
        else:  # a report of another kind is another event: it gets a cluster of its own
            place = session.get(KbEntity, row.place_entity_id) if row.place_entity_id else None
            new = repo.new_cluster(
                {
                    "type": fix.type,
                    "subtype": fix.subtype,
                    "earliest": row.earliest,
                    "latest": row.latest,
                    "place_entity_id": row.place_entity_id,
                    "lat": place.lat if place else None,
                    "lon": place.lon if place else None,
                    "fatalities": row.fatalities,
                    "reports": 0,
                    "sources": 0,
                }
            )
            repo.flush()
            session.execute(
                update(KbEvent)
                .where(KbEvent.id == row.id)
                .values(cluster_id=new, cluster_reason="corrected type")
            )
            touched.add(new)
    repo.refresh_clusters(touched)


def _drop_conflicts_citing(
    session: Session, ref: str, document_id: int, cluster_id: int | None
) -> None:
    """Conflicts that cite the report ``ref`` (``doc_key#local_id``), in its document and
    across its cluster's reports: an account it no longer gives."""
    local = ref.rsplit("#", 1)[1]
    where = KbConflict.document_id == document_id
    if cluster_id is not None:
        where = where | (KbConflict.cluster_id == cluster_id)
    rows = session.execute(select(KbConflict.id, KbConflict.items).where(where))
    gone = [r[0] for r in rows if ref in r[1] or local in r[1]]
    if gone:
        session.execute(delete(KbConflict).where(KbConflict.id.in_(gone)))


def document_fixes(session: Session, doc_key: str) -> list[EventFix]:
    """The corrections kept for one document, oldest first."""
    return list(load_fixes(session, [doc_key]).get(doc_key, []))


__all__ = [
    "EventFix",
    "apply_fixes",
    "correct_stored",
    "document_fixes",
    "load_fixes",
    "record_fix",
    "stored_event",
]

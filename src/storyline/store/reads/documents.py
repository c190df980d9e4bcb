"""Stored documents: one with its analysis in the contract's shape, the newest, and
whether a key is stored."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...records import SCHEMA
from ..tables import (
    TIME_FIELDS,
    DocEntity,
    Document,
    EventParticipant,
    EventSource,
    KbConflict,
    KbEntity,
    KbEvent,
    KbMention,
    KbQuote,
    KbTime,
)
from .records import DocumentSummary


def has_document(session: Session, key: str) -> bool:
    """Whether a document is stored under ``key`` (its id: a file name, a URL)."""
    return session.scalar(select(Document.id).where(Document.doc_key == key).limit(1)) is not None


def document(session: Session, key: str) -> dict[str, Any] | None:
    """The stored document ``key`` with entities, quotes, times, events and conflicts.

    Ids are the document's own (``e1``, ``q2``...) as in the contract; each entity also
    carries ``kb_id`` and ``kb_name``, the knowledge-base entity it was linked to, and each
    quote the names of its speaker and outer sources (``via_names``).
    """
    doc = session.execute(select(Document).where(Document.doc_key == key)).scalar_one_or_none()
    if doc is None:
        return None
    entity_rows = session.execute(
        select(
            DocEntity.id,
            DocEntity.local_id,
            DocEntity.name,
            DocEntity.label,
            DocEntity.entity_id,
            DocEntity.reason,
            KbEntity.name,
            KbEntity.lat,
            KbEntity.lon,
            KbEntity.country,
            KbEntity.geonames_id,
            KbEntity.feature,
        )
        .join(KbEntity, KbEntity.id == DocEntity.entity_id)
        .where(DocEntity.document_id == doc.id)
        .order_by(DocEntity.id)
    ).all()
    mentions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for de_id, start, end, text in session.execute(
        select(KbMention.doc_entity_id, KbMention.start, KbMention.end, KbMention.text)
        .where(KbMention.document_id == doc.id)
        .order_by(KbMention.start)
    ):
        mentions[de_id].append({"start": start, "end": end, "text": text})
    local_of: dict[int, str] = {}
    names: dict[int, str] = {}
    entities = []
    for r in entity_rows:
        local_of.setdefault(r[4], r[1])
        names[r[4]] = r[6]
        entities.append(
            {
                "id": r[1],
                "name": r[2],
                "label": r[3],
                "mentions": mentions.get(r[0], []),
                "place": None
                if r[7] is None
                else {
                    "lat": r[7],
                    "lon": r[8],
                    "country": r[9],
                    "geonames_id": r[10],
                    "feature": r[11],
                },
                "kb_id": r[4],
                "kb_name": r[6],
                "link_reason": r[5],
            }
        )
    quotes = []
    quote_local: dict[int, str] = {}
    for q in session.execute(
        select(KbQuote).where(KbQuote.document_id == doc.id).order_by(KbQuote.start)
    ).scalars():
        quote_local[q.id] = q.local_id
        speaker = None
        if q.speaker_text is not None or q.speaker_entity_id is not None:
            speaker = {
                "entity": local_of.get(q.speaker_entity_id) if q.speaker_entity_id else None,
                "text": q.speaker_text or "",
                "name": q.speaker_name or q.speaker_text or "",
            }
        via = list(q.via or [])
        quotes.append(
            {
                "id": q.local_id,
                "kind": q.kind,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": speaker,
                "cue": q.cue,
                "anonymous": q.anonymous,
                "via": [local_of[v] for v in via if v in local_of],
                "via_names": [names[v] for v in via if v in names],
                "certainty": q.certainty,
                "hedge": q.hedge,
            }
        )
    times = []
    time_local: dict[int, str] = {}
    for t in session.execute(
        select(KbTime).where(KbTime.document_id == doc.id).order_by(KbTime.start)
    ).scalars():
        time_local[t.id] = t.local_id
        times.append({"id": t.local_id, **{f: getattr(t, f) for f in TIME_FIELDS}})
    event_rows = list(
        session.execute(
            select(KbEvent).where(KbEvent.document_id == doc.id).order_by(KbEvent.trigger_start)
        ).scalars()
    )
    roles: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"actor": [], "target": []})
    sources: dict[int, list[str]] = defaultdict(list)
    event_ids = [e.id for e in event_rows]
    if event_ids:
        for eid, ent, role in session.execute(
            select(EventParticipant.event_id, EventParticipant.entity_id, EventParticipant.role)
            .where(EventParticipant.event_id.in_(event_ids))
            .order_by(EventParticipant.entity_id)
        ):
            if ent in local_of:
                roles[eid][role].append(local_of[ent])
        for eid, qid, source in session.execute(
            select(EventSource.event_id, EventSource.quote_id, EventSource.entity_id)
            .where(EventSource.event_id.in_(event_ids))
            .order_by(EventSource.id)
        ):
            if qid is not None and qid in quote_local:
                sources[eid].append(quote_local[qid])
            elif source is not None and source in local_of:
                sources[eid].append(local_of[source])
    events = [
        {
            "id": e.local_id,
            "type": e.type,
            "subtype": e.subtype,
            "trigger": {"start": e.trigger_start, "end": e.trigger_end, "text": e.trigger_text},
            "actors": roles[e.id]["actor"],
            "targets": roles[e.id]["target"],
            "place": local_of.get(e.place_entity_id) if e.place_entity_id else None,
            "time": time_local.get(e.time_id) if e.time_id else None,
            "fatalities": e.fatalities,
            "sources": sources[e.id],
            "certainty": e.certainty,
            "cluster": e.cluster_id,
            "sentence": e.sentence,
        }
        for e in event_rows
    ]
    prefix = f"{key}#"
    conflicts = [
        {
            "id": f"c{i}",
            "about": c.about,
            "items": [item.removeprefix(prefix) for item in c.items],
            "note": c.note,
        }
        for i, c in enumerate(
            session.execute(
                select(KbConflict).where(KbConflict.document_id == doc.id).order_by(KbConflict.id)
            ).scalars(),
            1,
        )
    ]
    return {
        "schema": SCHEMA,
        "document": {
            "id": doc.doc_key,
            "title": doc.title,
            "source": doc.source,
            "url": doc.url,
            "published": doc.published.isoformat() if doc.published else None,
            "language": doc.language,
            "text": doc.text,
        },
        "entities": entities,
        "quotes": quotes,
        "times": times,
        "events": events,
        "conflicts": conflicts,
    }


def recent_documents(session: Session, limit: int = 20) -> list[DocumentSummary]:
    """The newest documents: id, title, source, publication date, first words."""
    rows = session.execute(
        select(Document.doc_key, Document.title, Document.source, Document.published, Document.text)
        .order_by(Document.published.desc(), Document.id.desc())
        .limit(limit)
    )
    return [
        DocumentSummary(
            r[0], r[1], r[2], r[3].isoformat() if r[3] else None, " ".join(r[4][:240].split())
        )
        for r in rows
    ]


__all__ = ["document", "has_document", "recent_documents"]

"""The timeline: event clusters in time order with their reports, sources and conflicts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..tables import (
    Document,
    EventCluster,
    EventParticipant,
    EventSource,
    KbConflict,
    KbEntity,
    KbEvent,
    KbQuote,
)
from .common import chunks, cluster_columns, iso


def _cluster_ids(
    entity_id: int | None, place_id: int | None, start: str | None, end: str | None
) -> Select[Any]:
    """The ids of the clusters the filters keep (``start``/``end``: YYYY-MM-DD)."""
    stmt = select(EventCluster.id)
    if entity_id is not None:
        via_part = (
            select(KbEvent.cluster_id)
            .join(EventParticipant, EventParticipant.event_id == KbEvent.id)
            .where(EventParticipant.entity_id == entity_id)
        )
        via_place = select(KbEvent.cluster_id).where(KbEvent.place_entity_id == entity_id)
        stmt = stmt.where(or_(EventCluster.id.in_(via_part), EventCluster.id.in_(via_place)))
    if place_id is not None:
        stmt = stmt.where(
            EventCluster.id.in_(
                select(KbEvent.cluster_id).where(KbEvent.place_entity_id == place_id)
            )
        )
    if start:
        stmt = stmt.where(EventCluster.date_last >= start)
    if end:
        stmt = stmt.where(EventCluster.date_first <= end)
    return stmt


def timeline(
    session: Session,
    *,
    entity_id: int | None = None,
    place_id: int | None = None,
    start: str | None = None,
    end: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Event clusters in time order, each with its reports (document, sentence, sources)
    and the conflicts between them.

    A cluster's date is its known time range, else the earliest publication date of its
    reports (the event happened by then). ``start``/``end`` (YYYY-MM-DD) keep the clusters
    whose date range meets them; ``limit`` and ``offset`` page the result.
    """
    stmt = _cluster_ids(entity_id, place_id, start, end)
    stmt = stmt.order_by(func.coalesce(EventCluster.date_first, "9999"), EventCluster.id)
    if limit:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    ids = list(session.execute(stmt).scalars())
    if not ids:
        return []
    order = {cid: i for i, cid in enumerate(ids)}
    return sorted(_load_clusters(session, ids), key=lambda c: order[c["id"]])


def timeline_count(
    session: Session,
    *,
    entity_id: int | None = None,
    place_id: int | None = None,
    start: str | None = None,
    end: str | None = None,
) -> int:
    """How many clusters :func:`timeline` keeps with these filters, unpaged."""
    ids = _cluster_ids(entity_id, place_id, start, end).subquery()
    return int(session.execute(select(func.count()).select_from(ids)).scalar_one())


def _load_clusters(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    place = aliased(KbEntity)
    clusters: dict[Any, dict[str, Any]] = {}
    for chunk in chunks(ids, 500):
        for r in session.execute(
            select(
                *cluster_columns(place),
            )
            .outerjoin(place, place.id == EventCluster.place_entity_id)
            .where(EventCluster.id.in_(chunk))
        ):
            clusters[r[0]] = {
                "id": r[0],
                "type": r[1],
                "subtype": r[2],
                "date": {"earliest": r[3], "latest": r[4], "from_time": r[3] is not None},
                "place": None
                if r[9] is None and r[5] is None
                else {"name": r[9], "lat": r[5], "lon": r[6], "country": r[10]},
                "reports": [],
                "report_count": r[7],
                "independent_sources": r[8],
                "conflicts": [],
            }
    events: dict[Any, dict[str, Any]] = {}
    place_name = aliased(KbEntity)
    for chunk in chunks(list(clusters), 500):
        rows: Any = session.execute(
            select(
                KbEvent.id,
                KbEvent.cluster_id,
                Document.doc_key,
                Document.title,
                Document.published,
                Document.source,
                Document.url,
                KbEvent.local_id,
                KbEvent.trigger_text,
                KbEvent.sentence,
                KbEvent.certainty,
                KbEvent.fatalities,
                KbEvent.earliest,
                place_name.name,
                Document.dup_group,
                KbEvent.cluster_reason,
                KbEvent.trigger_start,
            )
            .join(Document, Document.id == KbEvent.document_id)
            .outerjoin(place_name, place_name.id == KbEvent.place_entity_id)
            .where(KbEvent.cluster_id.in_(chunk))
            .order_by(Document.published, KbEvent.id)
        )
        for r in rows:
            report = {
                "document": r[2],
                "title": r[3],
                "published": iso(r[4]),
                "publisher": r[5],
                "url": r[6],
                "event": r[7],
                "trigger": r[8],
                "offset": r[16],
                "sentence": r[9],
                "certainty": r[10],
                "fatalities": r[11],
                "date": r[12],
                "place": r[13],
                "copy_group": r[14],
                "why": r[15],
                "actors": [],
                "targets": [],
                "sources": [],
            }
            events[r[0]] = report
            clusters[r[1]]["reports"].append(report)
    ent = aliased(KbEntity)
    for chunk in chunks(list(events), 500):
        for eid, role, name in session.execute(
            select(EventParticipant.event_id, EventParticipant.role, ent.name)
            .join(ent, ent.id == EventParticipant.entity_id)
            .where(EventParticipant.event_id.in_(chunk))
        ):
            events[eid]["actors" if role == "actor" else "targets"].append(name)
        for eid, qtext, speaker, ename in session.execute(
            select(EventSource.event_id, KbQuote.text, KbQuote.speaker_name, ent.name)
            .outerjoin(KbQuote, KbQuote.id == EventSource.quote_id)
            .outerjoin(ent, ent.id == EventSource.entity_id)
            .where(EventSource.event_id.in_(chunk))
        ):
            events[eid]["sources"].append(
                {"speaker": speaker, "quote": qtext} if qtext is not None else {"entity": ename}
            )
    for chunk in chunks(list(clusters), 500):
        for cid, about, items, note in session.execute(
            select(
                KbConflict.cluster_id, KbConflict.about, KbConflict.items, KbConflict.note
            ).where(KbConflict.cluster_id.in_(chunk))
        ):
            clusters[cid]["conflicts"].append({"about": about, "items": items, "note": note})
    # in-document conflicts that name one of the cluster's reports
    refs = {f"{r['document']}#{r['event']}": c for c in clusters.values() for r in c["reports"]}
    docs = {r["document"] for c in clusters.values() for r in c["reports"]}
    for chunk in chunks(sorted(docs), 500):
        for about, items, note in session.execute(
            select(KbConflict.about, KbConflict.items, KbConflict.note)
            .join(Document, Document.id == KbConflict.document_id)
            .where(Document.doc_key.in_(chunk))
        ):
            for item in items:
                if item in refs:
                    refs[item]["conflicts"].append(
                        {"about": about, "items": items, "note": note, "within": True}
                    )
                    break
    for c in clusters.values():
        if c["date"]["earliest"] is None:
            published = sorted(r["published"] for r in c["reports"] if r["published"])
            if published:
                # no stated time: the event happened by the first report's publication
                c["date"] = {"earliest": published[0], "latest": published[0], "from_time": False}
    return list(clusters.values())


__all__ = ["timeline", "timeline_count"]

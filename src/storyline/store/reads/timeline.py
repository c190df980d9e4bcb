"""The timeline: event clusters in time order with their reports, sources and conflicts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from ...batches import batched
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
from .common import cluster_columns, iso
from .records import ClusterConflict, EventPlace, Report, ReportSource, TimelineEvent, When


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
) -> list[TimelineEvent]:
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
    return sorted(_load_clusters(session, ids), key=lambda c: order[c.id])


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


def _load_clusters(session: Session, ids: list[int]) -> list[TimelineEvent]:
    place = aliased(KbEntity)
    clusters: dict[int, Any] = {}
    for chunk in batched(ids, 500):
        for r in session.execute(
            select(*cluster_columns(place))
            .outerjoin(place, place.id == EventCluster.place_entity_id)
            .where(EventCluster.id.in_(chunk))
        ):
            clusters[r[0]] = r
    reports = _load_reports(session, list(clusters))
    conflicts: dict[int | None, list[ClusterConflict]] = defaultdict(list)
    for chunk in batched(list(clusters), 500):
        for cid, about, items, note in session.execute(
            select(
                KbConflict.cluster_id, KbConflict.about, KbConflict.items, KbConflict.note
            ).where(KbConflict.cluster_id.in_(chunk))
        ):
            conflicts[cid].append(ClusterConflict(about, tuple(items), note))
    # in-document conflicts that name one of the cluster's reports
    refs = {f"{r.document}#{r.event}": cid for cid, rs in reports.items() for r in rs}
    docs = {r.document for rs in reports.values() for r in rs}
    for keys in batched(sorted(docs), 500):
        for about, items, note in session.execute(
            select(KbConflict.about, KbConflict.items, KbConflict.note)
            .join(Document, Document.id == KbConflict.document_id)
            .where(Document.doc_key.in_(keys))
        ):
            for item in items:
                if item in refs:
                    conflicts[refs[item]].append(ClusterConflict(about, tuple(items), note, True))
                    break
    return [_event(r, tuple(reports[cid]), tuple(conflicts[cid])) for cid, r in clusters.items()]


def _event(
    r: Any, reports: tuple[Report, ...], conflicts: tuple[ClusterConflict, ...]
) -> TimelineEvent:
    """A cluster's row (:func:`cluster_columns`) with its reports and conflicts."""
    when = When(r[3], r[4], r[3] is not None)
    if r[3] is None:
        published = sorted(p.published for p in reports if p.published)
        if published:
            # no stated time: the event happened by the first report's publication
            when = When(published[0], published[0], False)
    where = None if r[9] is None and r[5] is None else EventPlace(r[9], r[5], r[6], r[10])
    return TimelineEvent(r[0], r[1], r[2], when, where, reports, r[7], r[8], conflicts)


def _load_reports(session: Session, cluster_ids: list[int]) -> dict[int, list[Report]]:
    """The reports of the clusters, by cluster, in publication order, with their actors,
    targets and sources."""
    rows: dict[int, Any] = {}
    place_name = aliased(KbEntity)
    for chunk in batched(cluster_ids, 500):
        for r in session.execute(
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
                KbEvent.trigger_start,
                KbEvent.sentence,
                KbEvent.certainty,
                KbEvent.fatalities,
                KbEvent.earliest,
                place_name.name,
                Document.dup_group,
                KbEvent.cluster_reason,
            )
            .join(Document, Document.id == KbEvent.document_id)
            .outerjoin(place_name, place_name.id == KbEvent.place_entity_id)
            .where(KbEvent.cluster_id.in_(chunk))
            .order_by(Document.published, KbEvent.id)
        ):
            rows[r[0]] = r
    roles: dict[tuple[int, str], list[str]] = defaultdict(list)
    sources: dict[int, list[ReportSource]] = defaultdict(list)
    ent = aliased(KbEntity)
    for chunk in batched(list(rows), 500):
        for eid, role, name in session.execute(
            select(EventParticipant.event_id, EventParticipant.role, ent.name)
            .join(ent, ent.id == EventParticipant.entity_id)
            .where(EventParticipant.event_id.in_(chunk))
        ):
            roles[eid, "actor" if role == "actor" else "target"].append(name)
        for eid, qtext, speaker, ename in session.execute(
            select(EventSource.event_id, KbQuote.text, KbQuote.speaker_name, ent.name)
            .outerjoin(KbQuote, KbQuote.id == EventSource.quote_id)
            .outerjoin(ent, ent.id == EventSource.entity_id)
            .where(EventSource.event_id.in_(chunk))
        ):
            cited = (
                ReportSource(speaker, qtext) if qtext is not None else ReportSource(entity=ename)
            )
            sources[eid].append(cited)
    by_cluster: dict[int, list[Report]] = defaultdict(list)
    for eid, r in rows.items():
        by_cluster[r[1]].append(
            Report(
                r[2],
                r[3],
                iso(r[4]),
                r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                r[10],
                r[11],
                r[12],
                r[13],
                r[14],
                r[15],
                r[16],
                tuple(roles[eid, "actor"]),
                tuple(roles[eid, "target"]),
                tuple(sources[eid]),
            )
        )
    return by_cluster


__all__ = ["timeline", "timeline_count"]

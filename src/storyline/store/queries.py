"""Reads of the knowledge base: search, entity pages, timelines, places and counts.

Every function takes a session and returns plain dicts and lists (JSON-ready), so that the
CLI and the HTTP API print or serve them as they are. Each page is a handful of batched
queries whatever the size of the knowledge base.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session, aliased

from .tables import (
    DocEntity,
    Document,
    EventCluster,
    EventParticipant,
    EventSource,
    KbAlias,
    KbConflict,
    KbEntity,
    KbEvent,
    KbMention,
    KbQuote,
)

PAGE_LIMIT = 100
_WORD = re.compile(r"\w+", re.UNICODE)


def search(session: Session, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Full-text search over titles and texts (FTS5 on SQLite, ``tsvector`` on PostgreSQL).

    Every word of ``query`` must occur (stemmed); results come best first.
    """
    words = _WORD.findall(query)
    if not words:
        return []
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        rows = session.execute(
            text(
                "SELECT d.doc_key, d.title, d.published, d.source, "
                "snippet(documents_fts, 1, '[', ']', '…', 16) AS snip, bm25(documents_fts) "
                "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                "WHERE documents_fts MATCH :q ORDER BY bm25(documents_fts) LIMIT :n"
            ),
            {"q": match, "n": limit},
        )
    else:
        rows = session.execute(
            text(
                "SELECT d.doc_key, d.title, d.published, d.source, "
                "ts_headline('english', d.text, q, 'StartSel=[, StopSel=], MaxWords=24, "
                "MinWords=8') AS snip, ts_rank(d.search, q) AS rank "
                "FROM documents d, plainto_tsquery('english', :q) q "
                "WHERE d.search @@ q ORDER BY rank DESC, d.id LIMIT :n"
            ),
            {"q": " ".join(words), "n": limit},
        )
    return [
        {
            "document": r[0],
            "title": r[1],
            "published": _iso(r[2]),
            "source": r[3],
            "snippet": " ".join(str(r[4]).split()),
        }
        for r in rows
    ]


def has_document(session: Session, key: str) -> bool:
    """Whether a document is stored under ``key`` (its id: a file name, a URL)."""
    return session.scalar(select(Document.id).where(Document.doc_key == key).limit(1)) is not None


def entity_names(session: Session) -> list[str]:
    """Every canonical name in the knowledge base (for "did you mean" suggestions)."""
    return [str(n) for n in session.scalars(select(KbEntity.name).distinct())]


def find_entity(session: Session, name: str, key: str) -> int | None:
    """The entity that goes by ``name`` (name key ``key``): canonical name first, then the
    alias most mentioned, then a case-insensitive match of the name."""
    mentioned = select(func.count()).where(DocEntity.entity_id == KbEntity.id).scalar_subquery()
    if key:
        found = session.execute(
            select(KbEntity.id).where(KbEntity.key == key).order_by(mentioned.desc()).limit(1)
        ).scalar()
        if found is not None:
            return int(found)
        found = session.execute(
            select(KbAlias.entity_id)
            .join(KbEntity, KbEntity.id == KbAlias.entity_id)
            .where(KbAlias.key == key)
            .order_by(mentioned.desc())
            .limit(1)
        ).scalar()
        if found is not None:
            return int(found)
    found = session.execute(
        select(KbAlias.entity_id).where(func.lower(KbAlias.name) == name.lower()).limit(1)
    ).scalar()
    if found is None and key:
        # part of a name: the most mentioned entity whose name starts or ends with it
        if " " in key:
            part = or_(KbAlias.key.like(f"{key} %"), KbAlias.key.like(f"% {key}"))
        else:
            part = or_(KbAlias.last == key, KbAlias.first == key)
        found = session.execute(
            select(KbAlias.entity_id)
            .join(KbEntity, KbEntity.id == KbAlias.entity_id)
            .where(part)
            .order_by(mentioned.desc())
            .limit(1)
        ).scalar()
    return int(found) if found is not None else None


def entity_page(session: Session, entity_id: int) -> dict[str, Any]:
    """Canonical name, aliases with merge reasons, mentions by article, quotes by and about
    the entity, and the events it takes part in."""
    ent = session.get(KbEntity, entity_id)
    if ent is None:
        return {}
    aliases = [
        {"name": r[0], "reason": r[1], "score": round(r[2], 3), "first_seen_in": r[3]}
        for r in session.execute(
            select(KbAlias.name, KbAlias.reason, KbAlias.score, Document.doc_key)
            .outerjoin(Document, Document.id == KbAlias.document_id)
            .where(KbAlias.entity_id == entity_id)
            .order_by(KbAlias.id)
        )
    ]
    by_doc = session.execute(
        select(
            Document.doc_key,
            Document.title,
            Document.published,
            func.count(KbMention.id),
            func.min(KbMention.text),
        )
        .join(Document, Document.id == KbMention.document_id)
        .where(KbMention.entity_id == entity_id)
        .group_by(Document.id, Document.doc_key, Document.title, Document.published)
        .order_by(Document.published.desc(), Document.id.desc())
        .limit(PAGE_LIMIT)
    ).all()
    total_docs = session.execute(
        select(func.count(func.distinct(DocEntity.document_id))).where(
            DocEntity.entity_id == entity_id
        )
    ).scalar_one()
    link = session.execute(
        select(DocEntity.reason, DocEntity.score, Document.doc_key)
        .join(Document, Document.id == DocEntity.document_id)
        .where(DocEntity.entity_id == entity_id)
        .order_by(DocEntity.id)
        .limit(PAGE_LIMIT)
    ).all()
    quote_cols = (
        KbQuote.kind,
        KbQuote.text,
        KbQuote.speaker_name,
        KbQuote.cue,
        KbQuote.certainty,
        Document.doc_key,
        KbQuote.start,
        KbQuote.end,
        KbQuote.via,
    )
    by = session.execute(
        select(*quote_cols)
        .join(Document, Document.id == KbQuote.document_id)
        .where(KbQuote.speaker_entity_id == entity_id)
        .order_by(KbQuote.id.desc())
        .limit(PAGE_LIMIT)
    ).all()
    about_ids = (
        select(KbQuote.id)
        .join(
            KbMention,
            and_(
                KbMention.document_id == KbQuote.document_id,
                KbMention.start >= KbQuote.start,
                KbMention.end <= KbQuote.end,
            ),
        )
        .where(
            KbMention.entity_id == entity_id,
            or_(KbQuote.speaker_entity_id.is_(None), KbQuote.speaker_entity_id != entity_id),
        )
    )
    about = session.execute(
        select(*quote_cols)
        .join(Document, Document.id == KbQuote.document_id)
        .where(KbQuote.id.in_(about_ids))
        .order_by(KbQuote.id)
        .limit(PAGE_LIMIT)
    ).all()
    events = session.execute(
        select(
            KbEvent.cluster_id,
            KbEvent.type,
            KbEvent.subtype,
            KbEvent.earliest,
            KbEvent.trigger_text,
            KbEvent.sentence,
            Document.doc_key,
            EventParticipant.role,
        )
        .join(Document, Document.id == KbEvent.document_id)
        .join(EventParticipant, EventParticipant.event_id == KbEvent.id)
        .where(EventParticipant.entity_id == entity_id)
        .order_by(KbEvent.earliest, KbEvent.id)
        .limit(PAGE_LIMIT)
    ).all()
    at_place = session.execute(
        select(
            KbEvent.cluster_id,
            KbEvent.type,
            KbEvent.subtype,
            KbEvent.earliest,
            KbEvent.trigger_text,
            KbEvent.sentence,
            Document.doc_key,
        )
        .join(Document, Document.id == KbEvent.document_id)
        .where(KbEvent.place_entity_id == entity_id)
        .order_by(KbEvent.earliest, KbEvent.id)
        .limit(PAGE_LIMIT)
    ).all()
    return {
        "id": ent.id,
        "name": ent.name,
        "label": ent.label,
        "place": None
        if ent.lat is None
        else {
            "lat": ent.lat,
            "lon": ent.lon,
            "country": ent.country,
            "geonames_id": ent.geonames_id,
        },
        "aliases": aliases,
        "links": [{"document": r[2], "reason": r[0], "score": round(r[1], 3)} for r in link],
        "documents": total_docs,
        "mentions": [
            {
                "document": r[0],
                "title": r[1],
                "published": _iso(r[2]),
                "count": r[3],
                "example": r[4],
            }
            for r in by_doc
        ],
        "quotes_by": [_quote(r) for r in by],
        "quotes_about": [_quote(r) for r in about],
        "events": [
            {
                "event": r[0],
                "type": r[1],
                "subtype": r[2],
                "date": r[3],
                "trigger": r[4],
                "sentence": r[5],
                "document": r[6],
                "role": r[7],
            }
            for r in events
        ]
        + [
            {
                "event": r[0],
                "type": r[1],
                "subtype": r[2],
                "date": r[3],
                "trigger": r[4],
                "sentence": r[5],
                "document": r[6],
                "role": "place",
            }
            for r in at_place
        ],
    }


def _quote(r: Any) -> dict[str, Any]:
    return {
        "kind": r[0],
        "text": r[1],
        "speaker": r[2],
        "cue": r[3],
        "certainty": r[4],
        "document": r[5],
        "start": r[6],
        "end": r[7],
        "via": list(r[8] or []),
    }


def timeline(
    session: Session,
    *,
    entity_id: int | None = None,
    place_id: int | None = None,
    start: str | None = None,
    end: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Event clusters in time order, each with its reports (document, sentence, sources)
    and the conflicts between them.

    A cluster's date is its known time range, else the earliest publication date of its
    reports (the event happened by then). ``start``/``end`` (YYYY-MM-DD) keep the clusters
    whose date range meets them.
    """
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
    stmt = stmt.order_by(func.coalesce(EventCluster.date_first, "9999"), EventCluster.id)
    if limit:
        stmt = stmt.limit(limit)
    ids = list(session.execute(stmt).scalars())
    if not ids:
        return []
    order = {cid: i for i, cid in enumerate(ids)}
    return sorted(_load_clusters(session, ids), key=lambda c: order[c["id"]])


def _load_clusters(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    place = aliased(KbEntity)
    clusters: dict[Any, dict[str, Any]] = {}
    for chunk in _chunks(ids, 500):
        for r in session.execute(
            select(
                EventCluster.id,
                EventCluster.type,
                EventCluster.subtype,
                EventCluster.earliest,
                EventCluster.latest,
                EventCluster.lat,
                EventCluster.lon,
                EventCluster.reports,
                EventCluster.sources,
                place.name,
                place.country,
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
    for chunk in _chunks(list(clusters), 500):
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
                "published": _iso(r[4]),
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
    for chunk in _chunks(list(events), 500):
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
    for chunk in _chunks(list(clusters), 500):
        for cid, about, items, note in session.execute(
            select(
                KbConflict.cluster_id, KbConflict.about, KbConflict.items, KbConflict.note
            ).where(KbConflict.cluster_id.in_(chunk))
        ):
            clusters[cid]["conflicts"].append({"about": about, "items": items, "note": note})
    # in-document conflicts that name one of the cluster's reports
    refs = {f"{r['document']}#{r['event']}": c for c in clusters.values() for r in c["reports"]}
    docs = {r["document"] for c in clusters.values() for r in c["reports"]}
    for chunk in _chunks(sorted(docs), 500):
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


def places(session: Session) -> list[dict[str, Any]]:
    """Geocoded entities with coordinates and how many documents mention them."""
    docs = (
        select(func.count(func.distinct(DocEntity.document_id)))
        .where(DocEntity.entity_id == KbEntity.id)
        .scalar_subquery()
    )
    return [
        {
            "id": r[0],
            "name": r[1],
            "label": r[2],
            "lat": r[3],
            "lon": r[4],
            "country": r[5],
            "geonames_id": r[6],
            "documents": r[7],
        }
        for r in session.execute(
            select(
                KbEntity.id,
                KbEntity.name,
                KbEntity.label,
                KbEntity.lat,
                KbEntity.lon,
                KbEntity.country,
                KbEntity.geonames_id,
                docs,
            )
            .where(KbEntity.lat.is_not(None))
            .order_by(KbEntity.id)
        )
    ]


def stats(session: Session) -> dict[str, int]:
    """Counts of the knowledge base's records."""

    def count(model: Any) -> int:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())

    return {
        "documents": count(Document),
        "entities": count(KbEntity),
        "aliases": count(KbAlias),
        "mentions": count(KbMention),
        "quotes": count(KbQuote),
        "events": count(KbEvent),
        "event_clusters": count(EventCluster),
        "conflicts": count(KbConflict),
        "near_duplicates": int(
            session.execute(
                select(func.count()).where(Document.dup_group != Document.id)
            ).scalar_one()
        ),
    }


def _iso(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return str(value.isoformat())


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


__all__ = ["entity_page", "find_entity", "places", "search", "stats", "timeline"]

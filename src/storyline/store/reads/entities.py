"""Entities: finding one by name, every canonical name, and the entity page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..tables import (
    DocEntity,
    Document,
    EventParticipant,
    KbAlias,
    KbEntity,
    KbEvent,
    KbMention,
    KbQuote,
)
from .common import PAGE_LIMIT, iso
from .records import (
    Alias,
    ArticleMentions,
    EntityEvent,
    EntityLink,
    EntityPage,
    EntityPlace,
    EntityQuote,
)


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


def entity_page(session: Session, entity_id: int, mentions_offset: int = 0) -> EntityPage | None:
    """Canonical name, aliases with merge reasons, mentions by article (``PAGE_LIMIT`` of
    the articles, newest first, from ``mentions_offset``), quotes by and about the entity,
    and the events it takes part in (None: no entity has that id)."""
    ent = session.get(KbEntity, entity_id)
    if ent is None:
        return None
    aliases = tuple(
        Alias(r[0], r[1], round(r[2], 3), r[3])
        for r in session.execute(
            select(KbAlias.name, KbAlias.reason, KbAlias.score, Document.doc_key)
            .outerjoin(Document, Document.id == KbAlias.document_id)
            .where(KbAlias.entity_id == entity_id)
            .order_by(KbAlias.id)
        )
    )
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
        .offset(mentions_offset)
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
    events = _events(session, entity_id)
    place = None
    if ent.lat is not None:
        place = EntityPlace(ent.lat, ent.lon, ent.country, ent.geonames_id)
    return EntityPage(
        ent.id,
        ent.name,
        ent.label,
        place,
        aliases,
        tuple(EntityLink(r[2], r[0], round(r[1], 3)) for r in link),
        total_docs,
        tuple(ArticleMentions(r[0], r[1], iso(r[2]), r[3], r[4]) for r in by_doc),
        tuple(_quote(r) for r in by),
        tuple(_quote(r) for r in about),
        tuple(EntityEvent(r[0], r[1], r[2], r[3], r[4], r[5], r[6], role) for role, r in events),
    )


def _events(session: Session, entity_id: int) -> list[tuple[str, Any]]:
    """The events the entity takes part in (its role: ``actor``, ``target``...), then those
    at it (role ``place``): ``PAGE_LIMIT`` of each, in time order, in one query shape."""
    shape = select(
        KbEvent.cluster_id,
        KbEvent.type,
        KbEvent.subtype,
        KbEvent.earliest,
        KbEvent.trigger_text,
        KbEvent.sentence,
        Document.doc_key,
    ).join(Document, Document.id == KbEvent.document_id)
    took_part = (
        shape.add_columns(EventParticipant.role)
        .join(EventParticipant, EventParticipant.event_id == KbEvent.id)
        .where(EventParticipant.entity_id == entity_id)
    )
    at_place = shape.where(KbEvent.place_entity_id == entity_id)
    found: list[tuple[str, Any]] = []
    for stmt, role in ((took_part, None), (at_place, "place")):
        for r in session.execute(stmt.order_by(KbEvent.earliest, KbEvent.id).limit(PAGE_LIMIT)):
            found.append((role or r[7], r))
    return found


def _quote(r: Any) -> EntityQuote:
    return EntityQuote(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(r[8] or ()))


__all__ = ["entity_names", "entity_page", "find_entity"]

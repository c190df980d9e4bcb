"""The geocoded entities, with how many documents mention them, and the located events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from ..tables import DocEntity, EventCluster, KbEntity
from .common import cluster_columns
from .records import EventPlace, KbPlace, LocatedEvent, When


def _places(country: str | None, name: str | None) -> Select[Any]:
    docs = (
        select(func.count(func.distinct(DocEntity.document_id)))
        .where(DocEntity.entity_id == KbEntity.id)
        .scalar_subquery()
    )
    stmt = select(
        KbEntity.id,
        KbEntity.name,
        KbEntity.label,
        KbEntity.lat,
        KbEntity.lon,
        KbEntity.country,
        KbEntity.geonames_id,
        docs.label("documents"),
    )
    return _where(stmt, country, name)


def _where(stmt: Select[Any], country: str | None, name: str | None) -> Select[Any]:
    """``stmt`` kept to geocoded entities of ``country`` whose name starts with ``name``."""
    stmt = stmt.where(KbEntity.lat.is_not(None))
    if country:
        stmt = stmt.where(func.upper(KbEntity.country) == country.upper())
    if name:
        stmt = stmt.where(func.lower(KbEntity.name).like(_prefix(name.lower())))
    return stmt


def _prefix(text: str) -> str:
    """A LIKE pattern for names starting with ``text`` (its wildcards taken literally)."""
    return text.replace("\\", "").replace("%", "").replace("_", "") + "%"


def places(
    session: Session,
    *,
    country: str | None = None,
    name: str | None = None,
    by_documents: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[KbPlace]:
    """Geocoded entities with coordinates and how many documents mention them, by id (or
    most mentioned first, ``by_documents``); ``country`` (ISO code) and ``name`` (a prefix,
    any case) filter them, ``limit`` and ``offset`` page them."""
    stmt = _places(country, name)
    if by_documents:
        stmt = stmt.order_by(stmt.selected_columns.documents.desc(), KbEntity.id)
    else:
        stmt = stmt.order_by(KbEntity.id)
    if limit:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return [KbPlace(*r) for r in session.execute(stmt)]


def places_count(session: Session, *, country: str | None = None, name: str | None = None) -> int:
    """How many places :func:`places` keeps with these filters, unpaged."""
    stmt = _where(select(func.count()).select_from(KbEntity), country, name)
    return int(session.execute(stmt).scalar_one())


def located_events(
    session: Session,
    *,
    start: str | None = None,
    end: str | None = None,
    country: str | None = None,
    limit: int | None = None,
) -> list[LocatedEvent]:
    """The event clusters with coordinates, in the timeline's shape without reports or
    conflicts (the map's points), most reported first; ``start``/``end`` (YYYY-MM-DD) keep
    those whose date range meets them, ``country`` those at a place of that country."""
    place = aliased(KbEntity)
    stmt = (
        select(
            *cluster_columns(place),
            EventCluster.date_first,
            EventCluster.date_last,
        )
        .outerjoin(place, place.id == EventCluster.place_entity_id)
        .where(EventCluster.lat.is_not(None))
        .order_by(EventCluster.reports.desc(), EventCluster.id)
    )
    if start:
        stmt = stmt.where(EventCluster.date_last >= start)
    if end:
        stmt = stmt.where(EventCluster.date_first <= end)
    if country:
        stmt = stmt.where(func.upper(place.country) == country.upper())
    if limit:
        stmt = stmt.limit(limit)
    return [
        LocatedEvent(
            r[0],
            r[1],
            r[2],
            When(r[3] or r[11], r[4] or r[12], r[3] is not None),
            EventPlace(r[9], r[5], r[6], r[10]),
            r[7],
            r[8],
        )
        for r in session.execute(stmt)
    ]


__all__ = ["located_events", "places", "places_count"]

"""The geocoded entities, with how many documents mention them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..tables import DocEntity, KbEntity


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


__all__ = ["places"]

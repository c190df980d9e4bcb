"""Counts of the knowledge base's records."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..tables import (
    Document,
    EventCluster,
    KbAlias,
    KbConflict,
    KbEntity,
    KbEvent,
    KbMention,
    KbQuote,
)


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


__all__ = ["stats"]

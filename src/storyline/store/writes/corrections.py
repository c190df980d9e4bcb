"""Hand corrections in the store: the overrides (rules that outlive re-ingest), and the
merge and split they ask for, applied to the stored rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from ..tables import (
    DocEntity,
    EventCluster,
    EventParticipant,
    EventSource,
    KbAlias,
    KbEntity,
    KbEvent,
    KbMention,
    KbQuote,
    Override,
)
from .entities import EntityWrites

_OVERRIDE: Any = Override.__table__
_OVERRIDES = select(_OVERRIDE.c.action, _OVERRIDE.c.key, _OVERRIDE.c.target_key).order_by(
    _OVERRIDE.c.id
)
REFERENCES = (
    (DocEntity, DocEntity.entity_id),
    (KbMention, KbMention.entity_id),
    (KbQuote, KbQuote.speaker_entity_id),
    (KbEvent, KbEvent.place_entity_id),
    (EventSource, EventSource.entity_id),
    (EventCluster, EventCluster.place_entity_id),
)
"""The columns that refer to an entity (re-pointed when it is merged into another)."""


class CorrectionWrites(EntityWrites):
    """Overrides, and merges and splits of stored entities."""

    def load_overrides(self) -> tuple[dict[str, str], set[tuple[str, str]]]:
        """Hand corrections: (merges key → target key, splits {(key, target key)})."""
        self.flush()
        merges: dict[str, str] = {}
        splits: set[tuple[str, str]] = set()
        for action, key, target in self.conn.execute(_OVERRIDES):
            if action == "merge":
                merges[key] = target
                splits.discard((key, target))
            else:
                splits.add((key, target))
                if merges.get(key) == target:
                    del merges[key]
        return merges, splits

    def add_override(self, action: str, key: str, target_key: str) -> None:
        """Record a hand correction."""
        self.session.execute(
            insert(Override).values(
                action=action,
                key=key,
                target_key=target_key,
                created_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )

    def move_entity(self, source_id: int, target_id: int) -> None:
        """Re-point every reference of entity ``source_id`` to ``target_id``."""
        self.flush()
        s = self.session
        for model, column in REFERENCES:
            s.execute(update(model).where(column == source_id).values({column.key: target_id}))
        for pid, role, eid in s.execute(
            select(
                EventParticipant.event_id, EventParticipant.role, EventParticipant.entity_id
            ).where(EventParticipant.entity_id == source_id)
        ).all():
            s.execute(
                delete(EventParticipant).where(
                    EventParticipant.event_id == pid,
                    EventParticipant.role == role,
                    EventParticipant.entity_id == eid,
                )
            )
            exists = s.execute(
                select(func.count()).where(
                    EventParticipant.event_id == pid,
                    EventParticipant.role == role,
                    EventParticipant.entity_id == target_id,
                )
            ).scalar()
            if not exists:
                s.execute(
                    insert(EventParticipant).values(event_id=pid, role=role, entity_id=target_id)
                )
        keys = self.existing_alias_names([target_id])
        for alias_id, name in s.execute(
            select(KbAlias.id, KbAlias.name).where(KbAlias.entity_id == source_id)
        ).all():
            key = name.casefold()
            if (target_id, key) in keys:
                s.execute(delete(KbAlias).where(KbAlias.id == alias_id))
            else:
                s.execute(
                    update(KbAlias)
                    .where(KbAlias.id == alias_id)
                    .values(entity_id=target_id, reason="manual merge", score=1.0)
                )
                keys.add((target_id, key))
        s.execute(delete(KbEntity).where(KbEntity.id == source_id))
        self.rebuild_contexts([target_id])

    def split_entity(self, entity_id: int, key: str, new_values: dict[str, Any]) -> int | None:
        """Move the document entities named ``key`` off ``entity_id`` into a new entity."""
        self.flush()
        s = self.session
        doc_entities = list(
            s.execute(
                select(DocEntity.id).where(DocEntity.entity_id == entity_id, DocEntity.key == key)
            ).scalars()
        )
        new_id = self.insert_entity(new_values)
        if doc_entities:
            s.execute(
                update(DocEntity)
                .where(DocEntity.id.in_(doc_entities))
                .values(entity_id=new_id, reason="manual split", score=1.0)
            )
            s.execute(
                update(KbMention)
                .where(KbMention.doc_entity_id.in_(doc_entities))
                .values(entity_id=new_id)
            )
        s.execute(
            update(KbAlias)
            .where(KbAlias.entity_id == entity_id, KbAlias.key == key)
            .values(entity_id=new_id, reason="manual split", score=1.0)
        )
        self.rebuild_contexts([entity_id, new_id])
        return new_id

    def doc_entity_ids_by_key(self, entity_id: int) -> dict[str, list[int]]:
        """Document-entity ids of an entity, grouped by name key."""
        self.flush()
        out: dict[str, list[int]] = defaultdict(list)
        for rid, key in self.session.execute(
            select(DocEntity.id, DocEntity.key).where(DocEntity.entity_id == entity_id)
        ):
            out[key].append(rid)
        return dict(out)


__all__ = ["REFERENCES", "CorrectionWrites"]

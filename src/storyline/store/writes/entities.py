"""Entity writes: new entities and aliases, renames, each entity's stored context, and the
rows the linker's in-memory index is loaded from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ARRAY, Integer, String, bindparam, delete, insert, select, text, update
from sqlalchemy.orm import Session

from ...batches import batched
from ..ids import IdAllocator
from ..tables import DocEntity, EventCluster, KbAlias, KbEntity
from .context import decode_context, encode_context, entry, stored_entry
from .queue import WriteQueue

_ENT: Any = KbEntity.__table__
_ALIAS: Any = KbAlias.__table__
_SET_NAME = (
    update(_ENT)
    .where(_ENT.c.id == bindparam("eid"))
    .values(name=bindparam("new_name"), key=bindparam("new_key"))
)
_SET_CONTEXTS_PG = text(
    "UPDATE entities SET context_docs = v.docs, context = v.ctx "
    "FROM unnest(:eids, :docs, :ctxs) AS v(id, docs, ctx) WHERE entities.id = v.id"
).bindparams(
    bindparam("eids", type_=ARRAY(Integer())),
    bindparam("docs", type_=ARRAY(String())),
    bindparam("ctxs", type_=ARRAY(String())),
)
_SET_CONTEXT = (
    update(_ENT)
    .where(_ENT.c.id == bindparam("eid"))
    .values(context_docs=bindparam("docs"), context=bindparam("ctx"))
)


class EntityWrites(WriteQueue):
    """Entities, aliases and document-entity links; renames and contexts are queued too."""

    def __init__(
        self,
        session: Session,
        ids: IdAllocator | None = None,
        *,
        context_docs: int,
        candidate_limit: int,
    ) -> None:
        super().__init__(session, ids, context_docs=context_docs, candidate_limit=candidate_limit)
        self._names: dict[int, dict[str, Any]] = {}
        self._contexts: dict[int, list[tuple[int, Iterable[str]]]] = {}

    def flush(self) -> None:
        """Send the queued rows, then the queued renames and contexts."""
        super().flush()
        if self._names:
            self.conn.execute(_SET_NAME, list(self._names.values()))
            self._names = {}
        if self._contexts:
            params = [
                encode_context([(str(d), stored_entry(keys)) for d, keys in entries], eid)
                for eid, entries in self._contexts.items()
            ]
            self._contexts = {}
            if self.dialect == "postgresql":
                # one statement for all: an executemany is a statement per entity
                self.conn.execute(
                    _SET_CONTEXTS_PG,
                    {
                        "eids": [p["eid"] for p in params],
                        "docs": [p["docs"] for p in params],
                        "ctxs": [p["ctx"] for p in params],
                    },
                )
            else:
                self.conn.execute(_SET_CONTEXT, params)

    def index_rows(self) -> list[dict[str, Any]]:
        """Every entity, for the linker's in-memory index: dicts with ``id name label lat
        lon context names`` (``context``: (document id, co-mentioned name keys), newest
        first; ``names``: its aliases, oldest first)."""
        self.flush()
        out: dict[int, dict[str, Any]] = {}
        for eid, name, label, lat, lon, docs, ctx in self.conn.execute(
            select(
                _ENT.c.id,
                _ENT.c.name,
                _ENT.c.label,
                _ENT.c.lat,
                _ENT.c.lon,
                _ENT.c.context_docs,
                _ENT.c.context,
            ).order_by(_ENT.c.id)
        ):
            out[eid] = {
                "id": eid,
                "name": name,
                "label": label,
                "lat": lat,
                "lon": lon,
                "context": decode_context(docs, ctx),
                "names": [],
            }
        for eid, name in self.conn.execute(
            select(_ALIAS.c.entity_id, _ALIAS.c.name).order_by(_ALIAS.c.id)
        ):
            if eid in out:
                out[eid]["names"].append(name)
        return list(out.values())

    def set_context(self, entity_id: int, entries: Sequence[tuple[int, Iterable[str]]]) -> None:
        """Queue an entity's stored context: (document id, co-mentioned name keys) of its
        most recent documents, newest first (the last one queued per entity is written)."""
        # encoded at the flush: an entity named in many articles of a batch is written once
        self._contexts[entity_id] = list(entries[: self.context_docs])

    def rebuild_contexts(self, entity_ids: Iterable[int]) -> None:
        """Compute the stored context of ``entity_ids`` again from their document links
        (after a document is deleted, or entities are merged or split)."""
        ids = sorted(set(entity_ids))
        if not ids:
            return
        recent: dict[int, list[int]] = defaultdict(list)
        for eid, doc in self.session.execute(
            select(DocEntity.entity_id, DocEntity.document_id)
            .where(DocEntity.entity_id.in_(ids))
            .distinct()
            .order_by(DocEntity.entity_id, DocEntity.document_id.desc())
        ):
            if len(recent[eid]) < self.context_docs:
                recent[eid].append(doc)
        docs = sorted({d for ds in recent.values() for d in ds})
        by_doc: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for chunk in batched(docs, 500):
            for doc_id, eid, key in self.session.execute(
                select(DocEntity.document_id, DocEntity.entity_id, DocEntity.key).where(
                    DocEntity.document_id.in_(chunk)
                )
            ):
                by_doc[doc_id].append((eid, key))
        params = [
            encode_context(
                [
                    (str(d), entry({k for e, k in by_doc[d] if e != eid and k}))
                    for d in recent.get(eid, [])
                ],
                eid,
            )
            for eid in ids
        ]
        self.conn.execute(_SET_CONTEXT, params)

    def stored_contexts(self, entity_ids: Iterable[int]) -> dict[int, list[tuple[int, set[str]]]]:
        """The stored context of entities: (document id, co-mentioned keys), newest first."""
        self.flush()
        rows = self.conn.execute(
            select(_ENT.c.id, _ENT.c.context_docs, _ENT.c.context).where(
                _ENT.c.id.in_(list(entity_ids))
            )
        )
        return {r[0]: [(d, set(keys)) for d, keys in decode_context(r[1], r[2])] for r in rows}

    def insert_entity(self, values: dict[str, Any]) -> int:
        """A new knowledge-base entity, written at once; returns its id."""
        self.flush()
        (entity_id,) = self.new_ids("entities", 1)
        self.conn.execute(insert(_ENT), {**values, "id": entity_id})
        return entity_id

    def insert_entities(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Queue new knowledge-base entities; returns their ids in order."""
        ids = self.new_ids("entities", len(rows))
        self.queue("entities", [{**r, "id": i} for r, i in zip(rows, ids, strict=True)])
        return ids

    def rename_entity(self, entity_id: int, name: str, key: str) -> None:
        """Queue a better canonical name for an entity."""
        self._names[entity_id] = {"eid": entity_id, "new_name": name, "new_key": key}

    def entity_names(self, entity_id: int) -> tuple[str, str, str] | None:
        """(name, key, label) of an entity."""
        self.flush()
        row = self.session.execute(
            select(KbEntity.name, KbEntity.key, KbEntity.label).where(KbEntity.id == entity_id)
        ).first()
        return (row[0], row[1], row[2]) if row else None

    def existing_alias_names(self, entity_ids: Iterable[int]) -> set[tuple[int, str]]:
        """(entity id, lower-cased name) of the aliases the entities already have."""
        ids = list(set(entity_ids))
        if not ids:
            return set()
        rows = self.session.execute(
            select(KbAlias.entity_id, KbAlias.name).where(KbAlias.entity_id.in_(ids))
        )
        return {(r[0], r[1].casefold()) for r in rows}

    def insert_aliases(self, rows: Sequence[dict[str, Any]]) -> None:
        """Queue new aliases (``entity_id name key skeleton first last reason score
        document_id``)."""
        self.queue("aliases", rows)

    def insert_doc_entities(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Queue per-document entity links; returns their ids in order."""
        return self.insert_rows("doc_entities", rows, ids=True)

    def prune_entities(self, entity_ids: Iterable[int]) -> None:
        """Delete those of ``entity_ids`` that no document mentions any more."""
        self.flush()
        ids = list(entity_ids)
        if not ids:
            return
        used = set(
            self.session.execute(
                select(DocEntity.entity_id).where(DocEntity.entity_id.in_(ids)).distinct()
            ).scalars()
        )
        dead = [i for i in ids if i not in used]
        if dead:
            self.session.execute(
                update(EventCluster)
                .where(EventCluster.place_entity_id.in_(dead))
                .values(place_entity_id=None)
            )
            self.session.execute(delete(KbAlias).where(KbAlias.entity_id.in_(dead)))
            self.session.execute(delete(KbEntity).where(KbEntity.id.in_(dead)))


__all__ = ["EntityWrites"]

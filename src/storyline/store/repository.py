"""Writes to the knowledge base, and the candidate lookups the resolver needs.

:class:`Repository` wraps one SQLAlchemy session (one transaction). It speaks plain Python
values (dicts, tuples, ints) so that callers never touch SQLAlchemy; reads for the commands
(entity page, timeline, search, export, stats) are in :mod:`storyline.store.queries`.
Bulk writes use Core ``insert`` statements: an article is a few dozen rows, and the ORM's
unit of work would cost more than the SQL.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    String,
    TypeDecorator,
    and_,
    any_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    union,
    update,
)
from sqlalchemy.orm import Session

from .tables import (
    DocEntity,
    Document,
    DocumentBand,
    EventCluster,
    EventParticipant,
    EventSource,
    KbAlias,
    KbConflict,
    KbEntity,
    KbEvent,
    KbMention,
    KbQuote,
    KbTime,
    Override,
)

CONTEXT_DOCS = 5
"""How many of an entity's most recent documents describe its context."""
CANDIDATE_LIMIT = 200


_DOC: Any = Document.__table__
_BAND: Any = DocumentBand.__table__
_ENT: Any = KbEntity.__table__
_ALIAS: Any = KbAlias.__table__
_OVERRIDE: Any = Override.__table__

# the statements of the ingest path, built once (SQLAlchemy Core on the session's
# connection: the ORM layer would cost more than the SQL)
_FIND = select(_DOC.c.id, _DOC.c.doc_key, _DOC.c.content_hash).where(
    or_(_DOC.c.doc_key == bindparam("key"), _DOC.c.content_hash == bindparam("hash"))
)
_INSERT_DOC = insert(_DOC).returning(_DOC.c.id)
_INSERT_BANDS = insert(_BAND)
_SET_GROUP = update(_DOC).where(_DOC.c.id == bindparam("doc")).values(dup_group=bindparam("doc"))
_INSERT_FTS = text("INSERT INTO documents_fts(rowid, title, text) VALUES (:id, :title, :text)")


class _JsonList(TypeDecorator[list[Any]]):
    """A Python list bound as one JSON text parameter (for SQLite's ``json_each``)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str:
        return json.dumps(list(value))


def _in(column: Any, name: str, dialect: str) -> Any:
    """``column IN`` the list parameter ``name``, with a statement text that does not change
    with the list's length: on PostgreSQL ``column = ANY(:name)`` with an array (the server
    keeps it prepared: psycopg prepares a statement after a few executions), on SQLite
    ``column IN (SELECT value FROM json_each(:name))`` (sqlite3 keeps it in its statement
    cache, and SQLAlchemy need not re-render an expanding ``IN`` on every call, which cost
    more than the query)."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(column.type)))
    values = func.json_each(bindparam(name, type_=_JsonList())).table_valued("value")
    return column.in_(select(values.c.value))


@lru_cache(maxsize=8)
def _statements(dialect: str) -> dict[str, Any]:
    """The ingest path's statements that take lists, for one dialect (built once)."""
    dup_candidates = select(_DOC.c.id, _DOC.c.minhash, _DOC.c.dup_group).where(
        _DOC.c.id.in_(
            select(_BAND.c.document_id)
            .where(_in(_BAND.c.band, "bands", dialect))
            .distinct()
            .limit(CANDIDATE_LIMIT)
            .scalar_subquery()
        )
    )
    # one index lookup per alias column, united: an OR of four list tests needs a bitmap
    # plan, which a prepared (generic) plan on PostgreSQL gives up for a scan of the aliases
    matching = union(
        *[
            select(_ALIAS.c.entity_id).where(_in(column, name, dialect))
            for column, name in (
                (_ALIAS.c.key, "keys"),
                (_ALIAS.c.skeleton, "skeletons"),
                (_ALIAS.c.first, "firsts"),
                (_ALIAS.c.last, "lasts"),
            )
        ]
    ).subquery()
    candidates = (
        select(_ENT.c.id, _ENT.c.name, _ENT.c.label, _ENT.c.lat, _ENT.c.lon, _ALIAS.c.name)
        .join(_ALIAS, _ALIAS.c.entity_id == _ENT.c.id)
        .where(
            _ENT.c.id.in_(
                select(matching.c.entity_id)
                .order_by(matching.c.entity_id)
                .limit(CANDIDATE_LIMIT)
                .scalar_subquery()
            )
        )
        .order_by(_ALIAS.c.id)
    )
    contexts = select(_ENT.c.id, _ENT.c.context_docs, _ENT.c.context).where(
        _in(_ENT.c.id, "ids", dialect)
    )
    read_back = {
        name: select(model.__table__.c.id, model.__table__.c.local_id).where(
            model.__table__.c.document_id == bindparam("doc"),
            _in(model.__table__.c.local_id, "local", dialect),
        )
        for name, model in TABLES.items()
        if "local_id" in model.__table__.c
    }
    return {
        "dup_candidates": dup_candidates,
        "candidates": candidates,
        "contexts": contexts,
        "read_back": read_back,
    }


_OVERRIDES = select(_OVERRIDE.c.action, _OVERRIDE.c.key, _OVERRIDE.c.target_key).order_by(
    _OVERRIDE.c.id
)
_CLUSTER: Any = EventCluster.__table__
_INSERT_CLUSTER = insert(_CLUSTER).returning(_CLUSTER.c.id)
_INSERT_ENTITIES = insert(_ENT).returning(_ENT.c.id, sort_by_parameter_order=True)
_SET_CONTEXT = (
    update(_ENT)
    .where(_ENT.c.id == bindparam("eid"))
    .values(context_docs=bindparam("docs"), context=bindparam("ctx"))
)


class Repository:
    """Knowledge-base writes and resolver lookups inside one session (one transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.conn = session.connection()
        self.dialect = self.conn.dialect.name
        self.sql = _statements(self.dialect)

    # documents ---------------------------------------------------------------------------

    def find_document_or_twin(
        self, doc_key: str, content_hash: str
    ) -> tuple[tuple[int, str] | None, str | None]:
        """In one query: (id, content hash) of the stored document ``doc_key``, and the key
        of a stored document with exactly this text (either None when there is none)."""
        found, twin = None, None
        for doc_id, key, digest in self.conn.execute(_FIND, {"key": doc_key, "hash": content_hash}):
            if key == doc_key:
                found = (int(doc_id), str(digest))
            if digest == content_hash and (twin is None or key == doc_key):
                twin = str(key)
        return found, twin

    def insert_document(self, values: dict[str, Any], bands: Sequence[str]) -> int:
        """Store a document (and its full-text row and LSH bands); returns its id."""
        values = {**values, "ingested_at": datetime.now(UTC).replace(tzinfo=None)}
        doc_id = int(self.conn.execute(_INSERT_DOC, values).scalar_one())
        if values.get("dup_group") is None:
            self.conn.execute(_SET_GROUP, {"doc": doc_id})
        if bands:
            self.conn.execute(_INSERT_BANDS, [{"document_id": doc_id, "band": b} for b in bands])
        if self.dialect == "sqlite":
            self.conn.execute(
                _INSERT_FTS,
                {"id": doc_id, "title": values.get("title") or "", "text": values["text"]},
            )
        return doc_id

    def duplicate_candidates(self, bands: Sequence[str]) -> list[tuple[int, bytes, int]]:
        """(id, signature, dup group) of documents sharing an LSH band."""
        if not bands:
            return []
        rows = self.conn.execute(self.sql["dup_candidates"], {"bands": list(bands)})
        return [(r[0], r[1], r[2] or r[0]) for r in rows if r[1] is not None]

    def delete_document(self, doc_id: int, doc_key: str) -> None:
        """Remove a document and everything derived from it; tidy entities and clusters."""
        s = self.session
        entity_ids = set(
            s.execute(select(DocEntity.entity_id).where(DocEntity.document_id == doc_id)).scalars()
        )
        cluster_ids = {
            int(c)
            for c in s.execute(
                select(KbEvent.cluster_id).where(KbEvent.document_id == doc_id)
            ).scalars()
            if c is not None
        }
        if self.dialect == "sqlite":
            s.execute(text("DELETE FROM documents_fts WHERE rowid = :id"), {"id": doc_id})
        # members of its near-duplicate group move to the next oldest document
        members = list(
            s.execute(
                select(Document.id)
                .where(Document.dup_group == doc_id, Document.id != doc_id)
                .order_by(Document.id)
            ).scalars()
        )
        s.execute(delete(Document).where(Document.id == doc_id))
        if members:
            s.execute(update(Document).where(Document.id.in_(members)).values(dup_group=members[0]))
        if cluster_ids:
            self._drop_conflicts_citing(cluster_ids, doc_key)
            self.refresh_clusters(cluster_ids)
        s.execute(update(KbAlias).where(KbAlias.document_id == doc_id).values(document_id=None))
        self.prune_entities(entity_ids)
        self.rebuild_contexts(entity_ids)

    def _drop_conflicts_citing(self, cluster_ids: Iterable[int], doc_key: str) -> None:
        rows = self.session.execute(
            select(KbConflict.id, KbConflict.items).where(KbConflict.cluster_id.in_(cluster_ids))
        )
        gone = [r[0] for r in rows if any(str(i).startswith(f"{doc_key}#") for i in r[1])]
        if gone:
            self.session.execute(delete(KbConflict).where(KbConflict.id.in_(gone)))

    def prune_entities(self, entity_ids: Iterable[int]) -> None:
        """Delete those of ``entity_ids`` that no document mentions any more."""
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

    # entities ----------------------------------------------------------------------------

    def entity_candidates(
        self, keys: Iterable[str], skeletons: Iterable[str], words: Iterable[str]
    ) -> list[dict[str, Any]]:
        """Known entities with a matching alias key, skeleton, or first or last key word.

        Returns dicts with ``id name label lat lon names``; :meth:`entity_contexts` reads
        the context of those that need it.
        """
        keys, skeletons, words = list(keys), list(skeletons), list(words)
        if not keys:
            return []
        out: dict[int, dict[str, Any]] = {}
        params = {"keys": keys + words, "skeletons": skeletons, "firsts": words, "lasts": words}
        for row in self.conn.execute(self.sql["candidates"], params):
            if row[0] in out:
                out[row[0]]["names"].append(row[5])
            else:
                out[row[0]] = {
                    "id": row[0],
                    "name": row[1],
                    "label": row[2],
                    "lat": row[3],
                    "lon": row[4],
                    "names": [row[5]],
                }
        return list(out.values())

    def entity_contexts(
        self, ids: Iterable[int]
    ) -> dict[int, tuple[frozenset[str], tuple[str, str]]]:
        """The stored context of entities, in one query: (the name keys co-mentioned in
        their recent documents, the stored text for :meth:`update_contexts`)."""
        wanted = list(ids)
        if not wanted:
            return {}
        out = {}
        for eid, docs, ctx in self.conn.execute(self.sql["contexts"], {"ids": wanted}):
            docs, ctx = docs or "", ctx or ""
            # the union of the entries: one split, however many documents
            keys = _context_keys(ctx) if docs else frozenset()
            out[eid] = (keys, (docs, ctx))
        return out

    def update_contexts(
        self,
        doc_id: int,
        rows: Sequence[tuple[int, str]],
        recent: dict[int, tuple[str, str]],
    ) -> None:
        """Put document ``doc_id`` first in the stored context of each entity it mentions.

        Args:
            doc_id: the document just stored (the newest).
            rows: its (entity id, name key) links.
            recent: the entities' stored context text, as :meth:`entity_contexts` returns
                it (missing: none yet).
        """
        by_entity: dict[int, set[str]] = {eid: set() for eid, _ in rows}
        if not by_entity:
            return
        for eid, others in by_entity.items():
            others.update(k for e, k in rows if e != eid and k)
        params = []
        for eid, keys in by_entity.items():
            docs, ctx = recent.get(eid, ("", ""))
            old = list(zip(docs.split(), ctx.split(_ENTRY), strict=False))
            params.append(
                _encode_context([(str(doc_id), _entry(keys)), *old[: CONTEXT_DOCS - 1]], eid)
            )
        self.conn.execute(_SET_CONTEXT, params)

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
            if len(recent[eid]) < CONTEXT_DOCS:
                recent[eid].append(doc)
        docs = sorted({d for ds in recent.values() for d in ds})
        by_doc: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for chunk in _chunks(docs, 500):
            for doc_id, eid, key in self.session.execute(
                select(DocEntity.document_id, DocEntity.entity_id, DocEntity.key).where(
                    DocEntity.document_id.in_(chunk)
                )
            ):
                by_doc[doc_id].append((eid, key))
        params = [
            _encode_context(
                [
                    (str(d), _entry({k for e, k in by_doc[d] if e != eid and k}))
                    for d in recent.get(eid, [])
                ],
                eid,
            )
            for eid in ids
        ]
        self.conn.execute(_SET_CONTEXT, params)

    def stored_contexts(self, entity_ids: Iterable[int]) -> dict[int, list[tuple[int, set[str]]]]:
        """The stored context of entities: (document id, co-mentioned keys), newest first."""
        rows = self.conn.execute(
            select(_ENT.c.id, _ENT.c.context_docs, _ENT.c.context).where(
                _ENT.c.id.in_(list(entity_ids))
            )
        )
        return {
            r[0]: [
                (int(d), set(e.split(_KEY)) - {""})
                for d, e in zip((r[1] or "").split(), (r[2] or "").split(_ENTRY), strict=False)
            ]
            for r in rows
        }

    def load_overrides(self) -> tuple[dict[str, str], set[tuple[str, str]]]:
        """Hand corrections: (merges key → target key, splits {(key, target key)})."""
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

    def insert_entity(self, values: dict[str, Any]) -> int:
        """A new knowledge-base entity; returns its id."""
        return int(self.conn.execute(insert(_ENT).returning(_ENT.c.id), values).scalar_one())

    def insert_entities(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        """New knowledge-base entities; returns their ids in order."""
        if not rows:
            return []
        result = self.conn.execute(_INSERT_ENTITIES, list(rows))
        return [int(r[0]) for r in result]

    def rename_entity(self, entity_id: int, name: str, key: str) -> None:
        """Give an entity a better canonical name."""
        self.session.execute(
            update(KbEntity).where(KbEntity.id == entity_id).values(name=name, key=key)
        )

    def entity_names(self, entity_id: int) -> tuple[str, str, str] | None:
        """(name, key, label) of an entity."""
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
        """New aliases (``entity_id name key skeleton first last reason score document_id``)."""
        if rows:
            self.conn.execute(_INSERTS["aliases"], list(rows))

    def insert_doc_entities(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Per-document entity links (of one document); returns their ids in order."""
        return self.insert_rows("doc_entities", rows, ids=True)

    def insert_rows(
        self, table: str, rows: Sequence[dict[str, Any]], *, ids: bool = False
    ) -> list[int]:
        """Insert rows of one document into a per-document table in one statement.

        With ``ids``, returns the new rows' ids in order, read back by ``local_id`` in a
        second statement (a RETURNING that keeps the rows' order costs one statement per
        row on SQLite; it is the fallback when local ids repeat).
        """
        if not rows:
            return []
        core: Any = TABLES[table].__table__
        local = [r.get("local_id") for r in rows]
        if ids and (None in local or len(set(local)) != len(local)):
            result = self.conn.execute(
                insert(core).returning(core.c.id, sort_by_parameter_order=True), list(rows)
            )
            return [int(r[0]) for r in result]
        self.conn.execute(_INSERTS[table], list(rows))
        if not ids:
            return []
        found = {
            r[1]: int(r[0])
            for r in self.conn.execute(
                self.sql["read_back"][table], {"doc": rows[0]["document_id"], "local": local}
            )
        }
        return [found[k] for k in local]

    # event clusters ---------------------------------------------------------------------

    def cluster_candidates(
        self,
        type_: str,
        place_id: int | None,
        participants: Iterable[int],
        bbox: tuple[float, float, float, float] | None,
    ) -> list[dict[str, Any]]:
        """Clusters of ``type_`` that share the place, a participant, or lie in ``bbox``.

        Returns dicts with ``id type earliest latest lat lon place_ids participants``.
        """
        s = self.session
        parts = list(set(participants))
        via: list[Any] = []  # selects of cluster ids
        if place_id is not None:
            via.append(select(KbEvent.cluster_id).where(KbEvent.place_entity_id == place_id))
        if parts:
            via.append(
                select(KbEvent.cluster_id)
                .join(EventParticipant, EventParticipant.event_id == KbEvent.id)
                .where(EventParticipant.entity_id.in_(parts))
            )
        conds: list[Any] = [
            EventCluster.id.in_(v.where(KbEvent.type == type_).limit(CANDIDATE_LIMIT)) for v in via
        ]
        if bbox is not None:
            lat0, lat1, lon0, lon1 = bbox
            conds.append(
                and_(EventCluster.lat.between(lat0, lat1), EventCluster.lon.between(lon0, lon1))
            )
        if not conds:
            return []
        rows = s.execute(
            select(
                EventCluster.id,
                EventCluster.type,
                EventCluster.earliest,
                EventCluster.latest,
                EventCluster.lat,
                EventCluster.lon,
            )
            .where(EventCluster.type == type_, or_(*conds))
            .limit(CANDIDATE_LIMIT)
        ).all()
        out: dict[Any, dict[str, Any]] = {
            r[0]: {
                "id": r[0],
                "type": r[1],
                "earliest": r[2],
                "latest": r[3],
                "lat": r[4],
                "lon": r[5],
                "place_ids": set(),
                "participants": set(),
            }
            for r in rows
        }
        if not out:
            return []
        for cid, pid in s.execute(
            select(KbEvent.cluster_id, KbEvent.place_entity_id).where(
                KbEvent.cluster_id.in_(list(out)), KbEvent.place_entity_id.is_not(None)
            )
        ):
            out[cid]["place_ids"].add(pid)
        for cid, eid in s.execute(
            select(KbEvent.cluster_id, EventParticipant.entity_id)
            .join(EventParticipant, EventParticipant.event_id == KbEvent.id)
            .where(KbEvent.cluster_id.in_(list(out)))
        ):
            out[cid]["participants"].add(eid)
        return list(out.values())

    def cluster_reports(self, cluster_id: int) -> list[dict[str, Any]]:
        """The reports of a cluster: ``ref fatalities place_id place_name document_id``."""
        rows = self.session.execute(
            select(
                Document.doc_key,
                KbEvent.local_id,
                KbEvent.fatalities,
                KbEvent.place_entity_id,
                KbEntity.name,
                KbEvent.document_id,
            )
            .join(Document, Document.id == KbEvent.document_id)
            .outerjoin(KbEntity, KbEntity.id == KbEvent.place_entity_id)
            .where(KbEvent.cluster_id == cluster_id)
        )
        return [
            {
                "ref": f"{r[0]}#{r[1]}",
                "fatalities": r[2],
                "place_id": r[3],
                "place_name": r[4],
                "document_id": r[5],
            }
            for r in rows
        ]

    def new_cluster(self, values: dict[str, Any]) -> int:
        """Create an event cluster; returns its id."""
        return int(self.conn.execute(_INSERT_CLUSTER, values).scalar_one())

    def update_cluster(self, cluster_id: int, values: dict[str, Any]) -> None:
        """Set fields of a cluster."""
        self.session.execute(
            update(EventCluster).where(EventCluster.id == cluster_id).values(**values)
        )

    def refresh_clusters(self, cluster_ids: Iterable[int]) -> None:
        """Recount reports and independent sources of clusters, and set their date range
        (known time, else the first report's publication day); delete empty ones."""
        ids = list(set(cluster_ids))
        if not ids:
            return
        params: list[dict[str, Any]] = []
        rows = self.session.execute(
            select(
                EventCluster.id,
                EventCluster.earliest,
                EventCluster.latest,
                func.count(func.distinct(KbEvent.document_id)),
                func.count(func.distinct(Document.dup_group)),
                func.min(Document.published),
            )
            .join(KbEvent, KbEvent.cluster_id == EventCluster.id)
            .join(Document, Document.id == KbEvent.document_id)
            .where(EventCluster.id.in_(ids))
            .group_by(EventCluster.id, EventCluster.earliest, EventCluster.latest)
        )
        for cid, earliest, latest, reports, sources, published in rows:
            first, last = cluster_dates(earliest, latest, published)
            params.append(
                {"cid": cid, "reports": reports, "sources": sources, "first": first, "last": last}
            )
        seen = {p["cid"] for p in params}
        empty = [i for i in ids if i not in seen]
        if empty:
            self.session.execute(delete(KbConflict).where(KbConflict.cluster_id.in_(empty)))
            self.session.execute(delete(EventCluster).where(EventCluster.id.in_(empty)))
        if params:
            core: Any = EventCluster.__table__
            self.session.execute(
                update(core)
                .where(core.c.id == bindparam("cid"))
                .values(
                    reports=bindparam("reports"),
                    sources=bindparam("sources"),
                    date_first=bindparam("first"),
                    date_last=bindparam("last"),
                ),
                params,
            )

    # hand corrections -------------------------------------------------------------------

    def move_entity(
        self, source_id: int, target_id: int, doc_key_filter: str | None = None
    ) -> None:
        """Re-point every reference of entity ``source_id`` to ``target_id``."""
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
        out: dict[str, list[int]] = defaultdict(list)
        for rid, key in self.session.execute(
            select(DocEntity.id, DocEntity.key).where(DocEntity.entity_id == entity_id)
        ):
            out[key].append(rid)
        return dict(out)


TABLES: dict[str, Any] = {
    "aliases": KbAlias,
    "doc_entities": DocEntity,
    "mentions": KbMention,
    "quotes": KbQuote,
    "times": KbTime,
    "events": KbEvent,
    "event_participants": EventParticipant,
    "sources": EventSource,
    "conflicts": KbConflict,
}

_INSERTS = {name: insert(model.__table__) for name, model in TABLES.items()}
REFERENCES = (
    (DocEntity, DocEntity.entity_id),
    (KbMention, KbMention.entity_id),
    (KbQuote, KbQuote.speaker_entity_id),
    (KbEvent, KbEvent.place_entity_id),
    (EventSource, EventSource.entity_id),
    (EventCluster, EventCluster.place_entity_id),
)


_ENTRY = "\x1e"
_KEY = "\x1f"


@lru_cache(maxsize=8192)
def _context_keys(ctx: str) -> frozenset[str]:
    """The union of a stored context's entries: one split, however many documents (kept
    for the candidates that come close to an article's names without being linked, and so
    are read again unchanged)."""
    return frozenset(ctx.replace(_ENTRY, _KEY).split(_KEY)) - {""}


def _entry(keys: Iterable[str]) -> str:
    """One document's context entry: its name keys, sorted, joined by a unit separator."""
    return _KEY.join(sorted(k.replace(_KEY, " ").replace(_ENTRY, " ") for k in keys))


def _encode_context(entries: Sequence[tuple[str, str]], eid: int) -> dict[str, Any]:
    """Parameters of :data:`_SET_CONTEXT`: document ids space-separated, newest first, and
    their entries separated by a record separator (compact, and split in C when read)."""
    return {
        "eid": eid,
        "docs": " ".join(d for d, _ in entries),
        "ctx": _ENTRY.join(e for _, e in entries),
    }


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def cluster_dates(
    earliest: str | None, latest: str | None, published: Any
) -> tuple[str | None, str | None]:
    """A cluster's date range: its known time range, else the day its first report was
    published (the event happened by then)."""
    if earliest:
        return earliest, latest or earliest
    day = published.isoformat() if isinstance(published, date) else published
    day = str(day)[:10] if day else None
    return day, day


def as_date(value: str | None) -> date | None:
    """An ISO date string as a date (None when missing or malformed)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


__all__ = ["Repository", "as_date", "cluster_dates"]

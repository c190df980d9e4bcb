"""Writes to the knowledge base, and the candidate lookups the resolver needs.

:class:`Repository` wraps one SQLAlchemy session (one transaction). It speaks plain Python
values (dicts, tuples, ints) so that callers never touch SQLAlchemy; reads for the commands
(entity page, timeline, search, export, stats) are in :mod:`storyline.store.queries`.

Writes are queued and sent table by table (:meth:`Repository.flush`): an ingest stores many
articles in one transaction, and one ``executemany`` per table costs far less than a few
statements per article (one round trip each on PostgreSQL). Their ids are handed out
beforehand (:mod:`storyline.store.ids`), so that rows can refer to rows not yet written.
Every read, and every statement run at once, sends the queue first: reads see every write.
Core statements throughout: the ORM's unit of work would cost more than the SQL.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    Integer,
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
    true,
    update,
)
from sqlalchemy.orm import Session

from . import bulk
from .ids import TABLES as ID_TABLES
from .ids import IdAllocator
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
    KbState,
    KbTime,
    Override,
)

_DOC: Any = Document.__table__
_BAND: Any = DocumentBand.__table__
_ENT: Any = KbEntity.__table__
_ALIAS: Any = KbAlias.__table__
_OVERRIDE: Any = Override.__table__

# the statements of the ingest path, built once (SQLAlchemy Core on the session's
# connection: the ORM layer would cost more than the SQL)
_FIND = select(_DOC.c.id, _DOC.c.doc_key, _DOC.c.content_hash)
_INSERT_FTS = text("INSERT INTO documents_fts(rowid, title, text) VALUES (:id, :title, :text)")
_STATE: Any = KbState.__table__
_BUMP = (update(_STATE).where(_STATE.c.id == 1).values(version=_STATE.c.version + 1)).returning(
    _STATE.c.version
)


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
def _statements(dialect: str, limit: int) -> dict[str, Any]:
    """The ingest path's statements that take lists, for one dialect and candidate limit
    (built once)."""
    if dialect == "postgresql":
        # per wanted band, an index lookup (LATERAL, at most ``limit`` documents):
        # PostgreSQL planned both a list test (``= ANY``) and a join to the list as scans
        # of all the bands, 0.02 to 0.2 s a batch at 10,000 articles
        bands = func.unnest(bindparam("bands", type_=ARRAY(String())))
        wanted = bands.table_valued("value").render_derived()
        per_band = (
            select(_BAND.c.document_id).where(_BAND.c.band == wanted.c.value).limit(limit).lateral()
        )
        band_members = (
            select(wanted.c.value, _DOC.c.id, _DOC.c.minhash, _DOC.c.dup_group)
            .select_from(wanted)
            .join(per_band, true())
            .join(_DOC, _DOC.c.id == per_band.c.document_id)
        )
    else:
        band_members = (
            select(_BAND.c.band, _DOC.c.id, _DOC.c.minhash, _DOC.c.dup_group)
            .join(_DOC, _DOC.c.id == _BAND.c.document_id)
            .where(_in(_BAND.c.band, "bands", dialect))
        )
    find = _FIND.where(
        or_(_in(_DOC.c.doc_key, "keys", dialect), _in(_DOC.c.content_hash, "hashes", dialect))
    )
    return {"band_members": band_members, "find": find}


_OVERRIDES = select(_OVERRIDE.c.action, _OVERRIDE.c.key, _OVERRIDE.c.target_key).order_by(
    _OVERRIDE.c.id
)
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


class Repository:
    """Knowledge-base writes and resolver lookups inside one session (one transaction).

    Args:
        session: the transaction's session.
        ids: the writer's id allocator (kept between transactions).
        context_docs: how many of an entity's most recent documents its stored context
            keeps (the resolver's setting).
        candidate_limit: the most candidates (near-duplicate band members, event
            clusters) one lookup returns (the resolver's setting).
    """

    def __init__(
        self,
        session: Session,
        ids: IdAllocator | None = None,
        *,
        context_docs: int,
        candidate_limit: int,
    ) -> None:
        self.session = session
        self.conn = session.connection()
        self.dialect = self.conn.dialect.name
        self.context_docs = context_docs
        self.candidate_limit = candidate_limit
        self.sql = _statements(self.dialect, candidate_limit)
        self.ids = ids or IdAllocator()
        self.ids.begin()
        self._queued: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._names: dict[int, dict[str, Any]] = {}
        self._contexts: dict[int, list[tuple[int, Iterable[str]]]] = {}

    # the write queue ---------------------------------------------------------------------

    def bump_version(self) -> int:
        """Raise the knowledge base's write version (taking the write lock); returns it."""
        version = self.conn.execute(_BUMP).scalar()
        if version is None:  # a database made without the migration's row
            self.conn.execute(insert(_STATE).values(id=1, version=1))
            return 1
        return int(version)

    def new_ids(self, table: str, n: int) -> list[int]:
        """``n`` ids for rows of ``table`` (see :mod:`storyline.store.ids`)."""
        return self.ids.take(self.conn, table, n)

    def queue(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """Rows to insert into ``table`` (a name of :data:`FLUSH_ORDER`) at the next flush."""
        if rows:
            self._queued[table].extend(rows)

    def flush(self) -> None:
        """Send every queued write, one statement per table, parents before children."""
        if not (self._queued or self._names or self._contexts):
            return
        queued, self._queued = self._queued, defaultdict(list)
        for table in FLUSH_ORDER:
            rows = queued.pop(table, None)
            if not rows:
                continue
            if table == "documents_fts":
                self.conn.execute(_INSERT_FTS, rows)
            else:
                bulk.insert_rows(self.conn, _QUEUED[table], rows)
        if queued:
            raise ValueError(f"no flush order for {sorted(queued)}")
        if self._names:
            self.conn.execute(_SET_NAME, list(self._names.values()))
            self._names = {}
        if self._contexts:
            params = [
                _encode_context([(str(d), _stored_entry(keys)) for d, keys in entries], eid)
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

    # documents ---------------------------------------------------------------------------

    def find_documents(
        self, keys: Sequence[str], hashes: Sequence[str]
    ) -> list[tuple[int, str, str]]:
        """(id, key, content hash) of the stored documents with one of ``keys`` or
        ``hashes`` (one query for a batch of articles)."""
        self.flush()
        rows = self.conn.execute(self.sql["find"], {"keys": list(keys), "hashes": list(hashes)})
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    def insert_document(self, values: dict[str, Any], bands: Sequence[str]) -> int:
        """Queue a document (and its full-text row and LSH bands); returns its id. A
        document of no near-duplicate group starts its own (``dup_group`` its id)."""
        (doc_id,) = self.new_ids("documents", 1)
        values = {
            **values,
            "id": doc_id,
            "dup_group": values.get("dup_group") or doc_id,
            "ingested_at": datetime.now(UTC).replace(tzinfo=None),
        }
        self.queue("documents", [values])
        self.queue("document_bands", [{"document_id": doc_id, "band": b} for b in bands])
        if self.dialect == "sqlite":
            self.queue(
                "documents_fts",
                [{"id": doc_id, "title": values.get("title") or "", "text": values["text"]}],
            )
        return doc_id

    def band_members(self, bands: Iterable[str]) -> list[tuple[str, int, bytes, int]]:
        """(band, id, signature, near-duplicate group) of stored documents in ``bands``."""
        wanted = sorted(set(bands))
        if not wanted:
            return []
        self.flush()
        rows = self.conn.execute(self.sql["band_members"], {"bands": wanted})
        return [(r[0], int(r[1]), r[2], int(r[3] or r[1])) for r in rows if r[2] is not None]

    def delete_document(self, doc_id: int, doc_key: str) -> None:
        """Remove a document and everything derived from it; tidy entities and clusters."""
        self.flush()
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

    # entities ----------------------------------------------------------------------------

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
        self.flush()
        rows = self.conn.execute(
            select(_ENT.c.id, _ENT.c.context_docs, _ENT.c.context).where(
                _ENT.c.id.in_(list(entity_ids))
            )
        )
        return {r[0]: [(d, set(keys)) for d, keys in decode_context(r[1], r[2])] for r in rows}

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

    def insert_rows(
        self, table: str, rows: Sequence[dict[str, Any]], *, ids: bool = False
    ) -> list[int]:
        """Queue rows of a per-document table (a name of :data:`TABLES`); returns their ids
        in order when ``ids`` (a table whose ids are handed out beforehand always gets
        them: rows of one table must be alike)."""
        if not rows:
            return []
        name = TABLES[table].__tablename__
        if name not in ID_TABLES:
            if ids:
                raise ValueError(f"ids of {table!r} are made by the database")
            self.queue(table, rows)
            return []
        new = self.new_ids(name, len(rows))
        self.queue(table, [{**r, "id": i} for r, i in zip(rows, new, strict=True)])
        return new if ids else []

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
        self.flush()
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
            EventCluster.id.in_(v.where(KbEvent.type == type_).limit(self.candidate_limit))
            for v in via
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
            .order_by(EventCluster.id)  # ties go to the oldest cluster, on every backend
            .limit(self.candidate_limit)
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
        self.flush()
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
            .order_by(KbEvent.id)
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
        """Queue a new event cluster; returns its id."""
        (cluster_id,) = self.new_ids("event_clusters", 1)
        self.queue("event_clusters", [{**values, "id": cluster_id}])
        return cluster_id

    def update_cluster(self, cluster_id: int, values: dict[str, Any]) -> None:
        """Set fields of a cluster."""
        self.flush()
        self.session.execute(
            update(EventCluster).where(EventCluster.id == cluster_id).values(**values)
        )

    def refresh_clusters(self, cluster_ids: Iterable[int]) -> None:
        """Recount reports and independent sources of clusters, and set their date range
        (known time, else the first report's publication day); delete empty ones."""
        ids = list(set(cluster_ids))
        if not ids:
            return
        self.flush()
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

_QUEUED: dict[str, Any] = {
    name: model.__table__
    for name, model in {
        **TABLES,
        "documents": Document,
        "document_bands": DocumentBand,
        "entities": KbEntity,
        "event_clusters": EventCluster,
    }.items()
}
FLUSH_ORDER = (
    "documents",
    "document_bands",
    "documents_fts",
    "entities",
    "aliases",
    "doc_entities",
    "mentions",
    "quotes",
    "times",
    "event_clusters",
    "events",
    "event_participants",
    "sources",
    "conflicts",
)
"""The tables of the write queue, in the order a flush writes them (referenced first)."""
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


def _entry(keys: Iterable[str]) -> str:
    """One document's context entry: its name keys, sorted, joined by a unit separator."""
    clean = [
        k.replace(_KEY, " ").replace(_ENTRY, " ") if _KEY in k or _ENTRY in k else k for k in keys
    ]
    return _KEY.join(sorted(clean))


@lru_cache(maxsize=65536)
def _frozen_entry(keys: frozenset[str] | tuple[str, ...]) -> str:
    # the same document's entry is written again each time a later one pushes it down
    return _entry(keys)


def _stored_entry(keys: Iterable[str]) -> str:
    return _frozen_entry(keys) if isinstance(keys, frozenset | tuple) else _entry(keys)


def _encode_context(entries: Sequence[tuple[str, str]], eid: int) -> dict[str, Any]:
    """Parameters of :data:`_SET_CONTEXT`: document ids space-separated, newest first, and
    their entries separated by a record separator (compact, and split in C when read)."""
    return {
        "eid": eid,
        "docs": " ".join(d for d, _ in entries),
        "ctx": _ENTRY.join(e for _, e in entries),
    }


def decode_context(docs: str | None, ctx: str | None) -> list[tuple[int, tuple[str, ...]]]:
    """A stored context as (document id, co-mentioned name keys, sorted), newest first."""
    # interned: the same names recur in the context of entity after entity
    return [
        (int(d), tuple(sys.intern(k) for k in e.split(_KEY) if k))
        for d, e in zip((docs or "").split(), (ctx or "").split(_ENTRY), strict=False)
    ]


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


__all__ = ["FLUSH_ORDER", "Repository", "as_date", "cluster_dates", "decode_context"]

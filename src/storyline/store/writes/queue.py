"""The write queue: rows queued per table and sent one statement per table.

An ingest stores many articles in one transaction, and one ``executemany`` per table costs
far less than a few statements per article (one round trip each on PostgreSQL). Their ids
are handed out beforehand (:mod:`storyline.store.ids`), so that rows can refer to rows not
yet written. Every read, and every statement run at once, sends the queue first: reads see
every write. Core statements throughout: the ORM's unit of work would cost more than the SQL.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ARRAY, String, TypeDecorator, any_, bindparam, func, insert, select, text
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from .. import bulk
from ..ids import TABLES as ID_TABLES
from ..ids import IdAllocator
from ..tables import (
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
)

_INSERT_FTS = text("INSERT INTO documents_fts(rowid, title, text) VALUES (:id, :title, :text)")
_STATE: Any = KbState.__table__
_BUMP = (sql_update(_STATE).where(_STATE.c.id == 1).values(version=_STATE.c.version + 1)).returning(
    _STATE.c.version
)

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
"""The per-document tables :meth:`WriteQueue.insert_rows` takes, by name."""
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


class _JsonList(TypeDecorator[list[Any]]):
    """A Python list bound as one JSON text parameter (for SQLite's ``json_each``)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str:
        return json.dumps(list(value))


def in_list(column: Any, name: str, dialect: str) -> Any:
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


class WriteQueue:
    """One session (one transaction): its connection, the writer's ids and queued rows.

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
        self.ids = ids or IdAllocator()
        self.ids.begin()
        self._queued: dict[str, list[dict[str, Any]]] = defaultdict(list)

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
        if not self._queued:
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


__all__ = ["FLUSH_ORDER", "TABLES", "WriteQueue", "in_list"]

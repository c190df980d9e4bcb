"""Row ids handed out before the rows are written.

The ingest path queues an article's rows and writes them table by table, many articles at a
time (:class:`~storyline.store.repository.Repository`); rows refer to each other (a mention
to its document entity, an event to its time), so their ids must be known before they are
written, not read back afterwards.

* PostgreSQL: ids come from the table's own sequence, reserved a block at a time
  (``nextval`` never hands a value out twice, whoever asks, and a rolled-back transaction
  leaves only a gap).
* SQLite: the next id is one past the table's largest. This is safe because the ingest
  transaction takes the database's write lock first (it raises the write version), and the
  counters last one transaction (:meth:`IdAllocator.begin`).
"""

from __future__ import annotations

from collections import deque
from typing import Any

from sqlalchemy import text

BLOCK = 1024
"""How many ids a PostgreSQL reservation takes at least."""
TABLES = frozenset(
    {"documents", "entities", "doc_entities", "quotes", "times", "events", "event_clusters"}
)
"""The tables whose ids are handed out here (every insert into them goes through here)."""

_RESERVE = text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)")


class IdAllocator:
    """Ids per table; keep one per knowledge base, call :meth:`begin` in each transaction."""

    def __init__(self) -> None:
        self._reserved: dict[str, deque[int]] = {}
        self._next: dict[str, int] = {}

    def begin(self) -> None:
        """A new transaction: SQLite counters are read again."""
        self._next.clear()

    def forget(self) -> None:
        """Drop everything held (after a failed transaction, or a database emptied)."""
        self._next.clear()
        self._reserved.clear()

    def take(self, conn: Any, table: str, n: int) -> list[int]:
        """``n`` new ids of ``table``, ascending."""
        if table not in TABLES:
            raise ValueError(f"ids of {table!r} are made by the database")
        if n <= 0:
            return []
        if conn.dialect.name == "postgresql":
            return self._from_sequence(conn, table, n)
        start = self._next.get(table)
        if start is None:
            # the table name is one of TABLES, never user input
            start = int(conn.execute(text(f"SELECT max(id) FROM {table}")).scalar() or 0) + 1
        self._next[table] = start + n
        return list(range(start, start + n))

    def _from_sequence(self, conn: Any, table: str, n: int) -> list[int]:
        held = self._reserved.setdefault(table, deque())
        if len(held) < n:
            rows = conn.execute(_RESERVE, {"t": table, "n": max(BLOCK, n - len(held))})
            held.extend(sorted(int(r[0]) for r in rows))
        return [held.popleft() for _ in range(n)]


__all__ = ["BLOCK", "TABLES", "IdAllocator"]

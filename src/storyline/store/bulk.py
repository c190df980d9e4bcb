"""Many rows into one table at once, the fastest way each backend offers.

* SQLite: SQLAlchemy's ``executemany`` (sqlite3 runs it in C, one prepared statement).
* PostgreSQL: ``COPY ... FROM STDIN`` through psycopg, on the transaction's connection
  (for a few rows, one plain INSERT).
  psycopg's ``executemany`` sends one statement per row (pipelined), and SQLAlchemy's
  multi-row VALUES makes the server parse a new, long statement every time; COPY took a
  twentieth of the time of the first for 1,600 rows of ``document_bands`` (measured on a
  local PostgreSQL 15), and an ingest batch writes thousands of rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Table, insert

COPY_FROM = 20
"""The fewest rows sent with COPY: a COPY costs a few plain INSERTs before its first row
(about 0.2 ms against 0.05 ms for a one-row INSERT, measured on a local PostgreSQL 15)."""


def insert_rows(conn: Any, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, named by column) into ``table``."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(_insert(table), list(rows))
        return
    if len(rows) == 1:
        conn.execute(_insert(table), rows[0])
        return
    if len(rows) < COPY_FROM:
        # one multi-row VALUES statement: psycopg's executemany enters pipeline mode and
        # syncs, which cost a few round trips for a handful of rows
        conn.execute(_insert(table).values(list(rows)))
        return
    columns = list(rows[0])
    as_json = _json_columns(table)
    names = ", ".join(_quoted(c) for c in columns)
    driver = conn.connection.driver_connection
    with (
        driver.cursor() as cur,
        cur.copy(f"COPY {_quoted(table.name)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(
                [
                    json.dumps(row[c]) if c in as_json and row[c] is not None else row[c]
                    for c in columns
                ]
            )


@lru_cache(maxsize=64)
def _insert(table: Table) -> Any:
    return insert(table)


@lru_cache(maxsize=64)
def _json_columns(table: Table) -> frozenset[str]:
    return frozenset(c.key for c in table.columns if isinstance(c.type, JSON))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


__all__ = ["insert_rows"]

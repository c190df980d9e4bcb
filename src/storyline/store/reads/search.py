"""Full-text search over the stored documents' titles and texts."""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from .common import iso
from .records import SearchHit

_WORD = re.compile(r"\w+", re.UNICODE)


def search(session: Session, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Full-text search over titles and texts (FTS5 on SQLite, ``tsvector`` on PostgreSQL).

    Every word of ``query`` must occur (stemmed); results come best first, ``limit`` of
    them after the first ``offset``.
    """
    words = _WORD.findall(query)
    if not words:
        return []
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        rows = session.execute(
            text(
                "SELECT d.doc_key, d.title, d.published, d.source, "
                "snippet(documents_fts, 1, '[', ']', '…', 16) AS snip, bm25(documents_fts) "
                "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                "WHERE documents_fts MATCH :q ORDER BY bm25(documents_fts) LIMIT :n OFFSET :o"
            ),
            {"q": match, "n": limit, "o": offset},
        )
    else:
        rows = session.execute(
            text(
                "SELECT d.doc_key, d.title, d.published, d.source, "
                "ts_headline('english', d.text, q, 'StartSel=[, StopSel=], MaxWords=24, "
                "MinWords=8') AS snip, ts_rank(d.search, q) AS rank "
                "FROM documents d, plainto_tsquery('english', :q) q "
                "WHERE d.search @@ q ORDER BY rank DESC, d.id LIMIT :n OFFSET :o"
            ),
            {"q": " ".join(words), "n": limit, "o": offset},
        )
    return [SearchHit(r[0], r[1], iso(r[2]), r[3], " ".join(str(r[4]).split())) for r in rows]


def search_count(session: Session, query: str) -> int:
    """How many documents :func:`search` finds for ``query``, unpaged."""
    words = _WORD.findall(query)
    if not words:
        return 0
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        sql = "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :q"
        return int(session.execute(text(sql), {"q": match}).scalar_one())
    sql = "SELECT count(*) FROM documents d, plainto_tsquery('english', :q) q WHERE d.search @@ q"
    return int(session.execute(text(sql), {"q": " ".join(words)}).scalar_one())


__all__ = ["search", "search_count"]

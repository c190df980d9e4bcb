"""Write-time structures for fast ingest and timelines: each entity's recent context
(``entities.context``) and each event cluster's effective date range
(``event_clusters.date_first``/``date_last``), filled in for the rows already stored.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 09:00:00.000000
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CONTEXT_DOCS = 5


def upgrade() -> None:
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("context_docs", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("context", sa.Text(), nullable=True))
    with op.batch_alter_table("event_clusters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("date_first", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("date_last", sa.String(length=10), nullable=True))
        batch_op.create_index("ix_event_clusters_date", ["date_first", "date_last"])
    with op.batch_alter_table("doc_entities", schema=None) as batch_op:
        batch_op.create_index("ix_doc_entities_entity_doc", ["entity_id", "document_id"])
    _fill_contexts()
    _fill_dates()


def _fill_contexts() -> None:
    """Each entity's co-mentioned name keys in its most recent documents, as the store
    keeps them at write time: document ids space-separated, newest first, and their keys
    (sorted, joined by the unit separator 0x1F) joined by the record separator 0x1E."""
    conn = op.get_bind()
    by_doc: dict[int, list[tuple[int, str]]] = defaultdict(list)
    docs_of: dict[int, set[int]] = defaultdict(set)
    for doc_id, entity_id, key in conn.execute(
        sa.text("SELECT document_id, entity_id, key FROM doc_entities")
    ):
        by_doc[doc_id].append((entity_id, key))
        docs_of[entity_id].add(doc_id)
    rows = []
    for entity_id, docs in docs_of.items():
        recent = sorted(docs, reverse=True)[:CONTEXT_DOCS]
        entries = [
            "\x1f".join(
                sorted(
                    {
                        k.replace("\x1f", " ").replace("\x1e", " ")
                        for e, k in by_doc[d]
                        if e != entity_id and k
                    }
                )
            )
            for d in recent
        ]
        rows.append(
            {
                "id": entity_id,
                "docs": " ".join(str(d) for d in recent),
                "context": "\x1e".join(entries),
            }
        )
    if rows:
        conn.execute(
            sa.text("UPDATE entities SET context_docs = :docs, context = :context WHERE id = :id"),
            rows,
        )


def _fill_dates() -> None:
    """A cluster's date: its known time range, else its first report's publication day."""
    conn = op.get_bind()
    rows = []
    for cid, earliest, latest, published in conn.execute(
        sa.text(
            "SELECT c.id, c.earliest, c.latest, MIN(d.published) FROM event_clusters c "
            "LEFT JOIN events e ON e.cluster_id = c.id "
            "LEFT JOIN documents d ON d.id = e.document_id "
            "GROUP BY c.id, c.earliest, c.latest"
        )
    ):
        day = str(published)[:10] if published is not None else None
        first, last = (earliest, latest or earliest) if earliest else (day, day)
        rows.append({"id": cid, "first": first, "last": last})
    if rows:
        conn.execute(
            sa.text(
                "UPDATE event_clusters SET date_first = :first, date_last = :last WHERE id = :id"
            ),
            rows,
        )


def downgrade() -> None:
    with op.batch_alter_table("doc_entities", schema=None) as batch_op:
        batch_op.drop_index("ix_doc_entities_entity_doc")
    with op.batch_alter_table("event_clusters", schema=None) as batch_op:
        batch_op.drop_index("ix_event_clusters_date")
        batch_op.drop_column("date_last")
        batch_op.drop_column("date_first")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_column("context")
        batch_op.drop_column("context_docs")

"""Leaner writes: drop two indexes of ``doc_entities`` that no query uses.

``ix_doc_entities_entity_id`` is covered by ``ix_doc_entities_entity_doc`` (entity id,
document id), and no lookup goes by ``doc_entities.key`` alone (name lookups go through
``aliases``). Each index cost a random page write per linked entity on every ingest.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("doc_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_doc_entities_key"))
        batch_op.drop_index(batch_op.f("ix_doc_entities_entity_id"))


def downgrade() -> None:
    with op.batch_alter_table("doc_entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_doc_entities_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_doc_entities_key"), ["key"], unique=False)

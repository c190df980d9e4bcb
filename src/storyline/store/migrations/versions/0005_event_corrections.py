"""Hand corrections of events (``event_corrections``): "not an event" and "wrong type",
kept by document key and trigger and applied at every ingest.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_key", sa.String(length=512), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_text", sa.String(length=256), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=True),
        sa.Column("subtype", sa.String(length=64), nullable=True),
        sa.Column("was_type", sa.String(length=64), nullable=False),
        sa.Column("was_subtype", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event_corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_corrections_doc_key"), ["doc_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_corrections_doc_key"))
    op.drop_table("event_corrections")

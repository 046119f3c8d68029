"""Conversation log (pseudonymous questions and answers), inbox groups, handoffs and
generated secrets.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ref", sa.String(32), nullable=False, unique=True),
        sa.Column("user_key", sa.String(64), nullable=False),
        sa.Column("conversation_key", sa.String(64), nullable=False),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("intent", sa.String(100)),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("role", sa.String(255)),
        sa.Column("answered", sa.Boolean, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("feedback", sa.String(8)),
        sa.Column("review", sa.Boolean, nullable=False),
        sa.Column("group_id", sa.Integer),
        _ts("asked_at"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_questions_user_key", "questions", ["user_key"])
    op.create_index("ix_questions_conversation_key", "questions", ["conversation_key"])
    op.create_index("ix_questions_asked_at", "questions", ["asked_at"])
    op.create_index("ix_questions_review", "questions", ["review", "group_id"])
    op.create_table(
        "inbox_groups",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("status", sa.String(16), nullable=False),
        _ts("created_at"),
        _ts("resolved_at", nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_inbox_groups_status", "inbox_groups", ["status"])
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_key", sa.String(64), nullable=False),
        sa.Column("conversation", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(255), nullable=False),
        sa.Column("message_ref", sa.String(100)),
        _ts("opened_at"),
        _ts("expires_at"),
        _ts("closed_at", nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_handoffs_user_key", "handoffs", ["user_key"])
    op.create_index("ix_handoffs_conversation", "handoffs", ["conversation"])
    op.create_index("ix_handoffs_message_ref", "handoffs", ["message_ref"])
    op.create_table(
        "secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(255), nullable=False),
        _ts("created_at"),
    )


def downgrade() -> None:
    for table in ("secrets", "handoffs", "inbox_groups", "questions"):
        op.drop_table(table)

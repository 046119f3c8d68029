"""Pending questions: a question waiting for its conversation to choose a role.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_questions",
        sa.Column("conversation", sa.String(255), primary_key=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("choices", sa.Text, nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pending_questions")

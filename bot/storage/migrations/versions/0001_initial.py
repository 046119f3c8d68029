"""Initial schema: openings, rejected postings, subscriptions, schedules, deliveries (the
outbox), processed events and conversation roles.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "openings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("slug", sa.String(255), nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("company", sa.Text),
        sa.Column("skill", sa.String(100)),
        sa.Column("location", sa.Text),
        sa.Column("remote", sa.String(20)),
        sa.Column("salary", sa.Text),
        sa.Column("salary_min", sa.Float),
        sa.Column("salary_max", sa.Float),
        sa.Column("salary_currency", sa.String(3)),
        sa.Column("salary_period", sa.String(10)),
        sa.Column("apply_url", sa.Text),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source_path", sa.Text, nullable=False),
        _ts("first_seen"),
        _ts("recorded_at"),  # when the registry first stored it (digests of late syncs)
        _ts("updated_at"),
        _ts("closed_at", nullable=True),
        sa.Column("role_json", sa.JSON),
    )
    op.create_index("ix_openings_source_path", "openings", ["source_path"])
    op.create_index("ix_openings_first_seen", "openings", ["first_seen"])
    op.create_index("ix_openings_recorded_at", "openings", ["recorded_at"])
    op.create_table(
        "rejected_postings",
        sa.Column("source_path", sa.Text, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        _ts("first_seen"),
        _ts("rejected_at"),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("destination", sa.String(255), nullable=False, unique=True),
        sa.Column("filters", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("deactivated_reason", sa.Text),
        _ts("created_at"),
    )
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(255), nullable=False, unique=True),
        sa.Column("cron", sa.String(100), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("destinations", sa.JSON, nullable=False),
        sa.Column("filters", sa.JSON, nullable=False),
        sa.Column("paused", sa.Boolean, nullable=False),
        _ts("last_run_at", nullable=True),
        _ts("last_read_at", nullable=True),  # when the last run read the openings
        _ts("next_run_at", nullable=True),
        _ts("created_at"),
        # Never reuse a deleted schedule's id on SQLite: delivery keys start with it.
        sqlite_autoincrement=True,
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(512), nullable=False, unique=True),
        sa.Column("schedule_id", sa.Integer),
        _ts("scheduled_for"),
        sa.Column("destination", sa.String(255), nullable=False),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        _ts("next_attempt_at"),
        sa.Column("claimed_by", sa.String(100)),
        _ts("lease_until", nullable=True),
        sa.Column("last_error", sa.Text),
        _ts("created_at"),
        _ts("sent_at", nullable=True),
    )
    op.create_index("ix_deliveries_due", "deliveries", ["status", "next_attempt_at"])
    op.create_index("ix_deliveries_schedule_id", "deliveries", ["schedule_id"])
    op.create_index("ix_deliveries_destination", "deliveries", ["destination"])
    op.create_table(
        "processed_events",
        sa.Column("key", sa.String(255), primary_key=True),
        _ts("created_at"),
    )
    op.create_index("ix_processed_events_created_at", "processed_events", ["created_at"])
    op.create_table(
        "conversation_roles",
        sa.Column("conversation", sa.String(255), primary_key=True),
        sa.Column("role_slug", sa.String(255), nullable=False),
        _ts("updated_at"),
    )


def downgrade() -> None:
    for table in (
        "conversation_roles",
        "processed_events",
        "deliveries",
        "schedules",
        "subscriptions",
        "rejected_postings",
        "openings",
    ):
        op.drop_table(table)

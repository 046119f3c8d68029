"""SQLAlchemy 2 models for every table of the bot (the migrations create exactly these).

Repositories use the tables through SQLAlchemy Core (``Model.__table__``) and hand out frozen
records (:mod:`bot.storage.records`), so nothing outside this package sees a session.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import JSON, Boolean, Float, Index, Integer, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.storage.types import UTCDateTime


class Base(DeclarativeBase):
    """Declarative base; ``Base.metadata`` is the migrations' target."""


class OpeningRow(Base):
    """One posting imported by ``openings sync``: the openings feed behind digests."""

    __tablename__ = "openings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str] = mapped_column(Text)
    company: Mapped[str | None] = mapped_column(Text)
    skill: Mapped[str | None] = mapped_column(String(100))
    location: Mapped[str | None] = mapped_column(Text)
    remote: Mapped[str | None] = mapped_column(String(20))  # remote|hybrid|onsite|flexible
    salary: Mapped[str | None] = mapped_column(Text)  # as written
    salary_min: Mapped[float | None] = mapped_column(Float)
    salary_max: Mapped[float | None] = mapped_column(Float)
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_period: Mapped[str | None] = mapped_column(String(10))
    apply_url: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_path: Mapped[str] = mapped_column(Text, index=True)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)  # source's date
    # When this registry first stored the opening (set once at insert, never updated): an
    # opening synced late, with an older first_seen, is still new to digests (bot.digests.run).
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    role_json: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class RejectedPostingRow(Base):
    """A posting the builder refused, remembered so a re-sync does not count it again."""

    __tablename__ = "rejected_postings"

    source_path: Mapped[str] = mapped_column(Text, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    rejected_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SubscriptionRow(Base):
    """One subscription per destination (subscribing again replaces its filters)."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    destination: Mapped[str] = mapped_column(String(255), unique=True)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    subscribed_by: Mapped[str | None] = mapped_column(String(255))  # platform:user id


class ScheduleRow(Base):
    """A recruiter's digest schedule (logic in ``bot.schedule``; the database is the truth)."""

    __tablename__ = "schedules"
    # Never reuse a deleted schedule's id on SQLite: delivery keys start with it.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    cron: Mapped[str] = mapped_column(String(100))  # 5-field cron
    timezone: Mapped[str] = mapped_column(String(64))
    destinations: Mapped[list[str]] = mapped_column(JSON)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # scheduled time
    # When that run read the openings (the store's clock, under the openings lock): openings
    # recorded later are new to the next run whatever their first_seen (bot.digests.run).
    last_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DeliveryRow(Base):
    """The outbox: one message for one destination, claimed and sent by a sender process."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)
    schedule_id: Mapped[int | None] = mapped_column(Integer, index=True)
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime())
    destination: Mapped[str] = mapped_column(String(255), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    # pending | sending (claimed) | in_flight (send started) | sent | failed (retry due at
    # next_attempt_at) | dead | unconfirmed (its sender died mid-send; not resent)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ProcessedEventRow(Base):
    """Platform event ids already handled (``Store.first_time``); old rows are pruned."""

    __tablename__ = "processed_events"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ConversationRoleRow(Base):
    """The role each conversation chose (``ConversationStore``)."""

    __tablename__ = "conversation_roles"

    conversation: Mapped[str] = mapped_column(String(255), primary_key=True)
    role_slug: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PendingQuestionRow(Base):
    """A question waiting for the conversation to choose a role (``ConversationStore``)."""

    __tablename__ = "pending_questions"

    conversation: Mapped[str] = mapped_column(String(255), primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    choices: Mapped[str] = mapped_column(Text)  # JSON list of slugs, in the order offered
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SourceRow(Base):
    """A registered source of postings (``sources add``), synced by the clock when due."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    source: Mapped[str] = mapped_column(Text)  # the SOURCE text, e.g. greenhouse:acme
    every_seconds: Mapped[int | None] = mapped_column(Integer)  # None: only on demand
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status: Mapped[str | None] = mapped_column(String(20))  # ok | failed
    last_message: Mapped[str | None] = mapped_column(Text)  # counts, or the one-line error
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HttpValidatorRow(Base):
    """The ETag / Last-Modified of the last good fetch of a URL (conditional requests)."""

    __tablename__ = "http_validators"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuestionRow(Base):
    """One question asked in chat and the answer given (the conversation log).

    Pseudonymous by design: ``user_key`` and ``conversation_key`` are keyed HMACs of
    ``platform:id`` (:mod:`bot.privacy`); the raw ids are never stored here. Rows older than
    ``QUESTION_RETENTION_DAYS`` are purged by the clock.
    """

    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_review", "review", "group_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)  # random: feedback buttons name it
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    conversation_key: Mapped[str] = mapped_column(String(64), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(100))
    confidence: Mapped[float] = mapped_column(Float)
    role: Mapped[str | None] = mapped_column(String(255))
    answered: Mapped[bool] = mapped_column(Boolean)
    latency_ms: Mapped[float] = mapped_column(Float)
    feedback: Mapped[str | None] = mapped_column(String(8))  # "up" | "down"
    review: Mapped[bool] = mapped_column(Boolean)  # declined, unsure or 👎: for the inbox
    group_id: Mapped[int | None] = mapped_column(Integer)  # its inbox group, once grouped
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class InboxGroupRow(Base):
    """Similar questions for recruiters to answer or dismiss (no question text: that stays
    in ``questions`` and is erased with its asker)."""

    __tablename__ = "inbox_groups"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # open | answered | dismissed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class HandoffRow(Base):
    """A conversation handed to recruiters: the bot stays quiet there until it is closed."""

    __tablename__ = "handoffs"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    # The candidate's chat (raw: replies must reach it); deleted when the handoff ends.
    conversation: Mapped[str] = mapped_column(String(255), index=True)
    channel: Mapped[str] = mapped_column(String(255))  # HANDOFF_CHANNEL when it opened
    message_ref: Mapped[str | None] = mapped_column(String(100), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SecretRow(Base):
    """Generated secrets, e.g. the pseudonym key when ``PRIVACY_KEY`` is not set."""

    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


openings = cast(Table, OpeningRow.__table__)
rejected_postings = cast(Table, RejectedPostingRow.__table__)
subscriptions = cast(Table, SubscriptionRow.__table__)
schedules = cast(Table, ScheduleRow.__table__)
deliveries = cast(Table, DeliveryRow.__table__)
processed_events = cast(Table, ProcessedEventRow.__table__)
conversation_roles = cast(Table, ConversationRoleRow.__table__)
pending_questions = cast(Table, PendingQuestionRow.__table__)
sources = cast(Table, SourceRow.__table__)
http_validators = cast(Table, HttpValidatorRow.__table__)
questions = cast(Table, QuestionRow.__table__)
inbox_groups = cast(Table, InboxGroupRow.__table__)
handoffs = cast(Table, HandoffRow.__table__)
secrets = cast(Table, SecretRow.__table__)

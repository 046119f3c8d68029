"""Frozen records handed out by the repositories (no sessions leak out of ``bot.storage``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.ports import OpeningItem


@dataclass(frozen=True, slots=True)
class Opening:
    """One opening of the registry."""

    id: int
    slug: str
    title: str
    company: str | None
    skill: str | None
    location: str | None
    remote: str | None
    salary: str | None
    salary_min: float | None
    salary_max: float | None
    salary_currency: str | None
    salary_period: str | None
    apply_url: str | None
    content_hash: str
    source_path: str
    first_seen: datetime
    updated_at: datetime
    closed_at: datetime | None
    recorded_at: datetime | None = None  # always set when read from the store

    def item(self) -> OpeningItem:
        """The opening as a digest or ``/openings`` line shows it."""
        return _item(self)


@dataclass(frozen=True, slots=True)
class Listing:
    """What a chat list of openings needs of one (no timestamps: cheap to read by thousands);
    subscription filters match it like an :class:`Opening`."""

    id: int
    title: str
    company: str | None
    skill: str | None
    location: str | None
    remote: str | None
    salary: str | None
    salary_min: float | None
    salary_max: float | None
    salary_currency: str | None
    salary_period: str | None
    apply_url: str | None

    def item(self) -> OpeningItem:
        return _item(self)


def _item(opening: Opening | Listing) -> OpeningItem:
    where = opening.location
    if opening.remote and (not where or opening.remote.lower() not in where.lower()):
        where = f"{where}, {opening.remote}" if where else opening.remote
    return OpeningItem(
        title=opening.title,
        company=opening.company,
        location=where,
        salary=opening.salary,
        apply_url=opening.apply_url,
    )


@dataclass(frozen=True, slots=True)
class OpeningData:
    """What ``openings sync`` writes for one posting (new or updated)."""

    slug: str
    title: str
    company: str | None
    skill: str | None
    location: str | None
    remote: str | None
    salary: str | None
    salary_min: float | None
    salary_max: float | None
    salary_currency: str | None
    salary_period: str | None
    apply_url: str | None
    content_hash: str
    source_path: str
    first_seen: datetime
    role_json: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """A posting the builder refused."""

    source_path: str
    content_hash: str
    reason: str
    first_seen: datetime


@dataclass(frozen=True, slots=True)
class Subscription:
    """A destination's subscription; ``filters`` is the JSON of ``bot.subscriptions.Filters``."""

    id: int
    destination: str
    filters: dict[str, Any]
    active: bool
    deactivated_reason: str | None
    created_at: datetime
    subscribed_by: str | None = None  # ``platform:user`` who subscribed it (None: unknown)


@dataclass(frozen=True, slots=True)
class Schedule:
    """A digest schedule as stored (``bot.schedule`` owns its meaning)."""

    id: int
    name: str
    cron: str
    timezone: str
    destinations: tuple[str, ...]
    filters: dict[str, Any]
    paused: bool
    last_run_at: datetime | None
    next_run_at: datetime | None
    created_at: datetime
    last_read_at: datetime | None = None  # when the last run read the openings


@dataclass(frozen=True, slots=True)
class NewDelivery:
    """A delivery to enqueue. ``key`` is unique: enqueuing the same key twice is a no-op."""

    key: str
    destination: str
    scheduled_for: datetime
    content: dict[str, Any]
    schedule_id: int | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One row of the outbox."""

    id: int
    key: str
    schedule_id: int | None
    scheduled_for: datetime
    destination: str
    platform: str
    content: dict[str, Any] = field(repr=False)
    status: str
    attempts: int
    next_attempt_at: datetime
    claimed_by: str | None
    lease_until: datetime | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    """One row of the conversation log (pseudonymous: no raw user or chat id)."""

    id: int
    ref: str
    user_key: str
    conversation_key: str
    platform: str
    text: str
    answer: str
    intent: str | None
    confidence: float
    role: str | None
    answered: bool
    latency_ms: float
    feedback: str | None
    review: bool
    group_id: int | None
    asked_at: datetime


@dataclass(frozen=True, slots=True)
class Handoff:
    """A conversation handed to recruiters (``conversation`` is the candidate's chat)."""

    id: int
    user_key: str
    conversation: str
    channel: str
    message_ref: str | None
    opened_at: datetime
    expires_at: datetime
    closed_at: datetime | None

"""Helpers for digest tests: openings and schedules written straight into a store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.storage import OpeningData, Schedule, Store
from tests.storage.conftest import (  # noqa: F401 - the storage fixtures, for digest tests
    backend,
    clock,
    postgres_target,
    store,
    store_factory,
)

LONDON = "Europe/London"


def opening(
    slug: str,
    first_seen: datetime,
    *,
    title: str | None = None,
    skill: str | None = "Python",
    company: str | None = "Acme",
    remote: str | None = None,
    salary: str | None = None,
    salary_min: float | None = None,
    currency: str | None = None,
) -> OpeningData:
    return OpeningData(
        slug=slug,
        title=title or f"Engineer {slug}",
        company=company,
        skill=skill,
        location="London",
        remote=remote,
        salary=salary,
        salary_min=salary_min,
        salary_max=None,
        salary_currency=currency,
        salary_period="year" if salary_min else None,
        apply_url=f"https://jobs.example/{slug}",
        content_hash=f"hash-{slug}",
        source_path=f"{skill}/{slug}.txt",
        first_seen=first_seen,
    )


def add_openings(db: Store, *items: OpeningData) -> None:
    db.openings.add(list(items))


def add_schedule(
    db: Store,
    name: str = "weekly",
    *,
    cron: str = "0 9 * * 1",
    destinations: Sequence[str] = ("console",),
    filters: dict[str, Any] | None = None,
    tz: str = LONDON,
) -> Schedule:
    return db.schedules.create(
        name, cron=cron, timezone=tz, destinations=destinations, filters=filters or {}
    )

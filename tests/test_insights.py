"""``stats`` and the weekly recruiter report (``digest schedule … --kind report``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.digests.commands import preview_lines, run_now, schedule
from bot.errors import UsageError
from bot.insights import format_stats, percentile, stats
from bot.outbox import message_from_json
from bot.storage import Store, open_store
from tests.storage.conftest import FakeClock


@pytest.fixture
def fake() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, fake: FakeClock) -> Iterator[Store]:
    db = open_store(f"sqlite:///{tmp_path / 'bot.db'}", clock=fake)
    yield db
    db.close()


def _ask(store: Store, user: str, text: str, **extra: Any) -> None:
    values: dict[str, Any] = {
        "user_key": user, "conversation_key": user, "platform": "slack", "text": text,
        "answer": "…", "intent": "salary", "confidence": 0.9, "role": "be", "answered": True,
        "latency_ms": 10.0, "review": False, **extra,
    }  # fmt: skip
    store.questions.add(**values)


def test_percentile_nearest_rank() -> None:
    """p50 and p99 by nearest rank; nothing for no values."""
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50 and percentile(values, 0.99) == 99
    assert percentile([], 0.5) is None


def test_stats_counts_per_role_and_platform(store: Store, fake: FakeClock) -> None:
    """Questions, unique users, answered rate, topics, unanswered groups, since a time."""
    _ask(store, "u1", "old one", latency_ms=1000.0)
    fake.advance(3600)
    since = fake.now()
    _ask(store, "u1", "salary?", latency_ms=20.0)
    _ask(store, "u2", "salary??", platform="telegram", latency_ms=30.0)
    _ask(store, "u2", "gym?", intent=None, answered=False, review=True, role="ios")
    data = stats(store, since)
    assert (data["questions"], data["unique_users"], data["answered_rate"]) == (3, 2, 0.6667)
    assert data["latency_ms"] == {"p50": 20.0, "p99": 30.0}
    assert data["top_topics"] == [{"intent": "salary", "count": 2}]
    assert [g["question"] for g in data["top_unanswered"]] == ["gym?"]
    assert data["by_role"]["ios"]["answered_rate"] == 0.0
    assert data["by_platform"]["telegram"]["questions"] == 1
    text = format_stats(data)
    assert "3 question(s) from 2 user(s), 67% answered" in text and "#1 1× “gym?”" in text


def test_report_schedule_sends_the_stats(store: Store, fake: FakeClock) -> None:
    """A --kind report schedule queues the recruiter report, not openings."""
    _ask(store, "u1", "gym?", intent=None, answered=False, review=True)
    reply = schedule(store, "report", ["mon 09:00", "--to", "console", "--kind", "report"])
    assert reply.startswith("scheduled report")
    assert any("1 question(s)" in line for line in preview_lines(store, "report"))
    fake.advance(timedelta(days=1).total_seconds())
    result = run_now(store, "report")
    assert result.enqueued == 1
    (delivery,) = store.deliveries.list()
    message = message_from_json(delivery.content)
    assert message.items == () and "Top unanswered" in (message.empty_line or "")
    with pytest.raises(UsageError, match="subscribers"):
        schedule(store, "bad", ["mon 09:00", "--to", "subscribers", "--kind", "report"])

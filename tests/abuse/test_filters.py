"""Finding (high): ``/openings`` with ~1,000 keywords against ~6,600 openings cost minutes of
CPU (a regex compiled per keyword and opening); subscription filters share the code at
digest time. Now filters are bounded, one pattern per filter, and ``/openings`` has a budget."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.services import StoreCommands
from bot.config import load_settings
from bot.errors import UsageError
from bot.storage import OpeningData, Store, open_store
from bot.subscriptions import MAX_KEYWORDS, Filters, OverBudget, budgeted, parse_filters

N_OPENINGS = 6_600
WORDS = [
    "senior",
    "staff",
    "backend",
    "frontend",
    "platform",
    "data",
    "ml",
    "ios",
    "android",
    "go",
    "python",
    "rust",
]


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store holding 6,600 open openings with varied titles."""
    path: Path = tmp_path_factory.mktemp("filters") / "openings.db"
    store = open_store(f"sqlite:///{path}")
    rng = random.Random(7)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    store.openings.add(
        [
            OpeningData(
                slug=f"role-{i}",
                title=" ".join(rng.sample(WORDS, 3)).title() + " Engineer",
                company="Acme",
                skill=None,
                location="London, United Kingdom",
                remote=None,
                salary=None,
                salary_min=None,
                salary_max=None,
                salary_currency=None,
                salary_period=None,
                apply_url=None,
                content_hash=str(i),
                source_path=f"/feed/{i}.md",
                first_seen=start + timedelta(minutes=i),
            )
            for i in range(N_OPENINGS)
        ]
    )
    yield store
    store.close()


def _keywords(n: int) -> str:
    return " ".join(f"nomatch{i}" for i in range(n))


def test_a_thousand_keywords_are_refused_within_a_second(big_store: Store) -> None:
    """The attack itself: ~1,000 keywords (a 4 KB /openings) is answered within 1 s."""
    commands = StoreCommands(big_store, load_settings({}))
    for _ in range(8):  # the eight requests that starved normal answers for 90 s
        started = time.perf_counter()
        with pytest.raises(UsageError, match=r"too long|too many"):
            commands.openings(_keywords(1_000))
        assert time.perf_counter() - started < 1.0


def test_the_most_keywords_allowed_scan_every_opening_within_a_second(big_store: Store) -> None:
    """The largest accepted filter matching nothing (so all 6,600 openings are checked)
    answers within 1 s, and a filter that matches still finds its openings."""
    commands = StoreCommands(big_store, load_settings({}))
    text = _keywords(MAX_KEYWORDS - 1) + " rust"
    started = time.perf_counter()
    items = commands.openings(text)
    elapsed = time.perf_counter() - started
    print(f"/openings with {MAX_KEYWORDS} keywords over {N_OPENINGS} openings: {elapsed:.3f} s")
    assert elapsed < 1.0
    assert items and all("Rust" in item.title for item in items)
    started = time.perf_counter()
    assert commands.openings(_keywords(MAX_KEYWORDS)) == []
    assert time.perf_counter() - started < 1.0


def test_limits_name_what_is_wrong() -> None:
    """Each limit is a one-line usage error saying the limit."""
    with pytest.raises(UsageError, match="at most 500"):
        parse_filters("x" * 501)
    with pytest.raises(UsageError, match=f"at most {MAX_KEYWORDS}"):
        parse_filters(",".join(f"k{i}" for i in range(MAX_KEYWORDS + 1)))
    with pytest.raises(UsageError, match="at most 60"):
        parse_filters("location=" + "a" * 61)


def test_stored_filters_from_before_the_limits_stay_cheap() -> None:
    """A subscription stored with 1,000 keywords matches with its first MAX_KEYWORDS only."""
    filters = Filters.from_json({"keywords": [f"k{i}" for i in range(1_000)]})
    assert len(filters.keywords) == MAX_KEYWORDS


def test_the_budget_refuses_once_spent() -> None:
    """``budgeted`` lets matching run until the budget is spent, then refuses politely."""
    now = [0.0]
    check = budgeted(lambda _o: False, 0.5, clock=lambda: now[0])
    opening = object()
    assert check(opening) is False  # type: ignore[arg-type]
    now[0] = 0.6
    with pytest.raises(OverBudget, match="too long"):
        check(opening)  # type: ignore[arg-type]

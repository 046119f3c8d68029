"""Finding (medium): a 20 KB posting of repeated ``£1 - £1`` took 29 s to build (the pay-cue
search ran over the whole line once per amount in it), 72 KB kept ``openings sync`` busy past
two minutes, and there was no per-posting time limit. Now extraction is linear and each
posting has a time limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.errors import RejectedPosting
from bot.knowledge.build import build_text
from bot.knowledge.deadline import TooSlow, time_limit
from bot.openings import sync
from bot.storage import open_store

HEAD = (
    "# [Senior Platform Engineer](https://jobs.example.com/apply/1)  \n### Acme  \n"
    "#### `💰 £1 - £1` `🌎 London`  \n\n**About the role**\n\n"
)
SIZE = 72_000


def posting(unit: str, size: int = SIZE) -> str:
    return HEAD + unit * (size // len(unit)) + "\n\nWe sponsor visas.\n"


@pytest.mark.parametrize(
    "unit", ["£1 - £1", "£1 £1 ", "salary £1 - £1 ", "$1 - $1 ", "  * £1 - £1\n"]
)
def test_a_72_kb_pathological_posting_builds_or_is_rejected_within_2_s(unit: str) -> None:
    """Each shape of the attack, at 72 KB, is built or refused with a reason within 2 s."""
    text = posting(unit)
    started = time.perf_counter()
    try:
        build_text(text, source_file="attack.md")
    except RejectedPosting as exc:
        assert str(exc)
    elapsed = time.perf_counter() - started
    print(f"{unit!r} × {len(text):,} bytes: {elapsed:.2f} s")
    assert elapsed < 2.0


def test_openings_sync_of_a_pathological_posting_is_bounded(tmp_path: Path) -> None:
    """``openings sync`` of a folder holding the 72 KB posting and a normal one finishes
    within a few seconds and still imports the normal posting."""
    feed = tmp_path / "feed" / "Golang" / "2026-01"
    feed.mkdir(parents=True)
    (feed / "attack.md").write_text(posting("£1 £1 "), encoding="utf-8")
    normal = HEAD + "The salary is £60,000 - £80,000 a year. " * 3 + "We use Go and Kafka. " * 10
    (feed / "normal.md").write_text(normal, encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        started = time.perf_counter()
        report = sync(store, tmp_path / "feed", workers=1)
        elapsed = time.perf_counter() - started
    finally:
        store.close()
    assert report.new + report.rejected == 2
    assert report.new >= 1
    assert elapsed < 4.0


def test_the_time_limit_stops_a_runaway_build() -> None:
    """Whatever the cause, a build that passes the limit is a rejection with a reason."""
    started = time.perf_counter()
    with pytest.raises(TooSlow, match=r"longer than 0\.2 s"), time_limit(0.2):
        while time.perf_counter() - started < 5:  # bounded: stops after 5 s at worst
            pass
    assert time.perf_counter() - started < 1.0

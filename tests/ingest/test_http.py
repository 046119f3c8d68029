"""The sources' HTTP client: retries with backoff, Retry-After, conditional requests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import SourceError
from bot.ingest.http import Fetcher, retry_after
from tests.fakes.job_boards import FakeJobBoards


@pytest.fixture
def boards() -> FakeJobBoards:
    with FakeJobBoards() as fake:
        fake.put("/lever/acme", [])
        yield fake


def test_429_waits_what_retry_after_says(boards: FakeJobBoards) -> None:
    waits: list[float] = []
    boards.fail("/lever/acme", status=429, retry_after="2", times=1)
    with Fetcher(timeout=2, sleep=waits.append) as fetcher:
        got = fetcher.get(f"{boards.url}/lever/acme")
    assert got.text == "[]" and waits == [2.0]


def test_5xx_backs_off_exponentially_then_gives_up(boards: FakeJobBoards) -> None:
    waits: list[float] = []
    boards.fail("/lever/acme", status=502, times=5)
    with (
        Fetcher(timeout=2, retries=3, backoff=0.5, sleep=waits.append) as fetcher,
        pytest.raises(SourceError, match="HTTP 502"),
    ):
        fetcher.get(f"{boards.url}/lever/acme")
    assert waits == [0.5, 1.0, 2.0] and len(boards.requests) == 4


def test_4xx_is_not_retried(boards: FakeJobBoards) -> None:
    waits: list[float] = []
    with Fetcher(timeout=2, sleep=waits.append) as fetcher, pytest.raises(SourceError, match="404"):
        fetcher.get(f"{boards.url}/lever/nobody")
    assert waits == []


def test_etag_round_trip(boards: FakeJobBoards) -> None:
    url = f"{boards.url}/lever/acme"
    with Fetcher(timeout=2) as first:
        first.get(url)
    with Fetcher(timeout=2, validators=first.seen) as second:
        assert second.get(url).not_modified


def test_retry_after_forms() -> None:
    now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert retry_after("7") == 7.0
    assert retry_after("Thu, 03 Dec 2026 09:00:30 GMT", now) == 30.0
    assert retry_after(None) == -1.0 and retry_after("soon") == -1.0

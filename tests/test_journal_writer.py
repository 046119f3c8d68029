"""The conversation log's background writer: batches, flush, failures never block."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import pytest

from bot import journal_writer
from bot.journal_writer import LogWriter


def test_rows_are_written_in_batches_and_flush_waits() -> None:
    """Queued rows are stored together; flush returns once all earlier rows are stored."""
    batches: list[list[int]] = []
    writer = LogWriter(lambda rows: batches.append([r["n"] for r in rows]))
    for n in range(5):
        writer.put({"n": n})
    assert writer.flush()
    assert batches == [[0, 1, 2, 3, 4]]  # one transaction, not one per row
    writer.close()


def test_rows_are_written_at_most_batch_per_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """More than BATCH rows go in several transactions, in order."""
    monkeypatch.setattr(journal_writer, "BATCH", 3)
    batches: list[list[int]] = []
    writer = LogWriter(lambda rows: batches.append([r["n"] for r in rows]))
    for n in range(7):
        writer.put({"n": n})
    assert writer.flush()
    assert batches == [[0, 1, 2], [3, 4, 5], [6]]
    writer.close()


def test_rows_are_written_without_a_flush() -> None:
    """The writer stores queued rows by itself within the flush interval."""
    written = threading.Event()
    writer = LogWriter(lambda rows: written.set())
    writer.put({"n": 1})
    assert written.wait(5)
    writer.close()


def test_a_failing_batch_is_dropped_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    """A database failure costs log rows, never the chat: put and flush still return."""

    def fail(rows: Sequence[dict[str, Any]]) -> None:
        raise RuntimeError("database is down")

    writer = LogWriter(fail)
    writer.put({"n": 1})
    assert writer.flush()
    assert writer.dropped == 1 and "dropped" in caplog.text
    writer.close()


def test_close_writes_what_is_queued() -> None:
    """close() stores the rows still queued before the thread stops."""
    seen: list[int] = []
    writer = LogWriter(lambda rows: seen.extend(r["n"] for r in rows))
    writer.put({"n": 7})
    writer.close()
    assert seen == [7]


def test_a_full_queue_drops_new_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the database falls far behind, memory stays bounded: new rows are dropped."""
    monkeypatch.setattr(journal_writer, "MAX_QUEUED", 2)
    monkeypatch.setattr(journal_writer, "FLUSH_SECONDS", 60.0)
    seen: list[int] = []
    writer = LogWriter(lambda rows: seen.extend(r["n"] for r in rows))
    for n in range(4):
        writer.put({"n": n})
    assert writer.dropped == 2
    writer.close()
    assert seen == [0, 1]

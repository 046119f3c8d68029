"""Finding (low): a digest to 100k subscribers held SQLite's write lock ~5 s in one
transaction, so Slack acks (the event dedupe write) on the same database took up to 6 s,
over Slack's 3 s. Now the deliveries are written in short batches: another writer waits one
batch at most, and a run cut short between batches is finished by the clock, once."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

from bot.clock import Clock
from bot.digests.run import RunResult, run_digest
from bot.storage import models, open_store
from tests.digests.conftest import add_openings, add_schedule, opening
from tests.storage.conftest import FakeClock

MON = FakeClock().value.replace(hour=9, minute=0)
SUBSCRIBERS = 100_000


def test_a_100k_digest_never_blocks_another_writer_for_long(tmp_path: Path) -> None:
    """While a run queues 100k deliveries, a concurrent write (Slack's event dedupe) waits
    well under a second each time."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    store = open_store(url, clock=FakeClock(MON))
    other = open_store(url)
    try:
        add_openings(store, *(opening(f"o{i}", MON - timedelta(hours=i + 1)) for i in range(5)))
        rows = [
            {
                "destination": f"telegram:{i + 1}",
                "filters": {},
                "active": True,
                "deactivated_reason": None,
                "created_at": MON,
            }
            for i in range(SUBSCRIBERS)
        ]
        with store.db.write() as conn:
            conn.execute(insert(models.subscriptions), rows)
        schedule = add_schedule(store, destinations=["subscribers"])
        results: list[RunResult] = []
        runner = threading.Thread(
            target=lambda: results.append(run_digest(store, schedule, MON, MON))
        )
        waits: list[float] = []
        started = time.perf_counter()
        runner.start()
        probe = 0
        while runner.is_alive() and time.perf_counter() - started < 300:  # bounded
            probe += 1
            before = time.perf_counter()
            assert other.first_time(f"slack:event:probe{probe}")
            waits.append(time.perf_counter() - before)
            time.sleep(0.05)
        runner.join(60)
        run_seconds = time.perf_counter() - started
    finally:
        other.close()
    assert results and results[0].enqueued == SUBSCRIBERS
    store.close()
    print(
        f"100k digest: {run_seconds:.1f} s; {len(waits)} concurrent writes, "
        f"longest wait {max(waits) * 1000:.0f} ms"
    )
    assert len(waits) >= 5
    assert max(waits) < 1.0


class Crash(Exception):
    pass


def test_a_run_cut_short_between_batches_is_finished_once(tmp_path: Path) -> None:
    """A crash after some batches committed (then a restart past the grace) finishes that
    run: every subscriber gets exactly one delivery, for the scheduled time."""
    clock = FakeClock(MON)
    store = open_store(f"sqlite:///{tmp_path / 'bot.db'}", clock=clock)
    try:
        add_openings(store, opening("a", MON - timedelta(hours=1)))
        for i in range(1_200):
            store.subscriptions.upsert(f"telegram:{i + 1}", {})
        schedule = add_schedule(store, destinations=["subscribers"])
        batches = Counter[str]()

        def crash_after_two_batches(step: str) -> None:
            batches[step] += 1
            if step == "enqueue" and batches[step] == 2:
                raise Crash

        with contextlib.suppress(Crash):
            run_digest(store, schedule, MON, MON, checkpoint=crash_after_two_batches)
        assert 0 < len(store.deliveries.list()) < 1_200
        clock.value = MON + timedelta(hours=5)  # past the one-hour grace
        Clock(store, grace=timedelta(hours=1), now=clock).catch_up()
        deliveries = store.deliveries.list()
        per_destination = Counter(d.destination for d in deliveries)
        assert len(per_destination) == 1_200
        assert set(per_destination.values()) == {1}
        assert {d.scheduled_for for d in deliveries} == {MON}
        again = store.schedules.get(schedule.id)
        assert again is not None and again.last_run_at == MON
    finally:
        store.close()

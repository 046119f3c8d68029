"""One digest run: window, destinations, empty periods, exactly-once under injected crashes."""

from __future__ import annotations

import tracemalloc
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from bot.clock import Clock
from bot.digests import run as run_module
from bot.digests.run import STEPS, delivery_key, run_digest
from bot.outbox import message_from_json
from bot.storage import Store, models, open_store, subscriptions_repo
from tests.digests.conftest import add_openings, add_schedule, opening
from tests.storage.conftest import FakeClock

MON = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday 09:00 London (GMT)
PREV_MON = MON - timedelta(days=7)


class Crash(Exception):
    """An injected crash (kill -9 stand-in)."""


def keys(store: Store) -> list[str]:
    return [d.key for d in store.deliveries.list()]


def test_first_run_covers_the_last_seven_days_and_records_the_run(store: Store) -> None:
    """The first run sends openings of the 7 days before it, then moves last_run_at to it."""
    add_openings(
        store,
        opening("old", MON - timedelta(days=8)),
        opening("new", MON - timedelta(days=1)),
        opening("future", MON + timedelta(minutes=1)),
    )
    schedule = add_schedule(store, destinations=["console", "telegram:42"])
    result = run_digest(store, schedule, MON, MON)
    assert (result.status, result.openings, result.enqueued) == ("sent", 1, 2)
    assert sorted(keys(store)) == sorted(
        delivery_key(schedule.id, MON, d, manual=False) for d in ("console", "telegram:42")
    )
    message = message_from_json(store.deliveries.list()[0].content)
    assert [i.title for i in message.items] == ["Engineer new"]
    saved = store.schedules.get(schedule.id)
    assert saved is not None and saved.last_run_at == MON
    assert saved.next_run_at == MON + timedelta(days=7)


def test_next_run_starts_where_the_last_one_ended(store: Store) -> None:
    """A later run only sends openings first seen after the previous run's scheduled time."""
    schedule = add_schedule(store)
    add_openings(store, opening("a", MON - timedelta(hours=1)))
    run_digest(store, schedule, MON, MON)
    add_openings(store, opening("b", MON + timedelta(days=2)))
    again = store.schedules.get(schedule.id)
    assert again is not None
    result = run_digest(store, again, MON + timedelta(days=7), MON + timedelta(days=7))
    assert result.openings == 1
    last = store.deliveries.list()[-1]
    assert [i.title for i in message_from_json(last.content).items] == ["Engineer b"]


def _titles(store: Store) -> list[str]:
    last = store.deliveries.list()[-1]
    return [i.title for i in message_from_json(last.content).items]


def _run(store: Store, name: str, scheduled_for: datetime, now: datetime) -> str:
    """Run the schedule ``name`` as stored now; the run's status."""
    schedule = store.schedules.get_by_name(name)
    assert schedule is not None
    return run_digest(store, schedule, scheduled_for, now).status


def test_late_synced_opening_reaches_the_next_run_exactly_once(
    store: Store, clock: FakeClock
) -> None:
    """An opening synced after a run but first seen before it goes out with the next run,
    and never again."""
    add_schedule(store)
    add_openings(store, opening("a", MON - timedelta(hours=1)))
    assert _run(store, "weekly", MON, MON) == "sent"
    clock.advance(3600)  # an hour after the run, a sync brings a posting dated last week
    add_openings(store, opening("late", PREV_MON + timedelta(days=3)))
    assert _run(store, "weekly", MON + timedelta(days=7), MON + timedelta(days=7)) == "sent"
    assert _titles(store) == ["Engineer late"]
    assert _run(store, "weekly", MON + timedelta(days=14), MON + timedelta(days=14)) == "empty"


def test_late_run_does_not_send_its_late_syncs_again(store: Store, clock: FakeClock) -> None:
    """A run that executes after its scheduled time (boot catch-up) sends what was synced in
    between once: the next run counts late syncs from when this one read, not from 09:00."""
    add_schedule(store)
    assert _run(store, "weekly", PREV_MON, PREV_MON) == "empty"
    clock.value = MON + timedelta(minutes=10)  # synced after 09:00, before the late run
    add_openings(store, opening("between", MON - timedelta(days=2)))
    clock.value = MON + timedelta(minutes=40)
    assert _run(store, "weekly", MON, clock.value) == "sent"
    assert _titles(store) == ["Engineer between"]
    saved = store.schedules.get_by_name("weekly")
    assert saved is not None and saved.last_read_at == clock.value
    clock.value = MON + timedelta(days=7)
    assert _run(store, "weekly", clock.value, clock.value) == "empty"


def test_first_run_does_not_announce_what_was_known_before_it(store: Store) -> None:
    """Openings synced before a schedule's first run and dated before its window are old
    news; the late-sync rule starts with the second run."""
    add_openings(store, opening("ancient", MON - timedelta(days=300)))
    add_schedule(store)
    assert _run(store, "weekly", MON, MON) == "empty"


def test_same_scheduled_time_runs_once(store: Store) -> None:
    """Running a scheduled time again (two clocks, a retry) queues nothing more."""
    add_openings(store, opening("a", MON - timedelta(hours=1)))
    schedule = add_schedule(store)
    run_digest(store, schedule, MON, MON)
    result = run_digest(store, schedule, MON, MON + timedelta(seconds=5))  # stale record
    assert result.status == "done-before"
    assert len(keys(store)) == 1


def test_empty_period_sends_nothing_unless_empty_line(store: Store) -> None:
    """No openings: no delivery, but the run is recorded; with empty_line that line is sent."""
    quiet = add_schedule(store, "quiet")
    assert run_digest(store, quiet, MON, MON).status == "empty"
    assert keys(store) == []
    saved = store.schedules.get(quiet.id)
    assert saved is not None and saved.last_run_at == MON
    chatty = add_schedule(store, "chatty", filters={"_digest": {"empty_line": "Nothing new."}})
    assert run_digest(store, chatty, MON, MON).enqueued == 1
    message = message_from_json(store.deliveries.list()[0].content)
    assert message.items == () and message.empty_line == "Nothing new."


def test_subscribers_keyword_expands_to_active_subscriptions(store: Store) -> None:
    """``subscribers`` sends to every active subscription once, explicit ones not twice."""
    add_openings(store, opening("a", MON - timedelta(hours=1)))
    for dest in ("telegram:1", "telegram:2", "slack:C1"):
        store.subscriptions.upsert(dest, {})
    store.subscriptions.deactivate("telegram:2", "blocked")
    schedule = add_schedule(store, destinations=["slack:C1", "subscribers"])
    result = run_digest(store, schedule, MON, MON)
    assert result.enqueued == 2
    assert sorted(d.destination for d in store.deliveries.list()) == ["slack:C1", "telegram:1"]


def test_manual_run_has_its_own_key_and_counts_as_last_run(store: Store) -> None:
    """run-now uses a manual key, so it never collides with the scheduled run's key."""
    add_openings(store, opening("a", MON - timedelta(hours=1)))
    schedule = add_schedule(store)
    now = MON - timedelta(minutes=30)
    result = run_digest(store, schedule, now, now, manual=True)
    assert result.enqueued == 1
    assert ":manual:" in keys(store)[0]
    # The scheduled run 30 minutes later finds nothing new.
    saved = store.schedules.get(schedule.id)
    assert saved is not None
    assert run_digest(store, saved, MON, MON).status == "empty"


def test_deleted_schedule_queues_nothing(store: Store) -> None:
    """A run of a schedule deleted meanwhile is a no-op."""
    add_openings(store, opening("a", MON - timedelta(hours=1)))
    schedule = add_schedule(store)
    store.schedules.delete(schedule.id)
    assert run_digest(store, schedule, MON, MON).status == "deleted"
    assert keys(store) == []


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    crash_at=st.sampled_from(STEPS),
    crash_count=st.integers(1, 3),
    subscribers=st.integers(0, 4),
    restart_after=st.sampled_from([timedelta(minutes=1), timedelta(minutes=50), timedelta(days=7)]),
)
def test_crash_at_any_step_then_boot_gives_exactly_one_delivery_per_destination(
    tmp_path_factory: pytest.TempPathFactory,
    crash_at: str,
    crash_count: int,
    subscribers: int,
    restart_after: timedelta,
) -> None:
    """A crash at step k of [select, render, enqueue, mark] and a restart (within the grace,
    or after another fire time passed) leaves exactly one delivery per destination."""
    fake = FakeClock(MON)
    db = open_store(f"sqlite:///{tmp_path_factory.mktemp('crash') / 'bot.db'}", clock=fake)
    try:
        _crash_and_restart(db, fake, crash_at, crash_count, subscribers, restart_after)
    finally:
        db.close()


def _crash_and_restart(
    store: Store,
    clock: FakeClock,
    crash_at: str,
    crash_count: int,
    subscribers: int,
    restart_after: timedelta,
) -> None:
    add_openings(store, opening("a", PREV_MON + timedelta(days=1)))
    for i in range(subscribers):
        store.subscriptions.upsert(f"telegram:{i + 1}", {})
    schedule = add_schedule(store, destinations=["console", "slack:C1", "subscribers"])
    updated = store.schedules.update(schedule.id, last_run_at=PREV_MON)
    assert updated is not None
    seen = Counter[str]()

    def checkpoint(step: str) -> None:
        seen[step] += 1
        if step == crash_at and seen[step] == crash_count:
            raise Crash(step)

    crashed = True
    try:
        run_digest(store, updated, MON, MON, checkpoint=checkpoint)
        crashed = False
    except Crash:
        pass
    # Restart: the clock's boot catch-up (grace 1 h), then the next weekly fire.
    clock.value = MON + restart_after
    Clock(store, grace=timedelta(hours=1), now=clock).catch_up()
    if restart_after > timedelta(hours=1):
        # Past the grace (or a later fire passed): the next scheduled run catches up.
        due = MON + timedelta(days=7)
        clock.value = max(clock.value, due)
        Clock(store, grace=timedelta(hours=1), now=clock).catch_up()
    destinations = Counter(d.destination for d in store.deliveries.list())
    expected = {"console", "slack:C1", *(f"telegram:{i + 1}" for i in range(subscribers))}
    assert set(destinations) == expected
    assert set(destinations.values()) == {1}
    if not crashed:
        assert all(d.scheduled_for == MON for d in store.deliveries.list())


def _peak_memory_of_run(tmp_path: Path, subscribers: int) -> tuple[int, int]:
    """(deliveries queued, peak traced bytes) of one run to ``subscribers`` subscribers."""
    store = open_store(f"sqlite:///{tmp_path / f'mem{subscribers}.db'}", clock=FakeClock(MON))
    try:
        add_openings(store, *(opening(f"o{i}", MON - timedelta(hours=i + 1)) for i in range(20)))
        rows = [
            {
                "destination": f"telegram:{i + 1}",
                "filters": {"skill": ("Python", "Golang")[i % 2]},
                "active": True,
                "deactivated_reason": None,
                "created_at": MON,
            }
            for i in range(subscribers)
        ]
        with store.db.write() as conn:
            conn.execute(insert(models.subscriptions), rows)
        del rows
        schedule = add_schedule(store, destinations=["subscribers"])
        tracemalloc.start()
        try:
            result = run_digest(store, schedule, MON, MON)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return result.enqueued, peak
    finally:
        store.close()


def test_subscriber_expansion_streams_in_flat_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight times more subscribers do not raise the run's peak memory (streamed, batched).

    Batches are made small so that both sizes span many batches (as 100k would with the
    real sizes) and the test stays quick."""
    monkeypatch.setattr(run_module, "_BATCH", 50)
    monkeypatch.setattr(subscriptions_repo, "_BATCH", 50)
    small_sent, small_peak = _peak_memory_of_run(tmp_path, 400)
    big_sent, big_peak = _peak_memory_of_run(tmp_path, 3200)
    assert (small_sent, big_sent) == (200, 1600)  # Golang subscribers: nothing new for them
    assert big_peak < small_peak * 1.5

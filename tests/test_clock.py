"""The clock: missed runs within the grace, job reconciliation, and a real start-up."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from bot.clock import Clock, NextFireTrigger, job_id, main
from bot.config import Settings
from bot.digests import run_command
from bot.outbox import message_from_json
from bot.schedule import next_fire
from bot.storage import Store, open_store
from tests.digests.conftest import add_openings, add_schedule, opening
from tests.storage.conftest import FakeClock

MON = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday; 09:00 London is 09:00 UTC (GMT)
HOUR = timedelta(hours=1)
RECRUITERS = Settings(RECRUITERS="slack:U1")


@pytest.fixture
def fake() -> FakeClock:
    """A settable clock starting a week before MON."""
    return FakeClock(MON - timedelta(days=7))


@pytest.fixture
def db(tmp_path: Path, fake: FakeClock) -> Iterator[Store]:
    """A SQLite store on the fake clock."""
    store = open_store(f"sqlite:///{tmp_path / 'bot.db'}", clock=fake)
    yield store
    store.close()


@pytest.fixture
def scheduler() -> Iterator[BackgroundScheduler]:
    """A real APScheduler 3.x scheduler, started paused so no job ever runs."""
    sched = BackgroundScheduler(timezone=UTC)
    sched.start(paused=True)
    yield sched
    sched.shutdown(wait=False)


def test_missed_run_within_grace_runs_once_at_boot(db: Store, fake: FakeClock) -> None:
    """Down over Monday 09:00 and back at 09:40: that run happens once, for 09:00."""
    schedule = add_schedule(db)
    add_openings(db, opening("a", MON - timedelta(days=1)))
    fake.value = MON + timedelta(minutes=40)
    clock = Clock(db, grace=HOUR, now=fake)
    results = clock.catch_up()
    assert [(r.scheduled_for, r.status) for r in results] == [(MON, "sent")]
    assert clock.catch_up() == []  # a second boot finds nothing missed
    [delivery] = db.deliveries.list()
    assert (delivery.destination, delivery.scheduled_for) == ("console", MON)
    saved = db.schedules.get(schedule.id)
    assert saved is not None and saved.last_run_at == MON


def test_many_missed_runs_coalesce_into_the_latest(db: Store, fake: FakeClock) -> None:
    """Hourly schedule, down for five hours: one run, for the latest missed hour."""
    add_schedule(db, cron="0 * * * *")
    add_openings(db, opening("a", MON - timedelta(days=6)))
    fake.value = MON + timedelta(hours=5, minutes=10)
    results = Clock(db, grace=HOUR, now=fake).catch_up()
    assert [r.scheduled_for for r in results] == [MON + timedelta(hours=5)]
    assert len(db.deliveries.list()) == 1


def test_missed_run_beyond_grace_is_skipped_and_logged(
    db: Store, fake: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Back three hours late with a one-hour grace: nothing is sent, a warning is logged,
    and the openings wait for the next run (its window starts at the last real run)."""
    add_schedule(db)
    add_openings(db, opening("a", MON - timedelta(days=1)))
    fake.value = MON + 3 * HOUR
    with caplog.at_level(logging.WARNING, logger="bot.clock"):
        assert Clock(db, grace=HOUR, now=fake).catch_up() == []
    assert db.deliveries.list() == []
    assert "skipped" in caplog.text and "weekly" in caplog.text
    fake.value = MON + timedelta(days=7, minutes=1)
    [result] = Clock(db, grace=HOUR, now=fake).catch_up()
    assert result.openings == 1


def test_skipped_run_is_logged_once(
    db: Store, fake: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """The periodic catch-up does not warn about the same skipped run every 30 seconds."""
    add_schedule(db)
    fake.value = MON + 3 * HOUR
    clock = Clock(db, grace=HOUR, now=fake)
    with caplog.at_level(logging.WARNING, logger="bot.clock"):
        clock.catch_up()
        fake.advance(30)
        clock.catch_up()
    assert caplog.text.count("skipped") == 1


def test_fire_missed_while_paused_is_not_owed_after_resume(db: Store, fake: FakeClock) -> None:
    """Paused over Monday 09:00 and resumed at 09:10: that digest is not sent late."""
    add_openings(db, opening("a", MON - timedelta(days=1)))

    def say(text: str) -> str:
        return run_command(db, RECRUITERS, text.split(), "slack:U1")

    say("schedule weekly mon 09:00 --to console")
    say("pause weekly")
    fake.value = MON + timedelta(minutes=10)
    say("resume weekly")
    assert Clock(db, grace=HOUR, now=fake).catch_up() == []
    fake.value = MON + timedelta(days=7, seconds=10)  # the next Monday is owed, with "a"
    [result] = Clock(db, grace=HOUR, now=fake).catch_up()
    assert result.openings == 1


def test_periodic_catch_up_runs_a_fire_the_jobs_missed(db: Store, fake: FakeClock) -> None:
    """Created 20 s before its first fire, seen by the reconcile 10 s after it: still run."""
    add_openings(db, opening("a", MON - timedelta(days=1)))
    fake.value = MON - timedelta(seconds=20)
    add_schedule(db)
    fake.value = MON + timedelta(seconds=10)
    [result] = Clock(db, grace=HOUR, now=fake).catch_up()
    assert (result.scheduled_for, result.enqueued) == (MON, 1)


def test_paused_and_not_yet_due_schedules_do_not_catch_up(db: Store, fake: FakeClock) -> None:
    """A paused schedule, and one created after its last fire time, run nothing at boot."""
    paused = add_schedule(db, "paused")
    db.schedules.update(paused.id, paused=True)
    fake.value = MON + timedelta(minutes=5)
    add_schedule(db, "fresh")  # created after Monday 09:00
    fake.value = MON + timedelta(minutes=10)
    assert Clock(db, grace=HOUR, now=fake).catch_up() == []


def test_fire_runs_the_current_fire_time_and_rereads_the_database(
    db: Store, fake: FakeClock
) -> None:
    """The job body runs the fire time that just passed; a paused schedule does not run."""
    schedule = add_schedule(db)
    add_openings(db, opening("a", MON - timedelta(days=1)))
    clock = Clock(db, grace=HOUR, now=fake)
    fake.value = MON + timedelta(milliseconds=3)
    result = clock.fire(schedule.id)
    assert result is not None and (result.scheduled_for, result.enqueued) == (MON, 1)
    assert clock.fire(schedule.id) is not None  # APScheduler firing twice: nothing more sent
    assert len(db.deliveries.list()) == 1
    db.schedules.update(schedule.id, paused=True)
    assert clock.fire(schedule.id) is None
    assert clock.fire(9999) is None
    db.schedules.update(schedule.id, paused=False)
    fake.value = MON + timedelta(days=7)
    # A job scheduled for an older cron (not reconciled yet) does nothing.
    assert clock.fire(schedule.id, "0 8 * * 1", "Europe/London") is None
    assert clock.fire(schedule.id, "0 9 * * 1", "Europe/London") is not None


def test_reconcile_adds_removes_updates_and_skips_paused(
    db: Store, fake: FakeClock, scheduler: BackgroundScheduler
) -> None:
    """At every reconcile the scheduler's jobs equal the database's active schedules."""
    clock = Clock(db, grace=HOUR, now=fake)
    weekly = add_schedule(db, "weekly")
    daily = add_schedule(db, "daily", cron="30 8 * * *")
    report = clock.reconcile(scheduler)
    assert sorted(report.added) == sorted([job_id(weekly.id), job_id(daily.id)])
    assert {j.id for j in scheduler.get_jobs()} == {job_id(weekly.id), job_id(daily.id)}

    # A restart in between: add one, delete one, pause one, change one.
    hourly = add_schedule(db, "hourly", cron="0 * * * *")
    db.schedules.delete(daily.id)
    stopped = add_schedule(db, "stopped")
    db.schedules.update(stopped.id, paused=True)
    db.schedules.update(weekly.id, cron="0 17 * * 5", timezone="America/New_York")
    report = clock.reconcile(scheduler)
    assert report.removed == (job_id(daily.id),)
    assert report.added == (job_id(hourly.id),)
    assert report.updated == (job_id(weekly.id),)
    jobs = {j.id: j for j in scheduler.get_jobs()}
    assert set(jobs) == {job_id(weekly.id), job_id(hourly.id)}
    trigger = jobs[job_id(weekly.id)].trigger
    assert isinstance(trigger, NextFireTrigger)
    assert (trigger.cron, trigger.timezone) == ("0 17 * * 5", "America/New_York")
    assert clock.reconcile(scheduler) == type(report)()  # nothing left to do

    # Resuming puts the job back.
    db.schedules.update(stopped.id, paused=False)
    assert clock.reconcile(scheduler).added == (job_id(stopped.id),)


def test_other_jobs_are_left_alone(
    db: Store, fake: FakeClock, scheduler: BackgroundScheduler
) -> None:
    """Reconcile only owns ``schedule:*`` jobs (the periodic reconcile job stays)."""
    clock = Clock(db, grace=HOUR, now=fake)
    clock.install(scheduler, every=30)
    assert [j.id for j in scheduler.get_jobs()] == ["reconcile"]


def test_trigger_matches_next_fire_across_the_autumn_change() -> None:
    """APScheduler asks the trigger; it answers with next_fire (01:30 runs once on 25 Oct)."""
    trigger = NextFireTrigger("30 1 * * *", "Europe/London")
    start = datetime(2026, 10, 24, 12, tzinfo=UTC)
    first = trigger.get_next_fire_time(None, start)
    second = trigger.get_next_fire_time(first, first)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert second == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)
    assert second == next_fire("30 1 * * *", "Europe/London", first)


def test_real_clock_process_runs_a_due_schedule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``run clock`` for half a second: the missed run is caught up and lands in the outbox."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    store = open_store(url)
    try:
        now = datetime.now(UTC)
        schedule = add_schedule(store, cron="* * * * *")
        store.schedules.update(schedule.id, last_run_at=now - timedelta(minutes=3))
        add_openings(store, opening("a", now - timedelta(minutes=2)))
        assert main(["--for", "0.5"]) == 0
        [delivery] = store.deliveries.list()
        assert delivery.destination == "console"
        assert [i.title for i in message_from_json(delivery.content).items] == ["Engineer a"]
    finally:
        store.close()


def test_a_broken_row_does_not_stop_the_others(
    db: Store, fake: FakeClock, scheduler: BackgroundScheduler, caplog: pytest.LogCaptureFixture
) -> None:
    """A schedule whose stored zone became invalid is logged and skipped; the rest run."""
    broken = add_schedule(db, "broken")
    db.schedules.update(broken.id, timezone="Mars/Olympus")
    good = add_schedule(db, "good")
    add_openings(db, opening("a", MON - timedelta(days=1)))
    fake.value = MON + timedelta(minutes=5)
    clock = Clock(db, grace=HOUR, now=fake)
    with caplog.at_level(logging.ERROR, logger="bot.clock"):
        [result] = clock.catch_up()
        report = clock.reconcile(scheduler)
    assert result.schedule == "good"
    assert report.added == (job_id(good.id),)
    assert "broken" in caplog.text and "Mars/Olympus" in caplog.text


def test_retention_purges_only_questions_older_than_the_window(
    db: Store, fake: FakeClock, scheduler: BackgroundScheduler
) -> None:
    """The clock's purge removes logged questions past QUESTION_RETENTION_DAYS; newer ones
    stay untouched; the purge job is installed and runs at start-up."""
    row = {
        "user_key": "u", "conversation_key": "c", "platform": "slack", "answer": "a",
        "intent": None, "confidence": 0.1, "role": None, "answered": False,
        "latency_ms": 1.0, "review": True,
    }  # fmt: skip
    db.questions.add(text="old", **row)
    fake.advance(timedelta(days=2).total_seconds())
    db.questions.add(text="edge", **row)
    fake.advance(timedelta(days=89).total_seconds())
    db.questions.add(text="new", **row)
    clock = Clock(db, grace=HOUR, now=fake, retention=timedelta(days=90))
    assert clock.purge_questions() == 1
    assert [q.text for q in db.questions.iter()] == ["edge", "new"]
    clock.install(scheduler, every=30)
    assert {j.id for j in scheduler.get_jobs()} == {"reconcile", "retention"}
    assert Clock(db, grace=HOUR, now=fake).purge_questions() == 0  # no window: nothing

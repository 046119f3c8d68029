"""The ``clock`` process: APScheduler 3.x runs every digest schedule, in exactly one process.

The database is the truth. Each active schedule is one job with the deterministic id
``schedule:<id>``; :meth:`Clock.reconcile` adds, removes and updates jobs to match the
``schedules`` table at boot and every :data:`RECONCILE_SECONDS` (followed by a catch-up). Jobs use
:class:`NextFireTrigger`, so APScheduler fires exactly when :func:`bot.schedule.next_fire`
says (the same DST rules as ``digest list`` shows). The jobs live in a memory job store:
nothing is lost with it, because the table is re-read at boot.

Runs missed while the clock was down: at start-up, :meth:`Clock.catch_up` runs each schedule once
(coalesced) for its latest missed fire time when that is within the grace
(``DIGEST_GRACE_SECONDS``, default 3600), else logs and skips it; a skipped run loses no
openings (the next run's window starts at the last run that happened). A crash in the
middle of a run is the same case: the run's transaction never committed.

Everything that decides is a function of (store, schedules, now); the APScheduler shell is
thin and time is injected (``now``) for tests.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger

from bot.config import Settings, load_settings
from bot.digests.run import RunResult, run_digest
from bot.errors import BotError, StorageError
from bot.retry import Backoff, retry_storage
from bot.schedule import next_fire, parse_timezone, previous_fire
from bot.storage import Schedule, Store

log = logging.getLogger("bot.clock")

JOB_PREFIX = "schedule:"
RECONCILE_JOB = "reconcile"
RECONCILE_SECONDS = 30
RETENTION_JOB = "retention"
RETENTION_SECONDS = 3600  # how often questions past QUESTION_RETENTION_DAYS are purged
_SIGNALS = (signal.SIGTERM, signal.SIGINT)
FIRE_TOLERANCE = timedelta(seconds=2)  # a job woken a hair early still finds its fire time
Now = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class NextFireTrigger(BaseTrigger):  # type: ignore[misc]  # APScheduler 3.x is untyped
    """An APScheduler 3.x trigger backed by the pure :func:`bot.schedule.next_fire`."""

    def __init__(self, cron: str, timezone: str) -> None:
        self.cron = cron
        self.timezone = timezone

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        after = previous_fire_time if previous_fire_time is not None else now
        return next_fire(self.cron, self.timezone, after)

    def __str__(self) -> str:
        return f"cron[{self.cron} {self.timezone}]"

    def __repr__(self) -> str:
        return f"<NextFireTrigger {self.cron!r} {self.timezone!r}>"


def job_id(schedule_id: int) -> str:
    return f"{JOB_PREFIX}{schedule_id}"


@dataclass(frozen=True, slots=True)
class ReconcileReport:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()


@dataclass(slots=True)
class Clock:
    """The digest clock: reconciles jobs with the database and runs digests."""

    store: Store
    grace: timedelta = timedelta(seconds=3600)
    now: Now = utc_now
    results: list[RunResult] = field(default_factory=list)  # recent runs (for tests/logs)
    retention: timedelta | None = None  # QUESTION_RETENTION_DAYS: the conversation log's window

    # ------------------------------------------------------------------ pure-ish decisions

    def missed_fire(self, schedule: Schedule, now: datetime) -> datetime | None:
        """The latest fire time at or before ``now`` that the schedule still owes, if any.

        Owed: after its last run, and at or after ``next_run_at`` (the first fire after the
        last run, creation, a change or a resume; fires while paused are not owed).
        """
        latest = previous_fire(schedule.cron, schedule.timezone, now)
        if latest is None:
            return None
        if schedule.last_run_at is not None and latest <= schedule.last_run_at:
            return None
        owed = schedule.next_run_at or next_fire(
            schedule.cron, schedule.timezone, schedule.last_run_at or schedule.created_at
        )
        return latest if latest >= owed else None

    def catch_up(self) -> list[RunResult]:
        """Run each active schedule's latest missed fire once if within the grace.

        At boot, and after each periodic reconcile (a schedule created moments before its
        first fire, or a fire the jobs missed, is run then). A missed fire beyond the grace
        is skipped once: ``next_run_at`` moves on, ``last_run_at`` stays, so its openings
        go out with the next run.
        """
        now = self.now()
        results = []
        for schedule in self.store.schedules.list(include_paused=False):
            try:
                result = self._catch_up_one(schedule, now)
            except BotError as exc:  # one broken schedule must not stop the others
                log.error("digest %s: catch-up failed: %s", schedule.name, exc)
                continue
            if result is not None:
                results.append(result)
        return results

    def _catch_up_one(self, schedule: Schedule, now: datetime) -> RunResult | None:
        unfinished = self.store.deliveries.unfinished_run(schedule.id, schedule.last_run_at)
        if unfinished is not None:  # started, cut short: finish it first, whatever its age
            when, manual = unfinished
            log.info("digest %s: finishing the run of %s", schedule.name, when.isoformat())
            result = run_digest(self.store, schedule, when, now, manual=manual)
            self.results.append(result)
            return result
        missed = self.missed_fire(schedule, now)
        if missed is None:
            return None
        late = now - missed
        if late > self.grace:
            log.warning(
                "digest %s: missed run at %s is %s old (grace %s): skipped; its openings "
                "go out with the next run",
                schedule.name,
                missed.isoformat(),
                late,
                self.grace,
            )
            following = next_fire(schedule.cron, schedule.timezone, now)
            self.store.schedules.update(schedule.id, next_run_at=following)
            return None
        log.info("digest %s: running missed run of %s", schedule.name, missed.isoformat())
        return self._run(schedule, missed, now)

    def fire(
        self, schedule_id: int, cron: str | None = None, timezone: str | None = None
    ) -> RunResult | None:
        """The job body: re-read the schedule (the truth) and run the fire time that just
        passed. A job whose ``cron``/``timezone`` no longer match the row does nothing (the
        next reconcile reschedules it)."""
        schedule = self.store.schedules.get(schedule_id)
        if schedule is None or schedule.paused:
            log.info("digest %s: deleted or paused; not run", schedule_id)
            return None
        if cron is not None and (cron, timezone) != (schedule.cron, schedule.timezone):
            log.info("digest %s changed since its job was scheduled; not run", schedule.name)
            return None
        now = self.now()
        due = previous_fire(schedule.cron, schedule.timezone, now + FIRE_TOLERANCE)
        if due is None or now - due > self.grace or due < schedule.created_at:
            return None
        return self._run(schedule, due, now)

    def _safe_fire(
        self, schedule_id: int, cron: str | None = None, timezone: str | None = None
    ) -> RunResult | None:
        """:meth:`fire` for the scheduler: a database outage is one warning line; the run is
        caught up by the next reconcile (within ``DIGEST_GRACE_SECONDS``)."""
        try:
            return self.fire(schedule_id, cron, timezone)
        except StorageError as exc:
            log.warning(
                "digest %s not run now (%s); the next reconcile catches it up", schedule_id, exc
            )
            return None

    def _run(self, schedule: Schedule, scheduled_for: datetime, now: datetime) -> RunResult:
        result = run_digest(self.store, schedule, scheduled_for, now)
        self.results.append(result)
        del self.results[:-100]
        log.info("%s", result.describe())
        return result

    # ------------------------------------------------------------------ APScheduler shell

    def reconcile(self, scheduler: BaseScheduler) -> ReconcileReport:
        """Make ``scheduler``'s ``schedule:*`` jobs match the database exactly."""
        wanted = {
            job_id(s.id): s for s in self.store.schedules.list(include_paused=False) if _valid(s)
        }
        jobs = {j.id: j for j in scheduler.get_jobs() if j.id.startswith(JOB_PREFIX)}
        removed = sorted(set(jobs) - set(wanted))
        for jid in removed:
            scheduler.remove_job(jid)
        added, updated = [], []
        for jid, schedule in sorted(wanted.items()):
            trigger = NextFireTrigger(schedule.cron, schedule.timezone)
            job = jobs.get(jid)
            if job is None:
                scheduler.add_job(
                    self._safe_fire,
                    trigger=trigger,
                    args=[schedule.id, schedule.cron, schedule.timezone],
                    id=jid,
                    name=schedule.name,
                    misfire_grace_time=max(1, int(self.grace.total_seconds())),
                    coalesce=True,
                    max_instances=1,
                    replace_existing=True,
                )
                added.append(jid)
            elif (job.trigger.cron, job.trigger.timezone, job.name) != (
                schedule.cron,
                schedule.timezone,
                schedule.name,
            ):
                scheduler.modify_job(
                    jid, name=schedule.name, args=[schedule.id, schedule.cron, schedule.timezone]
                )
                scheduler.reschedule_job(jid, trigger=trigger)
                updated.append(jid)
        report = ReconcileReport(tuple(added), tuple(removed), tuple(updated))
        if added or removed or updated:
            log.info("reconciled jobs: %s", report)
        return report

    def install(self, scheduler: BaseScheduler, every: float = RECONCILE_SECONDS) -> None:
        """Reconcile now and add the periodic reconcile job."""
        self.reconcile(scheduler)
        scheduler.add_job(
            self._safe_reconcile,
            "interval",
            args=[scheduler],
            seconds=every,
            id=RECONCILE_JOB,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )
        if self.retention is not None:
            scheduler.add_job(
                self._safe_purge,
                "interval",
                seconds=RETENTION_SECONDS,
                id=RETENTION_JOB,
                replace_existing=True,
                coalesce=True,
                max_instances=1,
                next_run_time=datetime.now(UTC),  # once at start-up, then hourly
            )

    def purge_questions(self) -> int:
        """Delete logged questions older than the retention window (as of ``now``) and
        ended handoffs."""
        if self.retention is None:
            return 0
        removed = self.store.questions.purge(self.now() - self.retention)
        self.store.handoffs.purge()  # ended handoffs hold a raw chat id: drop them
        if removed:
            log.info("retention: purged %d question(s) older than %s", removed, self.retention)
        return removed

    def _safe_purge(self) -> None:
        try:
            self.purge_questions()
        except BotError as exc:  # a database hiccup: try again next time
            log.warning("retention purge failed: %s", exc)

    def _safe_reconcile(self, scheduler: BaseScheduler) -> None:
        try:
            self.reconcile(scheduler)
            self.catch_up()
        except BotError as exc:  # a database hiccup: try again next time
            log.warning("reconcile failed: %s", exc)


def _valid(schedule: Schedule) -> bool:
    try:
        parse_timezone(schedule.timezone)
        next_fire(schedule.cron, schedule.timezone, datetime.now(UTC))
    except BotError as exc:
        log.error("digest %s is invalid and not scheduled: %s", schedule.name, exc)
        return False
    return True


def build(settings: Settings, *, now: Now = utc_now, store: Store | None = None) -> Clock:
    from bot.storage import open_store

    return Clock(
        store=store or open_store(settings.database_url, clock=now),
        grace=timedelta(seconds=settings.digest_grace_seconds),
        now=now,
        retention=timedelta(days=settings.question_retention_days),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bot run clock [--reconcile-every S] [--for S]``."""
    import argparse

    from apscheduler.schedulers.background import BackgroundScheduler

    parser = argparse.ArgumentParser(prog="python -m bot run clock")
    parser.add_argument("--reconcile-every", type=float, default=RECONCILE_SECONDS, metavar="S")
    parser.add_argument(
        "--for",
        dest="duration",
        type=float,
        default=None,
        metavar="S",
        help="stop after S seconds (smoke tests)",
    )
    try:
        args = parser.parse_args(list(argv or []))
    except SystemExit as exc:  # --help (0), or a usage error argparse has already printed (2)
        return 0 if not exc.code else 2
    settings = load_settings()
    level = logging.getLevelName(settings.log_level.upper())
    level = level if isinstance(level, int) else logging.INFO
    logging.getLogger().setLevel(level)
    # APScheduler logs every job run at INFO (the reconcile job runs every 30 s): quiet
    # unless LOG_LEVEL=DEBUG.
    logging.getLogger("apscheduler").setLevel(level if level <= logging.DEBUG else logging.WARNING)
    from bot.storage import open_store

    stop = threading.Event()
    scheduler = BackgroundScheduler(timezone=UTC)
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _SIGNALS}
    backoff = Backoff(maximum=settings.storage_retry_max_seconds)
    clock: Clock | None = None
    try:
        # A database that is away at start-up (or goes away) is waited for, not fatal.
        store = retry_storage(
            lambda: open_store(settings.database_url),
            stop=stop,
            what="clock: opening the database",
            backoff=backoff,
            logger=log,
        )
        if store is None:
            return 0
        clock = build(settings, store=store)
        # Jobs first, then the catch-up: a fire time passing in between is run by its job
        # (the run's guard and unique keys make a double attempt harmless).
        installed = clock.install
        if retry_storage(
            lambda: installed(scheduler, args.reconcile_every) or True,
            stop=stop,
            what="clock: reading the schedules",
            backoff=backoff,
            logger=log,
        ):
            scheduler.start()
            results = retry_storage(
                clock.catch_up, stop=stop, what="clock: catching up", backoff=backoff, logger=log
            )
            log.info(
                "clock: %d schedule(s), %d missed run(s) caught up",
                sum(j.id.startswith(JOB_PREFIX) for j in scheduler.get_jobs()),
                len(results or []),
            )
            stop.wait(args.duration)
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=True)
        if clock is not None:
            clock.store.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


__all__ = ["Clock", "NextFireTrigger", "ReconcileReport", "job_id", "main"]

"""One digest run: select new openings, render per destination, enqueue, record the run.

``run_digest(store, schedule, scheduled_for, now)`` is the whole run. Its guarantees:

* **Window.** ``since`` is the schedule's ``last_run_at`` (for the first run: since the
  schedule was created or the 7 days before the run, :data:`FIRST_RUN_WINDOW`, whichever is
  earlier) and ``until`` is the scheduled time. An opening has two times: ``first_seen``
  (from the corpus MANIFEST or the file's mtime: when the posting appeared) and
  ``recorded_at`` (when ``openings sync`` first stored it). A run takes the open openings
  first seen in ``(since, until]`` and, once the schedule has run, also those *recorded*
  after its previous run read the openings (``last_read_at``) and first seen by ``until``:
  a posting synced after a run but dated before it would otherwise reach no digest. (A first
  run has no late syncs to catch up on: what the registry held before it, dated before its
  window, is not news. ``first_seen ≤ until`` keeps a feed replayed with ``openings sync
  --until`` in step: a posting dated after a run's scheduled time waits for the run whose
  window holds it.) Closed openings are left out.
* **Each opening reaches a schedule once.** Run k has the scheduled time ``Uₖ`` and reads
  the openings at ``Rₖ`` (the store's clock, taken under the openings lock, so the rows it
  sees are exactly those recorded before ``Rₖ``), and commits ``last_run_at = Uₖ`` and
  ``last_read_at = Rₖ`` with its deliveries; both only grow from run to run. Run k takes an
  opening iff it sees it (``recorded_at < Rₖ``), ``first_seen ≤ Uₖ``, and
  ``first_seen > Uₖ₋₁`` or ``recorded_at > Rₖ₋₁``. *Never twice:* once taken by run j,
  ``first_seen ≤ Uⱼ ≤ Uₖ₋₁`` and ``recorded_at < Rⱼ ≤ Rₖ₋₁`` for every later run k, so
  neither clause holds again. *Never lost* (after the first run): let k be the first run
  that sees the opening with ``first_seen ≤ Uₖ``; at run k-1 either ``first_seen > Uₖ₋₁``
  or it was not seen, i.e. ``recorded_at > Rₖ₋₁``: run k takes it. The read time, not
  ``last_run_at``, bounds the late-sync clause because a run may read well after its
  scheduled time (the boot catch-up): an opening recorded between ``Uₖ₋₁`` and ``Rₖ₋₁`` was
  already sent by run k-1 and must not count as late. A schedule whose ``last_run_at`` was
  set by hand (no ``last_read_at``) uses ``last_run_at``. The times come from the
  processes' clocks: the sync's host and the clock's must agree (NTP). ``--since`` on a
  manual run or preview moves ``since`` by hand, and with it the guarantee.
* **Exactly once.** Every delivery has the unique key
  ``<schedule id>:<scheduled time>:<destination>``; the deliveries and the new
  ``last_run_at`` are written in ONE transaction, guarded by "``last_run_at`` is still
  before this run". A crash (kill -9) before the commit leaves no trace, so the run happens
  again at boot (within the grace); after the commit it is done and never repeated.
* **Destinations.** The schedule's own destinations, with the schedule's filters. The keyword
  ``subscribers`` expands to every active subscription (streamed from the database, flat
  memory), each receiving the schedule-filtered openings further filtered by its own
  subscription filters; a destination listed twice gets one delivery.
* **Empty.** A destination whose digest is empty gets nothing, or the schedule's
  ``empty_line`` when it has one. The run is recorded either way.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from bot.digests.content import compose
from bot.digests.spec import (
    REPORT,
    SUBSCRIBERS,
    DigestSpec,
    OpeningFilter,
    spec_of,
    subscription_filter,
)
from bot.outbox import delivery_key as outbox_key
from bot.outbox import message_to_json
from bot.ports import DigestMessage
from bot.schedule import next_fire
from bot.storage import NewDelivery, Opening, Schedule, Store
from bot.storage import models as m

log = logging.getLogger(__name__)

FIRST_RUN_WINDOW = timedelta(days=7)
_BATCH = 500
_MEMO = 256  # distinct subscriber filter sets whose digest is kept while streaming
Checkpoint = Callable[[str], None]
STEPS = ("select", "render", "enqueue", "mark")  # where a crash may be injected (tests)


@dataclass(frozen=True, slots=True)
class RunResult:
    """What one run did. ``status``: ``sent`` (deliveries enqueued), ``empty`` (nothing to
    send), ``done-before`` (this scheduled time already ran) or ``deleted``."""

    schedule: str
    scheduled_for: datetime
    status: str
    openings: int = 0
    enqueued: int = 0
    platforms: tuple[str, ...] = ()  # of the destinations that got a delivery

    def describe(self) -> str:
        when = self.scheduled_for.strftime("%Y-%m-%d %H:%M UTC")
        if self.status == "sent":
            return (
                f"{self.schedule}: {self.openings} new opening(s), "
                f"{self.enqueued} delivery(ies) queued for {when}"
            )
        if self.status == "empty":
            return f"{self.schedule}: nothing new for {when}; nothing queued"
        if self.status == "done-before":
            return f"{self.schedule}: the run for {when} already happened"
        return f"{self.schedule}: schedule deleted; nothing queued"


def delivery_key(schedule_id: int, scheduled_for: datetime, destination: str, manual: bool) -> str:
    """The outbox's unique key of one destination's digest for one run: the outbox's
    ``<schedule>:<scheduled time>:<destination>``; a manual run is ``<schedule>:manual:…``."""
    owner = f"{schedule_id}:manual" if manual else schedule_id
    return outbox_key(owner, scheduled_for, destination)


def window(schedule: Schedule, until: datetime, since: datetime | None = None) -> datetime:
    """Start of the selection window of a run ending at ``until``: ``since`` when given,
    else the last run, else (first run) the schedule's creation or 7 days before, whichever
    is earlier, so a skipped first run loses nothing either."""
    if since is not None:
        return since
    if schedule.last_run_at is not None:
        return schedule.last_run_at
    return min(schedule.created_at, until - FIRST_RUN_WINDOW)


def select_openings(
    store: Store,
    spec: DigestSpec,
    since: datetime,
    until: datetime,
    *,
    schedule: Schedule | None = None,
) -> list[Opening]:
    """The openings new in the window that pass the schedule's filters (a period's worth):
    first seen in ``(since, until]``, or, when ``schedule`` ran before, recorded since that
    run read the openings (see the module's docstring)."""
    return _select(store, spec, since, until, schedule)[0]


def recorded_after(schedule: Schedule) -> datetime | None:
    """Openings recorded after this are new to ``schedule``'s next run whatever their
    ``first_seen``: when its last run read the openings (None before any run)."""
    return schedule.last_read_at or schedule.last_run_at  # last_run_at: set by hand


def _select(
    store: Store, spec: DigestSpec, since: datetime, until: datetime, schedule: Schedule | None
) -> tuple[list[Opening], datetime]:
    after = recorded_after(schedule) if schedule is not None else None
    found, read_at = store.openings.for_digest(since, until, recorded_after=after)
    return [o for o in found if spec.filter(o)], read_at


def report_message(store: Store, since: datetime, tz: Any) -> DigestMessage:
    """The recruiters' report (``--kind report``) of the conversation log since ``since``."""
    from bot.insights import format_stats, stats

    heading = f"Recruiter report since {since.astimezone(tz):%a %d %b %Y %H:%M}"
    text = heading + "\n" + format_stats(stats(store, since))
    return DigestMessage(heading=heading, items=(), empty_line=text)


def plan(
    store: Store,
    spec: DigestSpec,
    openings: Sequence[Opening],
    since: datetime,
    report: DigestMessage | None = None,
) -> Iterator[tuple[str, DigestMessage]]:
    """(destination, message) for every destination that gets something, streamed.

    A report schedule sends ``report`` (made before, outside the run's transaction)."""
    explicit = [d for d in spec.destinations if d != SUBSCRIBERS]
    if spec.kind == REPORT:
        if report is not None:
            for destination in explicit:
                yield destination, report
        return
    shared = _compose(spec, openings, since) if explicit else None
    if shared is not None:
        for destination in explicit:
            yield destination, shared
    seen = set(explicit)
    if SUBSCRIBERS not in spec.destinations:
        return
    # Subscribers with the same filters get the same message object (composed once).
    memo: OrderedDict[str, DigestMessage | None] = OrderedDict()
    for subscription in store.subscriptions.iter():
        if subscription.destination in seen:
            continue
        key = json.dumps(subscription.filters, sort_keys=True, default=str)
        if key in memo:
            memo.move_to_end(key)
            message = memo[key]
        else:
            keep = subscription_filter(subscription.filters)
            message = _compose(spec, [o for o in openings if keep(o)], since)
            memo[key] = message
            if len(memo) > _MEMO:
                memo.popitem(last=False)
        if message is not None:
            yield subscription.destination, message


def _compose(
    spec: DigestSpec, openings: Iterable[Opening], since: datetime
) -> DigestMessage | None:
    return compose(openings, since=since, tz=spec.tz, empty_line=spec.empty_line, top_n=spec.top_n)


def run_digest(
    store: Store,
    schedule: Schedule,
    scheduled_for: datetime,
    now: datetime,
    *,
    manual: bool = False,
    since: datetime | None = None,
    checkpoint: Checkpoint | None = None,
) -> RunResult:
    """Run ``schedule`` for ``scheduled_for`` (a manual run: ``scheduled_for=now``)."""
    step = checkpoint or (lambda _name: None)
    spec = spec_of(schedule)
    start = window(schedule, scheduled_for, since)
    openings, read_at = _select(store, spec, start, scheduled_for, schedule)
    report = report_message(store, start, spec.tz) if spec.kind == REPORT else None
    step("select")

    platforms: set[str] = set()

    def deliveries() -> Iterator[NewDelivery]:
        last: tuple[DigestMessage | None, dict[str, Any]] = (None, {})
        for destination, message in plan(store, spec, openings, start, report):
            step("render")
            platforms.add(destination.partition(":")[0])
            if last[0] is not message:  # consecutive equal digests share their JSON
                last = (message, message_to_json(message))
            yield NewDelivery(
                key=delivery_key(schedule.id, scheduled_for, destination, manual),
                destination=destination,
                scheduled_for=scheduled_for,
                content=last[1],
                schedule_id=schedule.id,
            )

    # The next fire owed: after this scheduled time (a late run does not forgive a later
    # fire that also passed), or after now for a manual run.
    following = next_fire(spec.cron, spec.tz, now if manual else scheduled_for)
    outcome = _commit_run(store, schedule.id, scheduled_for, following, read_at, deliveries(), step)
    if outcome is None:
        status = "deleted"
        return RunResult(schedule.name, scheduled_for, status)
    if outcome < 0:
        return RunResult(schedule.name, scheduled_for, "done-before", len(openings))
    status = "sent" if outcome else "empty"
    log.info(
        "digest %s for %s: %d opening(s), %d queued",
        schedule.name,
        scheduled_for,
        len(openings),
        outcome,
    )
    return RunResult(
        schedule.name, scheduled_for, status, len(openings), outcome, tuple(sorted(platforms))
    )


def _commit_run(
    store: Store,
    schedule_id: int,
    scheduled_for: datetime,
    next_run_at: datetime,
    read_at: datetime,
    items: Iterable[NewDelivery],
    step: Checkpoint,
) -> int | None:
    """Enqueue ``items``, then move ``last_run_at`` (and ``last_read_at``).

    Each batch of deliveries is its own short write transaction, so a run to 100k
    subscribers never holds the database's write lock for long (Slack acks and other
    writers on the same SQLite file wait one batch at most). The run stays exactly-once:
    every delivery has a unique key, so a run repeated after a crash between batches inserts
    only what is missing, and the clock resumes such an unfinished run whatever its age
    (:meth:`bot.clock.Clock.catch_up`) before it moves on.

    Returns how many deliveries were new, -1 if this scheduled time already ran, None if the
    schedule is gone. (This is the one place outside ``bot.storage`` that writes tables
    directly.)
    """
    db = store.db
    schedules, outbox = m.schedules, m.deliveries
    insert = db.insert_ignore(outbox, ["key"]).returning(outbox.c.id)
    last_run = select(schedules.c.last_run_at).where(schedules.c.id == schedule_id)

    def done_before(conn: Any) -> int | None:
        last = conn.execute(last_run).first()
        if last is None:
            return None
        if last.last_run_at is not None and last.last_run_at >= scheduled_for:
            return -1
        return 0

    with db.read() as conn:
        state = done_before(conn)
    if state != 0:
        return state
    added = 0
    for batch in _batches(items):
        with db.write() as conn:
            now = db.now()
            added += len(conn.execute(insert, [_row(item, now) for item in batch]).all())
        step("enqueue")
    with db.write() as conn:
        state = done_before(conn)
        if state != 0:
            return state  # deleted meanwhile, or another run finished it (same keys)
        conn.execute(
            update(schedules)
            .where(schedules.c.id == schedule_id)
            .values(last_run_at=scheduled_for, last_read_at=read_at, next_run_at=next_run_at)
        )
        step("mark")
    return added


def _row(item: NewDelivery, now: datetime) -> dict[str, Any]:
    return {
        "key": item.key,
        "destination": item.destination,
        "scheduled_for": item.scheduled_for,
        "content": item.content,  # shared, not copied: rows are only serialised
        "schedule_id": item.schedule_id,
        "platform": item.destination.partition(":")[0].lower(),
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def _batches(items: Iterable[NewDelivery]) -> Iterator[list[NewDelivery]]:
    batch: list[NewDelivery] = []
    for item in items:
        batch.append(item)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


__all__ = ["STEPS", "OpeningFilter", "RunResult", "delivery_key", "plan", "run_digest"]

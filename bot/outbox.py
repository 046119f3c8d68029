"""Delivery through an outbox: enqueue once, claim with a lease, send, mark — each a commit.

Steps and what a crash (``kill -9``) at each point does:

1. **enqueue** — one row per (schedule, scheduled time, destination) with a unique ``key``;
   enqueuing again (the clock re-runs after a crash) inserts nothing new.
2. **claim** — a sender takes a small batch (status ``sending``, ``lease_until``). If it dies,
   the lease expires and another sender (or itself, restarted) reclaims the rows.
3. **start** — ``in_flight`` in one commit just before the request is written: the sender
   calls back (:data:`~bot.ports.Started`) after any rate-limit wait, right before the
   first request leaves.
4. **send** — through the platform's :class:`~bot.ports.Sender`.
5. **mark** — ``sent`` in one commit right after the platform accepted the message.

Slack and Telegram offer no idempotency key for ``chat.postMessage`` / ``sendMessage`` and no
way to ask whether a message arrived, so a sender that dies during a send leaves a delivery
whose fate is unknown. Resending it blindly (at-least-once) duplicates the message whenever
the crash fell after the request was written — nearly always, since the round trip takes
milliseconds to seconds while step 3's commit is followed by the write within microseconds.
So a delivery found ``in_flight`` with an expired lease becomes ``unconfirmed``: final, logged
as a warning and listed by ``python -m bot outbox``, never resent. Only a crash
in the microseconds between steps 3 and 4 loses a message this way, and it is visible as
``unconfirmed``; ``run sender --resend-unconfirmed`` switches to at-least-once (the same rows
are claimed again) for operators who prefer a possible duplicate. A crash before step 3
(claimed, not started) is reclaimed and sent when the lease expires. A sender also never
starts a send whose lease is about to expire, so a slow sender does not race a reclaiming one.

Outcomes: RETRY (429, 5xx, timeouts, any exception) → ``failed`` with exponential backoff and
jitter, at least the platform's ``retry_after``; after ``max_attempts`` → ``dead``. PERMANENT →
``dead`` and the destination's subscription is deactivated with the reason, and its other
waiting deliveries are dropped (those queued and those in the same claimed batch): never
retried forever.

Concurrency (``concurrency=N``, ``run sender --concurrency N``): a real platform round trip
(~100 ms) caps one-at-a-time sending near 10 messages/s, below Telegram's 30/s. The worker
splits a claimed batch into *lanes*, one per destination (claim order kept inside a lane),
and runs the lanes on a pool of N threads. So:

* each delivery is still marked in its own commit right after its own send (the at-least-once
  window stays one commit per delivery, whatever the thread);
* two deliveries to one destination are never sent at the same time, and go in order: they
  share a lane; the next batch is claimed only when every lane has finished, so batches do
  not overlap either. Per-chat pacing stays the platform sender's job (its limiter is shared
  by the threads, so it must be thread-safe: the console, Slack and Telegram senders are);
* the lease check and ``stop`` are looked at before *each* send, in its lane: a send is never
  started late, and on SIGTERM the sends in flight finish and the unstarted rest is released;
* every database step takes its own pooled connection for one transaction
  (:class:`~bot.storage.database.Database`), never shared between threads.

``concurrency=1`` (the default) runs the batch in the calling thread in claim order, as before.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import socket
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.errors import BotError, DeliveryError, StorageError
from bot.ports import Destination, DigestMessage, OpeningItem, Outcome, SenderRegistry, SendResult
from bot.storage import Delivery, NewDelivery, Store
from bot.storage.deliveries_repo import PERMANENT_PREFIX

log = logging.getLogger(__name__)

STEPS = ("claimed", "started", "sent", "marked")  # hook points a test can crash at
DEFAULT_CONCURRENCY = 8  # of ``run sender``: a ~100 ms round trip then allows ~80 messages/s


def message_to_json(message: DigestMessage) -> dict[str, Any]:
    """The JSON stored in ``deliveries.content``."""
    return {
        "heading": message.heading,
        "items": [
            {
                "title": i.title,
                "company": i.company,
                "location": i.location,
                "salary": i.salary,
                "apply_url": i.apply_url,
            }
            for i in message.items
        ],
        "more": message.more,
        "empty_line": message.empty_line,
    }


def message_from_json(data: dict[str, Any]) -> DigestMessage:
    try:
        items = tuple(OpeningItem(**item) for item in data.get("items", ()))
        return DigestMessage(
            heading=str(data["heading"]),
            items=items,
            more=int(data.get("more", 0)),
            empty_line=data.get("empty_line"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DeliveryError(f"delivery content is malformed: {exc}") from exc


def delivery_key(schedule_id: int | str | None, scheduled_for: datetime, destination: str) -> str:
    """``{schedule}:{scheduled_for in UTC, ISO 8601}:{destination}`` — the same run always
    gives the same key, whatever time zone ``scheduled_for`` was computed in."""
    if scheduled_for.tzinfo is None:
        raise DeliveryError("scheduled_for must be timezone-aware")
    when = scheduled_for.astimezone(UTC).isoformat()
    owner = "subscription" if schedule_id is None else str(schedule_id)
    return f"{owner}:{when}:{destination}"


def new_delivery(
    destination: str | Destination,
    message: DigestMessage,
    *,
    scheduled_for: datetime,
    schedule_id: int | None = None,
    key: str | None = None,
) -> NewDelivery:
    """A delivery of ``message`` to ``destination`` for the run at ``scheduled_for``."""
    dest = str(destination)
    return NewDelivery(
        key=key or delivery_key(schedule_id, scheduled_for, dest),
        destination=dest,
        scheduled_for=scheduled_for,
        content=message_to_json(message),
        schedule_id=schedule_id,
    )


def enqueue(store: Store, deliveries: Iterable[NewDelivery]) -> int:
    """Write deliveries to the outbox; keys already there are ignored. Returns how many were
    new (0 when a crashed run is repeated)."""
    return store.deliveries.enqueue(deliveries)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with jitter: ``base · 2^(attempt-1)`` capped, times [0.5, 1)."""

    max_attempts: int = 8
    base_seconds: float = 5.0
    cap_seconds: float = 3600.0

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        raw = min(self.cap_seconds, self.base_seconds * 2 ** max(0, attempt - 1))
        jittered = raw * (0.5 + rng.random() / 2)
        return float(max(jittered, retry_after or 0.0))


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class OutboxWorker:
    """Claims due deliveries and sends them, ``concurrency`` at a time (one per destination).

    One per sender process; ``batch`` defaults to ``max(10, 4 · concurrency)``.
    """

    def __init__(
        self,
        store: Store,
        registry: SenderRegistry,
        *,
        worker: str | None = None,
        batch: int | None = None,
        concurrency: int = 1,
        lease: timedelta = timedelta(seconds=120),
        send_budget: timedelta = timedelta(seconds=30),
        policy: RetryPolicy | None = None,
        rng: random.Random | None = None,
        platforms: Sequence[str] | None = None,
        hook: Callable[[str, Delivery], None] | None = None,
        resend_unconfirmed: bool = False,
    ) -> None:
        if concurrency < 1:
            raise DeliveryError("the outbox worker needs a concurrency of at least 1")
        self.store = store
        self.registry = registry
        self.worker = worker or worker_id()
        self.concurrency = concurrency
        self.batch = batch if batch is not None else max(10, 4 * concurrency)
        self.lease = lease
        self.send_budget = min(send_budget, lease / 2)
        self.policy = policy or RetryPolicy()
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not security
        self.platforms = platforms
        self._hook = hook
        self.resend_unconfirmed = resend_unconfirmed
        self.stats = {"sent": 0, "retried": 0, "dead": 0, "lost_lease": 0}
        self._stats_lock = threading.Lock()

    def run_once(self, stop: threading.Event | None = None) -> int:
        """Claim one batch and process it; returns how many deliveries were claimed.

        When ``stop`` is set mid-batch, sends in flight finish and the unsent rest is
        released for other senders.
        """
        claimed = self.store.deliveries.claim(
            self.worker,
            limit=self.batch,
            lease=self.lease,
            platforms=self.platforms,
            resend_unconfirmed=self.resend_unconfirmed,
        )
        if not claimed:
            return 0
        halt = stop or threading.Event()
        if self.concurrency == 1:
            held = self._lane(claimed, halt, threading.Event())
        else:
            held = self._run_lanes(lanes(claimed), halt)
        self._release(held, "stopping" if halt.is_set() else "lease nearly over")
        return len(claimed)

    def drain(self, stop: threading.Event | None = None) -> int:
        """Process batches until nothing is due (or ``stop`` is set); returns the total."""
        total = 0
        while not (stop is not None and stop.is_set()):
            n = self.run_once(stop)
            if n == 0:
                break
            total += n
        return total

    def _run_lanes(self, groups: list[list[Delivery]], stop: threading.Event) -> list[Delivery]:
        """Run the lanes on at most ``concurrency`` threads; the unsent deliveries back.

        A lane that fails (the database went away) stops the others from starting sends;
        once every lane has ended, their unsent deliveries are released and the error raised.
        """
        abort = threading.Event()
        held: list[Delivery] = []
        errors: list[BaseException] = []
        workers = min(self.concurrency, len(groups))
        with ThreadPoolExecutor(workers, thread_name_prefix="outbox") as pool:
            futures = [pool.submit(self._lane, lane, stop, abort) for lane in groups]
            for future in futures:
                try:
                    held.extend(future.result())
                except BaseException as exc:  # re-raised below, once every lane has ended
                    errors.append(exc)
        if errors:
            try:
                self._release(held, "a lane failed")
            except StorageError as exc:  # the database is away: their leases will expire
                log.warning("could not release %d unsent deliveries: %s", len(held), exc)
            except Exception:  # the first error is the one worth raising
                log.exception("could not release %d unsent deliveries", len(held))
            raise errors[0]
        return held

    def _lane(
        self, lane: Sequence[Delivery], stop: threading.Event, abort: threading.Event
    ) -> list[Delivery]:
        """Send ``lane`` in order; returns the deliveries it did not start (stop, lease)."""
        gone: dict[str, str] = {}  # destination -> reason, refused for good in this batch
        try:
            for index, delivery in enumerate(lane):
                if stop.is_set() or abort.is_set() or self._lease_nearly_over(delivery):
                    return list(lane[index:])
                if delivery.destination in gone:
                    self._drop(delivery, gone[delivery.destination])
                    continue
                self._step("claimed", delivery)
                result = self.process(delivery)
                if result.outcome is Outcome.PERMANENT:
                    gone[delivery.destination] = _permanent_reason(result)
        except BaseException:
            abort.set()
            raise
        return []

    def _lease_nearly_over(self, delivery: Delivery) -> bool:
        return (
            delivery.lease_until is not None
            and self.store.now() + self.send_budget > delivery.lease_until
        )

    def _release(self, held: Sequence[Delivery], why: str) -> None:
        if held:
            self.store.deliveries.release([d.id for d in held], self.worker)
            log.warning("%s: released %d unsent deliveries", why, len(held))

    def _drop(self, delivery: Delivery, reason: str) -> None:
        """A later delivery of this batch to a destination that just failed for good."""
        if self.store.deliveries.mark_dead(delivery.id, self.worker, error=reason):
            self._count("dead")

    def _count(self, name: str) -> None:
        with self._stats_lock:
            self.stats[name] += 1

    def process(self, delivery: Delivery) -> SendResult:
        """Send one claimed delivery and record the outcome (one commit); returns the result."""
        result = self._send(delivery)
        self._step("sent", delivery)
        repo = self.store.deliveries
        if result.outcome is Outcome.SENT:
            if repo.mark_sent(delivery.id, self.worker):
                self._count("sent")
            else:
                self._count("lost_lease")
                log.warning("delivery %s was sent after its lease expired", delivery.key)
        elif result.outcome is Outcome.PERMANENT:
            self._permanent(delivery, result)
        elif delivery.attempts >= self.policy.max_attempts:
            error = f"gave up after {delivery.attempts} attempts: {result.error or 'retry'}"
            repo.mark_dead(delivery.id, self.worker, error=error)
            self._count("dead")
            log.error("delivery %s to %s is dead: %s", delivery.key, delivery.destination, error)
        else:
            delay = self.policy.delay(delivery.attempts, result.retry_after, self.rng)
            at = self.store.now() + timedelta(seconds=delay)
            repo.mark_retry(delivery.id, self.worker, at=at, error=result.error or "retry")
            self._count("retried")
            log.info(
                "delivery to %s will be retried in %.0fs (%s)",
                delivery.destination,
                delay,
                result.error or "retry",
            )
        self._step("marked", delivery)
        return result

    def _send(self, delivery: Delivery) -> SendResult:
        try:
            destination = Destination.parse(delivery.destination)
            message = message_from_json(delivery.content)
        except BotError as exc:
            return SendResult(Outcome.PERMANENT, error=str(exc))
        try:
            sender = self.registry.for_platform(destination.platform)
            return sender.send(destination, message, started=lambda: self._start(delivery))
        except Exception as exc:  # any sender failure is retried (timeouts, bugs, outages)
            text = str(exc).splitlines()[0][:200] if str(exc) else ""
            return SendResult(Outcome.RETRY, error=f"{type(exc).__name__}: {text}".rstrip(": "))

    def _permanent(self, delivery: Delivery, result: SendResult) -> None:
        reason = _permanent_reason(result)
        self.store.deliveries.mark_dead(delivery.id, self.worker, error=reason)
        self._count("dead")
        deactivated = self.store.subscriptions.deactivate(delivery.destination, reason)
        dropped = self.store.deliveries.kill_destination(delivery.destination, reason)
        log.error(
            "destination %s failed permanently (%s): subscription %s, %d queued dropped",
            delivery.destination,
            result.error,
            "deactivated" if deactivated else "not found",
            dropped,
        )

    def _start(self, delivery: Delivery) -> bool:
        """The sender is about to write the request: record ``in_flight`` (one commit)."""
        if not self.store.deliveries.start(delivery.id, self.worker):
            self._count("lost_lease")
            log.warning("delivery %s: lease lost before the send; not sent", delivery.key)
            return False
        self._step("started", delivery)
        return True

    def _step(self, name: str, delivery: Delivery) -> None:
        if self._hook is not None:
            self._hook(name, delivery)


def lanes(claimed: Sequence[Delivery]) -> list[list[Delivery]]:
    """A claimed batch split by destination, claim order kept within and between lanes."""
    by_destination: OrderedDict[str, list[Delivery]] = OrderedDict()
    for delivery in claimed:
        by_destination.setdefault(delivery.destination, []).append(delivery)
    return list(by_destination.values())


def _permanent_reason(result: SendResult) -> str:
    return f"{PERMANENT_PREFIX}{result.error or 'rejected by the platform'}"

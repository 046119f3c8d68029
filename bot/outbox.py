"""Delivery through an outbox: enqueue once, claim with a lease, send, mark — each a commit.

Steps and what a crash (``kill -9``) at each point does:

1. **enqueue** — one row per (schedule, scheduled time, destination) with a unique ``key``;
   enqueuing again (the clock re-runs after a crash) inserts nothing new.
2. **claim** — a sender takes a small batch (status ``sending``, ``lease_until``). If it dies,
   the lease expires and another sender (or itself, restarted) reclaims the rows.
3. **send** — through the platform's :class:`~bot.ports.Sender`.
4. **mark** — ``sent`` in one commit right after the platform accepted the message.

The one unavoidable at-least-once window is between 3 and 4: the platform has the message
but the row is not yet marked. A crash exactly there (or losing the database for longer
than the lease) sends that one message again when the lease expires; Slack and Telegram
offer no idempotency key for ``chat.postMessage`` / ``sendMessage``, so no design can close
it without one. Keeping step 4 a single tiny commit keeps the window to milliseconds. A
sender also never starts a send whose lease is about to expire, so a slow sender does not
race a reclaiming one.

Outcomes: RETRY (429, 5xx, timeouts, any exception) → ``failed`` with exponential backoff and
jitter, at least the platform's ``retry_after``; after ``max_attempts`` → ``dead``. PERMANENT →
``dead`` and the destination's subscription is deactivated with the reason, and its other
waiting deliveries are dropped: never retried forever.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import socket
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.errors import BotError, DeliveryError
from bot.ports import Destination, DigestMessage, OpeningItem, Outcome, SenderRegistry, SendResult
from bot.storage import Delivery, NewDelivery, Store
from bot.storage.deliveries_repo import PERMANENT_PREFIX

log = logging.getLogger(__name__)

STEPS = ("claimed", "sent", "marked")  # hook points a test can crash at


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
    """Claims due deliveries and sends them. One per sender process (or thread)."""

    def __init__(
        self,
        store: Store,
        registry: SenderRegistry,
        *,
        worker: str | None = None,
        batch: int = 10,
        lease: timedelta = timedelta(seconds=120),
        send_budget: timedelta = timedelta(seconds=30),
        policy: RetryPolicy | None = None,
        rng: random.Random | None = None,
        platforms: Sequence[str] | None = None,
        hook: Callable[[str, Delivery], None] | None = None,
    ) -> None:
        self.store = store
        self.registry = registry
        self.worker = worker or worker_id()
        self.batch = batch
        self.lease = lease
        self.send_budget = min(send_budget, lease / 2)
        self.policy = policy or RetryPolicy()
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not security
        self.platforms = platforms
        self._hook = hook
        self.stats = {"sent": 0, "retried": 0, "dead": 0, "lost_lease": 0}

    def run_once(self, stop: threading.Event | None = None) -> int:
        """Claim one batch and process it; returns how many deliveries were claimed.

        When ``stop`` is set mid-batch, the unsent rest is released for other senders.
        """
        claimed = self.store.deliveries.claim(
            self.worker, limit=self.batch, lease=self.lease, platforms=self.platforms
        )
        for index, delivery in enumerate(claimed):
            stopping = stop is not None and stop.is_set()
            if stopping or (
                delivery.lease_until is not None
                and self.store.now() + self.send_budget > delivery.lease_until
            ):
                rest = [d.id for d in claimed[index:]]
                self.store.deliveries.release(rest, self.worker)
                why = "stopping" if stopping else "lease nearly over"
                log.warning("%s: released %d unsent deliveries", why, len(rest))
                break
            self._step("claimed", delivery)
            self.process(delivery)
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

    def process(self, delivery: Delivery) -> None:
        """Send one claimed delivery and record the outcome."""
        result = self._send(delivery)
        self._step("sent", delivery)
        repo = self.store.deliveries
        if result.outcome is Outcome.SENT:
            if repo.mark_sent(delivery.id, self.worker):
                self.stats["sent"] += 1
            else:
                self.stats["lost_lease"] += 1
                log.warning("delivery %s was sent after its lease expired", delivery.key)
        elif result.outcome is Outcome.PERMANENT:
            self._permanent(delivery, result)
        elif delivery.attempts >= self.policy.max_attempts:
            error = f"gave up after {delivery.attempts} attempts: {result.error or 'retry'}"
            repo.mark_dead(delivery.id, self.worker, error=error)
            self.stats["dead"] += 1
            log.error("delivery %s to %s is dead: %s", delivery.key, delivery.destination, error)
        else:
            delay = self.policy.delay(delivery.attempts, result.retry_after, self.rng)
            at = self.store.now() + timedelta(seconds=delay)
            repo.mark_retry(delivery.id, self.worker, at=at, error=result.error or "retry")
            self.stats["retried"] += 1
            log.info(
                "delivery to %s will be retried in %.0fs (%s)",
                delivery.destination,
                delay,
                result.error or "retry",
            )
        self._step("marked", delivery)

    def _send(self, delivery: Delivery) -> SendResult:
        try:
            destination = Destination.parse(delivery.destination)
            message = message_from_json(delivery.content)
        except BotError as exc:
            return SendResult(Outcome.PERMANENT, error=str(exc))
        try:
            sender = self.registry.for_platform(destination.platform)
            return sender.send(destination, message)
        except Exception as exc:  # any sender failure is retried (timeouts, bugs, outages)
            text = str(exc).splitlines()[0][:200] if str(exc) else ""
            return SendResult(Outcome.RETRY, error=f"{type(exc).__name__}: {text}".rstrip(": "))

    def _permanent(self, delivery: Delivery, result: SendResult) -> None:
        reason = f"{PERMANENT_PREFIX}{result.error or 'rejected by the platform'}"
        self.store.deliveries.mark_dead(delivery.id, self.worker, error=reason)
        self.stats["dead"] += 1
        deactivated = self.store.subscriptions.deactivate(delivery.destination, reason)
        dropped = self.store.deliveries.kill_destination(delivery.destination, reason)
        log.error(
            "destination %s failed permanently (%s): subscription %s, %d queued dropped",
            delivery.destination,
            result.error,
            "deactivated" if deactivated else "not found",
            dropped,
        )

    def _step(self, name: str, delivery: Delivery) -> None:
        if self._hook is not None:
            self._hook(name, delivery)


def run_sender_main(argv: Sequence[str]) -> int:
    """``python -m bot run sender [--once] [--batch N] …``: the sender process."""
    import argparse
    import signal

    from bot.config import load_settings
    from bot.errors import UsageError
    from bot.senders import SenderRegistry as Registry
    from bot.storage import open_store

    parser = argparse.ArgumentParser(prog="python -m bot run sender", exit_on_error=False)
    parser.add_argument("--once", action="store_true", help="send what is due, then exit")
    parser.add_argument("--batch", type=int, default=10, help="deliveries claimed at a time")
    parser.add_argument("--lease", type=float, default=120.0, help="claim lease in seconds")
    parser.add_argument("--poll", type=float, default=1.0, help="idle poll interval (s)")
    parser.add_argument(
        "--platforms", default="", help="comma-separated platforms this sender serves (all)"
    )
    try:
        args = parser.parse_args(list(argv))
    except (argparse.ArgumentError, SystemExit) as exc:
        raise UsageError(f"run sender: {exc}") from None
    if args.batch < 1 or args.lease <= 0 or args.poll <= 0:
        raise UsageError("run sender: --batch, --lease and --poll must be positive")
    settings = load_settings()
    logging.getLogger().setLevel(settings.log_level.upper())
    store = open_store(settings.database_url)
    platforms = [p.strip() for p in args.platforms.split(",") if p.strip()] or None
    worker = OutboxWorker(
        store,
        Registry(settings),
        batch=args.batch,
        lease=timedelta(seconds=args.lease),
        platforms=platforms,
    )
    stop = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        log.info("sender %s: signal %d, finishing the current delivery", worker.worker, signum)
        stop.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    log.info("sender %s started (batch %d)", worker.worker, args.batch)
    try:
        while not stop.is_set():
            n = worker.drain(stop)
            if n:
                log.info("sender %s: %s", worker.worker, worker.stats)
            if args.once:
                break
            stop.wait(args.poll)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        store.close()
    log.info("sender %s stopped: %s", worker.worker, worker.stats)
    return 0

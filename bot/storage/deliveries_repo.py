"""The outbox table: enqueue idempotently, claim with a lease, mark the outcome.

The policy (backoff, what to do on each outcome) lives in :mod:`bot.outbox`; this module
only makes each step one short, atomic transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, and_, func, or_, select, update

from bot.storage import models as m
from bot.storage.database import Database
from bot.storage.records import Delivery, NewDelivery

log = logging.getLogger(__name__)

_BATCH = 500
CLAIMABLE = ("pending", "failed")
FINAL = ("sent", "dead", "unconfirmed")
HELD = ("sending", "in_flight")  # claimed by a worker; in_flight: its send has started
UNCONFIRMED_ERROR = (
    "its sender died during the send: not resent, to avoid a duplicate "
    "(run sender --resend-unconfirmed to resend such deliveries)"
)
PERMANENT_PREFIX = "permanent error: "  # last_error of a delivery the platform refused for good


def _delivery(row: Row[Any]) -> Delivery:
    data = row._mapping
    return Delivery(**{name: data[name] for name in Delivery.__slots__})


def _platform(destination: str) -> str:
    return destination.partition(":")[0].lower()


def _batches(items: Iterable[NewDelivery], size: int) -> Iterator[list[NewDelivery]]:
    batch: list[NewDelivery] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class DeliveriesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def enqueue(self, items: Iterable[NewDelivery]) -> int:
        """Insert deliveries; a key already present is ignored. Returns how many were new.

        Streams ``items`` in batches, so a generator over 100k subscribers stays small.
        """
        t = m.deliveries
        stmt = self.db.insert_ignore(t, ["key"]).returning(t.c.id)
        added = 0
        for batch in _batches(items, _BATCH):
            now = self.db.now()
            rows = [
                {name: getattr(d, name) for name in NewDelivery.__slots__}  # shallow, no deepcopy
                | {
                    "platform": _platform(d.destination),
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for d in batch
            ]
            with self.db.write() as conn:
                added += len(conn.execute(stmt, rows).all())
        return added

    def claim(
        self,
        worker: str,
        *,
        limit: int,
        lease: timedelta,
        platforms: Sequence[str] | None = None,
        resend_unconfirmed: bool = False,
    ) -> list[Delivery]:
        """Atomically take up to ``limit`` due deliveries for ``worker`` until now + ``lease``.

        Due: pending/failed whose ``next_attempt_at`` has come, or ``sending`` whose lease
        expired (its sender died before starting the send). A delivery left ``in_flight``
        by a dead sender may or may not have reached the platform (almost always it did: the
        request is written right after the ``in_flight`` commit); it becomes ``unconfirmed``
        (final, reported) unless ``resend_unconfirmed`` asks for at-least-once, which claims
        it again. PostgreSQL skips rows another sender is claiming (``FOR UPDATE SKIP
        LOCKED``); SQLite runs the one statement under ``BEGIN IMMEDIATE``.
        """
        t = m.deliveries
        now = self.db.now()
        expired = t.c.lease_until < now
        held = t.c.status.in_(HELD) if resend_unconfirmed else t.c.status == "sending"
        due = or_(
            and_(t.c.status.in_(CLAIMABLE), t.c.next_attempt_at <= now),
            and_(held, expired),
        )
        if platforms is not None:
            due = and_(due, t.c.platform.in_(list(platforms)))
        pick = select(t.c.id).where(due).order_by(t.c.next_attempt_at, t.c.id).limit(limit)
        if self.db.is_postgres:
            pick = pick.with_for_update(skip_locked=True)
        if not resend_unconfirmed:
            self._settle_unconfirmed(now)
        with self.db.write() as conn:
            # Two statements in one transaction: the picked rows stay locked (PostgreSQL) or
            # the whole database is (SQLite). One UPDATE … WHERE id IN (SELECT … FOR UPDATE
            # SKIP LOCKED LIMIT n) is a trap on PostgreSQL: the planner may rescan the
            # subquery, which then skips the rows just updated and claims more than n.
            ids = list(conn.execute(pick).scalars())
            if not ids:
                return []
            rows = conn.execute(
                update(t)
                .where(t.c.id.in_(ids), due)
                .values(
                    status="sending",
                    claimed_by=worker,
                    lease_until=now + lease,
                    attempts=t.c.attempts + 1,
                )
                .returning(*t.c)
            ).all()
        return sorted((_delivery(r) for r in rows), key=lambda d: (d.next_attempt_at, d.id))

    def _settle_unconfirmed(self, now: datetime) -> None:
        """Deliveries whose sender died mid-send become ``unconfirmed`` (never resent)."""
        t = m.deliveries
        stale = and_(t.c.status == "in_flight", t.c.lease_until < now)
        with self.db.read() as conn:  # the common case: nothing to settle, no write lock
            if conn.execute(select(t.c.id).where(stale).limit(1)).first() is None:
                return
        with self.db.write() as conn:
            keys = list(
                conn.execute(
                    update(t)
                    .where(stale)
                    .values(status="unconfirmed", lease_until=None, last_error=UNCONFIRMED_ERROR)
                    .returning(t.c.key)
                ).scalars()
            )
        for key in keys:
            log.warning("delivery %s is unconfirmed: %s", key, UNCONFIRMED_ERROR)

    def start(self, delivery_id: int, worker: str) -> bool:
        """Record that the send is about to start (one commit), so a crash from here on is
        never answered by a blind resend; False if ``worker`` no longer holds the lease."""
        t = m.deliveries
        with self.db.write() as conn:
            result = conn.execute(
                update(t)
                .where(t.c.id == delivery_id, t.c.status == "sending", t.c.claimed_by == worker)
                .values(status="in_flight")
            )
        return bool(result.rowcount)

    def _finish(self, delivery_id: int, worker: str, **values: Any) -> bool:
        t = m.deliveries
        with self.db.write() as conn:
            result = conn.execute(
                update(t)
                .where(t.c.id == delivery_id, t.c.status.in_(HELD), t.c.claimed_by == worker)
                .values(lease_until=None, **values)
            )
        return bool(result.rowcount)

    def mark_sent(self, delivery_id: int, worker: str) -> bool:
        """Record a send (one commit); False if ``worker`` no longer holds the lease."""
        return self._finish(delivery_id, worker, status="sent", sent_at=self.db.now())

    def mark_retry(self, delivery_id: int, worker: str, *, at: datetime, error: str) -> bool:
        """Schedule another attempt at ``at`` (status ``failed`` until then)."""
        return self._finish(
            delivery_id, worker, status="failed", next_attempt_at=at, last_error=error[:500]
        )

    def mark_dead(self, delivery_id: int, worker: str, *, error: str) -> bool:
        """Give up on this delivery."""
        return self._finish(delivery_id, worker, status="dead", last_error=error[:500])

    def release(self, ids: Sequence[int], worker: str) -> int:
        """Hand back claimed but unsent deliveries (graceful shutdown); the attempt is undone."""
        if not ids:
            return 0
        t = m.deliveries
        with self.db.write() as conn:
            result = conn.execute(
                update(t)
                .where(t.c.id.in_(list(ids)), t.c.status == "sending", t.c.claimed_by == worker)
                .values(
                    status="pending",
                    claimed_by=None,
                    lease_until=None,
                    attempts=func.max(t.c.attempts - 1, 0)
                    if not self.db.is_postgres
                    else func.greatest(t.c.attempts - 1, 0),
                )
            )
        return int(result.rowcount)

    def kill_destination(self, destination: str, reason: str) -> int:
        """Mark every waiting delivery to ``destination`` dead (it failed permanently)."""
        t = m.deliveries
        with self.db.write() as conn:
            result = conn.execute(
                update(t)
                .where(t.c.destination == destination, t.c.status.in_(CLAIMABLE))
                .values(status="dead", last_error=reason[:500])
            )
        return int(result.rowcount)

    def get(self, key: str) -> Delivery | None:
        t = m.deliveries
        with self.db.read() as conn:
            row = conn.execute(select(t).where(t.c.key == key)).first()
        return None if row is None else _delivery(row)

    def list(self, *, status: str | None = None, limit: int | None = None) -> list[Delivery]:
        t = m.deliveries
        stmt = select(t).order_by(t.c.id)
        if status is not None:
            stmt = stmt.where(t.c.status == status)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.db.read() as conn:
            return [_delivery(r) for r in conn.execute(stmt)]

    def counts(self) -> dict[str, int]:
        """How many deliveries are in each status."""
        t = m.deliveries
        with self.db.read() as conn:
            rows = conn.execute(select(t.c.status, func.count()).group_by(t.c.status)).all()
        return {str(status): int(n) for status, n in rows}

    def failed_destinations(self) -> dict[str, str]:
        """Destinations whose last delivery failed permanently, with the reason (newest)."""
        t = m.deliveries
        stmt = (
            select(t.c.destination, t.c.last_error)
            .where(t.c.status == "dead", t.c.last_error.like(f"{PERMANENT_PREFIX}%"))
            .order_by(t.c.id)
        )
        with self.db.read() as conn:
            return {str(d): str(e) for d, e in conn.execute(stmt)}

    def unfinished_run(
        self, schedule_id: int, last_run_at: datetime | None
    ) -> tuple[datetime, bool] | None:
        """The latest run of ``schedule_id`` that queued deliveries but was never marked
        done (its process died between batches): ``(scheduled_for, manual)``, or None."""
        t = m.deliveries
        stmt = select(t.c.scheduled_for, t.c.key).where(t.c.schedule_id == schedule_id)
        if last_run_at is not None:
            stmt = stmt.where(t.c.scheduled_for > last_run_at)
        with self.db.read() as conn:
            row = conn.execute(stmt.order_by(t.c.scheduled_for.desc()).limit(1)).first()
        if row is None:
            return None
        return row.scheduled_for, str(row.key).startswith(f"{schedule_id}:manual:")

    def next_due(self) -> datetime | None:
        """When the earliest waiting delivery becomes due (for the sender's idle sleep)."""
        t = m.deliveries
        with self.db.read() as conn:
            value = conn.execute(
                select(func.min(t.c.next_attempt_at)).where(t.c.status.in_(CLAIMABLE))
            ).scalar()
        return value if isinstance(value, datetime) else None

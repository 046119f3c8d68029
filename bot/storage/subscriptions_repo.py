"""Subscriptions: one per destination; subscribing again replaces the filters."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from sqlalchemy import Row, delete, select, update

from bot.storage import models as m
from bot.storage.database import Database
from bot.storage.records import Subscription

_BATCH = 1000


def _subscription(row: Row[Any]) -> Subscription:
    data = row._mapping
    return Subscription(**{name: data[name] for name in Subscription.__slots__})


class SubscriptionsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def upsert(
        self, destination: str, filters: dict[str, Any], subscribed_by: str | None = None
    ) -> tuple[Subscription, bool]:
        """Create or replace (and reactivate) ``destination``'s subscription; ``subscribed_by``
        (when given) becomes its owner.

        Returns the subscription and whether it is new.
        """
        t = m.subscriptions
        columns = ["filters", "active", "deactivated_reason"]
        if subscribed_by is not None:
            columns.append("subscribed_by")
        stmt = self.db.upsert(t, ["destination"], columns)
        values = {
            "destination": destination,
            "filters": filters,
            "active": True,
            "deactivated_reason": None,
            "created_at": self.db.now(),
            "subscribed_by": subscribed_by,
        }
        with self.db.write() as conn:
            existing = conn.execute(select(t.c.id).where(t.c.destination == destination)).first()
            conn.execute(stmt, values)  # an upsert: two racing subscribers cannot collide
            row = conn.execute(select(t).where(t.c.destination == destination)).one()
        return _subscription(row), existing is None

    def remove(self, destination: str) -> bool:
        t = m.subscriptions
        with self.db.write() as conn:
            result = conn.execute(delete(t).where(t.c.destination == destination))
        return bool(result.rowcount)

    def get(self, destination: str) -> Subscription | None:
        t = m.subscriptions
        with self.db.read() as conn:
            row = conn.execute(select(t).where(t.c.destination == destination)).first()
        return None if row is None else _subscription(row)

    def list(self, *, include_inactive: bool = True) -> list[Subscription]:
        return list(self.iter(include_inactive=include_inactive))

    def iter(self, *, include_inactive: bool = False) -> Generator[Subscription, None, None]:
        """Subscriptions streamed in batches, in creation order (active ones by default)."""
        t = m.subscriptions
        stmt = select(t).order_by(t.c.id)
        if not include_inactive:
            stmt = stmt.where(t.c.active.is_(True))
        with self.db.read() as conn:
            result = conn.execution_options(yield_per=_BATCH).execute(stmt)
            try:
                for row in result:
                    yield _subscription(row)
            finally:
                result.close()  # a caller that stops early must not leak the server cursor

    def deactivate(self, destination: str, reason: str) -> bool:
        """Stop delivering to ``destination`` (it failed permanently); True if it was active."""
        t = m.subscriptions
        with self.db.write() as conn:
            result = conn.execute(
                update(t)
                .where(t.c.destination == destination, t.c.active.is_(True))
                .values(active=False, deactivated_reason=reason[:500])
            )
        return bool(result.rowcount)

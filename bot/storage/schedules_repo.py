"""Schedules as data: plain CRUD (``bot.schedule`` owns what a schedule means)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, select, update
from sqlalchemy.exc import IntegrityError

from bot.errors import StorageError
from bot.storage import models as m
from bot.storage.database import Database
from bot.storage.records import Schedule

_UPDATABLE = frozenset(
    {"cron", "timezone", "destinations", "filters", "paused", "last_run_at", "next_run_at"}
)


def _schedule(row: Row[Any]) -> Schedule:
    data = dict(row._mapping)
    data["destinations"] = tuple(data["destinations"] or ())
    data["filters"] = dict(data["filters"] or {})
    return Schedule(**{name: data[name] for name in Schedule.__slots__})


class SchedulesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self,
        name: str,
        *,
        cron: str,
        timezone: str,
        destinations: Sequence[str],
        filters: dict[str, Any] | None = None,
        paused: bool = False,
        next_run_at: datetime | None = None,
    ) -> Schedule:
        """Add a schedule; a :class:`StorageError` if the name is taken."""
        t = m.schedules
        values = {
            "name": name,
            "cron": cron,
            "timezone": timezone,
            "destinations": list(destinations),
            "filters": dict(filters or {}),
            "paused": paused,
            "last_run_at": None,
            "next_run_at": next_run_at,
            "created_at": self.db.now(),
        }
        try:
            with self.db.write() as conn:
                conn.execute(t.insert().values(**values))
                row = conn.execute(select(t).where(t.c.name == name)).one()
        except StorageError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                raise StorageError(f"a schedule named {name!r} already exists") from None
            raise
        return _schedule(row)

    def get(self, schedule_id: int) -> Schedule | None:
        t = m.schedules
        with self.db.read() as conn:
            row = conn.execute(select(t).where(t.c.id == schedule_id)).first()
        return None if row is None else _schedule(row)

    def get_by_name(self, name: str) -> Schedule | None:
        t = m.schedules
        with self.db.read() as conn:
            row = conn.execute(select(t).where(t.c.name == name)).first()
        return None if row is None else _schedule(row)

    def list(self, *, include_paused: bool = True) -> list[Schedule]:
        t = m.schedules
        stmt = select(t).order_by(t.c.name)
        if not include_paused:
            stmt = stmt.where(t.c.paused.is_(False))
        with self.db.read() as conn:
            return [_schedule(r) for r in conn.execute(stmt)]

    def update(self, schedule_id: int, **changes: Any) -> Schedule | None:
        """Change some columns (cron, timezone, destinations, filters, paused, last_run_at,
        next_run_at); returns the new schedule, or None if it does not exist."""
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise StorageError(f"cannot update schedule columns {sorted(unknown)}")
        if "destinations" in changes:
            changes["destinations"] = list(changes["destinations"])
        t = m.schedules
        with self.db.write() as conn:
            if changes:
                conn.execute(update(t).where(t.c.id == schedule_id).values(**changes))
            row = conn.execute(select(t).where(t.c.id == schedule_id)).first()
        return None if row is None else _schedule(row)

    def mark_run(
        self, schedule_id: int, *, last_run_at: datetime, next_run_at: datetime | None
    ) -> bool:
        """Record a run, only moving ``last_run_at`` forward (safe if two runs race)."""
        t = m.schedules
        with self.db.write() as conn:
            result = conn.execute(
                update(t)
                .where(
                    t.c.id == schedule_id,
                    (t.c.last_run_at.is_(None)) | (t.c.last_run_at < last_run_at),
                )
                .values(last_run_at=last_run_at, next_run_at=next_run_at)
            )
        return bool(result.rowcount)

    def delete(self, schedule_id: int) -> bool:
        t = m.schedules
        with self.db.write() as conn:
            result = conn.execute(delete(t).where(t.c.id == schedule_id))
        return bool(result.rowcount)

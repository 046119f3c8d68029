"""Registered sources of postings (``sources add``) and HTTP validators: plain CRUD."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.errors import StorageError
from bot.storage import models as m
from bot.storage.database import Database

_UPDATABLE = frozenset(
    {"every_seconds", "next_run_at", "last_run_at", "last_status", "last_message"}
)


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A registered source as stored (``bot.sources`` owns what it means)."""

    id: int
    name: str
    source: str
    every_seconds: int | None
    next_run_at: datetime | None
    last_run_at: datetime | None
    last_status: str | None
    last_message: str | None
    created_at: datetime


def _record(row: Row[Any]) -> SourceRecord:
    data = row._mapping
    return SourceRecord(**{name: data[name] for name in SourceRecord.__slots__})


class SourcesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self, name: str, source: str, *, every_seconds: int | None, next_run_at: datetime | None
    ) -> SourceRecord:
        """Add a source; a :class:`StorageError` if the name is taken."""
        t = m.sources
        values = {
            "name": name,
            "source": source,
            "every_seconds": every_seconds,
            "next_run_at": next_run_at,
            "created_at": self.db.now(),
        }
        try:
            with self.db.write() as conn:
                conn.execute(t.insert().values(**values))
                row = conn.execute(select(t).where(t.c.name == name)).one()
        except StorageError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                raise StorageError(f"a source named {name!r} already exists") from None
            raise
        return _record(row)

    def get(self, name: str) -> SourceRecord | None:
        t = m.sources
        with self.db.read() as conn:
            row = conn.execute(select(t).where(t.c.name == name)).first()
        return None if row is None else _record(row)

    def all(self) -> list[SourceRecord]:
        t = m.sources
        with self.db.read() as conn:
            return [_record(r) for r in conn.execute(select(t).order_by(t.c.name))]

    def due(self, now: datetime) -> list[SourceRecord]:
        """Scheduled sources whose next sync is due at ``now`` (never run ones first)."""
        t = m.sources
        stmt = (
            select(t)
            .where(
                t.c.every_seconds.is_not(None),
                or_(t.c.next_run_at.is_(None), t.c.next_run_at <= now),
            )
            .order_by(t.c.next_run_at, t.c.name)
        )
        with self.db.read() as conn:
            return [_record(r) for r in conn.execute(stmt)]

    def claim(self, source_id: int, seen_next: datetime | None, next_run_at: datetime) -> bool:
        """Move a due source's ``next_run_at`` on, only if nobody else did (one sync per due
        time even with two clocks by mistake)."""
        t = m.sources
        same = t.c.next_run_at.is_(None) if seen_next is None else t.c.next_run_at == seen_next
        with self.db.write() as conn:
            result = conn.execute(
                update(t).where(t.c.id == source_id, same).values(next_run_at=next_run_at)
            )
        return bool(result.rowcount)

    def update(self, name: str, **changes: Any) -> None:
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise StorageError(f"cannot update source columns {sorted(unknown)}")
        t = m.sources
        with self.db.write() as conn:
            conn.execute(update(t).where(t.c.name == name).values(**changes))

    def delete(self, name: str) -> bool:
        t = m.sources
        with self.db.write() as conn:
            result = conn.execute(delete(t).where(t.c.name == name))
        return bool(result.rowcount)

    # HTTP validators (conditional requests)

    def validators(self) -> dict[str, tuple[str | None, str | None]]:
        t = m.http_validators
        with self.db.read() as conn:
            return {r.url: (r.etag, r.last_modified) for r in conn.execute(select(t))}

    def save_validators(self, seen: Mapping[str, tuple[str | None, str | None]]) -> None:
        if not seen:
            return
        t = m.http_validators
        stmt = self.db.upsert(t, ["url"], ["etag", "last_modified", "updated_at"])
        now = self.db.now()
        rows = [
            {"url": url[:2000], "etag": etag, "last_modified": modified, "updated_at": now}
            for url, (etag, modified) in seen.items()
        ]
        with self.db.write() as conn:
            conn.execute(stmt, rows)

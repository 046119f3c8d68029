"""Openings and rejected postings: what ``openings sync`` reads and writes."""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, func, or_, select, update

from bot.storage import models as m
from bot.storage.database import Database
from bot.storage.records import Listing, Opening, OpeningData, Rejection

_BATCH = 500
_COLUMNS = [c.name for c in m.openings.columns if c.name != "role_json"]


@dataclass(frozen=True, slots=True)
class Known:
    """The little ``openings sync`` needs to know about an existing opening."""

    id: int
    slug: str
    content_hash: str
    source_path: str
    first_seen: datetime
    closed_at: datetime | None


def _opening(row: Row[Any]) -> Opening:
    data = row._mapping
    return Opening(**{name: data[name] for name in Opening.__slots__})


def _plain(record: Any) -> dict[str, Any]:
    """A dataclass record's fields (shallow: ``asdict`` deep-copies JSON payloads)."""
    return {name: getattr(record, name) for name in record.__slots__}


def _chunks(items: Sequence[Any], size: int = _BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class OpeningsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def known(self) -> dict[str, Known]:
        """Every opening by source path (closed ones too)."""
        t = m.openings
        cols = [t.c.id, t.c.slug, t.c.content_hash, t.c.source_path, t.c.first_seen, t.c.closed_at]
        with self.db.read() as conn:
            rows = conn.execute(select(*cols)).all()
        return {r.source_path: Known(*r) for r in rows}

    def slugs(self) -> set[str]:
        with self.db.read() as conn:
            return set(conn.execute(select(m.openings.c.slug)).scalars())

    def rejections(self) -> dict[str, str]:
        """Remembered rejections: source path -> content hash."""
        t = m.rejected_postings
        with self.db.read() as conn:
            return {r.source_path: r.content_hash for r in conn.execute(select(t))}

    def add(self, items: Sequence[OpeningData]) -> None:
        """Insert new openings in batches; ``recorded_at`` is the time of each batch's insert.

        The time is read once the batch holds the openings lock (:meth:`_lock`), so a digest
        reading at the same moment (:meth:`for_digest`) either sees the batch committed, or
        the batch is recorded after that read: never recorded before it yet unseen.
        """
        for chunk in _chunks(list(items)):
            with self.db.write() as conn:
                self._lock(conn, "ROW EXCLUSIVE")
                now = self.db.now()
                extra = {"recorded_at": now, "updated_at": now, "closed_at": None}
                conn.execute(m.openings.insert(), [_plain(item) | extra for item in chunk])

    def _lock(self, conn: Connection, mode: str) -> None:
        """PostgreSQL: take the table lock ``mode`` on ``openings`` for this transaction. (On
        SQLite every write transaction already holds the database's one write lock.)"""
        if self.db.is_postgres:
            conn.exec_driver_sql(f"LOCK TABLE openings IN {mode} MODE")

    def for_digest(
        self, since: datetime, until: datetime, *, recorded_after: datetime | None = None
    ) -> tuple[list[Opening], datetime]:
        """Open openings new to a digest run ending at ``until`` (oldest first), and the time
        they were read.

        New: first seen in ``(since, until]``, or — with ``recorded_after``, when the
        schedule's previous run read the openings — recorded by this registry after that
        and first seen by ``until`` (a late sync of an older posting). The read holds the
        openings lock and takes its time after getting it, so every row it saw was recorded
        before that time and every row it missed is recorded after it (:meth:`add`). Why
        that makes each opening reach a schedule once: :mod:`bot.digests.run`.
        """
        t = m.openings
        new = t.c.first_seen > since
        if recorded_after is not None:
            new = or_(new, t.c.recorded_at > recorded_after)
        stmt = (
            select(*[t.c[c] for c in _COLUMNS])
            .where(new, t.c.first_seen <= until, t.c.closed_at.is_(None))
            .order_by(t.c.first_seen, t.c.id)
        )
        # A write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: SHARE lock, which waits
        # for inserts in flight and holds new ones back) so no insert straddles the read.
        with self.db.write() as conn:
            self._lock(conn, "SHARE")
            read_at = self.db.now()
            return [_opening(row) for row in conn.execute(stmt)], read_at

    def replace(self, items: Sequence[tuple[int, OpeningData]]) -> None:
        """Overwrite existing openings (by id) with rebuilt data; reopens closed ones.

        ``first_seen`` is kept: an updated posting is not a new opening.
        """
        now = self.db.now()
        t = m.openings
        fields = [k for k in OpeningData.__slots__ if k != "first_seen"]
        stmt = (
            update(t)
            .where(t.c.id == bindparam("_id"))
            .values({k: bindparam(k) for k in fields} | {"updated_at": now, "closed_at": None})
        )
        rows = [{"_id": i} | {k: getattr(item, k) for k in fields} for i, item in items]
        for chunk in _chunks(rows):
            with self.db.write() as conn:
                conn.execute(stmt, list(chunk))

    def reopen(self, ids: Sequence[int]) -> None:
        """Openings whose posting is back in the source are open again."""
        t = m.openings
        now = self.db.now()
        for chunk in _chunks(ids):
            with self.db.write() as conn:
                conn.execute(
                    update(t).where(t.c.id.in_(chunk)).values(closed_at=None, updated_at=now)
                )

    def close(self, ids: Sequence[int]) -> None:
        t = m.openings
        now = self.db.now()
        for chunk in _chunks(ids):
            with self.db.write() as conn:
                conn.execute(
                    update(t)
                    .where(t.c.id.in_(chunk), t.c.closed_at.is_(None))
                    .values(closed_at=now, updated_at=now)
                )

    def remember_rejections(self, items: Sequence[Rejection]) -> None:
        t = m.rejected_postings
        stmt = self.db.upsert(t, ["source_path"], ["content_hash", "reason", "rejected_at"])
        now = self.db.now()
        for chunk in _chunks([_plain(r) | {"rejected_at": now} for r in items]):
            with self.db.write() as conn:
                conn.execute(stmt, list(chunk))

    def forget_rejections(self, paths: Sequence[str]) -> None:
        t = m.rejected_postings
        for chunk in _chunks(paths):
            with self.db.write() as conn:
                conn.execute(delete(t).where(t.c.source_path.in_(chunk)))

    def get(self, slug: str) -> Opening | None:
        t = m.openings
        with self.db.read() as conn:
            row = conn.execute(select(*[t.c[c] for c in _COLUMNS]).where(t.c.slug == slug)).first()
        return None if row is None else _opening(row)

    def role_json(self, slug: str) -> dict[str, Any] | None:
        """The built role stored with the opening (without its sentences), if any."""
        t = m.openings
        with self.db.read() as conn:
            value = conn.execute(select(t.c.role_json).where(t.c.slug == slug)).scalar()
        return value if isinstance(value, dict) else None

    def count(self, *, open_only: bool = True) -> int:
        t = m.openings
        stmt = select(func.count()).select_from(t)
        if open_only:
            stmt = stmt.where(t.c.closed_at.is_(None))
        with self.db.read() as conn:
            return int(conn.execute(stmt).scalar_one())

    def list(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        include_closed: bool = False,
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[Opening]:
        """Openings first seen in ``(since, until]``, oldest first unless ``newest_first``."""
        return list(
            self.iter(
                since=since,
                until=until,
                include_closed=include_closed,
                newest_first=newest_first,
                limit=limit,
            )
        )

    def listings(self) -> Generator[Listing, None, None]:
        """Open openings newest first, as :class:`Listing` (no timestamps), streamed."""
        t = m.openings
        stmt = (
            select(*[t.c[name] for name in Listing.__slots__])
            .where(t.c.closed_at.is_(None))
            .order_by(t.c.first_seen.desc(), t.c.id.desc())
        )
        with self.db.read() as conn:
            result = conn.execution_options(yield_per=_BATCH).execute(stmt)
            try:
                for row in result:
                    yield Listing(*row)
            finally:
                result.close()

    def iter(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        include_closed: bool = False,
        newest_first: bool = False,
        limit: int | None = None,
    ) -> Generator[Opening, None, None]:
        """Like :meth:`list` but streamed in batches (memory stays flat on big feeds)."""
        t = m.openings
        stmt = select(*[t.c[c] for c in _COLUMNS])
        if since is not None:
            stmt = stmt.where(t.c.first_seen > since)
        if until is not None:
            stmt = stmt.where(t.c.first_seen <= until)
        if not include_closed:
            stmt = stmt.where(t.c.closed_at.is_(None))
        order = (t.c.first_seen.desc(), t.c.id.desc()) if newest_first else (t.c.first_seen, t.c.id)
        stmt = stmt.order_by(*order)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.db.read() as conn:
            result = conn.execution_options(yield_per=_BATCH).execute(stmt)
            try:
                for row in result:
                    yield _opening(row)
            finally:
                result.close()  # a caller that stops early must not leak the server cursor

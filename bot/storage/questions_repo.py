"""The conversation log and its inbox groups (pseudonymous rows; see :mod:`bot.journal`)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, insert, select, update

from bot.storage import models as m
from bot.storage.database import Database
from bot.storage.records import LoggedQuestion

_BATCH = 1000
OPEN, ANSWERED, DISMISSED = "open", "answered", "dismissed"


def _logged(row: Row[Any]) -> LoggedQuestion:
    data = row._mapping
    return LoggedQuestion(**{name: data[name] for name in LoggedQuestion.__slots__})


def _row(db: Database, values: dict[str, Any]) -> dict[str, Any]:
    values.setdefault("ref", secrets.token_hex(8))
    values.setdefault("asked_at", db.now())
    values.setdefault("feedback", None)
    values.setdefault("group_id", None)
    return values


class QuestionsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- the log -------------------------------------------------------------------------

    def add(self, **values: Any) -> int:
        """Insert one question (the columns of :class:`LoggedQuestion` but ``id``; ``ref``
        random and ``asked_at`` now by default); its id."""
        t = m.questions
        with self.db.write() as conn:
            return int(
                conn.execute(insert(t).returning(t.c.id), _row(self.db, values)).scalar_one()
            )

    def add_many(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert many questions in one transaction (the journal's batches)."""
        if rows:
            with self.db.write() as conn:
                conn.execute(insert(m.questions), [_row(self.db, dict(r)) for r in rows])

    def set_feedback(self, ref: str, user_key: str, feedback: str) -> bool:
        """Record 👍/👎 on the user's own question; a 👎 sends it to the inbox."""
        t = m.questions
        values: dict[str, Any] = {"feedback": feedback}
        if feedback == "down":
            values["review"] = True
        with self.db.write() as conn:
            result = conn.execute(
                update(t).where(t.c.ref == ref, t.c.user_key == user_key).values(**values)
            )
        return bool(result.rowcount)

    def for_user(self, user_key: str) -> list[LoggedQuestion]:
        t = m.questions
        with self.db.read() as conn:
            rows = conn.execute(select(t).where(t.c.user_key == user_key).order_by(t.c.id))
            return [_logged(r) for r in rows]

    def recent(self, conversation_key: str, limit: int) -> list[LoggedQuestion]:
        """The conversation's last ``limit`` questions, oldest first."""
        t = m.questions
        stmt = (
            select(t)
            .where(t.c.conversation_key == conversation_key)
            .order_by(t.c.id.desc())
            .limit(limit)
        )
        with self.db.read() as conn:
            return [_logged(r) for r in conn.execute(stmt)][::-1]

    def iter(self, since: datetime | None = None) -> Iterator[LoggedQuestion]:
        """Every question (since ``since``), streamed in batches."""
        t = m.questions
        stmt = select(t).order_by(t.c.id)
        if since is not None:
            stmt = stmt.where(t.c.asked_at >= since)
        with self.db.read() as conn:
            result = conn.execution_options(yield_per=_BATCH).execute(stmt)
            try:
                for row in result:
                    yield _logged(row)
            finally:
                result.close()

    def count(self) -> int:
        with self.db.read() as conn:
            return int(conn.execute(select(func.count()).select_from(m.questions)).scalar_one())

    def erase_user(self, user_key: str) -> int:
        """Delete every question of ``user_key``; how many. Emptied inbox groups go too."""
        t = m.questions
        with self.db.write() as conn:
            result = conn.execute(delete(t).where(t.c.user_key == user_key))
            self._drop_empty_groups(conn)
        return int(result.rowcount)

    def purge(self, before: datetime) -> int:
        """Delete questions asked before ``before`` (retention); how many."""
        t = m.questions
        with self.db.write() as conn:
            result = conn.execute(delete(t).where(t.c.asked_at < before))
            self._drop_empty_groups(conn)
        return int(result.rowcount)

    def _drop_empty_groups(self, conn: Any) -> None:
        g, t = m.inbox_groups, m.questions
        used = select(t.c.group_id).where(t.c.group_id.is_not(None)).distinct()
        conn.execute(delete(g).where(g.c.id.not_in(used)))

    # -- inbox groups --------------------------------------------------------------------

    def ungrouped(self) -> list[LoggedQuestion]:
        """Questions for the inbox that are in no group yet, oldest first."""
        t = m.questions
        stmt = select(t).where(t.c.review.is_(True), t.c.group_id.is_(None)).order_by(t.c.id)
        with self.db.read() as conn:
            return [_logged(r) for r in conn.execute(stmt)]

    def grouped(self, statuses: Sequence[str] = (OPEN,)) -> list[LoggedQuestion]:
        """Questions in groups of the given statuses, oldest first."""
        t, g = m.questions, m.inbox_groups
        stmt = (
            select(t)
            .join(g, g.c.id == t.c.group_id)
            .where(g.c.status.in_(list(statuses)))
            .order_by(t.c.id)
        )
        with self.db.read() as conn:
            return [_logged(r) for r in conn.execute(stmt)]

    def assign(self, assignments: Iterable[tuple[int, int | None]]) -> dict[int, int]:
        """Put questions into groups: ``(question id, group id)``, where a group id of None
        (or a negative placeholder) creates a new group shared by equal placeholders.
        Returns placeholder → real group id."""
        t, g = m.questions, m.inbox_groups
        created: dict[int, int] = {}
        now = self.db.now()
        with self.db.write() as conn:
            for question_id, group in assignments:
                if group is None or group < 0:
                    key = group if group is not None else -question_id
                    if key not in created:
                        new = insert(g).returning(g.c.id)
                        row = {"status": OPEN, "created_at": now, "resolved_at": None}
                        created[key] = int(conn.execute(new, row).scalar_one())
                    group = created[key]
                conn.execute(update(t).where(t.c.id == question_id).values(group_id=group))
        return created

    def group_status(self, group_id: int) -> str | None:
        g = m.inbox_groups
        with self.db.read() as conn:
            value = conn.execute(select(g.c.status).where(g.c.id == group_id)).scalar()
        return None if value is None else str(value)

    def resolve(self, group_id: int, status: str) -> bool:
        """Mark an open group answered or dismissed; False when there is no open group."""
        g = m.inbox_groups
        with self.db.write() as conn:
            result = conn.execute(
                update(g)
                .where(g.c.id == group_id, g.c.status == OPEN)
                .values(status=status, resolved_at=self.db.now())
            )
        return bool(result.rowcount)

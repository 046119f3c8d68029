"""Handoffs: conversations handed to recruiters (the bot stays quiet there meanwhile)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, insert, or_, select, update

from bot.storage import models as m
from bot.storage.database import Database
from bot.storage.records import Handoff


def _handoff(row: Row[Any]) -> Handoff:
    data = row._mapping
    return Handoff(**{name: data[name] for name in Handoff.__slots__})


class HandoffsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def open(self, user_key: str, conversation: str, channel: str, expires_at: datetime) -> int:
        """Start a handoff (closing any earlier one of the conversation); its id."""
        t = m.handoffs
        now = self.db.now()
        with self.db.write() as conn:
            conn.execute(
                update(t)
                .where(t.c.conversation == conversation, t.c.closed_at.is_(None))
                .values(closed_at=now)
            )
            values = {
                "user_key": user_key, "conversation": conversation, "channel": channel,
                "message_ref": None, "opened_at": now, "expires_at": expires_at,
                "closed_at": None,
            }  # fmt: skip
            return int(conn.execute(insert(t).returning(t.c.id), values).scalar_one())

    def set_ref(self, handoff_id: int, message_ref: str) -> None:
        """Remember the channel message recruiters reply to (in its thread)."""
        t = m.handoffs
        with self.db.write() as conn:
            conn.execute(update(t).where(t.c.id == handoff_id).values(message_ref=message_ref))

    def active(self, conversation: str) -> Handoff | None:
        """The conversation's open, unexpired handoff."""
        t = m.handoffs
        stmt = select(t).where(
            t.c.conversation == conversation,
            t.c.closed_at.is_(None),
            t.c.expires_at > self.db.now(),
        )
        with self.db.read() as conn:
            row = conn.execute(stmt.order_by(t.c.id.desc())).first()
        return None if row is None else _handoff(row)

    def by_ref(self, channel: str, message_ref: str) -> Handoff | None:
        """The open, unexpired handoff whose channel message is ``message_ref``."""
        t = m.handoffs
        stmt = select(t).where(
            t.c.channel == channel,
            t.c.message_ref == message_ref,
            t.c.closed_at.is_(None),
            t.c.expires_at > self.db.now(),
        )
        with self.db.read() as conn:
            row = conn.execute(stmt).first()
        return None if row is None else _handoff(row)

    def close(self, handoff_id: int) -> bool:
        t = m.handoffs
        with self.db.write() as conn:
            result = conn.execute(
                update(t)
                .where(t.c.id == handoff_id, t.c.closed_at.is_(None))
                .values(closed_at=self.db.now())
            )
        return bool(result.rowcount)

    def purge(self) -> int:
        """Delete ended handoffs (closed or expired): they hold a raw chat id."""
        t = m.handoffs
        with self.db.write() as conn:
            result = conn.execute(
                delete(t).where(or_(t.c.closed_at.is_not(None), t.c.expires_at <= self.db.now()))
            )
        return int(result.rowcount)

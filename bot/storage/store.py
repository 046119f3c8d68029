"""The :class:`Store`: one handle on the database with a repository per table."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from bot.ports import Pending
from bot.storage import models as m
from bot.storage.database import Database, utc_now
from bot.storage.deliveries_repo import DeliveriesRepo
from bot.storage.engine import make_engine, migrate
from bot.storage.handoffs_repo import HandoffsRepo
from bot.storage.openings_repo import OpeningsRepo
from bot.storage.questions_repo import QuestionsRepo
from bot.storage.schedules_repo import SchedulesRepo
from bot.storage.sources_repo import SourcesRepo
from bot.storage.subscriptions_repo import SubscriptionsRepo

EVENT_RETENTION = timedelta(days=3)  # platforms retry events for minutes, not days
_PRUNE_EVERY = 500


class Store:
    """Everything the bot persists. Implements ``ConversationStore`` and ``EventDeduper``."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.openings = OpeningsRepo(db)
        self.subscriptions = SubscriptionsRepo(db)
        self.schedules = SchedulesRepo(db)
        self.deliveries = DeliveriesRepo(db)
        self.sources = SourcesRepo(db)
        self.questions = QuestionsRepo(db)
        self.handoffs = HandoffsRepo(db)
        self._events_seen = 0

    @property
    def is_postgres(self) -> bool:
        return self.db.is_postgres

    def now(self) -> datetime:
        """The store's (injected) current time, in UTC."""
        return self.db.now()

    def close(self) -> None:
        self.db.engine.dispose()

    # EventDeduper
    def first_time(self, key: str) -> bool:
        """True exactly once per ``key``, atomically across processes (unique insert)."""
        table = m.processed_events
        stmt = self.db.insert_ignore(table, ["key"]).returning(table.c.key)
        with self.db.write() as conn:
            inserted = conn.execute(stmt, {"key": key, "created_at": self.now()}).first()
        self._events_seen += 1
        if self._events_seen % _PRUNE_EVERY == 0:
            self.prune_events()
        return inserted is not None

    def prune_events(self, older_than: timedelta = EVENT_RETENTION) -> int:
        """Forget event ids older than ``older_than``; returns how many were removed."""
        table = m.processed_events
        with self.db.write() as conn:
            result = conn.execute(delete(table).where(table.c.created_at < self.now() - older_than))
        return int(result.rowcount)

    def secret(self, name: str, make: Callable[[], str]) -> tuple[str, bool]:
        """The generated secret ``name`` and whether this call created it with ``make()``
        (race-safe: concurrent first calls agree on one value)."""
        table = m.secrets
        row = {"name": name, "value": make(), "created_at": self.now()}
        stmt = self.db.insert_ignore(table, ["name"]).returning(table.c.name)
        with self.db.write() as conn:
            created = conn.execute(stmt, row).first() is not None
            value = conn.execute(select(table.c.value).where(table.c.name == name)).scalar_one()
        return str(value), created

    def forget_chats(self, chats: Sequence[str]) -> dict[str, int]:
        """Erase what is keyed by these raw chat ids (``telegram:42``, ``slack:U1``): their
        subscriptions, unsent deliveries, chosen roles, questions waiting for a role choice and
        handoffs. Counts per kind."""
        chats = list(dict.fromkeys(chats))
        s, d, r, h = m.subscriptions, m.deliveries, m.conversation_roles, m.handoffs
        waiting = m.pending_questions
        with self.db.write() as conn:
            subs = conn.execute(delete(s).where(s.c.destination.in_(chats))).rowcount
            # A group's subscription stays the group's, but forgets who made it.
            conn.execute(update(s).where(s.c.subscribed_by.in_(chats)).values(subscribed_by=None))
            sent = conn.execute(delete(d).where(d.c.destination.in_(chats))).rowcount
            conn.execute(delete(r).where(r.c.conversation.in_(chats)))
            conn.execute(delete(waiting).where(waiting.c.conversation.in_(chats)))
            handed = conn.execute(delete(h).where(h.c.conversation.in_(chats))).rowcount
        return {"subscriptions": int(subs), "deliveries": int(sent), "handoffs": int(handed)}

    # ConversationStore
    def get_role(self, conversation: str) -> str | None:
        table = m.conversation_roles
        with self.db.read() as conn:
            value = conn.execute(
                select(table.c.role_slug).where(table.c.conversation == conversation)
            ).scalar_one_or_none()
        return None if value is None else str(value)

    def set_role(self, conversation: str, slug: str) -> None:
        stmt = self.db.upsert(m.conversation_roles, ["conversation"], ["role_slug", "updated_at"])
        with self.db.write() as conn:
            conn.execute(
                stmt, {"conversation": conversation, "role_slug": slug, "updated_at": self.now()}
            )

    def get_pending(self, conversation: str) -> Pending | None:
        table = m.pending_questions
        with self.db.read() as conn:
            row = conn.execute(
                select(table.c.question, table.c.choices).where(
                    table.c.conversation == conversation
                )
            ).first()
        if row is None:
            return None
        return Pending(str(row.question), tuple(str(s) for s in json.loads(row.choices)))

    def set_pending(self, conversation: str, pending: Pending | None) -> None:
        table = m.pending_questions
        with self.db.write() as conn:
            if pending is None:
                conn.execute(delete(table).where(table.c.conversation == conversation))
                return
            stmt = self.db.upsert(table, ["conversation"], ["question", "choices", "asked_at"])
            conn.execute(
                stmt,
                {
                    "conversation": conversation,
                    "question": pending.question,
                    "choices": json.dumps(list(pending.choices)),
                    "asked_at": self.now(),
                },
            )


def open_store(
    database_url: str,
    *,
    schema: str | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> Store:
    """Connect to ``database_url`` (SQLite file or PostgreSQL), migrate, return the store.

    ``schema`` (PostgreSQL only) puts every table in that schema via the search_path; tests
    use it to isolate themselves on a shared server. ``clock`` is injected for tests.
    """
    engine = make_engine(database_url, schema=schema)
    migrate(engine, schema=schema)
    return Store(Database(engine, clock))

"""The conversation log with privacy by design (the chat core's ``JournalPort``).

Every question asked in chat and the answer given is stored under a pseudonym (a keyed HMAC
of ``platform:id``, :mod:`bot.privacy`): neither the user's nor the chat's raw id is in the
log. Questions the bot declined or was unsure about (and answers marked 👎) are flagged for
the recruiters' inbox. Rows older than ``QUESTION_RETENTION_DAYS`` are purged by the clock
(:meth:`Journal.purge`); a user can see (``/mydata``) and erase (``/forget``) theirs.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.journal_writer import LogWriter
from bot.models import Answer
from bot.privacy import privacy_key, pseudonym

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.storage import Store
    from bot.storage.records import LoggedQuestion

UNSURE = 0.5  # an answer given with less confidence than this goes to the inbox too
_NOT_FOR_RECRUITERS = ("oos_", "help", "greeting", "thanks", "goodbye", "smalltalk")
SHOWN = 10  # questions listed by /mydata


def needs_review(answer: Answer) -> bool:
    """Whether recruiters should see this question: declined or unsure about the job.

    Not: "which role?" prompts, help, small talk and out-of-scope requests (weather, banking).
    """
    if answer.choices or (answer.intent or "").startswith(_NOT_FOR_RECRUITERS):
        return False
    return not answer.answered or answer.confidence < UNSURE


class Journal:
    """The log of questions and answers over the store, keyed by pseudonyms."""

    def __init__(
        self, store: Store, key: bytes | Callable[[], bytes], retention_days: int = 90
    ) -> None:
        self.store = store
        self._key = key
        self.retention_days = retention_days
        self.writer = LogWriter(store.questions.add_many)

    @classmethod
    def from_settings(cls, settings: Settings, store: Store) -> Journal:
        """The journal of ``settings``; the key is resolved (maybe generated) on first use."""
        return cls(store, lambda: privacy_key(settings, store), settings.question_retention_days)

    @property
    def key(self) -> bytes:
        if callable(self._key):
            self._key = self._key()
        return self._key

    def key_of(self, user: str) -> str:
        """The pseudonym of ``user`` (``platform:id``)."""
        return pseudonym(self.key, user)

    # -- JournalPort ---------------------------------------------------------------------

    def record(
        self, user: str, conversation: str, question: str, answer: Answer, latency: float
    ) -> str | None:
        """Queue the entry for the background writer (off the answer path); its ref."""
        ref = secrets.token_hex(8)
        self.writer.put(
            {
                "ref": ref,
                "user_key": self.key_of(user),
                "conversation_key": self.key_of(conversation),
                "platform": user.partition(":")[0],
                "text": question,
                "answer": answer.text,
                "intent": answer.intent,
                "confidence": float(answer.confidence),
                "role": answer.role,
                "answered": answer.answered,
                "latency_ms": latency * 1000.0,
                "review": needs_review(answer),
                "asked_at": self.store.now(),
            }
        )
        return ref

    def flush(self, timeout: float = 60.0) -> bool:
        """Store everything recorded so far (reads of the log do this first)."""
        return self.writer.flush(timeout)

    def close(self) -> None:
        self.writer.close()

    def feedback(self, user: str, entry: str, helpful: bool) -> bool:
        self.flush()
        return self.store.questions.set_feedback(
            entry, self.key_of(user), "up" if helpful else "down"
        )

    def describe(self, user: str) -> list[str]:
        self.flush()
        rows = self.store.questions.for_user(self.key_of(user))
        subscription = self.store.subscriptions.get(user)
        if not rows and subscription is None:
            return []
        lines = []
        if rows:
            first, last = rows[0].asked_at.date(), rows[-1].asked_at.date()
            lines.append(
                f"I keep {len(rows)} of your questions ({first} to {last}) with my answers, "
                f"under a pseudonym (not your {user.partition(':')[0]} id), each for "
                f"{self.retention_days} days:"
            )
            lines.extend(f"• {r.asked_at:%Y-%m-%d}: {r.text}" for r in rows[-SHOWN:])
            if len(rows) > SHOWN:
                lines.append(f"… and {len(rows) - SHOWN} earlier ones.")
        if subscription is not None:
            lines.append("Your private chat is subscribed to the openings digest.")
        lines.append("/forget erases all of it.")
        return lines

    def forget(self, user: str, destinations: Sequence[str]) -> str:
        counts = self.erase(user, destinations)
        parts = [f"{counts['questions']} question(s)"]
        if counts["subscriptions"]:
            parts.append(f"{counts['subscriptions']} subscription(s)")
        return " and ".join(parts)

    def recent(self, conversation: str, limit: int) -> list[tuple[str, str, bool]]:
        self.flush()
        rows = self.store.questions.recent(self.key_of(conversation), limit)
        return [(r.text, r.answer, r.answered) for r in rows]

    # -- the CLI's privacy commands ----------------------------------------------------------

    def erase(self, user: str, chats: Sequence[str] = ()) -> dict[str, int]:
        """Erase everything about ``user``: questions, handoffs, and what is keyed by their
        own chats (subscriptions, unsent digests, chosen role)."""
        self.flush()
        questions = self.store.questions.erase_user(self.key_of(user))
        counts = self.store.forget_chats([user, *chats])
        return {"questions": questions, **counts}

    def export(self, user: str) -> list[dict[str, Any]]:
        """Every logged question of ``user`` as JSON-ready dicts."""
        self.flush()
        return [_exported(row) for row in self.store.questions.for_user(self.key_of(user))]

    def purge(self) -> int:
        """Delete questions older than the retention window (by the store's clock)."""
        self.flush()
        return self.store.questions.purge(self.store.now() - timedelta(days=self.retention_days))


def _exported(row: LoggedQuestion) -> dict[str, Any]:
    return {
        "id": row.id,
        "asked_at": row.asked_at.isoformat(),
        "platform": row.platform,
        "question": row.text,
        "answer": row.answer,
        "intent": row.intent,
        "confidence": round(row.confidence, 4),
        "role": row.role,
        "answered": row.answered,
        "latency_ms": round(row.latency_ms, 2),
        "feedback": row.feedback,
    }

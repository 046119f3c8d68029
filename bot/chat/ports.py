"""What the chat core needs from the rest of the bot, as small Protocols.

The real implementations are :class:`bot.assistant.Assistant`, the store-backed commands
(``adapters.services.StoreCommands``) and :class:`bot.journal.Journal`; tests pass fakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from bot.models import Answer, Question
from bot.ports import OpeningItem

if TYPE_CHECKING:
    from bot.inbox import InboxGroup
    from bot.storage.records import Handoff


class AssistantPort(Protocol):
    """The subset of ``bot.assistant.Assistant`` the chat core calls."""

    def ask(self, question: Question) -> Answer: ...

    def topics(self, role: str | None) -> Sequence[tuple[str, str]]: ...

    def answer_topic(self, conversation: str, intent_id: str) -> Answer: ...

    def roles(self) -> Sequence[tuple[str, str]]: ...

    def choose_role(self, conversation: str, slug: str) -> Answer: ...

    def summary(self, conversation: str) -> Answer: ...


class CommandsPort(Protocol):
    """Chat-facing commands, each returning what to show (plain text or openings)."""

    def openings(self, filter_text: str) -> Sequence[OpeningItem]: ...

    def subscribe(self, destination: str, filters_text: str, by: str | None = None) -> str: ...

    def subscriber(self, destination: str) -> str | None:
        """Who subscribed ``destination`` (``platform:user``), None when nobody or unknown."""
        ...

    def unsubscribe(self, destination: str) -> str: ...

    def digest(self, args: list[str], actor: str) -> str: ...


class JournalPort(Protocol):
    """The conversation log with its privacy controls (:class:`bot.journal.Journal`)."""

    retention_days: int

    def record(
        self, user: str, conversation: str, question: str, answer: Answer, latency: float
    ) -> str | None:
        """Log one question and the answer given; the entry's reference (for feedback)."""
        ...

    def feedback(self, user: str, entry: str, helpful: bool) -> bool:
        """Mark ``user``'s own entry helpful or not; False when there is no such entry."""
        ...

    def describe(self, user: str) -> list[str]:
        """Human lines of everything stored about ``user`` (``/mydata``)."""
        ...

    def forget(self, user: str, destinations: Sequence[str]) -> str:
        """Erase everything about ``user`` (and subscriptions of ``destinations``); a summary."""
        ...

    def recent(self, conversation: str, limit: int) -> list[tuple[str, str, bool]]:
        """The conversation's last questions: (question, answer, answered), oldest first."""
        ...


class HandoffPort(Protocol):
    """Conversations handed to recruiters (:class:`bot.handoff.Handoffs`)."""

    channel: str
    hours: int

    def open(self, user: str, conversation: str) -> int: ...

    def posted(self, handoff_id: int, message_ref: str) -> None: ...

    def active(self, conversation: str) -> Handoff | None: ...

    def by_ref(self, message_ref: str) -> Handoff | None: ...

    def close(self, handoff_id: int) -> bool: ...


class InboxPort(Protocol):
    """The recruiters' inbox (:class:`bot.inbox.Inbox`)."""

    def items(self, limit: int = 10) -> Sequence[InboxGroup]: ...

    def answer(self, group_id: int, text: str) -> str: ...

    def dismiss(self, group_id: int) -> str: ...

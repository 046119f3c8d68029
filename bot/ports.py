"""Contracts between the core and the outside world, in one place.

Adapters implement these; the core depends only on them. Everything here is synchronous;
an adapter whose client library is async runs its own event loop behind the port.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.errors import BotError

PLATFORMS = ("slack", "telegram", "console")


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a message goes: ``slack:C123`` (channel), ``slack:U123`` (DM),
    ``telegram:<chat id>`` or ``console``."""

    platform: str
    address: str = ""

    @classmethod
    def parse(cls, text: str) -> Destination:
        raw = text.strip()
        platform, _, address = raw.partition(":")
        platform = platform.lower()
        if platform not in PLATFORMS:
            raise BotError(
                f"unknown destination {raw!r}: "
                "use slack:C…, slack:U…, telegram:<chat id> or console"
            )
        if platform == "console":
            return cls("console", "")
        if not address:
            raise BotError(f"destination {raw!r} needs an address after the colon")
        if platform == "telegram" and not address.lstrip("-").isdigit():
            raise BotError(f"telegram destination {raw!r} needs a numeric chat id")
        if platform == "slack" and not (address[:1] in "CGUD" and address.isalnum()):
            raise BotError(f"slack destination {raw!r} needs a channel (C…) or user (U…) id")
        return cls(platform, address)

    def __str__(self) -> str:
        return self.platform if self.platform == "console" else f"{self.platform}:{self.address}"


class Outcome(enum.Enum):
    SENT = "sent"
    RETRY = "retry"  # 429, 5xx, timeouts: try again later (honour retry_after)
    PERMANENT = "permanent"  # blocked, archived, not found: stop and deactivate


@dataclass(frozen=True, slots=True)
class SendResult:
    outcome: Outcome
    retry_after: float | None = None  # seconds, when the platform said so
    error: str | None = None  # a short code such as "is_archived" or "Forbidden"


@dataclass(frozen=True, slots=True)
class OpeningItem:
    """One opening as shown in a digest."""

    title: str
    company: str | None
    location: str | None
    salary: str | None
    apply_url: str | None


@dataclass(frozen=True, slots=True)
class DigestMessage:
    """Platform-neutral digest content; each sender renders and splits it for its platform."""

    heading: str
    items: tuple[OpeningItem, ...]
    more: int = 0  # "and M more"
    empty_line: str | None = None  # sent instead of items when the period had none


Started = Callable[[], bool]
"""Called by a sender right before its first request leaves (after any rate-limit wait);
``False`` means "don't send" (the outbox lost the delivery's lease): return RETRY unsent."""


class Sender(Protocol):
    """Sends one message to one destination of its platform and classifies the result.

    ``started`` (when given) must be called exactly once, right before the first request
    is written, so that the outbox can tell "never sent" from "maybe sent" after a crash.
    """

    platform: str

    def send(
        self, destination: Destination, message: DigestMessage, started: Started | None = None
    ) -> SendResult: ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class SenderRegistry(Protocol):
    def for_platform(self, platform: str) -> Sender: ...


def render_plain(message: DigestMessage) -> Sequence[str]:
    """Render a digest as plain text lines (console, fallbacks)."""
    if not message.items:
        return [message.empty_line] if message.empty_line else []
    lines = [message.heading]
    for item in message.items:
        bits = [item.title]
        if item.company:
            bits.append(f"at {item.company}")
        line = " ".join(bits)
        extra = [x for x in (item.location, item.salary) if x]
        if extra:
            line += f" ({'; '.join(extra)})"
        if item.apply_url:
            line += f" {item.apply_url}"
        lines.append(f"- {line}")
    if message.more:
        lines.append(f"… and {message.more} more")
    return lines


@dataclass(frozen=True, slots=True)
class Pending:
    """A question waiting for its role: the bot asked "which role do you mean?" and offered
    ``choices`` (slugs, in the numbered order shown)."""

    question: str
    choices: tuple[str, ...]


class ConversationStore(Protocol):
    """Remembers which role each conversation chose (``slack:C1``, ``telegram:42``, …), and
    the question waiting for a role to be chosen."""

    def get_role(self, conversation: str) -> str | None: ...

    def set_role(self, conversation: str, slug: str) -> None: ...

    def get_pending(self, conversation: str) -> Pending | None: ...

    def set_pending(self, conversation: str, pending: Pending | None) -> None:
        """Remember ``pending`` for the conversation (``None`` forgets it)."""
        ...


class EventDeduper(Protocol):
    """Records incoming platform event ids so a retried delivery is handled once."""

    def first_time(self, key: str) -> bool:
        """True the first time ``key`` is seen (atomically, across processes)."""
        ...


class MemoryConversations:
    """In-process :class:`ConversationStore` for the CLI and tests."""

    def __init__(self) -> None:
        self._roles: dict[str, str] = {}
        self._pending: dict[str, Pending] = {}

    def get_role(self, conversation: str) -> str | None:
        return self._roles.get(conversation)

    def set_role(self, conversation: str, slug: str) -> None:
        self._roles[conversation] = slug

    def get_pending(self, conversation: str) -> Pending | None:
        return self._pending.get(conversation)

    def set_pending(self, conversation: str, pending: Pending | None) -> None:
        if pending is None:
            self._pending.pop(conversation, None)
        else:
            self._pending[conversation] = pending

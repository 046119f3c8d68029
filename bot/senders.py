"""Senders by platform: ``console`` here, Slack and Telegram loaded lazily from ``adapters``.

The registry is explicit: platform -> ``module:Class``; the class is imported only when a
delivery for that platform is sent, and built as ``Class(settings)``. The core never imports
the adapters at module level. :class:`FakeSender` and :class:`NoopSender` serve tests and
benchmarks.
"""

from __future__ import annotations

import importlib
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from bot.config import Settings
from bot.errors import BotError, DeliveryError
from bot.ports import (
    Destination,
    DigestMessage,
    Outcome,
    Sender,
    SendResult,
    Started,
    render_plain,
)

SENDER_CLASSES: dict[str, str] = {
    "console": "bot.senders:ConsoleSender",
    "slack": "adapters.slack.sender:SlackSender",
    "telegram": "adapters.telegram.sender:TelegramSender",
}

SENT = SendResult(Outcome.SENT)
LEASE_LOST = SendResult(Outcome.RETRY, error="lease lost")  # ``started()`` said don't send


class ConsoleSender:
    """Prints the plain-text rendering of a digest to stdout (or ``stream``)."""

    platform = "console"

    def __init__(self, settings: Settings | None = None, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def send(
        self, destination: Destination, message: DigestMessage, started: Started | None = None
    ) -> SendResult:
        stream = self._stream or sys.stdout
        lines = list(render_plain(message))
        if started is not None and not started():
            return LEASE_LOST
        with self._lock:
            for line in lines:
                stream.write(line + "\n")
            stream.write("\n")
            stream.flush()
        return SENT


class NoopSender:
    """Accepts everything instantly (benchmarks)."""

    def __init__(self, platform: str = "console") -> None:
        self.platform = platform

    def send(
        self, destination: Destination, message: DigestMessage, started: Started | None = None
    ) -> SendResult:
        if started is not None and not started():
            return LEASE_LOST
        return SENT


@dataclass(frozen=True, slots=True)
class SentMessage:
    """One successful send recorded by :class:`FakeSender`."""

    destination: str
    message: DigestMessage


class FakeSender:
    """A scripted sender for tests: records every call and successful send.

    ``script`` maps a destination (``"slack:C1"``; ``"*"`` for any) to the outcomes of its
    next calls, in order: a :class:`SendResult` is returned, an exception instance is raised
    (e.g. ``TimeoutError()``); once the script is used up, calls succeed.

    ``delay`` simulates the platform's round trip: every call sleeps that long (outside the
    lock, so calls from several threads overlap). ``spans`` records each call's
    ``(destination, start, end)`` in ``time.monotonic()`` seconds.
    """

    def __init__(
        self,
        platform: str = "console",
        script: Mapping[str, Iterable[SendResult | BaseException]] | None = None,
        *,
        delay: float = 0.0,
    ) -> None:
        self.platform = platform
        self._script = {k: list(v) for k, v in (script or {}).items()}
        self.delay = delay
        self.calls: list[str] = []
        self.sent: list[SentMessage] = []
        self.spans: list[tuple[str, float, float]] = []
        self._lock = threading.Lock()

    def then(self, destination: str, *outcomes: SendResult | BaseException) -> FakeSender:
        """Append scripted outcomes for ``destination``; returns self for chaining."""
        with self._lock:
            self._script.setdefault(destination, []).extend(outcomes)
        return self

    def send(
        self, destination: Destination, message: DigestMessage, started: Started | None = None
    ) -> SendResult:
        key = str(destination)
        if started is not None and not started():
            return LEASE_LOST
        start = time.monotonic()
        if self.delay > 0:
            time.sleep(self.delay)
        with self._lock:
            self.spans.append((key, start, time.monotonic()))
            self.calls.append(key)
            queue = self._script.get(key) or self._script.get("*") or []
            outcome: SendResult | BaseException = queue.pop(0) if queue else SENT
            if isinstance(outcome, SendResult) and outcome.outcome is Outcome.SENT:
                self.sent.append(SentMessage(key, message))
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def sent_to(self, destination: str) -> list[DigestMessage]:
        return [s.message for s in self.sent if s.destination == destination]


class SenderRegistry:
    """Finds the sender for a platform: given instances first, else lazily imported classes."""

    def __init__(
        self,
        settings: Settings | None = None,
        senders: Mapping[str, Sender] | None = None,
        classes: Mapping[str, str] | None = None,
    ) -> None:
        self._settings = settings or Settings()
        self._senders: dict[str, Sender] = dict(senders or {})
        self._classes = dict(SENDER_CLASSES if classes is None else classes)
        self._lock = threading.Lock()

    @property
    def platforms(self) -> tuple[str, ...]:
        return tuple(sorted(set(self._senders) | set(self._classes)))

    def for_platform(self, platform: str) -> Sender:
        """The sender for ``platform``; :class:`DeliveryError` if it cannot be loaded."""
        with self._lock:
            sender = self._senders.get(platform)
            if sender is None:
                sender = self._load(platform)
                self._senders[platform] = sender
            return sender

    def _load(self, platform: str) -> Sender:
        target = self._classes.get(platform)
        if target is None:
            raise DeliveryError(f"no sender for platform {platform!r}")
        module_name, _, class_name = target.partition(":")
        try:
            cls: Any = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError) as exc:
            raise DeliveryError(f"the {platform} sender is not available: {exc}") from exc
        try:
            sender: Sender = cls(self._settings)
        except BotError as exc:
            raise DeliveryError(f"the {platform} sender cannot start: {exc}") from exc
        return sender

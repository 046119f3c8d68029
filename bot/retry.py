"""Retries with backoff for the long-running processes when the database fails.

A database outage (a restart, a failover, a network blip) must not stop the clock or a
sender: each storage step is retried with exponential backoff and jitter until it works or
the process is asked to stop. Only :class:`~bot.errors.StorageError` is retried; anything
else is a bug and propagates.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from bot.errors import StorageError

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass
class Backoff:
    """``initial · 2^n`` seconds capped at ``maximum``, times a jitter in [0.5, 1]."""

    initial: float = 0.5
    maximum: float = 30.0
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay(self) -> float:
        raw = min(self.maximum, self.initial * 2.0**self.failures)
        self.failures += 1
        return raw * (0.5 + self.rng.random() / 2)

    def reset(self) -> None:
        self.failures = 0


def retry_storage(
    action: Callable[[], T],
    *,
    stop: threading.Event,
    what: str,
    backoff: Backoff | None = None,
    logger: logging.Logger = log,
) -> T | None:
    """``action()``, retried on :class:`StorageError` until it succeeds (its result) or
    ``stop`` is set (None). Each failure is one warning line, without a traceback."""
    policy = backoff or Backoff()
    while not stop.is_set():
        try:
            result = action()
        except StorageError as exc:
            delay = policy.next_delay()
            logger.warning("%s failed: %s; retrying in %.1f s", what, exc, delay)
            stop.wait(delay)
            continue
        if policy.failures:
            logger.info("%s works again", what)
        policy.reset()
        return result
    return None

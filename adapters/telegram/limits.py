"""Flood limits for sending: ~30 messages/s overall, 1/s per chat, 20/min per group.

Telegram's documented limits are enforced per bot; exceeding them earns a 429 with
``retry_after``. The limiter paces sends evenly and also keeps a sliding window of actual send
times, so no one-second window ever holds more than the overall limit (a leaky bucket such as
aiolimiter's lets a full burst through at start, which a one-second window sees as double).
A 429 pauses everything until its ``retry_after`` has passed.
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Limits; ``None`` turns one off. :meth:`off` turns all off (benchmarks, tests)."""

    overall_per_second: float | None = 30.0
    per_chat_interval: float | None = 1.0  # seconds between two messages to one chat
    group_per_minute: int | None = 20
    margin: float = 0.03  # pace this much under the overall limit to absorb timing jitter

    @classmethod
    def off(cls) -> RateLimits:
        return cls(None, None, None)


class _Window:
    """At most ``count`` events in any ``span`` seconds (a log of the last ``count`` times)."""

    def __init__(self, count: int, span: float) -> None:
        self.count = count
        self.span = span
        self.times: collections.deque[float] = collections.deque(maxlen=count)

    def wait_needed(self, now: float) -> float:
        if len(self.times) < self.count:
            return 0.0
        return max(0.0, self.times[0] + self.span - now)

    def record(self, now: float) -> None:
        self.times.append(now)


class Limiter:
    """Awaits the earliest moment a message to ``chat_id`` may go out, then records it.

    Each chat's reservation is made under its own ordering (a lock per chat), the overall pace
    under one lock, so concurrent senders to different chats share the overall budget fairly.
    """

    def __init__(
        self,
        limits: RateLimits,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.limits = limits
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._next_slot = 0.0
        self._paused_until = 0.0
        rate = limits.overall_per_second
        self._interval = (1.0 + limits.margin) / rate if rate else 0.0
        self._window: _Window | None = None
        if rate:  # at most ``rate`` sends per second (one per 1/rate s below 1/s)
            count = max(1, int(rate))
            self._window = _Window(count, (1.0 + limits.margin) * count / rate)
        self._chat_next: dict[int, float] = {}
        self._chat_locks: dict[int, tuple[asyncio.Lock, list[int]]] = {}  # lock, [users]
        self._groups: dict[int, _Window] = {}

    def pause(self, seconds: float) -> None:
        """Hold every send for ``seconds`` (after a 429 with ``retry_after``)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def acquire(self, chat_id: int) -> None:
        """Wait for the chat's turn and the overall pace; the chat's next turn counts from the
        moment this message actually goes (a wait for the overall pace never shortens it)."""
        lock, users = self._chat_locks.setdefault(chat_id, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock:
                await self._acquire_chat(chat_id)
                await self._acquire_overall()
                now = self._clock()
                if self.limits.per_chat_interval:
                    self._chat_next[chat_id] = now + self.limits.per_chat_interval
                if chat_id in self._groups:
                    self._groups[chat_id].record(now)
        finally:
            users[0] -= 1
            if not users[0]:
                del self._chat_locks[chat_id]  # keep the table small over 100k chats

    async def _sleep_until(self, moment: float) -> None:
        delay = moment - self._clock()
        if delay > 0:
            await self._sleep(delay)

    async def _acquire_chat(self, chat_id: int) -> None:
        if self.limits.per_chat_interval:
            await self._sleep_until(self._chat_next.get(chat_id, 0.0))
        per_minute = self.limits.group_per_minute
        if per_minute and chat_id < 0:
            window = self._groups.setdefault(chat_id, _Window(per_minute, 60.0))
            while (wait := window.wait_needed(self._clock())) > 0:
                await self._sleep(wait)

    async def _acquire_overall(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                moment = max(now, self._next_slot, self._paused_until)
                if self._window is not None:
                    moment = max(moment, now + self._window.wait_needed(now))
                if moment <= now:
                    break
                await self._sleep(moment - now)
            now = self._clock()
            if self._window is not None:
                self._window.record(now)
            if self._interval:
                # Keep to the schedule after a late wake-up, but never closer than half a slot.
                self._next_slot = max(self._next_slot + self._interval, now + self._interval / 2)

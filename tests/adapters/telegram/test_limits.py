"""The flood limiter, on a virtual clock: 30/s overall, 1/s per chat, 20/min per group."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence

from adapters.telegram.limits import Limiter, RateLimits


class VirtualTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


def _times(limits: RateLimits, chats: Sequence[int], pause_at: int | None = None) -> list[float]:
    time = VirtualTime()
    limiter = Limiter(limits, clock=time.clock, sleep=time.sleep)
    stamps: list[float] = []

    async def run() -> None:
        for i, chat in enumerate(chats):
            if i == pause_at:
                limiter.pause(5.0)
            await limiter.acquire(chat)
            stamps.append(time.now)
            time.now += 0.002  # the request itself

    asyncio.run(run())
    return stamps


def _max_in_window(stamps: Sequence[float], span: float = 1.0) -> int:
    return max(sum(1 for t in stamps if start <= t < start + span) for start in stamps)


def test_overall_rate_stays_under_30_per_second_and_close_to_it() -> None:
    """300 messages to distinct chats: never more than 30 in any second, and within 5%."""
    stamps = _times(RateLimits(), range(1, 301))
    assert _max_in_window(stamps) <= 30
    rate = (len(stamps) - 1) / (stamps[-1] - stamps[0])
    assert 28.5 <= rate <= 30


def test_one_message_per_second_per_chat() -> None:
    """Messages to the same chat are at least a second apart."""
    stamps = _times(RateLimits(), [7, 7, 7])
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert len(gaps) == 2 and min(gaps) >= 1.0


def test_twenty_per_minute_per_group() -> None:
    """A group gets at most 20 messages in any minute."""
    stamps = _times(RateLimits(overall_per_second=None, per_chat_interval=None), [-5] * 25)
    assert _max_in_window(stamps, 60.0) == 20
    assert stamps[20] >= 60.0


def test_limits_off_never_wait() -> None:
    """With limits off nothing waits."""
    stamps = _times(RateLimits.off(), [1, 1, 1, -2, -2])
    assert stamps[-1] < 0.011


def test_a_429_pauses_everything() -> None:
    """After pause(5) (a 429's retry_after) the next send waits five seconds."""
    stamps = _times(RateLimits.off(), [1, 2, 3], pause_at=2)
    assert stamps[2] - stamps[1] >= 5.0


def test_per_chat_gap_holds_when_the_overall_pace_delays_a_send() -> None:
    """Concurrent sends: a chat's second message is a full interval after its first actually
    went out, even though the overall pace delayed the first one."""
    time = VirtualTime()
    limits = RateLimits(overall_per_second=2.0, per_chat_interval=1.0, group_per_minute=None)
    limiter = Limiter(limits, clock=time.clock, sleep=time.sleep)
    sent: dict[int, list[float]] = {}

    async def one(chat: int) -> None:
        await limiter.acquire(chat)
        sent.setdefault(chat, []).append(time.now)

    async def run() -> None:
        await asyncio.gather(*(one(c) for c in [1, 2, 3, 4, 9, 9]))

    asyncio.run(run())
    first, second = sent[9]
    assert second - first >= 1.0

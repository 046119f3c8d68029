"""A per-posting time limit for the builder.

Extraction is linear in the posting's length, but a posting is input from outside: the limit
makes sure no single posting, however pathological, holds a build or an ``openings sync``
for long. It uses ``SIGALRM`` (``setitimer``), so it applies where builds run: the main
thread of the CLI and of each process-pool worker. Elsewhere (another thread, a platform
without ``setitimer``, or inside an outer limit) the block runs unlimited.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from bot.errors import RejectedPosting

POSTING_SECONDS = 1.5  # ~30× the corpus p99 (49 ms); a 72 KB pathological posting: < 1 s


class TooSlow(RejectedPosting):
    """The posting took longer than the per-posting time limit to build."""


@contextmanager
def time_limit(seconds: float = POSTING_SECONDS) -> Iterator[None]:
    """Raise :class:`TooSlow` inside the block once ``seconds`` have passed."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable or seconds <= 0:
        yield
        return

    def expired(_signum: int, _frame: FrameType | None) -> None:
        raise TooSlow(f"took longer than {seconds:g} s to build (pathological text?)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

"""Progress for long benchmarks: the phase as it starts, then a line every few seconds.

    with Progress("telegram fan-out") as progress:
        progress.phase("outbox, limits off: 10,000 deliveries")
        ...

A daemon thread prints ``[name] phase … N s`` to stderr whenever nothing was printed for
``every`` seconds, so a run never stays silent for more than that (tables go to stdout).
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType


class Progress:
    def __init__(self, name: str, every: float = 4.0) -> None:
        self.name = name
        self.every = every
        self._phase = "starting"
        self._started = time.monotonic()
        self._phase_started = self._started
        self._last = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, daemon=True)

    def __enter__(self) -> Progress:
        global _current
        _current = self
        self._say(f"{self._phase}")
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=1)
        self._say(f"done in {time.monotonic() - self._started:.0f} s")

    def phase(self, text: str) -> None:
        """Start a new phase and say so now."""
        self._phase = text
        self._phase_started = time.monotonic()
        self._say(text)

    def _say(self, text: str) -> None:
        self._last = time.monotonic()
        print(f"[{self.name}] {text}", file=sys.stderr, flush=True)

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            if time.monotonic() - self._last >= self.every:
                spent = time.monotonic() - self._phase_started
                self._say(f"{self._phase} … {spent:.0f} s")


_current: Progress | None = None


def phase(text: str) -> None:
    """Start a phase of the running benchmark's :class:`Progress` (if any)."""
    if _current is not None:
        _current.phase(text)

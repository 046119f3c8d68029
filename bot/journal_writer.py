"""A background writer that stores the conversation log in batches, off the answer path.

``put(row)`` only appends to a queue (about a microsecond); one daemon thread inserts what is
queued every :data:`FLUSH_SECONDS`, :data:`BATCH` rows per transaction. ``flush()`` returns once
everything queued before it is stored (reads of the log call it first, so a user's
``/forget`` or 👎 always sees their latest question). A crash can lose the last fraction of
a second of log rows, never an answer; a failed batch is logged and dropped so the log can
never block the chat.
"""

from __future__ import annotations

import atexit
import collections
import logging
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any

log = logging.getLogger(__name__)

FLUSH_SECONDS = 0.2
BATCH = 500
MAX_QUEUED = 50_000  # beyond this (the database far behind) new rows are dropped, not kept
Row = dict[str, Any]


class LogWriter:
    """Queues rows and writes them with ``write(rows)`` from one background thread.

    ``put`` is a lock-free append that wakes nobody (a per-row wake-up would hand the GIL to
    the writer in the middle of an answer); the writer wakes every ``FLUSH_SECONDS``, or at
    once when someone waits in :meth:`flush`.
    """

    def __init__(self, write: Callable[[Sequence[Row]], None]) -> None:
        self._write = write
        self._rows: collections.deque[Row] = collections.deque()
        self._flushes: collections.deque[threading.Event] = collections.deque()
        self._wake = threading.Event()
        self._stop = False
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.dropped = 0  # rows lost to failed batches

    def put(self, row: Row) -> None:
        if self._thread is None:
            self._start()
        if len(self._rows) >= MAX_QUEUED:
            self.dropped += 1
            if self.dropped % 1000 == 1:
                log.warning(
                    "conversation log: the database is behind; %d row(s) dropped", self.dropped
                )
            return
        self._rows.append(row)

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait until everything queued so far is written; False on timeout."""
        if self._thread is None:
            return True
        done = threading.Event()
        self._flushes.append(done)
        self._wake.set()
        return done.wait(timeout)

    def close(self) -> None:
        """Write what is queued and stop the thread."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._stop = True
            self._wake.set()
            thread.join(10)
        self._thread = None

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._stop = False
                thread = threading.Thread(target=self._run, name="journal-writer", daemon=True)
                thread.start()
                self._thread = thread
                atexit.register(_close_ref(weakref.ref(self)))

    def _run(self) -> None:
        while True:
            self._wake.wait(FLUSH_SECONDS)
            self._wake.clear()
            stopping = self._stop
            waiting = []
            while self._flushes:  # flushes asked for before the rows below were taken
                waiting.append(self._flushes.popleft())
            self._drain()
            for event in waiting:
                event.set()
            if stopping:
                return

    def _drain(self) -> None:
        while self._rows:
            batch: list[Row] = []
            while self._rows and len(batch) < BATCH:
                batch.append(self._rows.popleft())
            self._store(batch)

    def _store(self, batch: list[Row]) -> None:
        try:
            self._write(batch)
        except Exception:
            self.dropped += len(batch)
            log.exception("could not store %d conversation log row(s); dropped", len(batch))


def _close_ref(ref: weakref.ReferenceType[LogWriter]) -> Callable[[], None]:
    def close() -> None:
        writer = ref()
        if writer is not None:
            writer.close()

    return close

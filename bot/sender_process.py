"""``python -m bot run sender``: the sender process around :class:`bot.outbox.OutboxWorker`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from bot.outbox import DEFAULT_CONCURRENCY, OutboxWorker
from bot.retry import Backoff, retry_storage

log = logging.getLogger("bot.outbox")


def run_sender_main(argv: Sequence[str]) -> int:
    """``python -m bot run sender [--once] [--concurrency N] [--batch N] …``: the sender
    process."""
    import argparse
    import signal

    from bot.config import load_settings
    from bot.errors import UsageError
    from bot.ports import PLATFORMS
    from bot.storage import open_store

    parser = argparse.ArgumentParser(prog="python -m bot run sender", exit_on_error=False)
    parser.add_argument("--once", action="store_true", help="send what is due, then exit")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help=f"sends in flight at once, never two to one destination ({DEFAULT_CONCURRENCY}; "
        "1 sends one at a time)",
    )
    parser.add_argument(
        "--batch", type=int, default=None, help="deliveries claimed at a time (4 × concurrency)"
    )
    parser.add_argument("--lease", type=float, default=120.0, help="claim lease in seconds")
    parser.add_argument("--poll", type=float, default=1.0, help="idle poll interval (s)")
    parser.add_argument(
        "--platforms", default="", help="comma-separated platforms this sender serves (all)"
    )
    parser.add_argument(
        "--resend-unconfirmed",
        action="store_true",
        help="resend deliveries whose sender died mid-send (at-least-once: may duplicate); "
        "by default they are marked unconfirmed and not resent",
    )
    try:
        args = parser.parse_args(list(argv))
    except argparse.ArgumentError as exc:
        raise UsageError(f"run sender: {exc}") from None
    except SystemExit as exc:  # --help (0), or a usage error argparse has already printed (2)
        return 0 if not exc.code else 2
    if (args.batch is not None and args.batch < 1) or args.concurrency < 1:
        raise UsageError("run sender: --batch and --concurrency must be at least 1")
    if args.lease <= 0 or args.poll <= 0:
        raise UsageError("run sender: --lease and --poll must be positive")
    settings = load_settings()
    logging.getLogger().setLevel(settings.log_level)
    platforms = [p.strip().lower() for p in args.platforms.split(",") if p.strip()] or None
    unknown = [p for p in platforms or () if p not in PLATFORMS]
    if unknown:
        raise UsageError(
            f"run sender: --platforms: unknown platform {unknown[0]!r} "
            f"(use {', '.join(PLATFORMS)}, comma-separated)"
        )
    stop = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        log.info("sender: signal %d, finishing the sends in flight", signum)
        stop.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    backoff = Backoff(maximum=settings.storage_retry_max_seconds)
    try:
        store = retry_storage(
            lambda: open_store(settings.database_url),
            stop=stop,
            what="sender: opening the database",
            backoff=backoff,
            logger=log,
        )
        if store is None:
            return 0
        try:
            _serve(store, settings, args, stop, backoff)
        finally:
            store.close()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def _serve(store: Any, settings: Any, args: Any, stop: threading.Event, backoff: Backoff) -> None:
    """Drain the outbox until ``stop``; a database failure is retried with backoff."""
    from bot.senders import SenderRegistry as Registry

    platforms = [p.strip().lower() for p in args.platforms.split(",") if p.strip()] or None
    worker = OutboxWorker(
        store,
        Registry(settings),
        batch=args.batch,
        concurrency=args.concurrency,
        lease=timedelta(seconds=args.lease),
        platforms=platforms,
        resend_unconfirmed=args.resend_unconfirmed,
    )
    log.info(
        "sender %s started (concurrency %d, batch %d)",
        worker.worker,
        worker.concurrency,
        worker.batch,
    )
    while not stop.is_set():
        n = retry_storage(
            lambda: worker.drain(stop),
            stop=stop,
            what=f"sender {worker.worker}",
            backoff=backoff,
            logger=log,
        )
        if n:
            log.info("sender %s: %s", worker.worker, worker.stats)
        if args.once:
            break
        stop.wait(args.poll)
    log.info("sender %s stopped: %s", worker.worker, worker.stats)

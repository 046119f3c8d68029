"""Outbox throughput and fan-out memory.

1. Throughput: N deliveries enqueued, then K sender processes (separate connections) drain
   them through a no-op sender; deliveries/s (median of R runs) and the p99 time from claim
   to mark of one delivery, on SQLite (1 sender) and PostgreSQL (1 and 4 senders). The
   baseline for the ratios is SQLite with 1 sender, measured in the same run.
2. Latency: the same with a sender that takes ``--latency`` ms per message (a real API's
   round trip), one sender process (``run sender``) with ``--concurrency`` 1 and 8 threads;
   the ratio is against concurrency 1 in the same run.
3. Memory: S subscribers (1k → 10k → 100k) fanned out to one delivery each, streaming the
   subscriptions and enqueuing in batches; the Python peak (tracemalloc) should stay flat.

Usage: python bench/outbox.py [--deliveries 2000] [--runs 3] [--sizes 1000,10000,100000]
       [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test | --no-pg]
PostgreSQL comes from --pg, else TEST_DATABASE_URL / DATABASE_URL when they name PostgreSQL;
the benchmark works in its own schema and drops it.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import secrets
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.outbox import OutboxWorker, new_delivery  # noqa: E402
from bot.ports import DigestMessage, OpeningItem  # noqa: E402
from bot.senders import FakeSender, NoopSender, SenderRegistry  # noqa: E402
from bot.storage import NewDelivery, open_store  # noqa: E402
from bot.storage import models as m  # noqa: E402

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MESSAGE = DigestMessage(
    heading="5 new openings",
    items=tuple(
        OpeningItem(f"Engineer {i}", "Acme", "Remote", "£80,000", f"https://x.test/{i}")
        for i in range(5)
    ),
)


def _deliveries(n: int, tag: str) -> Iterator[NewDelivery]:
    for i in range(n):
        yield new_delivery(f"telegram:{i}", MESSAGE, scheduled_for=WHEN, key=f"{tag}:{i}")


def _sender(
    url: str,
    schema: str | None,
    batch: int,
    out: mp.Queue[list[float]],
    concurrency: int = 1,
    latency: float = 0.0,
) -> None:
    store = open_store(url, schema=schema)
    latencies: list[float] = []
    started: dict[int, float] = {}

    def hook(step: str, delivery: object) -> None:
        key = id(delivery)
        if step == "claimed":
            started[key] = time.perf_counter()
        elif step == "marked":
            latencies.append(time.perf_counter() - started.pop(key, time.perf_counter()))

    sender = FakeSender("telegram", delay=latency) if latency else NoopSender("telegram")
    registry = SenderRegistry(senders={"telegram": sender})
    worker = OutboxWorker(
        store,
        registry,
        batch=batch,
        concurrency=concurrency,
        lease=timedelta(seconds=300),
        hook=hook,
    )
    worker.drain()
    store.close()
    out.put(latencies)


def throughput(
    url: str,
    schema: str | None,
    senders: int,
    n: int,
    batch: int,
    concurrency: int = 1,
    latency: float = 0.0,
) -> tuple[float, float]:
    """(deliveries per second, p99 claim→mark seconds) for one run."""
    store = open_store(url, schema=schema)
    with store.db.write() as conn:
        conn.execute(m.deliveries.delete())
    store.deliveries.enqueue(_deliveries(n, secrets.token_hex(4)))
    store.close()
    ctx = mp.get_context("fork")
    queue: mp.Queue[list[float]] = ctx.Queue()
    procs = [
        ctx.Process(target=_sender, args=(url, schema, batch, queue, concurrency, latency))
        for _ in range(senders)
    ]
    start = time.perf_counter()
    for p in procs:
        p.start()
    latencies = [x for _ in procs for x in queue.get()]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    check = open_store(url, schema=schema)
    counts = check.deliveries.counts()
    check.close()
    if counts != {"sent": n}:
        raise SystemExit(f"lost or duplicated deliveries: {counts}")
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0
    return n / elapsed, p99


def fanout_peak(url: str, schema: str | None, subscribers: int) -> tuple[float, float]:
    """(peak MiB of Python allocations, seconds) to fan ``subscribers`` out to the outbox."""
    store = open_store(url, schema=schema)
    with store.db.write() as conn:
        conn.execute(m.deliveries.delete())
        conn.execute(m.subscriptions.delete())
    now = store.now()
    rows = (
        {
            "destination": f"telegram:{i}",
            "filters": {},
            "active": True,
            "deactivated_reason": None,
            "created_at": now,
        }
        for i in range(subscribers)
    )
    chunk: list[dict[str, object]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == 5000:
            with store.db.write() as conn:
                conn.execute(m.subscriptions.insert(), chunk)
            chunk = []
    if chunk:
        with store.db.write() as conn:
            conn.execute(m.subscriptions.insert(), chunk)
    tracemalloc.start()
    start = time.perf_counter()
    added = store.deliveries.enqueue(
        new_delivery(s.destination, MESSAGE, scheduled_for=WHEN) for s in store.subscriptions.iter()
    )
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    store.close()
    if added != subscribers:
        raise SystemExit(f"fan-out enqueued {added} of {subscribers}")
    return peak / 2**20, elapsed


def _pg_url(arg: str | None, disabled: bool) -> str | None:
    if disabled:
        return None
    for candidate in (arg, os.environ.get("TEST_DATABASE_URL"), os.environ.get("DATABASE_URL")):
        if candidate and candidate.startswith(("postgres", "postgresql")):
            return candidate
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--deliveries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--latency", type=float, default=20.0, help="simulated API ms")
    parser.add_argument("--latency-deliveries", type=int, default=400)
    parser.add_argument("--pg", default=None, help="PostgreSQL URL")
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    pg = _pg_url(args.pg, args.no_pg)
    tmp = tempfile.TemporaryDirectory()
    sqlite_url = f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    schema = f"bench_{secrets.token_hex(4)}"
    backends: list[tuple[str, str, str | None]] = [("SQLite", sqlite_url, None)]
    if pg:
        backends.append(("PostgreSQL", pg, schema))
    else:
        print("PostgreSQL: no URL (--pg or TEST_DATABASE_URL): skipped", file=sys.stderr)
    try:
        print(
            f"Outbox throughput, no-op sender, {args.deliveries} deliveries, "
            f"batch {args.batch}, median of {args.runs} runs"
        )
        print(f"{'backend':<12}{'senders':>8}{'deliv/s':>10}{'p99 claim→mark ms':>20}{'ratio':>8}")
        baseline = None
        for name, url, sch in backends:
            for senders in (1, 4):
                runs = [
                    throughput(url, sch, senders, args.deliveries, args.batch)
                    for _ in range(args.runs)
                ]
                rate = statistics.median(r[0] for r in runs)
                p99 = statistics.median(r[1] for r in runs) * 1000
                baseline = baseline or rate
                print(f"{name:<12}{senders:>8}{rate:>10.0f}{p99:>20.2f}{rate / baseline:>7.2f}x")
        print()
        print(
            f"Outbox + run sender --concurrency N, {args.latency:.0f} ms simulated API "
            f"latency, {args.latency_deliveries} deliveries, 1 sender, batch 4 x N"
        )
        print(f"{'backend':<12}{'threads':>8}{'deliv/s':>10}{'p99 claim→mark ms':>20}{'ratio':>8}")
        for name, url, sch in backends:
            base = None
            for threads in (1, 8):
                runs = [
                    throughput(
                        url,
                        sch,
                        1,
                        args.latency_deliveries,
                        max(10, 4 * threads),
                        threads,
                        args.latency / 1000,
                    )
                    for _ in range(args.runs)
                ]
                rate = statistics.median(r[0] for r in runs)
                p99 = statistics.median(r[1] for r in runs) * 1000
                base = base or rate
                print(f"{name:<12}{threads:>8}{rate:>10.0f}{p99:>20.2f}{rate / base:>7.2f}x")
        print()
        print("Fan-out memory: stream subscribers, enqueue one delivery each (tracemalloc peak)")
        print(f"{'backend':<12}{'subscribers':>12}{'peak MiB':>10}{'seconds':>9}{'ratio':>8}")
        for name, url, sch in backends:
            first = None
            for size in (int(s) for s in args.sizes.split(",")):
                peak, seconds = fanout_peak(url, sch, size)
                first = first or peak
                print(f"{name:<12}{size:>12}{peak:>10.2f}{seconds:>9.1f}{peak / first:>7.2f}x")
    finally:
        if pg:
            store = open_store(pg)
            with store.db.engine.connect() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
                conn.commit()
            store.close()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    from bench.progress import Progress

    with Progress("outbox"):
        raise SystemExit(main())

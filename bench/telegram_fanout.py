"""Digest fan-out to Telegram subscribers against the local fake Bot API.

    python bench/telegram_fanout.py [--subscribers 10000] [--limited 600] [--crash 3000]

Every message goes through python-telegram-bot over HTTP to ``tests/fakes/telegram_api.py``
(run in this process), which validates the HTML and records each accepted message's chat and
arrival time. Runs, each on its own chat ids:

1. ``send()`` sequential, limits off — the synchronous port, in this process (the baseline);
2. ``send_many()`` (the async batch path), limits off, in this process; then both again with
   a simulated API round trip (``--latency``), where the batch path's concurrency pays;
3. the outbox: N subscribers in a SQLite file (1% of chats blocked), one delivery each,
   ``python -m bot run sender --once`` with ``TELEGRAM_MAX_RATE=0`` (limits off);
   checks every active subscriber got exactly one message and the blocked were deactivated;
4. the outbox with the default 30 messages/s limit on (a scaled-down count): the achieved rate
   and the most messages the fake saw in any one-second window;
5. ``kill -9`` of the sender mid-broadcast (several times) and a restart: duplicates and
   losses per chat. A delivery whose send had started when its sender was killed is left
   ``unconfirmed`` and not resent (``bot/outbox.py``), so no chat gets a duplicate; a chat
   could miss its message only if the kill fell between the ``in_flight`` commit and the
   request being written (the "unconfirmed" count says how many were left that way).
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import adapters.telegram  # noqa: E402, F401 (sets PTB_TIMEDELTA first)
from adapters.telegram.limits import RateLimits  # noqa: E402
from adapters.telegram.sender import TelegramSender  # noqa: E402
from bench.progress import phase  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.outbox import enqueue, new_delivery  # noqa: E402
from bot.ports import Destination, DigestMessage, OpeningItem, Outcome  # noqa: E402
from bot.storage import Store, open_store  # noqa: E402
from bot.storage import models as m  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramAPI  # noqa: E402

TOKEN = "4242:bench-token"  # noqa: S105 (the fake server's token)
WHEN = datetime(2026, 11, 30, 9, tzinfo=UTC)
DIGEST = DigestMessage(
    "3 new roles since Monday <Go> & Python",
    (
        OpeningItem("Senior Backend Engineer", "Monzo", "London", "£95k-£150k", "https://x.test/1"),
        OpeningItem("Go <b>Engineer</b>", "Acme & Co", "Remote (EU)", None, "https://x.test/2?a&b"),
        OpeningItem("Platform Engineer", "Example", "Berlin", "€80k", None),
    ),
)


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def max_per_window(stamps: Sequence[float], span: float = 1.0) -> int:
    """The most events in any half-open window of ``span`` seconds (two pointers)."""
    ordered = sorted(stamps)
    best = j = 0
    for i, start in enumerate(ordered):
        while j < len(ordered) and ordered[j] < start + span:
            j += 1
        best = max(best, j - i)
    return best


def _arrivals(fake: FakeTelegramAPI, chats: set[int]) -> list[float]:
    return sorted(
        c.at
        for c in fake.calls("sendMessage")
        if c.status == 200 and c.params.get("chat_id") in chats
    )


def _seed(store: Store, chats: Sequence[int]) -> None:
    """N subscriptions (bulk insert) and one queued delivery each."""
    now = store.now()
    rows = [
        {
            "destination": f"telegram:{c}",
            "filters": {},
            "active": True,
            "deactivated_reason": None,
            "created_at": now,
        }
        for c in chats
    ]
    with store.db.write() as conn:
        conn.execute(m.subscriptions.insert(), rows)
    enqueue(store, (new_delivery(f"telegram:{c}", DIGEST, scheduled_for=WHEN) for c in chats))


def _sender_process(env: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 (our own interpreter and fixed arguments)
        [sys.executable, "-m", "bot", "run", "sender", "--batch", "50", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _env(fake: FakeTelegramAPI, db: Path, rate: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=fake.base_url,
        DATABASE_URL=f"sqlite:///{db}",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    if rate is not None:
        env["TELEGRAM_MAX_RATE"] = rate
    return env


def _pending(store: Store) -> int:
    counts = store.deliveries.counts()
    return sum(n for status, n in counts.items() if status not in ("sent", "dead", "unconfirmed"))


def _check(
    fake: FakeTelegramAPI, store: Store, chats: Sequence[int], blocked: set[int]
) -> tuple[int, int, int]:
    """(duplicates, missing, blocked subscribers still active)."""
    got = fake.delivered()
    active = {s.destination for s in store.subscriptions.list(include_inactive=False)}
    dup = sum(1 for c in chats if c not in blocked and got[c] > 1)
    missing = sum(1 for c in chats if c not in blocked and got[c] == 0)
    still = sum(1 for c in blocked if f"telegram:{c}" in active)
    return dup, missing, still


def run(args: argparse.Namespace) -> list[list[str]]:
    rows: list[list[str]] = []
    with (
        FakeTelegramAPI(token=TOKEN, record_params=False) as fake,
        tempfile.TemporaryDirectory(prefix="tg-fanout-") as tmp,
    ):
        settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": fake.base_url})
        n = args.subscribers

        # 1. baseline: the synchronous port, one send after another.
        phase(f"1/5 baseline: {min(n, args.sequential):,} sequential sends")
        seq_chats = list(range(1_000_001, 1_000_001 + min(n, args.sequential)))
        latencies: list[float] = []
        with TelegramSender(settings, limits=RateLimits.off()) as sender:
            sender.send(Destination("telegram", "1"), DIGEST)  # connect + getMe
            start = time.perf_counter()
            for chat in seq_chats:
                t0 = time.perf_counter()
                sender.send(Destination("telegram", str(chat)), DIGEST)
                latencies.append(time.perf_counter() - t0)
            seq_s = time.perf_counter() - start
        base = len(seq_chats) / seq_s
        rows.append(
            [
                "send() sequential, limits off",
                f"{len(seq_chats)}",
                f"{seq_s:.2f}",
                f"{base:.0f}",
                "1.00",
                f"latency median {statistics.median(latencies) * 1000:.2f} ms, "
                f"p99 {_pct(latencies, 0.99) * 1000:.2f} ms",
            ]
        )

        # 2. the async batch path.
        phase(f"2/5 batch path: {n:,} sends")
        batch_chats = list(range(2_000_001, 2_000_001 + n))
        with TelegramSender(settings, limits=RateLimits.off()) as sender:
            sender.send(Destination("telegram", "1"), DIGEST)
            start = time.perf_counter()
            results = sender.send_many(
                [(Destination("telegram", str(c)), DIGEST) for c in batch_chats],
                concurrency=args.concurrency,
            )
            batch_s = time.perf_counter() - start
        ok = sum(r.outcome is Outcome.SENT for r in results)
        rows.append(
            [
                f"send_many(concurrency={args.concurrency}), limits off",
                f"{ok}",
                f"{batch_s:.2f}",
                f"{ok / batch_s:.0f}",
                f"{ok / batch_s / base:.2f}",
                "fake server in the same process (shared GIL)",
            ]
        )

        # 2b. with a simulated network round trip, where the batch path's concurrency pays.
        if args.latency_count:
            fake.delay("sendMessage", args.latency)
            with TelegramSender(settings, limits=RateLimits.off()) as sender:
                sender.send(Destination("telegram", "1"), DIGEST)
                few = list(range(6_000_001, 6_000_001 + args.latency_count // 10))
                start = time.perf_counter()
                for chat in few:
                    sender.send(Destination("telegram", str(chat)), DIGEST)
                slow_seq = len(few) / (time.perf_counter() - start)
                many = list(range(7_000_001, 7_000_001 + args.latency_count))
                start = time.perf_counter()
                results = sender.send_many(
                    [(Destination("telegram", str(c)), DIGEST) for c in many], concurrency=32
                )
                slow_batch_s = time.perf_counter() - start
            fake.delay("sendMessage", 0.0)
            ms = args.latency * 1000
            note = "the synchronous port pays each round trip"
            rows.append(
                [f"send() sequential, {ms:.0f} ms API latency", f"{len(few)}", "",
                 f"{slow_seq:.0f}", f"{slow_seq / base:.2f}", note]
            )  # fmt: skip
            ok = sum(r.outcome is Outcome.SENT for r in results)
            rate = ok / slow_batch_s
            rows.append(
                [f"send_many(concurrency=32), {ms:.0f} ms API latency", f"{ok}",
                 f"{slow_batch_s:.2f}", f"{rate:.0f}", f"{rate / base:.2f}",
                 f"{rate / slow_seq:.1f}x the sequential port at this latency"]
            )  # fmt: skip

        # 3. the outbox, limits off, 1% blocked.
        phase(f"3/5 outbox + run sender, limits off: {n:,} deliveries")
        db = Path(tmp) / "off.db"
        store = open_store(f"sqlite:///{db}")
        chats = list(range(3_000_001, 3_000_001 + n))
        blocked = set(chats[:: max(1, round(1 / args.blocked))]) if args.blocked else set()
        fake.block(blocked)
        _seed(store, chats)
        start = time.perf_counter()
        proc = _sender_process(_env(fake, db, "0"), "--once")
        proc.wait(timeout=3600)
        wall = time.perf_counter() - start
        stamps = _arrivals(fake, set(chats))
        span = stamps[-1] - stamps[0] if len(stamps) > 1 else wall
        dup, missing, still = _check(fake, store, chats, blocked)
        rows.append(
            [
                "outbox + run sender, limits off",
                f"{len(stamps)}",
                f"{span:.2f}",
                f"{len(stamps) / span:.0f}",
                f"{len(stamps) / span / base:.2f}",
                f"{len(blocked)} blocked: {len(blocked) - still} deactivated; "
                f"dup {dup}, missing {missing}; wall {wall:.1f}s",
            ]
        )
        store.close()

        # 4. the outbox with the default 30/s limit.
        phase(f"4/5 outbox at 30 messages/s: {args.limited:,} deliveries")
        if args.limited:
            db = Path(tmp) / "limited.db"
            store = open_store(f"sqlite:///{db}")
            chats = list(range(4_000_001, 4_000_001 + args.limited))
            _seed(store, chats)
            proc = _sender_process(_env(fake, db, None), "--once")
            proc.wait(timeout=3600)
            stamps = _arrivals(fake, set(chats))
            span = stamps[-1] - stamps[0]
            rate = (len(stamps) - 1) / span
            gaps = [b - a for a, b in itertools.pairwise(stamps)]
            dup, missing, _ = _check(fake, store, chats, set())
            rows.append(
                [
                    "outbox + run sender, 30/s limit",
                    f"{len(stamps)}",
                    f"{span:.2f}",
                    f"{rate:.2f}",
                    f"{rate / base:.3f}",
                    f"{rate / 30 - 1:+.1%} vs 30/s; max in any 1 s window "
                    f"{max_per_window(stamps)}; gap median {statistics.median(gaps) * 1000:.1f} "
                    f"ms, p99 {_pct(gaps, 0.99) * 1000:.1f} ms; dup {dup}, missing {missing}",
                ]
            )
            store.close()

        # 5. kill -9 mid-broadcast, then restart.
        phase(f"5/5 kill -9 of the sender mid-broadcast ({args.kills} times)")
        if args.crash:
            db = Path(tmp) / "crash.db"
            store = open_store(f"sqlite:///{db}")
            chats = list(range(5_000_001, 5_000_001 + args.crash))
            blocked = set(chats[:: max(1, round(1 / args.blocked))]) if args.blocked else set()
            fake.block(blocked)
            _seed(store, chats)
            fake.delay("sendMessage", args.crash_latency)
            env = _env(fake, db, "0")
            start = time.perf_counter()
            killed_at: list[int] = []

            def done_count() -> int:
                got = fake.delivered()
                return sum(1 for c in chats if got[c])

            for k in range(1, args.kills + 1):
                # Kill at k/(kills+1) of the broadcast, restart, repeat (the killed worker's
                # claims come back when its 2 s lease expires).
                proc = _sender_process(env, "--lease", "2", "--poll", "0.2")
                target = len(chats) * k // (args.kills + 1)
                fake.wait_for(lambda f, t=target: done_count() >= t, timeout=600)
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                killed_at.append(done_count())
            restart = _sender_process(env, "--lease", "2", "--poll", "0.2")
            while _pending(store):
                time.sleep(0.2)
            restart.send_signal(signal.SIGTERM)
            restart.wait(timeout=60)
            wall = time.perf_counter() - start
            fake.delay("sendMessage", 0.0)
            dup, missing, still = _check(fake, store, chats, blocked)
            rows.append(
                [
                    f"kill -9 x{args.kills} mid-broadcast + restart",
                    f"{done_count()}",
                    f"{wall:.2f}",
                    "",
                    "",
                    f"killed at {', '.join(map(str, killed_at))} of {len(chats)} chats; "
                    f"{len(blocked)} blocked: {len(blocked) - still} deactivated; "
                    f"dup {dup}, missing {missing}, "
                    f"unconfirmed {store.deliveries.counts().get('unconfirmed', 0)}",
                ]
            )
            store.close()
    return rows


def print_table(rows: list[list[str]]) -> None:
    head = ["run", "messages", "seconds", "deliveries/s", "vs baseline", "notes"]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--sequential", type=int, default=2_000, help="baseline sends")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.02, help="simulated API latency (s)")
    parser.add_argument(
        "--latency-count", type=int, default=2_000, help="batch sends at that latency (0: skip)"
    )
    parser.add_argument("--blocked", type=float, default=0.01, help="share of blocked chats")
    parser.add_argument("--limited", type=int, default=600, help="messages at 30/s (0: skip)")
    parser.add_argument("--crash", type=int, default=3_000, help="kill -9 run size (0: skip)")
    parser.add_argument("--kills", type=int, default=3, help="kill -9s during that run")
    parser.add_argument(
        "--crash-latency",
        type=float,
        default=0.05,
        help="simulated Bot API round trip (s) in the kill -9 run (a real one is 50-300 ms)",
    )
    args = parser.parse_args(argv)
    print_table(run(args))
    return 0


if __name__ == "__main__":
    from bench.progress import Progress

    with Progress("telegram fan-out"):
        raise SystemExit(main())

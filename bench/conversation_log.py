"""What logging questions costs: answer latency with and without the conversation log, and
memory while the log grows to 100k questions.

1. Latency: the same questions answered through the chat core (``Chat.handle``) by the real
   assistant over the shipped knowledge, alternately without a journal (the baseline,
   measured in the same run) and with one writing to the store; p50/p99 of each and the
   ratio. The issue's goal: logging adds at most 10% at p99.
2. Memory: 100k questions recorded through the journal in batches of 10k; Python's traced
   memory (tracemalloc, current and peak) and the process RSS after each batch should stay
   flat while the table grows.

Usage: python bench/conversation_log.py [--questions 600] [--rows 100000]
       [--database-url sqlite:///…|postgresql+psycopg://…]   (default: a temporary SQLite file)
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.assistant import Assistant  # noqa: E402
from bot.chat import Chat, Incoming  # noqa: E402
from bot.insights import percentile  # noqa: E402
from bot.journal import Journal  # noqa: E402
from bot.models import Answer  # noqa: E402
from bot.storage import open_store  # noqa: E402

QUESTIONS = (
    "what's the salary?", "is it remote?", "do you sponsor visas?", "how many interview rounds?",
    "what's the tech stack?", "is there a gym?", "can I bring my dog?", "do you offer equity?",
    "how much holiday do I get?", "is there a pension?", "can I work from Manchester?",
    "what is the learning budget?", "do you help with relocation?", "is there a take home test?",
    "what are the requirements?", "do I need a degree?", "who will I report to?",
    "is there a closing date?", "are hours flexible?", "what does the team build?",
)  # fmt: skip


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def latency(chat_plain: Chat, chat_logged: Chat, n: int) -> tuple[list[float], list[float]]:
    plain: list[float] = []
    logged: list[float] = []
    started = time.monotonic()
    for i in range(n):
        text = QUESTIONS[i % len(QUESTIONS)]
        for chat, out in (
            ((chat_plain, plain), (chat_logged, logged))
            if i % 2
            else ((chat_logged, logged), (chat_plain, plain))
        ):  # alternate the order so drift and caches hit both alike
            msg = Incoming(f"telegram:{i % 50}", f"telegram:{i % 50}", text)
            t0 = time.perf_counter()
            chat.handle(msg)
            out.append((time.perf_counter() - t0) * 1000)
        if time.monotonic() - started > 4 and i % 100 == 0:
            print(f"  … {i}/{n} questions", flush=True)
    return plain, logged


def memory(
    journal: Journal, rows: int, batch: int = 10_000
) -> list[tuple[int, float, float, float]]:
    answer = Answer(answered=False, text="The posting doesn't say; ask tech-hiring@x.test.",
                    intent="wellbeing", confidence=0.7, role="senior-backend")  # fmt: skip
    out = []
    tracemalloc.start()
    done = 0
    while done < rows:
        t0 = time.monotonic()
        for i in range(done, min(rows, done + batch)):
            user = f"telegram:{i % 5000}"
            journal.record(user, user, f"{QUESTIONS[i % len(QUESTIONS)]} #{i}", answer, 0.004)
        journal.flush(timeout=600)  # count only what is stored
        done = min(rows, done + batch)
        current, peak = tracemalloc.get_traced_memory()
        out.append((done, current / 1e6, peak / 1e6, _rss_mb()))
        print(f"  … {done} rows ({batch / (time.monotonic() - t0):,.0f}/s)", flush=True)
    tracemalloc.stop()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=600)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = open_store(url)
        journal = Journal(store, b"bench-key-0123456789abcdef")
        print(f"loading the assistant ({ROOT / 'knowledge'}) …", flush=True)
        assistant = Assistant.from_dir(ROOT / "knowledge")
        chat_plain = Chat(assistant)
        chat_logged = Chat(assistant, journal=journal)
        for text in QUESTIONS:  # warm up both paths (matcher, caches, connection pool)
            chat_plain.handle(Incoming("telegram:0", "telegram:0", text))
            chat_logged.handle(Incoming("telegram:0", "telegram:0", text))
        print(f"1. latency: {args.questions} questions each way on {store.db.engine.dialect.name}")
        plain, logged = latency(chat_plain, chat_logged, args.questions)
        print()
        print(f"{'path':<22}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
        for name, values in (("answer (baseline)", plain), ("answer + log", logged)):
            p50, p99 = percentile(values, 0.5) or 0.0, percentile(values, 0.99) or 0.0
            print(f"{name:<22}{p50:>10.3f}{p99:>10.3f}{statistics.fmean(values):>10.3f}")
        p99_ratio = (percentile(logged, 0.99) or 0) / (percentile(plain, 0.99) or 1)
        p50_ratio = (percentile(logged, 0.5) or 0) / (percentile(plain, 0.5) or 1)
        print(f"ratio logged/baseline: p50 {p50_ratio:.3f}, p99 {p99_ratio:.3f} (goal ≤ 1.10)")
        print()
        print(f"2. memory: {args.rows:,} questions recorded")
        table = memory(journal, args.rows)
        print()
        print(f"{'rows':>10}{'traced MB':>12}{'peak MB':>10}{'max RSS MB':>12}")
        for rows, current, peak, rss in table:
            print(f"{rows:>10,}{current:>12.2f}{peak:>10.2f}{rss:>12.1f}")
        journal.close()
        print(f"rows in the log: {store.questions.count():,} (dropped: {journal.writer.dropped})")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Knowledge build over the real corpus: time, per-posting latency, memory as it grows.

Builds every posting of ``../shared/corpus/remotewlb`` (6,672) into a temporary folder with
the same ``build_paths`` the CLI uses (a process pool), and as the baseline builds a sample of
the corpus in a single process in the same run. Prints total wall and CPU time, per-posting
median and p99, throughput ratio against the baseline, the rejection reasons, and the resident
memory of the builder (parent + workers) at 25 %, 50 % and 100 % of the corpus, to show it
stays flat as the corpus grows (postings are streamed, never accumulated).

Usage: python bench/build_corpus.py [--corpus DIR] [--workers N] [--baseline N]
Needs ../shared/corpus (exits with a message when it is absent). Target: ≤ 60 s on 2 cores.
Wall time depends on what else runs on the machine: the CPU time column does not.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge.build import BuildResult, BuildSummary, build_paths  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "remotewlb"


def _rss_kib(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS) of a process in KiB, from /proc (0, 0 when unavailable)."""
    try:
        fields = dict(
            line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        )
    except (OSError, ValueError):
        return 0, 0
    return int(fields.get("VmRSS", "0 kB").split()[0]), int(fields.get("VmHWM", "0 kB").split()[0])


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            out += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return out


def memory_mib() -> tuple[float, float]:
    """(total current RSS, largest single-process peak RSS) of this process and its workers."""
    pids = [os.getpid(), *_children(os.getpid())]
    stats = [_rss_kib(pid) for pid in pids]
    return sum(s[0] for s in stats) / 1024, max((s[1] for s in stats), default=0) / 1024


def cpu_seconds() -> float:
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def run(paths: list[Path], workers: int | None, checkpoints: bool) -> dict[str, object]:
    seconds: list[float] = []
    marks: dict[str, tuple[float, float, int]] = {}

    def on_result(result: BuildResult) -> None:
        seconds.append(result.seconds)

    def progress(summary: BuildSummary) -> None:
        if not checkpoints:
            return
        for label, share in (("25%", 0.25), ("50%", 0.5), ("100%", 1.0)):
            if label not in marks and summary.done >= share * summary.total:
                rss, peak = memory_mib()
                marks[label] = (rss, peak, summary.done)

    with tempfile.TemporaryDirectory(prefix="bench-kb-") as out:
        cpu0, t0 = cpu_seconds(), time.perf_counter()
        summary = build_paths(paths, out, workers=workers, on_result=on_result, progress=progress)
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    return {"summary": summary, "wall": wall, "cpu": cpu, "seconds": seconds, "marks": marks}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--workers", type=int, default=None, help="pool size (default: CPUs)")
    parser.add_argument("--baseline", type=int, default=300, help="postings in the baseline")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}: nothing to benchmark", file=sys.stderr)
        return 0
    sample = sorted(args.corpus.rglob("*.md"))[:: max(1, 6672 // max(1, args.baseline))]
    sample = sample[: args.baseline]
    print(f"corpus: {args.corpus}  cores: {os.cpu_count()}  load: {os.getloadavg()[0]:.1f}")
    base = run(sample, workers=1, checkpoints=False)
    full = run([args.corpus], workers=args.workers, checkpoints=True)

    rows = []
    for name, res in (("baseline: 1 process, sample", base), ("pool: whole corpus", full)):
        summary = res["summary"]
        assert isinstance(summary, BuildSummary)
        secs = res["seconds"]
        assert isinstance(secs, list)
        rows.append(
            (
                name,
                summary.total,
                summary.built,
                summary.rejected,
                float(res["wall"]),  # type: ignore[arg-type]
                float(res["cpu"]),  # type: ignore[arg-type]
                1000 * statistics.median(secs),
                1000 * pct(secs, 0.99),
                summary.total / float(res["wall"]),  # type: ignore[arg-type]
            )
        )
    header = (
        "run",
        "postings",
        "built",
        "rejected",
        "wall s",
        "cpu s",
        "median ms",
        "p99 ms",
        "/s",
    )
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        print(
            f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]:.1f} | {r[5]:.1f} | {r[6]:.2f} "
            f"| {r[7]:.2f} | {r[8]:.0f} |"
        )
    speedup = rows[1][8] / rows[0][8] if rows[0][8] else 0.0
    print(f"\nthroughput vs baseline: {speedup:.2f}x")
    print(
        f"cpu per posting: {1000 * rows[1][5] / max(1, rows[1][1]):.2f} ms "
        f"(2 idle cores would take ≈ {rows[1][5] / 2:.0f} s wall)"
    )

    marks = full["marks"]
    assert isinstance(marks, dict)
    print("\n| progress | postings done | RSS parent+workers MiB | peak single process MiB |")
    print("|---|---|---|---|")
    for label in ("25%", "50%", "100%"):
        if label in marks:
            rss, peak, done = marks[label]
            print(f"| {label} | {done} | {rss:.0f} | {peak:.0f} |")
    summary = full["summary"]
    assert isinstance(summary, BuildSummary)
    print("\nrejections by reason:")
    for reason, count in sorted(summary.reasons.items(), key=lambda kv: -kv[1]):
        print(f"  {count:5d}  {reason}")
    return 0


if __name__ == "__main__":
    from bench.progress import Progress

    with Progress("corpus build"):
        raise SystemExit(main())

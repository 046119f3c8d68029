"""Start-up and ``ask`` latency with 1, 1,000 and 10,000 roles in the knowledge folder.

Roles come from the corpus when ``../shared/corpus`` is present (a sample of its postings is
built once into ``bench/results/corpus-kb`` with the same builder as ``kb build``, then copied
under new slugs up to 10,000 files: real titles, companies and file sizes), otherwise they are
synthetic (the shipped role under 10,000 titles, companies and offices). For each size, in
fresh processes (median of ``--runs``):

- **index build**: the first start, which compiles ``.roles-index.json`` (once per folder);
- **start-up**: interpreter start to a ready ``Assistant`` (index read, roles not parsed);
- **cold ask**: ``python -m bot ask --knowledge DIR "<question naming one role>"``, end to end;
- **RSS**: peak resident memory of the ``ask`` process;

and in one process: **role choice** (``RoleIndex.named`` on questions naming a random role,
p50/p99) and a warm ``Assistant.ask`` with a role named. The last column is the ratio
10,000 / 1 (goal: ≤ 1.5× for cold ``ask``, start-up ≤ 1 s more, role choice p99 ≤ 2 ms).

Usage: python bench/knowledge_scale.py [--runs 5] [--sizes 1,1000,10000] [--synthetic]
       [--corpus-postings 400]
Usual run time: 2-4 minutes on 2 cores (writing 10,000 files and building the first index
of each folder dominate; the corpus sample is built once and reused).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "remotewlb"
RESULTS = ROOT / "bench" / "results"
SEED = ROOT / "knowledge" / "senior-backend-engineer-80530.yaml"

PROBE = """
import json, resource, sys, time
t0 = time.perf_counter()
from bot.assistant import Assistant
from bot.models import Question
from pathlib import Path
a = Assistant.from_dir(Path(sys.argv[1]), cache_dir=Path(sys.argv[2]))
t1 = time.perf_counter()
c1 = time.process_time()  # CPU since the interpreter started: unaffected by machine load
a.ask(Question(sys.argv[3], conversation="probe"))
t2 = time.perf_counter()
print(json.dumps({"start": t1 - t0, "ask": t2 - t1, "cpu": c1,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def say(text: str) -> None:
    """A progress line (and the phase the progress ticker repeats while it lasts)."""
    from bench.progress import phase

    print(text, file=sys.stderr, flush=True)
    phase(text.strip(" .…"))


def _role_texts(synthetic: bool, postings: int) -> tuple[list[str], str]:
    """Role file texts to copy from, and where they came from."""
    if not synthetic and CORPUS.is_dir():
        built = RESULTS / "corpus-kb"
        files = sorted(built.glob("*.yaml")) if built.is_dir() else []
        if len(files) < postings:
            say(f"building {postings} corpus postings into {built} (once; reused later) …")
            from bot.knowledge.build import build_paths

            sources = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".md", ".txt"))
            random.Random(7).shuffle(sources)
            built.mkdir(parents=True, exist_ok=True)
            last = [time.monotonic()]

            def progress(summary: object) -> None:
                if time.monotonic() - last[0] > 3:
                    last[0] = time.monotonic()
                    say(f"  built {getattr(summary, 'done', 0)}/{postings}")

            build_paths(sources[:postings], built, progress=progress)
            files = sorted(built.glob("*.yaml"))
        return [p.read_text(encoding="utf-8") for p in files], f"corpus ({len(files)} built)"
    say("../shared/corpus is absent (or --synthetic): synthetic roles from the shipped one")
    return [SEED.read_text(encoding="utf-8")], "synthetic"


_SLUG = re.compile(r"^(    slug: )(.+)$", re.M)
_TITLE = re.compile(r"^(    title: )(.+)$", re.M)
_COMPANY = re.compile(r"^(    company: )(.+)$", re.M)
LEVELS = ("Junior", "Senior", "Staff", "Principal", "Lead")
AREAS = ("Backend", "Frontend", "Data", "Platform", "Mobile", "Security", "ML", "QA", "Golang")
CITIES = ("London", "Berlin", "Lisbon", "Austin", "Toronto", "Madrid")


def populate(folder: Path, n: int, texts: list[str], synthetic: bool) -> list[tuple[str, str]]:
    """Write ``n`` role files; return (title, company) of each."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "knowledge" / "intents.yaml", folder / "intents.yaml")
    named: list[tuple[str, str]] = []
    last = time.monotonic()
    for i in range(n):
        text = texts[i % len(texts)]
        slug = _SLUG.search(text)
        assert slug is not None
        new_slug = f"{slug.group(2)}-{i}" if i >= len(texts) or synthetic else slug.group(2)
        text = _SLUG.sub(lambda m, s=new_slug: m.group(1) + s, text, count=1)
        if synthetic and i > 0:
            title = f"{LEVELS[i % 5]} {AREAS[i % 9]} Engineer {i}"
            company = f"Company{i % 997} {CITIES[i % 6]}"
            text = _TITLE.sub(lambda m, t=title: m.group(1) + t, text, count=1)
            text = _COMPANY.sub(lambda m, c=company: m.group(1) + c, text, count=1)
        title_m, company_m = _TITLE.search(text), _COMPANY.search(text)
        named.append(
            (
                title_m.group(2).strip("'\"") if title_m else "",
                company_m.group(2).strip("'\"") if company_m else "",
            )
        )
        (folder / f"{new_slug}.yaml").write_text(text, encoding="utf-8")
        if time.monotonic() - last > 3:
            last = time.monotonic()
            say(f"  wrote {i + 1}/{n} role files")
    return named


def probe(folder: Path, cache: Path, question: str) -> dict[str, float]:
    env = {**os.environ, "BOT_CACHE_DIR": str(cache)}
    proc = subprocess.run(  # noqa: S603 - this interpreter with a fixed script
        [sys.executable, "-c", PROBE, str(folder), str(cache), question],
        capture_output=True, text=True, cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    data: dict[str, float] = json.loads(proc.stdout)
    return data


def cold_ask(folder: Path, cache: Path, question: str) -> float:
    env = {**os.environ, "BOT_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - this interpreter with fixed arguments
        [sys.executable, "-m", "bot", "ask", "--knowledge", str(folder), question],
        capture_output=True, text=True, cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    return time.perf_counter() - start


def in_process(folder: Path, cache: Path, named: list[tuple[str, str]]) -> dict[str, float]:
    from bot.assistant import Assistant
    from bot.models import Question

    assistant = Assistant.from_dir(folder, cache_dir=cache)
    rng = random.Random(1)
    questions = [
        f"what's the salary for the {t} role at {c}?"
        for t, c in (named[rng.randrange(len(named))] for _ in range(300))
    ]
    times, cpu = [], []
    for q in questions * 2:
        start, start_cpu = time.perf_counter(), time.thread_time()
        assistant.index.named(q)
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    times = sorted(times[len(questions) :])
    cpu = sorted(cpu[len(questions) :])
    asks = []
    for i, q in enumerate(questions[:100]):
        start = time.perf_counter()
        assistant.ask(Question(q, conversation=f"c{i}"))
        asks.append(time.perf_counter() - start)
    asks.sort()
    return {
        "named_p50": times[len(times) // 2] * 1000,
        "named_p99": times[int(len(times) * 0.99)] * 1000,
        "named_cpu_p99": cpu[int(len(cpu) * 0.99)] * 1000,
        "ask_p50": asks[len(asks) // 2] * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1,1000,10000")
    parser.add_argument("--synthetic", action="store_true", help="ignore ../shared/corpus")
    parser.add_argument("--corpus-postings", type=int, default=400, metavar="N")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    say(f"knowledge scale: sizes {sizes}, {args.runs} runs each")
    texts, origin = _role_texts(args.synthetic, args.corpus_postings)
    synthetic = origin == "synthetic"
    rows: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="kb-scale-") as tmp:
        cache = Path(tmp) / "cache"
        for n in sizes:
            folder = Path(tmp) / f"kb-{n}"
            say(f"{n:,} roles: writing files …")
            named = populate(folder, n, texts, synthetic)
            title, company = named[-1]
            question = f"what's the salary for the {title} role at {company}?"
            say(f"{n:,} roles: first start (builds the index) …")
            first = probe(folder, cache, question)
            starts, asks, rss, cpus = [], [], [], []
            for r in range(args.runs):
                say(f"{n:,} roles: run {r + 1}/{args.runs}")
                p = probe(folder, cache, question)
                starts.append(p["start"])
                cpus.append(p["cpu"])
                rss.append(p["rss"])
                asks.append(cold_ask(folder, cache, question))
            inner = in_process(folder, cache, named)
            rows[n] = {
                "index": first["start"],
                "start": statistics.median(starts),
                "start_cpu": statistics.median(cpus),
                "cold_ask": statistics.median(asks),
                "rss": statistics.median(rss),
                **inner,
            }
            shutil.rmtree(folder)
    print(f"\nroles from: {origin}; medians of {args.runs} fresh processes\n")
    cols = [f"{n:,} roles" for n in sizes]
    base, top = sizes[0], sizes[-1]
    print("| measure | " + " | ".join(cols) + f" | {top:,} / {base} |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for key, name, unit in (
        ("index", "first start (builds index), s", 2),
        ("start", "start-up (Assistant ready), s", 3),
        ("start_cpu", "start-up CPU time (load-independent), s", 3),
        ("cold_ask", "cold `ask` (whole process), s", 3),
        ("rss", "peak RSS of start + ask, MiB", 1),
        ("named_p50", "role choice by name p50, ms", 3),
        ("named_p99", "role choice by name p99, ms", 3),
        ("named_cpu_p99", "role choice by name p99 CPU time, ms", 3),
        ("ask_p50", "warm ask naming a role p50, ms", 2),
    ):
        values = [rows[n][key] for n in sizes]
        if key.startswith("named") and sizes[0] == 1:  # one role: nothing to choose
            values[0] = 0.0
        ratio = f"{values[-1] / values[0]:.2f}×" if values[0] else "–"
        cells = " | ".join(f"{v:.{unit}f}" if v else "–" for v in values)
        print(f"| {name} | {cells} | {ratio} |")
    extra = rows[top]["start"] - rows[base]["start"]
    extra_cpu = rows[top]["start_cpu"] - rows[base]["start_cpu"]
    print(
        f"\nstart-up cost of {top:,} roles over {base}: {extra:+.3f} s wall, "
        f"{extra_cpu:+.3f} s CPU (goal ≤ 1 s)"
    )
    return 0


if __name__ == "__main__":
    from bench.progress import Progress

    with Progress("knowledge scale"):
        raise SystemExit(main())

"""Languages benchmark: how well questions in other languages are understood, and what it costs.

For each question set (``topics: {topic: {en: …, es: …, …}}``), a question in another language
is *understood* when ``Assistant.ask`` gives it the same outcome as its English twin (answered
or not, and the same intents) and the reply ends with the "(answered in English)" note in that
language; *detected* counts ``Languages.read`` naming the right language. Latency compares, in
the same run, ``Languages.read`` and whole answers for the English twins (the baseline) and the
other languages; start-up runs ``python -m bot ask`` in a fresh interpreter (model cache warm).

Usage: python bench/languages.py [--rounds N] [--no-cold] [SET.yaml ...]
Default sets: tests/fixtures/languages/questions.yaml (written with the lexicon) and the held-out
sets bench/data/languages_heldout*.yaml (written after it). Needs no ../shared.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.assistant import Assistant  # noqa: E402
from bot.matching.cache import default_cache_dir  # noqa: E402
from bot.models import Answer, Question  # noqa: E402

SETS = [
    ROOT / "tests" / "fixtures" / "languages" / "questions.yaml",
    *sorted((ROOT / "bench" / "data").glob("languages_heldout*.yaml")),
]
COLD = {"en": "What is the salary?", "it": "Qual è lo stipendio?", "uk": "Яка зарплата?"}


def load_set(path: Path) -> dict[str, dict[str, str]]:
    """The topics of a question set: {topic: {language: question}}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(t): {str(k): str(v) for k, v in qs.items()} for t, qs in data["topics"].items()}


def outcome(answer: Answer) -> tuple[bool, tuple[str, ...]]:
    return answer.answered, answer.intents or ((answer.intent,) if answer.intent else ())


def score(
    bot: Assistant, topics: dict[str, dict[str, str]]
) -> tuple[Counter[str], Counter[str], Counter[str], list[str]]:
    """(understood, detected, asked) per language, and a line per miss."""
    understood: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    misses: list[str] = []
    for topic, questions in topics.items():
        english = outcome(bot.ask(Question(questions["en"], conversation="bench-en")))
        for code, text in questions.items():
            if code == "en":
                continue
            note = bot.languages.lexicons[code].note
            answer = bot.ask(Question(text, conversation="bench"))
            ok = outcome(answer) == english and answer.text.endswith(note)
            got = bot.languages.read(text).language
            asked[code] += 1
            understood[code] += ok
            detected[code] += got == code
            if not ok or got != code:
                misses.append(
                    f"  {code} {topic}: {text!r} read as {got}: {outcome(answer)} "
                    f"(English: {english})"
                )
    return understood, detected, asked, misses


def latency(fn: Callable[[str], object], texts: Sequence[str], rounds: int) -> tuple[float, float]:
    """(median ms, p99 ms) per call over ``rounds`` passes, after one warm-up pass."""
    for t in texts:
        fn(t)
    samples = []
    for _ in range(rounds):
        for t in texts:
            t0 = time.perf_counter_ns()
            fn(t)
            samples.append(time.perf_counter_ns() - t0)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.median(samples) / 1e6, p99 / 1e6


def cold_ask(text: str, runs: int = 5) -> float:
    """Median seconds of ``python -m bot ask TEXT`` in a fresh interpreter."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bot", "ask", text],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=SETS)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--no-cold", action="store_true", help="skip the fresh-process timing")
    args = parser.parse_args(argv)
    print("loading the shipped knowledge…", file=sys.stderr, flush=True)
    bot = Assistant.from_dir(ROOT / "knowledge", cache_dir=default_cache_dir())
    codes = [c for c in bot.languages.lexicons if c != "en"]
    english: list[str] = []
    foreign: list[str] = []
    print("\nunderstood (same answer as the English twin, with the note) / detected language")
    print(f"{'set':<24}" + "".join(f"{c:>8}" for c in codes) + f"{'total':>10}")
    for path in args.sets:
        topics = load_set(path)
        english += [qs["en"] for qs in topics.values()]
        foreign += [t for qs in topics.values() for c, t in qs.items() if c != "en"]
        understood, detected, asked, misses = score(bot, topics)
        for name, counts in (("understood", understood), ("detected", detected)):
            cells = "".join(f"{counts[c]:>5}/{asked[c]:<2}" for c in codes)
            total = f"{sum(counts.values())}/{sum(asked.values())}"
            label = "fixture" if path.stem == "questions" else path.stem.replace("languages_", "")
            print(f"{label + ' ' + name:<24}{cells}{total:>10}")
        for line in misses:
            print(line, file=sys.stderr)
    print(f"\nlatency over {args.rounds} rounds (ms; baseline: the English twins)")
    print(f"{'what':<34}{'median':>10}{'p99':>10}{'× en':>8}")
    rows = [
        ("read, English", bot.languages.read, english),
        ("read, other languages", bot.languages.read, foreign),
        ("ask, English", lambda t: bot.ask(Question(t, conversation="lat")), english),
        ("ask, other languages", lambda t: bot.ask(Question(t, conversation="lat")), foreign),
    ]
    base: dict[str, float] = {}
    for name, fn, texts in rows:
        med, p99 = latency(fn, texts, args.rounds)
        kind = name.split(",")[0]
        base.setdefault(kind, med)
        print(f"{name:<34}{med:>10.3f}{p99:>10.3f}{med / base[kind]:>8.2f}")
    if not args.no_cold:
        print("\ncold `python -m bot ask` (fresh interpreter, model cache warm; median of 5)")
        cold_ask(COLD["en"], runs=1)  # fills the model cache
        en = cold_ask(COLD["en"])
        for code, text in COLD.items():
            secs = en if code == "en" else cold_ask(text)
            print(f"  {code} {text!r:<28}{secs:>8.2f} s{secs / en:>7.2f} × en")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

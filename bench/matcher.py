"""Matcher benchmark: accuracy on the dev questions, latency, throughput, start-up and scaling.

Runs, in one process and over the same catalogue examples, our ``bot.matching.Matcher`` and two
naive baselines — ``rapidfuzz.process.extractOne(scorer=WRatio)`` and
``difflib.get_close_matches`` — and prints a table: dev-set intent accuracy (hand labels in
``bench/data/dev_intents.yaml``), per-question latency (median, p99), batch throughput on one
core, start-up, and how latency grows with a 10× catalogue. Baselines get the best score
cut-off for them on the dev set (generous to them); ours uses its shipped gate. difflib is
timed over fewer rounds (a tenth; a 20-question sample at 10×): it is that slow.

Usage: python bench/matcher.py [--catalogue PATH] [--rounds N] [--no-scaling]
Needs ../shared/eval/dev_questions.yaml (skips with a message when it is absent).
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.matching import Catalogue, Intent, Matcher, load_catalogue  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev_questions.yaml"
LABELS = Path(__file__).resolve().parent / "data" / "dev_intents.yaml"


@dataclass(frozen=True)
class Question:
    text: str
    cat: str
    answers: tuple[frozenset[str], ...]  # acceptable sets of job intents


def load_dev(path: Path = DEV, labels: Path = LABELS) -> list[Question]:
    """Dev questions with their hand-labelled acceptable intent sets."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    table = yaml.safe_load(labels.read_text(encoding="utf-8"))["labels"]
    out = []
    for item in items:
        label = table.get(item["q"])
        if label is None:
            print(f"note: no label for {item['q']!r}; skipped", file=sys.stderr)
            continue
        alts = tuple(
            frozenset() if alt.strip() == "none" else frozenset(alt.strip().split("+"))
            for alt in str(label).split("|")
        )
        out.append(Question(item["q"], item["cat"], alts))
    return out


# -- the three engines ---------------------------------------------------------------------


def examples_of(catalogue: Catalogue) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for intent in catalogue.intents:
        for text in intent.examples:
            texts.append(text)
            labels.append(intent.id)
    return texts, labels


class WRatioBaseline:
    """Nearest example by rapidfuzz WRatio (the naive matcher), with a score cut-off."""

    name = "rapidfuzz WRatio"

    def __init__(self, catalogue: Catalogue, cutoff: float = 0.0) -> None:
        self.examples, self.labels = examples_of(catalogue)
        self.cutoff = cutoff

    def best(self, text: str) -> tuple[str | None, float]:
        hit = process.extractOne(
            text, self.examples, scorer=fuzz.WRatio, processor=utils.default_process
        )
        return (self.labels[hit[2]], hit[1] / 100) if hit else (None, 0.0)

    def match(self, text: str) -> tuple[str, ...]:
        intent, score = self.best(text)
        return (intent,) if intent and score >= self.cutoff else ()


class DifflibBaseline:
    """Nearest example by difflib's ``get_close_matches`` (ratio of matching blocks)."""

    name = "difflib"

    def __init__(self, catalogue: Catalogue, cutoff: float = 0.6) -> None:
        examples, labels = examples_of(catalogue)
        self.by_text = {e.lower(): label for e, label in zip(examples, labels, strict=True)}
        self.examples = list(self.by_text)
        self.cutoff = cutoff

    def best(self, text: str) -> tuple[str | None, float]:
        hits = difflib.get_close_matches(text.lower(), self.examples, n=1, cutoff=0.0)
        if not hits:
            return None, 0.0
        ratio = difflib.SequenceMatcher(None, text.lower(), hits[0]).ratio()
        return self.by_text[hits[0]], ratio

    def match(self, text: str) -> tuple[str, ...]:
        hits = difflib.get_close_matches(text.lower(), self.examples, n=1, cutoff=self.cutoff)
        return (self.by_text[hits[0]],) if hits else ()


# -- measuring -----------------------------------------------------------------------------


def job_set(intents: Sequence[str], catalogue: Catalogue) -> frozenset[str]:
    kinds = {i.id: i.kind for i in catalogue.intents}
    return frozenset(i for i in intents if kinds.get(i) == "job")


def accuracy(
    match: Callable[[str], Sequence[str]], questions: Sequence[Question], catalogue: Catalogue
) -> tuple[float, float, float, list[str]]:
    """(all, in-scope job questions, declines) accuracy and the failures."""
    right = {True: 0, False: 0}
    total = {True: 0, False: 0}
    failures = []
    for q in questions:
        got = job_set(match(q.text), catalogue)
        job = all(a for a in q.answers)
        total[job] += 1
        if got in q.answers:
            right[job] += 1
        else:
            failures.append(f"{q.cat:12} {q.text!r}: got {sorted(got) or 'none'}")
    return (
        (right[True] + right[False]) / max(1, len(questions)),
        right[True] / max(1, total[True]),
        right[False] / max(1, total[False]),
        failures,
    )


def best_cutoff(
    engine: WRatioBaseline | DifflibBaseline, questions: Sequence[Question], catalogue: Catalogue
) -> float:
    """The score cut-off that maximises the baseline's dev accuracy (generous to it)."""
    scored = [(engine.best(q.text), q) for q in questions]
    best = (-1, 0.0)
    for cut in [x / 100 for x in range(0, 101, 2)]:
        ok = sum(
            job_set((i,) if i and s >= cut else (), catalogue) in q.answers for (i, s), q in scored
        )
        best = max(best, (ok, cut))
    return best[1]


def latency(
    match: Callable[[str], object], texts: Sequence[str], rounds: int
) -> tuple[float, float, float]:
    """(median ms, p99 ms, questions per second) over ``rounds`` passes of ``texts``."""
    for t in texts:  # warm caches (typo corrections, char n-grams) as a running bot would be
        match(t)
    samples = []
    start = time.perf_counter()
    for _ in range(rounds):
        for t in texts:
            t0 = time.perf_counter_ns()
            match(t)
            samples.append(time.perf_counter_ns() - t0)
    elapsed = time.perf_counter() - start
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.median(samples) / 1e6, p99 / 1e6, len(samples) / elapsed


def throughput(
    match_many: Callable[[Sequence[str]], object], texts: Sequence[str], rounds: int
) -> float:
    batch = list(texts) * rounds
    start = time.perf_counter()
    match_many(batch)
    return len(batch) / (time.perf_counter() - start)


def cold_start(catalogue_path: Path, cache_dir: Path | None) -> float:
    """Seconds for a fresh interpreter to import the matcher, load the catalogue, fit (or load
    the cached model from ``cache_dir``) and match one question; median of 3."""
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from bot.matching import load_catalogue, Matcher\n"
        f"Matcher(load_catalogue({str(catalogue_path)!r})).match('salary?')\n"
    )
    env = {**os.environ, "BOT_CACHE_DIR": str(cache_dir) if cache_dir else "off"}
    if cache_dir is not None:  # populate it first
        subprocess.run([sys.executable, "-c", code], check=True, env=env)  # noqa: S603
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)  # noqa: S603
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def grow(catalogue: Catalogue, factor: int, seed: int = 7) -> Catalogue:
    """A catalogue ``factor`` times larger: each intent plus perturbed clones of it.

    A clone gets its own made-up topic word in every example and one word dropped or
    swapped, so clones are distinct, learnable classes rather than exact duplicates.
    """
    rng = random.Random(seed)
    intents: list[Intent] = list(catalogue.intents)
    for k in range(1, factor):
        for intent in catalogue.intents:
            topic = "".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(3))
            examples = []
            for ex in intent.examples:
                words = ex.split()
                if len(words) > 2:
                    i = rng.randrange(len(words))
                    if rng.random() < 0.5:
                        del words[i]
                    else:
                        j = rng.randrange(len(words))
                        words[i], words[j] = words[j], words[i]
                words.insert(rng.randrange(len(words) + 1), topic)
                examples.append(" ".join(words))
            intents.append(
                replace(intent, id=f"{intent.id}_x{k}", examples=tuple(examples), keywords=(topic,))
            )
    return replace(catalogue, intents=tuple(intents), digest="")


# -- report --------------------------------------------------------------------------------


def row(cells: Sequence[object], widths: Sequence[int]) -> str:
    return "  ".join(
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=ROOT / "knowledge" / "intents.yaml")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument("--failures", action="store_true", help="list our dev failures")
    args = parser.parse_args(argv)
    if not DEV.exists():
        print(f"skipped: {DEV} is absent (the dev questions live in ../shared)")
        return 0
    catalogue = load_catalogue(args.catalogue)
    questions = load_dev()
    texts = [q.text for q in questions]

    t0 = time.perf_counter()
    ours = Matcher(catalogue, cache_dir=None)
    fit_s = time.perf_counter() - t0
    wratio = WRatioBaseline(catalogue)
    wratio.cutoff = best_cutoff(wratio, questions, catalogue)
    dl = DifflibBaseline(catalogue)
    dl.cutoff = best_cutoff(dl, questions, catalogue)

    engines: list[tuple[str, Callable[[str], Sequence[str]], Callable[[Sequence[str]], object]]] = [
        ("ours (TF-IDF linear + gate)", lambda t: ours.match(t).accepted, ours.match_many),
        (
            f"rapidfuzz WRatio (cut {wratio.cutoff:.2f})",
            wratio.match,
            lambda b: [wratio.match(t) for t in b],
        ),
        (f"difflib (cut {dl.cutoff:.2f})", dl.match, lambda b: [dl.match(t) for t in b]),
    ]
    n_ex = sum(len(i.examples) for i in catalogue.intents)
    print(
        f"catalogue: {len(catalogue.intents)} intents, {n_ex} examples; "
        f"dev: {len(questions)} questions; {args.rounds} rounds\n"
    )
    widths = [34, 8, 8, 8, 10, 10, 10, 8]
    print(
        row(
            [
                "engine",
                "dev acc",
                "job acc",
                "decline",
                "median ms",
                "p99 ms",
                "batch q/s",
                "×ours",
            ],
            widths,
        )
    )
    base_median = None
    our_failures: list[str] = []
    for name, match, many in engines:
        acc, job, decl, failures = accuracy(match, questions, catalogue)
        rounds = args.rounds if not name.startswith("difflib") else max(1, args.rounds // 10)
        median, p99, _ = latency(match, texts, rounds)
        qps = throughput(many, texts, rounds)
        base_median = base_median or median
        print(
            row(
                [
                    name,
                    f"{acc:.1%}",
                    f"{job:.1%}",
                    f"{decl:.1%}",
                    f"{median:.3f}",
                    f"{p99:.3f}",
                    f"{qps:,.0f}",
                    f"{median / base_median:.1f}",
                ],
                widths,
            )
        )
        if not our_failures and name.startswith("ours"):
            our_failures = failures
    with tempfile.TemporaryDirectory() as tmp:
        cold = cold_start(args.catalogue, None)
        warm = cold_start(args.catalogue, Path(tmp))
    print(
        f"\nstart-up: fit {fit_s * 1000:.0f} ms in process; fresh interpreter, import + load + "
        f"fit + match: {cold * 1000:.0f} ms without the model cache, {warm * 1000:.0f} ms with it "
        "(medians of 3)"
    )
    if args.failures:
        print("\nour dev failures:\n  " + "\n  ".join(our_failures or ["(none)"]))

    if not args.no_scaling:
        big = grow(catalogue, 10)
        t0 = time.perf_counter()
        big_ours = Matcher(big, cache_dir=None)
        big_fit = time.perf_counter() - t0
        big_w = WRatioBaseline(big, wratio.cutoff)
        big_d = DifflibBaseline(big, dl.cutoff)
        print(
            f"\nscaling: catalogue ×10 ({len(big.intents)} intents, "
            f"{sum(len(i.examples) for i in big.intents)} examples); fit {big_fit * 1000:.0f} ms"
        )
        widths2 = [34, 14, 14, 14, 10]
        print(row(["engine", "median ms ×1", "median ms ×10", "p99 ms ×10", "growth"], widths2))
        small = {"ours": ours.match, "w": wratio.match, "d": dl.match}
        for key, name, fn in (
            ("ours", "ours", big_ours.match),
            ("w", "rapidfuzz WRatio", big_w.match),
            ("d", "difflib", big_d.match),
        ):
            # difflib is slow enough that a sample says all there is to say
            sample, rounds = (texts[:20], 1) if key == "d" else (texts, max(2, args.rounds // 4))
            m1, _, _ = latency(small[key], sample, rounds)
            m10, p10, _ = latency(fn, sample, rounds)
            print(row([name, f"{m1:.3f}", f"{m10:.3f}", f"{p10:.3f}", f"{m10 / m1:.1f}×"], widths2))
    roles_table(ours, texts, args.rounds)
    return 0


def roles_table(matcher: Matcher, texts: Sequence[str], rounds: int) -> None:
    """Whole answers (``Assistant.ask``: matching, role choice, composition) with the shipped
    role alone and with 1,000 roles loaded (the shipped one under 1,000 different titles)."""
    from bot.assistant import Assistant
    from bot.knowledge.store import load_roles
    from bot.models import Question

    [seed] = load_roles(ROOT / "knowledge")
    titles = ("Backend", "Frontend", "Data", "Platform", "Mobile", "Security", "ML", "QA")
    levels = ("Junior", "Senior", "Staff", "Principal", "Lead")
    many = [seed] + [
        seed.model_copy(
            update={
                "identity": seed.identity.model_copy(
                    update={
                        "slug": f"role-{i}",
                        "title": f"{levels[i % 5]} {titles[i % 8]} Engineer {i}",
                        "company": f"Company {i % 97}",
                    }
                )
            }
        )
        for i in range(1, 1000)
    ]
    named = [
        f"salary for the {levels[i % 5].lower()} {titles[i % 8].lower()} role {i}?"
        for i in range(1, 200)
    ]
    print("\nroles: Assistant.ask end to end (in a conversation that chose the shipped role)")
    widths = [34, 12, 10, 10, 8]
    print(row(["setup", "median ms", "p99 ms", "q/s", "× 1 role"], widths))
    base = 0.0
    for name, roles, sample in (
        ("1 role", [seed], texts),
        ("1,000 roles", many, texts),
        ("1,000 roles, question names one", many, named),
    ):
        assistant = Assistant(roles, matcher.catalogue, matcher)
        assistant.conversations.set_role("bench", seed.slug)
        med, p99, qps = latency(lambda t, a=assistant: a.ask(Question(t, "bench")), sample, rounds)
        base = base or med
        print(row([name, f"{med:.3f}", f"{p99:.3f}", f"{qps:,.0f}", f"{med / base:.2f}"], widths))


if __name__ == "__main__":
    from bench.progress import Progress

    with Progress("matcher"):
        raise SystemExit(main())

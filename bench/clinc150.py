"""Our matching engine on public intent benchmarks: CLINC150 (with out-of-scope) and BANKING77.

Builds a catalogue from each benchmark's training split (one intent per label, its training
sentences as examples, no keywords or synonyms) and runs the very same ``bot.matching.Matcher``
the bot uses. CLINC150 protocol (Larson et al., 2019): train on in-scope data only, choose the
rejection threshold on ``val`` + ``oos_val`` (maximising accuracy over both, out-of-scope counted
as one class), report in-scope accuracy on ``test`` (a rejected in-scope query is wrong) and
out-of-scope recall on ``oos_test``. Published numbers are printed beside ours.

Rows: "ours" is the shipped configuration (``ModelParams()``: ridge); ``--logistic-steps N``
adds a row with the same engine fitted as multinomial logistic regression: N bound steps from
the ridge solution (``--solver bound``) or at most N L-BFGS iterations (``--solver lbfgs``),
with ``--alpha`` (default 0.2, i.e. scikit-learn's C=10) and ``--temperature``. Each row prints
the ``ModelParams`` it used.

Usage: python bench/clinc150.py [--shots 10,0] [--no-banking] [--logistic-steps N]
       [--solver bound|lbfgs] [--alpha A] [--temperature T] [--no-ridge]
(shots: examples per intent, 0 = the full training data)
Needs ../shared/bench (skips with a message when it is absent). Fitting on the full CLINC150
training set (15,000 sentences) takes a minute or two.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.matching import Catalogue, Intent, Matcher, ModelParams  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
CLINC = BENCH / "clinc150_full.json"
PUBLISHED_CLINC = [  # full data, threshold protocol: (in-scope accuracy, OOS recall), %
    ("BERT", 96.2, 52.3),
    ("MLP on USE", 93.4, 49.1),
    ("Rasa", 90.9, 31.2),
    ("DialogFlow", 90.8, 26.7),
    ("SVM", 88.2, 18.0),
]
PUBLISHED_BANKING = [
    ("BERT fine-tuned", 93.7, 83.4),
    ("USE+ConveRT", 93.4, 85.2),
    ("SBERT 1-NN", None, 85.4),
]


def catalogue_from(pairs: Sequence[Sequence[str]], shots: int) -> Catalogue:
    """One job intent per label with (the first ``shots``, or all) training sentences."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for text, label in pairs:
        if shots == 0 or len(by_label[label]) < shots:
            by_label[label].append(text)
    intents = tuple(
        Intent(id=label, kind="job", label=label, examples=tuple(texts))
        for label, texts in sorted(by_label.items())
    )
    return Catalogue(intents=intents, synonyms={})


def top(
    matcher: Matcher, texts: Sequence[str]
) -> tuple[list[str | None], list[float], list[float]]:
    """Best intent, its score and the seconds taken, per text."""
    labels: list[str | None] = []
    scores: list[float] = []
    seconds: list[float] = []
    for text in texts:
        t0 = time.perf_counter()
        ranked = matcher.rank(text)
        seconds.append(time.perf_counter() - t0)
        labels.append(ranked[0].intent if ranked else None)
        scores.append(ranked[0].score if ranked else 0.0)
    return labels, scores, seconds


def choose_threshold(
    in_pred: Sequence[str | None],
    in_score: Sequence[float],
    gold: Sequence[str],
    oos_score: Sequence[float],
) -> float:
    """The threshold that maximises accuracy over in-scope and out-of-scope validation data."""
    best = (-1, 0.0)
    for th in sorted(set(in_score) | set(oos_score)):
        right = sum(p == g and s >= th for p, s, g in zip(in_pred, in_score, gold, strict=True))
        right += sum(s < th for s in oos_score)
        if right > best[0]:
            best = (right, th)
    return best[1]


def run_clinc(
    shots: int, model: ModelParams | None = None
) -> tuple[float, float, float, float, float, float, int]:
    data = json.loads(CLINC.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    matcher = Matcher(catalogue_from(data["train"], shots), model=model, cache_dir=None)
    fit = time.perf_counter() - t0
    val_pred, val_score, _ = top(matcher, [t for t, _ in data["val"]])
    _, oos_val_score, _ = top(matcher, [t for t, _ in data["oos_val"]])
    th = choose_threshold(val_pred, val_score, [g for _, g in data["val"]], oos_val_score)
    pred, score, secs = top(matcher, [t for t, _ in data["test"]])
    _, oos_score, oos_secs = top(matcher, [t for t, _ in data["oos_test"]])
    gold = [g for _, g in data["test"]]
    in_acc = statistics.mean(p == g and s >= th for p, s, g in zip(pred, score, gold, strict=True))
    top1 = statistics.mean(p == g for p, g in zip(pred, gold, strict=True))
    oos_recall = statistics.mean(s < th for s in oos_score)
    all_secs = sorted(secs + oos_secs)
    p99 = all_secs[int(len(all_secs) * 0.99)]
    return in_acc, top1, oos_recall, th, statistics.median(all_secs) * 1000, p99 * 1000, round(fit)


def describe(model: ModelParams) -> str:
    """The parameters that differ from the shipped ``ModelParams()``."""
    default = ModelParams()
    changed = [
        f"{name}={getattr(model, name)}"
        for name in ModelParams.__dataclass_fields__
        if getattr(model, name) != getattr(default, name)
    ]
    return "ModelParams(" + ", ".join(changed) + ")"


def run_banking(shots: int, model: ModelParams | None = None) -> tuple[float, float]:
    def read(name: str) -> list[tuple[str, str]]:
        with (BENCH / name).open(encoding="utf-8", newline="") as f:
            return [(r["text"], r["category"]) for r in csv.DictReader(f)]

    train, test = read("banking77_train.csv"), read("banking77_test.csv")
    matcher = Matcher(catalogue_from(train, shots), model=model, cache_dir=None)
    pred, _, secs = top(matcher, [t for t, _ in test])
    return statistics.mean(p == g for p, (_, g) in zip(pred, test, strict=True)), statistics.median(
        secs
    ) * 1000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shots", default="10,0", help="examples per intent, 0 = all (default 10,0)"
    )
    parser.add_argument("--no-banking", action="store_true")
    parser.add_argument(
        "--logistic-steps",
        type=int,
        default=0,
        help="also run the same engine with N steps of logistic refinement",
    )
    parser.add_argument("--solver", choices=("bound", "lbfgs"), default="bound")
    parser.add_argument("--alpha", type=float, default=0.2, help="L2 of the logistic row")
    parser.add_argument("--temperature", type=float, default=1.0)
    parser.add_argument("--no-ridge", action="store_true", help="skip the shipped ridge row")
    args = parser.parse_args(argv)
    if not CLINC.exists():
        print(f"skipped: {CLINC} is absent (the public benchmarks live in ../shared/bench)")
        return 0
    shots = [int(s) for s in args.shots.split(",")]
    print(
        "CLINC150 (threshold chosen on val + oos_val; in-scope accuracy counts rejections as wrong)"
    )
    head = ("in-scope %", "OOS rec %", "top-1 %", "ms med", "ms p99", "fit s")
    print(
        f"{'system':34} {head[0]:>10} {head[1]:>10} {head[2]:>8} "
        + " ".join(f"{h:>7}" for h in head[3:])
    )
    configs: list[tuple[str, ModelParams]] = [] if args.no_ridge else [("ours", ModelParams())]
    if args.logistic_steps:
        steps = args.logistic_steps
        model = ModelParams(
            alpha=args.alpha,
            logistic_steps=steps,
            solver=args.solver,
            temperature=args.temperature,
        )
        configs.append((f"ours+{args.solver}{steps}", model))
    for label, model in configs:
        print(f"  {label}: {describe(model)}")
    for label, model in configs:
        for n in shots:
            acc, top1, rec, th, med, p99, fit = run_clinc(n, model)
            name = f"{label}, {'full' if n == 0 else f'{n}-shot'} (th {th:.2f})"
            cells = f"{acc * 100:10.1f} {rec * 100:10.1f} {top1 * 100:8.1f}"
            print(f"{name:34} {cells} {med:7.3f} {p99:7.3f} {fit:7d}", flush=True)
    for name, acc_pub, rec_pub in PUBLISHED_CLINC:
        print(f"{name + ' (published, full)':34} {acc_pub:10.1f} {rec_pub:10.1f}")
    if not args.no_banking and (BENCH / "banking77_train.csv").exists():
        print("\nBANKING77 (accuracy on test)")
        print(f"{'system':34} {'full %':>8} {'10-shot %':>10}")
        for label, model in configs:
            full = run_banking(0, model)[0] if 0 in shots else None
            ten = run_banking(10, model)[0] if 10 in shots else None
            f = f"{full * 100:8.1f}" if full is not None else f"{'-':>8}"
            t = f"{ten * 100:10.1f}" if ten is not None else f"{'-':>10}"
            print(f"{label:34} {f} {t}", flush=True)
        for name, full_pub, ten_pub in PUBLISHED_BANKING:
            fp = f"{full_pub:8.1f}" if full_pub is not None else f"{'-':>8}"
            print(f"{name + ' (published)':34} {fp} {ten_pub:10.1f}")
    return 0


if __name__ == "__main__":
    from bench.progress import Progress

    with Progress("clinc150"):
        raise SystemExit(main())

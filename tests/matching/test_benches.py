"""Smoke tests: the matcher benchmarks' building blocks work on toy inputs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.matching import Catalogue, Matcher

BENCH = Path(__file__).resolve().parent.parent.parent / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_grow_makes_distinct_learnable_clones(catalogue: Catalogue) -> None:
    """The 10× catalogue has ten times the intents, unique ids, and still matches."""
    bench = _load("matcher")
    big = bench.grow(catalogue, 3)
    ids = [i.id for i in big.intents]
    assert len(ids) == 3 * len(catalogue.intents) == len(set(ids))
    clone = big.intents[len(catalogue.intents)]
    assert clone.examples != catalogue.intents[0].examples
    assert Matcher(big, cache_dir=None).match("what's the salary?").accepted == ("salary",)


def test_accuracy_scores_sets_of_job_intents(catalogue: Catalogue) -> None:
    """A question is right when the accepted job intents equal one acceptable set."""
    bench = _load("matcher")
    qs = [
        bench.Question("pay?", "core", (frozenset({"salary"}),)),
        bench.Question("hi", "smalltalk", (frozenset(),)),
        bench.Question("visa and pay", "multi", (frozenset({"visa", "salary"}),)),
    ]
    answers = {"pay?": ("salary",), "hi": ("greeting",), "visa and pay": ("visa",)}
    acc, job, declines, failures = bench.accuracy(answers.__getitem__, qs, catalogue)
    assert (acc, job, declines) == (pytest.approx(2 / 3), 0.5, 1.0)
    assert len(failures) == 1 and "visa and pay" in failures[0]


def test_baselines_return_an_intent_above_their_cutoff(catalogue: Catalogue) -> None:
    """Both baselines map a near-copy of an example to its intent, and nothing under the cut-off."""
    bench = _load("matcher")
    for engine in (bench.WRatioBaseline(catalogue, 0.8), bench.DifflibBaseline(catalogue, 0.8)):
        assert engine.match("What's the salary") == ("salary",)
        assert engine.match("zzzz qqqq") == ()


def test_clinc_threshold_maximises_validation_accuracy() -> None:
    """The rejection threshold is chosen to get most in-scope right and out-of-scope rejected."""
    bench = _load("clinc150")
    th = bench.choose_threshold(["a", "b", "a"], [0.9, 0.8, 0.3], ["a", "b", "b"], [0.2, 0.4])
    assert th == pytest.approx(0.8)
    cat = bench.catalogue_from([["x one", "a"], ["x two", "a"], ["y", "b"]], shots=1)
    assert [(i.id, i.examples) for i in cat.intents] == [("a", ("x one",)), ("b", ("y",))]


def test_clinc_rows_name_the_parameters_they_differ_in() -> None:
    """Each benchmark row's label lists exactly the model parameters changed from the shipped."""
    bench = _load("clinc150")
    assert bench.describe(bench.ModelParams()) == "ModelParams()"
    model = bench.ModelParams(alpha=0.2, logistic_steps=100, solver="lbfgs")
    assert bench.describe(model) == "ModelParams(alpha=0.2, logistic_steps=100, solver=lbfgs)"


def test_languages_bench_scores_against_the_english_twin() -> None:
    """A translation is understood when it gets its English twin's outcome and the note."""
    bench = _load("languages")
    from tests.answers.support import assistant

    bot = assistant("monzo")
    topics = {
        "salary": {"en": "What is the salary?", "it": "Qual è lo stipendio?"},
        "nonsense": {
            "en": "What is the salary?",
            "uk": "Чи платите ви за квартиру в перший місяць?",
        },
    }
    understood, detected, asked, misses = bench.score(bot, topics)
    assert (understood["it"], detected["it"], asked["it"]) == (1, 1, 1)
    assert (understood["uk"], detected["uk"]) == (0, 1) and len(misses) == 1

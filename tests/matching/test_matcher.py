"""The matcher's decisions: single intents, the gate, multi-intent messages."""

from __future__ import annotations

import hashlib
import json

import pytest

from bot.matching import Catalogue, Gate, Matcher, ModelParams
from bot.matching.matcher import MODEL_VERSION, _fingerprint


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("What's the salary?", "salary"),
        ("how much does this job pay", "salary"),
        ("wats the salry", "salary"),
        ("how much dosh", "salary"),
        ("wfh?", "remote"),
        ("Can I work from home?", "remote"),
        ("visa sponsership", "visa"),
        ("interveiw stages", "interview_process"),
        ("tech stakc", "tech_stack"),
        ("k8s?", "tech_stack"),
        ("¿Cuál es el salario?", "salary"),
        ("hello", "greeting"),
        ("how do I freeze my card", "oos_banking"),
    ],
)
def test_single_questions_match_their_intent(matcher: Matcher, text: str, intent: str) -> None:
    """Paraphrases, typos, synonyms, other languages and non-job classes find their intent."""
    result = matcher.match(text)
    assert result.accepted == (intent,)
    assert result.candidates[0].intent == intent
    assert 0.0 < result.confidence <= 1.0


def test_normalized_text_is_reported(matcher: Matcher) -> None:
    """The result carries the text after typo correction and synonym mapping."""
    assert matcher.match("How much DOSH??").normalized == "how much salary"


@pytest.mark.parametrize(
    "text", ["zxcvbnm", "qwerty uiop", "", "   ", "?!?", "🙂🙂", "日本語のテキスト"]
)
def test_gibberish_and_empty_are_not_accepted(matcher: Matcher, text: str) -> None:
    """Text that shares nothing with the catalogue falls below the threshold."""
    result = matcher.match(text)
    assert result.accepted == ()
    assert result.confidence < matcher.gate.threshold


def test_candidates_are_ranked_even_when_nothing_is_accepted(catalogue: Catalogue) -> None:
    """Below the gate, ranked candidates still come back for "did you mean …"."""
    strict = Matcher(catalogue, Gate(threshold=0.99, margin=0.5, exact_ratio=101.0))
    result = strict.match("how much would the money be for working remotely")
    assert result.accepted == ()
    scores = [c.score for c in result.candidates]
    assert len(scores) == 5 and scores == sorted(scores, reverse=True)
    assert {"salary", "remote"} & {c.intent for c in result.candidates[:2]}


def test_threshold_rejects_a_weak_best_intent(catalogue: Catalogue) -> None:
    """A best score under the absolute threshold is not accepted, however large the margin."""
    text = "pay for my kids"
    loose = Matcher(catalogue, Gate(threshold=0.0, margin=0.0, exact_ratio=101.0))
    best = loose.match(text)
    assert best.accepted == (best.candidates[0].intent,)
    strict = Matcher(
        catalogue, Gate(threshold=best.confidence + 0.01, margin=0.0, exact_ratio=101.0)
    )
    assert strict.match(text).accepted == ()


def test_margin_rejects_a_close_runner_up(catalogue: Catalogue) -> None:
    """A best intent that beats the runner-up by less than the margin is not accepted."""
    text = "salary and remote"  # one clause per intent would pass; the whole is a tie
    gate = Gate(threshold=0.0, margin=0.0, exact_ratio=101.0, clause_threshold=2.0)
    result = Matcher(catalogue, gate).match(text)
    gap = result.candidates[0].score - result.candidates[1].score
    assert len(result.accepted) == 1
    tight = Gate(threshold=0.0, margin=gap + 0.01, exact_ratio=101.0, clause_threshold=2.0)
    assert Matcher(catalogue, tight).match(text).accepted == ()


def test_exact_example_short_cuts_the_gate(catalogue: Catalogue) -> None:
    """A message equal to a catalogue example (after normalisation) is accepted outright."""
    gate = Gate(threshold=2.0, margin=2.0, clause_threshold=2.0)
    assert Matcher(catalogue, gate).match("WHAT'S THE SALARY").accepted == ("salary",)
    assert Matcher(catalogue, gate).match("what is the salary roughly").accepted == ()


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        ("What's the salary and do you sponsor visas?", ("salary", "visa")),
        ("Do you sponsor visas? What's the salary?", ("visa", "salary")),
        ("Relocation and learning budget?", ("relocation", "learning_budget")),
        ("Is it remote and what's the interview process?", ("remote", "interview_process")),
        ("hello! what's the salary?", ("salary",)),
        ("salary and salary?", ("salary",)),
    ],
)
def test_multi_question_messages_get_each_intent_in_order(
    matcher: Matcher, text: str, intents: tuple[str, ...]
) -> None:
    """Each clause that passes the gate adds its job intent, in message order, without repeats."""
    assert matcher.match(text).accepted == intents


def test_a_weak_clause_adds_nothing(matcher: Matcher) -> None:
    """A clause that does not pass the gate on its own ("and stuff") is not an extra intent."""
    assert matcher.match("what is the salary and stuff like that").accepted == ("salary",)


def test_match_many_keeps_order(matcher: Matcher) -> None:
    """Batch matching returns one result per text, in order, equal to single matching."""
    texts = ["salary?", "zxcvbnm", "wfh?"]
    assert matcher.match_many(texts) == [matcher.match(t) for t in texts]


def test_job_intent_must_clearly_beat_out_of_scope(catalogue: Catalogue) -> None:
    """A job intent leading the best smalltalk/oos intent by less than oos_margin is declined."""
    text = "pay for my loan"
    lenient = Matcher(catalogue, Gate(threshold=0.0, margin=0.0, oos_margin=0.0, exact_ratio=101.0))
    result = lenient.match(text)
    assert result.accepted == ("salary",)
    oos = next(c.score for c in result.candidates if c.intent == "oos_banking")
    lead = result.confidence - oos
    strict = Gate(threshold=0.0, margin=0.0, oos_margin=lead + 0.01, exact_ratio=101.0)
    assert Matcher(catalogue, strict).match(text).accepted == ()
    # Non-job intents are not held to it: a clear banking question is still recognised.
    assert Matcher(catalogue, strict).match("how do I freeze my card").accepted == ("oos_banking",)


def test_lbfgs_logistic_model_matches_through_the_same_matcher(catalogue: Catalogue) -> None:
    """A matcher fitted by L-BFGS logistic regression ranks unseen phrasings right."""
    model = ModelParams(alpha=0.2, logistic_steps=100, solver="lbfgs")
    matcher = Matcher(catalogue, cache_dir=None, model=model)
    assert matcher.classifier.softmax
    assert matcher.rank("how much does this job pay")[0].intent == "salary"
    assert matcher.rank("Can I work from home?")[0].intent == "remote"


def test_new_model_options_keep_the_default_cache_key(catalogue: Catalogue) -> None:
    """The shipped model's cache key is unchanged by the solver options; other options differ."""
    default = ModelParams()
    old = {
        "model": MODEL_VERSION,
        "params": [default.alpha, list(default.char_ngrams), default.keyword_docs, 0],
        "synonyms": sorted(catalogue.synonyms.items()),
        "intents": [(i.id, i.examples, i.keywords) for i in catalogue.intents],
    }
    raw = json.dumps(old, ensure_ascii=False, sort_keys=True).encode("utf-8")
    assert _fingerprint(catalogue, default) == hashlib.sha256(raw).hexdigest()[:32]
    keys = {
        _fingerprint(catalogue, ModelParams(logistic_steps=30, solver=s, temperature=t))
        for s, t in (("bound", 1.0), ("lbfgs", 1.0), ("lbfgs", 2.0))
    }
    assert len(keys) == 3

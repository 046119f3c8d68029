"""Composition: soft two-topic answers, suggestions and fixed replies."""

from __future__ import annotations

from bot.answers.compose import Composer, combine
from bot.models import Answer, IntentMatch, MatchResult
from tests.answers.support import matcher, role

SEED = role("monzo")


def _composer() -> Composer:
    return Composer(matcher().catalogue, matcher().normalizer.tokens)


def test_hesitation_between_two_job_topics_answers_both() -> None:
    """Two close, likely job candidates are both answered."""
    match = MatchResult(
        (), (IntentMatch("interview_process", 0.41), IntentMatch("apply", 0.33)), 0.41,
        "what happens after i apply",
    )  # fmt: skip
    assert _composer().job_intents(match) == ("interview_process", "apply")


def test_out_of_scope_runner_up_blocks_the_soft_answer() -> None:
    """A likely out-of-scope candidate means no job answer."""
    match = MatchResult(
        (), (IntentMatch("salary", 0.41), IntentMatch("oos_banking", 0.39)), 0.41, "pay me"
    )
    assert _composer().job_intents(match) == ()


def test_suggestions_are_answerable_and_related() -> None:
    """Follow-ups are related topics the posting answers, never the one just asked."""
    composer = _composer()
    answer = composer.answer(SEED, ("salary",), "salary?", 1.0)
    assert answer.suggestions[:2] == ("Equity", "Benefits")
    assert "Salary" not in answer.suggestions


def test_fixed_reply_carries_no_facts() -> None:
    """An out-of-scope reply is a decline with no sources."""
    composer = _composer()
    intent = composer.intents["oos_cooking"]
    answer = composer.reply(intent, MatchResult(("oos_cooking",), (), 1.0), SEED)
    assert not answer.answered and answer.sources == () and answer.suggestions == ()


def test_combine_keeps_both() -> None:
    """Two answers to one message become one with both texts and sources."""
    both = combine(Answer(True, "a", sources=("x",)), Answer(False, "b", sources=("y",)))
    assert both.answered and both.text == "a\n\nb" and both.sources == ("x", "y")

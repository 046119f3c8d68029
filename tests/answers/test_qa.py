"""Recruiter Q&A matching."""

from __future__ import annotations

from bot.answers.qa import find
from bot.knowledge.schema import QA
from tests.answers.support import role

QAS = (
    QA(questions=("Is there a pension?", "pension scheme?"), answer="Yes, 5% matched."),
    QA(questions=("Can I bring my dog?",), answer="Dogs are welcome."),
)
SEED = role("monzo").model_copy(update={"qa": QAS})


def test_close_question_finds_the_entry() -> None:
    """Word order and punctuation don't matter."""
    hit = find(SEED, "is there a PENSION")
    assert hit is not None and hit[0].answer == "Yes, 5% matched." and hit[1] > 0.85


def test_distant_question_finds_nothing() -> None:
    """An unrelated question is not forced onto a Q&A entry."""
    assert find(SEED, "what's the salary?") is None
    assert find(role("monzo"), "Is there a pension?") is None
    assert find(SEED, "???") is None

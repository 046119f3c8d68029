"""Question similarity by content words (inbox groups, recruiter Q&A reach)."""

from __future__ import annotations

import pytest

from bot.answers.paraphrase import content_words, similarity


def test_content_words_ignore_function_words_and_plurals() -> None:
    """Question words, pronouns and plurals do not count."""
    assert content_words("Do you have any gyms?") == {"gym"}
    assert content_words("Does the office have a gym?") == {"office", "gym"}


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("Is there a gym at the office?", "Do you have a gym?", True),
        ("Is there a gym at the office?", "does the office have a gym", True),
        ("Can I bring my dog to work?", "can i bring my dog", True),
        ("Do you offer a company car?", "is there a company car", True),
        ("Is there a gym at the office?", "Can I bring my dog to work?", False),
        ("Is there a gym at the office?", "what is the salary at the office", False),
        ("Is there a gym at the office?", "is the office dog friendly", False),
    ],
)
def test_paraphrases_are_alike(a: str, b: str, alike: bool) -> None:
    """Paraphrases score at least 0.7; questions about other things stay below."""
    assert (similarity(a, b) >= 0.7) is alike
    assert similarity(a, b) == pytest.approx(similarity(b, a))

"""Lexical guards: bank customer support is told apart from job questions."""

from __future__ import annotations

import pytest

from bot.answers.guards import customer_support


@pytest.mark.parametrize(
    "text",
    [
        "My card got stuck in the ATM",
        "what's the exchange rate for dollars?",
        "How do I top up with Apple Pay?",
        "Can I have a Visa or a Mastercard?",
        "the limit on my visa is too low",
        "lend me a tenner",
    ],
)
def test_customer_support(text: str) -> None:
    """Banking words mark customer support."""
    assert customer_support(text)


@pytest.mark.parametrize(
    "text",
    [
        "Do you sponsor visas?",
        "What's the salary?",
        "Is my card needed for the interview?",
        "Can I move to another team?",
    ],
)
def test_job_questions_pass(text: str) -> None:
    """Job questions (even with a banking word next to a job word) are left alone."""
    assert not customer_support(text)


def test_other_domains() -> None:
    """The TV remote and tax returns are not about the job; remote work is."""
    from bot.answers.guards import not_about_the_job

    assert not_about_the_job("have you seen the remote?") == "oos_assistant"
    assert not_about_the_job("how much are my taxes for my income") == "oos_finance"
    assert not_about_the_job("is the remote work policy flexible?") is None
    assert not_about_the_job("is the role remote?") is None

"""Text helpers: money, lists, sentences and the "doesn't say" pointer."""

from __future__ import annotations

from bot.answers.text import clean_fact, join, lower_first, money, per, pointer, sentence, unknown
from tests.answers.support import role


def test_money() -> None:
    """Whole amounts get thousands separators; odd currencies keep their code."""
    assert money(95000, "GBP") == "£95,000"
    assert money(30.5, "USD") == "$30.50"
    assert money(1000, "CHF") == "CHF 1,000"
    assert money(12, None) == "12"
    assert per("hour") == " an hour" and per(None) == ""


def test_join_and_sentence() -> None:
    """Lists read naturally and posting phrases become sentences without emoji."""
    assert join(["a", "b", "c"]) == "a, b and c"
    assert join(["a"]) == "a"
    assert sentence("✅we can sponsor visas") == "We can sponsor visas."
    assert clean_fact("📍 London") == "London"
    assert lower_first("Learning budget") == "learning budget"
    assert lower_first("AWS for hosting") == "AWS for hosting"


def test_pointer_prefers_the_contact_email() -> None:
    """Unknowns point to the email, else the apply link, else the recruiter."""
    assert pointer(role("monzo")) == "tech-hiring@monzo.com"
    assert "apply link" in pointer(role("us_remote"))
    assert pointer(role("bare")) == "the recruiter at Acme"
    assert not unknown(role("bare"), "x").answered

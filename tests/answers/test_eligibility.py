""" "Can I work from X?" from allow/deny lists: yes, no, or what the posting does say."""

from __future__ import annotations

from pathlib import Path

from bot.answers.eligibility import decide
from bot.knowledge.build import build_file

EXTRA = Path(__file__).resolve().parent.parent / "fixtures" / "postings_extra"


def test_an_excluded_state_is_a_no_never_a_yes_from_the_country() -> None:
    """Honolulu is in the US, but the posting excludes Hawaii: no, quoted."""
    role = build_file(EXTRA / "not_hawaii.md")
    answer = decide(role, "I live in Honolulu - can I take this remote job?")
    assert answer is not None and answer.text.startswith("No")
    assert "Hawaii" in answer.text


def test_the_tag_alone_never_says_yes() -> None:
    """Austin is in the US tag, but no sentence says so: left to the location answer."""
    role = build_file(EXTRA / "not_hawaii.md")
    assert decide(role, "Can I work from Austin?") is None


def test_a_city_outside_the_named_region_is_not_covered() -> None:
    """The posting names Milan within Italy: Rome is not among the places it names."""
    role = build_file(EXTRA / "milan_region.md")
    answer = decide(role, "Can I do this fully remote from Rome?")
    assert answer is not None and "Milan" in answer.text and not answer.text.startswith("Yes")
    milan = decide(role, "Can I work from Milan?")
    assert milan is not None and milan.text.startswith("Yes")


def test_a_listed_country_is_a_yes_and_an_unlisted_one_a_no() -> None:
    """Germany is in the list; Spain is outside it; Singapore is in APAC."""
    role = build_file(EXTRA / "five_countries.md")
    germany = decide(role, "I'm in Germany, can I work remotely?")
    assert germany is not None and germany.text.startswith("Yes")
    spain = decide(role, "Can I work from Spain?")
    assert spain is not None and spain.text.startswith("No") and "Poland" in spain.text
    singapore = decide(role, "What about Singapore?")
    assert singapore is not None and "APAC" in singapore.text


def test_an_office_city_next_to_its_country_is_not_a_limit() -> None:
    """ "London office, or distributed within the UK": Manchester is fine."""
    from bot.knowledge.extract.eligibility import statement
    from bot.knowledge.schema import Identity, Role

    fact = statement(
        "This role can be based in our London office, but we're open to distributed "
        "working within the UK.",
        "s",
    )
    assert fact is not None
    role = Role(identity=Identity(slug="x", title="Engineer"), eligibility=(fact,))
    answer = decide(role, "Can I work from Manchester?")
    assert answer is not None and answer.text.startswith("Yes")

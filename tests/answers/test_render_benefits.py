"""Single kinds of benefit: quoted only from sentences that are really about them."""

from __future__ import annotations

import pytest

from bot.answers.render import render
from bot.knowledge.schema import Benefit, Benefits, Role, TextFact
from tests.answers.support import role

BARE = role("bare")


def _with_sentences(*sentences: str) -> Role:
    return BARE.model_copy(update={"sentences": sentences})


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        (
            "benefit:parental",
            "We consider applicants regardless of race, sex, pregnancy or maternity.",
        ),
        ("benefit:health", "We are building a world-class digital healthcare platform."),
        ("benefit:contract", "Experience with Ethereum smart contract development."),
        ("benefit:contract", "Have full-time access to a personal vehicle."),
        ("learning_budget", "Either 5+ years of professional development experience."),
        ("benefit:bonus", "We applied to the Nuclear Regulatory Commission for a licence."),
        ("benefit:holiday", "Night shifts and work on holidays are required."),
        (
            "benefit:health",
            "Our platform offers employee benefits like health insurance to our clients.",
        ),
    ],
)
def test_look_alike_sentences_are_not_quoted(answer: str, sentence: str) -> None:
    """An equal-opportunity list, a company's market or a skill is no benefit or contract."""
    out = render(_with_sentences(sentence), answer, "?")
    assert out is not None and not out.answered and sentence not in out.sources


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        ("benefit:health", "Private healthcare for you and your family."),
        ("benefit:contract", "This is a 6-month contract role."),
        ("benefit:parental", "16 weeks of paid parental leave."),
        ("benefit:bonus", "Base salary plus uncapped commission."),
        (
            "benefit:pension",
            "Retirement contributions with immediate vesting (regardless of whether you "
            "contribute).",
        ),
    ],
)
def test_real_statements_are_quoted(answer: str, sentence: str) -> None:
    """The same families of words in a real statement are quoted."""
    out = render(_with_sentences(sentence), answer, "?")
    assert out is not None and out.answered and sentence in out.sources


def test_time_off_is_not_working_hours() -> None:
    """A sick-leave sentence mis-filed as flexible hours doesn't answer "working hours?"."""
    sick = "Paid sick leave (1 hour per 26 hours worked) under our Flexible Time Off policy"
    benefits = Benefits(flexible_hours=TextFact(text=sick, source=(sick,)))
    out = render(BARE.model_copy(update={"benefits": benefits}), "working_hours", "?")
    assert out is not None and not out.answered


def test_a_long_item_is_cut_to_its_bonus_sentence() -> None:
    """A salary disclaimer ending "such as variable bonus" is quoted by that sentence only."""
    text = (
        "The salary range listed here complies with local regulations. Actual salaries may "
        "vary. This position may also be eligible for a variable bonus."
    )
    item = Benefit(text=text, kind="other", source=(text,))
    changed = BARE.model_copy(update={"benefits": Benefits(items=(item,))})
    out = render(changed, "benefit:bonus", "?")
    assert out is not None and out.answered
    assert "variable bonus" in out.text and "local regulations" not in out.text


def test_employment_terms_are_answered_from_the_fact() -> None:
    """ "Is it full-time?" gives the extracted type, length and the lines that state them."""
    from bot.answers.render import render
    from bot.knowledge.schema import Employment

    fact = Employment(
        kinds=("full_time",),
        length="6 Months",
        text="Engagement length: 6 Months",
        source=("Mandatory Opportunity: Full Time, 8 hours", "Engagement length: 6 Months"),
    )
    role = BARE.model_copy(update={"employment": fact})
    out = render(role, "benefit:contract", "how long is the contract")
    assert out is not None and out.answered
    assert "full-time" in out.text and "6 Months" in out.text and "8 hours" in out.text


def test_employment_fact_does_not_settle_another_question() -> None:
    """ "Is there a return offer after the internship?" quotes the fact, and is no yes."""
    from bot.knowledge.schema import Employment

    fact = Employment(kinds=("internship",), text="Intern", source=("Android Intern",))
    role = BARE.model_copy(update={"employment": fact})
    out = render(role, "benefit:contract", "Is there a return offer for a full-time job?")
    assert out is not None and not out.answered and "return offer" in out.text


def test_flex_time_is_about_working_hours() -> None:
    """ "Super Flex Time (No Core Time)" answers "what are the working hours?"."""
    role = _with_sentences("Super Flex Time (No Core Time)", "We have a nice office.")
    out = render(role, "working_hours", "What are the working hours?")
    assert out is not None and out.answered and "Flex Time" in out.text

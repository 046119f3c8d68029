"""Employment: type, length and hours, each from the line that states it."""

from __future__ import annotations

from bot.knowledge.extract.employment import extract_employment
from tests.knowledge.extract_fixtures import text_lines


def test_labelled_lines_give_type_length_and_hours() -> None:
    """ "Mandatory Opportunity: Full Time, 8 hours" and "Engagement length: 6 Months"."""
    lines = text_lines(
        "Mandatory Opportunity: Full Time, 8 hours",
        "Notice Period: 2-3 weeks only while working part-time",
        "Engagement length: 6 Months",
        heading="Additional Information",
    )
    fact = extract_employment(lines, "Python Developer", None)
    assert fact is not None
    assert fact.kinds == ("full_time",) and fact.length == "6 Months"
    assert "Engagement length: 6 Months" in fact.source


def test_no_term_contract_is_permanent() -> None:
    """ "No-Term contract" is a permanent job, not a fixed-term contract."""
    fact = extract_employment(text_lines("No-Term contract", heading="Benefits"), "Engineer", None)
    assert fact is not None and fact.kinds == ("permanent",)


def test_title_and_salary_tag_count() -> None:
    """An "Intern" title is an internship; "(+ VAT / B2B)" on the pay tag is a B2B contract."""
    fact = extract_employment(
        text_lines("We build tools."), "Android Intern", "PLN 100 (+ VAT / B2B)"
    )
    assert fact is not None and set(fact.kinds) == {"b2b", "internship"}


def test_full_time_that_is_not_the_job_type() -> None:
    """ "full-time access to a personal vehicle" and working rights say nothing of the job."""
    lines = text_lines(
        "Have full-time access to a personal vehicle",
        "Successful candidates must have full-time Australian working rights on an ongoing basis.",
        heading="Requirements",
    )
    assert extract_employment(lines, "Systems Engineer", None) is None

"""Requirements (must / nice) and degree."""

from __future__ import annotations

import pytest

from bot.knowledge.document import Block, ParsedPosting, Section
from bot.knowledge.extract.lines import flatten
from bot.knowledge.extract.misc import extract_degree
from bot.knowledge.extract.requirements import extract_requirements
from tests.knowledge.extract_fixtures import quoted, role, text_lines


def test_must_and_nice_from_sections() -> None:
    """ "Requirements" items are must-haves; "Bonus points" items are nice-to-haves."""
    r = role("07_usd_monthly_latam")
    must = [q.text for q in r.requirements.must]
    nice = [q.text for q in r.requirements.nice]
    assert must == [
        "5+ years of experience with Node.js and React",
        "Bachelor's degree in Computer Science or equivalent experience",
        "Advanced English",
    ]
    assert nice == ["Experience with GraphQL", "Experience with AWS Lambda"]
    for q in (*r.requirements.must, *r.requirements.nice):
        quoted(q.source, r)


def test_plus_item_in_a_must_list_is_nice() -> None:
    """ "Experience with Datadog is a plus" under "What we're looking for" is nice-to-have."""
    r = role("01_usd_remote_us")
    assert [q.text for q in r.requirements.nice] == ["Experience with Datadog is a plus"]
    assert len(r.requirements.must) == 3


def test_benefit_lists_are_not_requirements() -> None:
    """Items under a salary sentence ending in "plus RSUs" are benefits, not requirements."""
    texts = [q.text for q in role("01_usd_remote_us").requirements.nice]
    assert not any("401(k)" in t for t in texts)


@pytest.mark.parametrize(
    ("name", "required", "needle"),
    [
        ("07_usd_monthly_latam", False, "or equivalent experience"),
        ("08_cad_canada_no_visa", True, "is required"),
        ("09_onsite_sf_relocation", False, "is preferred"),
        ("12_single_figure_go_verb", False, "A degree is not required"),
    ],
)
def test_degree(name: str, required: bool, needle: str) -> None:
    """Required only when the posting requires it without an alternative."""
    r = role(name)
    assert r.degree is not None and r.degree.required is required
    quoted(r.degree.source, r, needle)


def test_no_degree_statement() -> None:
    """Silent postings and temperatures have no degree fact."""
    assert role("05_no_salary_header_sum").degree is None
    assert extract_degree(text_lines("Our servers run at 20 degrees Celsius.")) is None


@pytest.mark.parametrize(
    ("text", "required"),
    [
        ("Bachelor's degree in Computer Science required", True),
        ("Bachelor’s degree in Computer Science or related fields and 6 years of work.", True),
        ("Bachelor's degree in CS (MS preferred)", True),
        ("A degree in CS/EE and/or 5+ years of IT Operations experience", False),
        ("Bachelor's degree in Computer Science (or relative experience)", False),
        ("A degree in Computer Science or a background in systems programming", False),
        ("Bachelor’s degree preferred, high school diploma required.", False),
        ("We do not ask for formal qualifications or degree requirements.", False),
        ("BS degree in Computer Science or equivalent", None),
        ("You are a student working towards a degree in Computer Science", None),
        ("Minimum requirement of Bachelors degree in a related field OR", None),
    ],
)
def test_degree_phrasings(text: str, required: bool | None) -> None:
    """Required, not strictly required, or too unclear to say."""
    degree = extract_degree(text_lines(text))
    assert (degree.required if degree else None) is required


def test_interview_steps_and_duties_are_not_requirements() -> None:
    """Items under a process intro or a "you are responsible for" heading are not requirements."""
    doc = ParsedPosting(
        title="T",
        company="C",
        apply_url=None,
        header_salary=None,
        header_location=None,
        sections=(
            Section(
                "What to expect",
                (
                    Block(("Selected candidates will be invited to the following stages:",)),
                    Block(("Interview with the manager",), is_item=True),
                ),
            ),
            Section("You are responsible for", (Block(("Designing services",), is_item=True),)),
        ),
        text="",
    )
    reqs = extract_requirements(flatten(doc))
    assert reqs.must == () and reqs.nice == ()


def test_years_of_experience_anywhere_are_a_requirement() -> None:
    """ "Required Total Years Of exp- 3+ years" under another heading is asked for; a long
    sentence about the company's "25 years of experience" is not."""
    item = "Required Total Years Of exp- 3+ years"
    lines = text_lines(item, heading="Additional Information")
    assert [r.text for r in extract_requirements(lines).must] == [item]
    company = (
        "With millions of diners, tens of thousands of restaurants, and 25 years of experience, "
        "OpenTable is an industry leader with a unique insight into the world of hospitality, "
        "helping venues attract guests."
    )
    assert extract_requirements(text_lines(company, heading="About us")).must == ()

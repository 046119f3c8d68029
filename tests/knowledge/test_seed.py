"""The seed posting (Monzo, shipped in knowledge/postings) extracted end to end, fact by fact."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.extract import extract_role
from bot.knowledge.parse import parse_posting
from bot.knowledge.repair import repair_text
from bot.knowledge.schema import Role

SEED = Path(__file__).resolve().parents[2] / "knowledge" / "postings" / "000_1012f5d2726aa665.txt"


@pytest.fixture(scope="module")
def role() -> Role:
    doc = parse_posting(repair_text(SEED.read_bytes()), SEED.name)
    return extract_role(doc, slug="senior-backend-engineer-monzo")


@pytest.fixture(scope="module")
def sentences(role: Role) -> set[str]:
    return set(role.sentences)


def _quoted(source: tuple[str, ...], sentences: set[str], *needles: str) -> None:
    """Every source is a verbatim posting sentence and together they contain every needle."""
    assert source, "fact has no source"
    for s in source:
        assert s in sentences, f"not a posting sentence: {s!r}"
    joined = " ".join(source)
    for needle in needles:
        assert needle in joined, f"{needle!r} not in {joined!r}"


def test_salary_is_the_body_range_not_the_header_sum(role: Role, sentences: set[str]) -> None:
    """£95,000–£150,000 GBP per year, never the board header's 245,000."""
    comp = role.compensation
    assert comp is not None
    assert (comp.currency, comp.min, comp.max, comp.period) == ("GBP", 95000, 150000, "year")
    assert 245000 not in (comp.min, comp.max)
    _quoted(comp.source, sentences, "£95,000 - £150,000 base salary")


def test_stock_options(role: Role, sentences: set[str]) -> None:
    """The equity is stock options."""
    assert role.equity is not None
    assert role.equity.text == "stock options"
    _quoted(role.equity.source, sentences, "plus stock options")


def test_relocation_to_the_uk(role: Role, sentences: set[str]) -> None:
    """Relocation help is offered, to the UK."""
    reloc = role.relocation
    assert reloc is not None and reloc.offered and reloc.destination == "UK"
    _quoted(reloc.source, sentences, "We can help you relocate to the UK")


def test_visa_sponsorship(role: Role, sentences: set[str]) -> None:
    """Visas are sponsored."""
    assert role.visa is not None and role.visa.sponsorship == "yes"
    _quoted(role.visa.source, sentences, "We can sponsor visas.")


def test_location_london_or_distributed_within_uk(role: Role, sentences: set[str]) -> None:
    """London office, or distributed within the UK with ad hoc meetings in London."""
    loc = role.location
    assert loc is not None
    assert loc.offices == ("London",)
    assert loc.remote == "flexible"
    assert loc.regions == ("United Kingdom",)
    _quoted(loc.source, sentences, "within the UK (with ad hoc meetings in London)")


def test_three_interview_stages(role: Role, sentences: set[str]) -> None:
    """Initial call; take-home task or pair coding; final with system design and behavioural."""
    assert role.interview is not None
    names = [s.name for s in role.interview.stages]
    assert len(names) == 3
    assert names[0] == "Initial Call"
    assert "Take home task or pair coding" in names[1]
    assert "system design" in names[2] and "behavioural" in names[2]
    for stage in role.interview.stages:
        _quoted(stage.source, sentences)
    _quoted(role.interview.source, sentences, "three main stages")


def test_interview_takes_two_to_three_weeks(role: Role, sentences: set[str]) -> None:
    """2–3 weeks on average."""
    dur = role.interview_duration
    assert dur is not None and (dur.min_days, dur.max_days) == (14, 21)
    assert "2-3 weeks" in dur.text
    _quoted(dur.source, sentences, "Our average process takes around 2-3 weeks")


def test_tech_stack(role: Role, sentences: set[str]) -> None:
    """Go, Cassandra, Kafka, Envoy, Kubernetes, Docker, AWS, React and two data centres."""
    stack = {t.name: t for t in role.tech_stack}
    expected = ["Go", "Cassandra", "Kafka", "Envoy", "Kubernetes", "Docker", "AWS", "React"]
    assert [n for n in stack if n in expected] == expected
    assert stack["Go"].category == "language"
    assert stack["Kafka"].category == "queue"
    _quoted(stack["Cassandra"].source, sentences, "Cassandra for most persistent data storage")
    dc = stack["Physical data centres"]
    _quoted(dc.source, sentences, "two physical datacenter sites")
    team = {n for n, t in stack.items() if not t.asked}
    assert not {"Java", "Scala"} & team, "requirement-only languages are not the stack"


def test_levels(role: Role, sentences: set[str]) -> None:
    """L40, L50 and L60."""
    assert role.identity.levels == ("L40", "L50", "L60")
    _quoted(role.identity.levels_source, sentences, "L40, 50 & 60")


def test_team_size(role: Role, sentences: set[str]) -> None:
    """About 300 engineers of about 2,500 people."""
    assert (role.team.engineers, role.team.total_people) == (300, 2500)
    _quoted(role.team.size_source, sentences, "around 300 engineers out of roughly 2,500 people")


def test_seven_collectives(role: Role, sentences: set[str]) -> None:
    """Money, Borrowing, Fincrime, Customer Operations, Platform, Personal and Business Banking."""
    assert role.team.teams == (
        "Money",
        "Borrowing",
        "Fincrime",
        "Customer Operations",
        "Platform",
        "Personal Banking",
        "Business Banking",
    )
    _quoted(role.team.teams_source, sentences, "They are; Money, Borrowing")
    assert role.team.matching is not None
    _quoted(role.team.matching.source, sentences, "find the best match for you")
    assert role.team.mobility is not None
    _quoted(role.team.mobility.source, sentences, "move between teams")


def test_no_degree_requirement(role: Role, sentences: set[str]) -> None:
    """No formal qualifications or degree asked for."""
    assert role.degree is not None and role.degree.required is False
    _quoted(role.degree.source, sentences, "We do not ask for formal qualifications")


def test_learning_budget_and_flexible_hours(role: Role, sentences: set[str]) -> None:
    """£1,000 a year learning budget; flexible working hours."""
    lb = role.benefits.learning_budget
    assert lb is not None and (lb.amount, lb.currency, lb.period) == (1000, "GBP", "year")
    _quoted(lb.source, sentences, "Learning budget of £1,000 a year")
    fh = role.benefits.flexible_hours
    assert fh is not None
    _quoted(fh.source, sentences, "flexible working hours")


def test_contact_and_closing(role: Role, sentences: set[str]) -> None:
    """tech-hiring@monzo.com; no closing date."""
    assert role.contact is not None and role.contact.email == "tech-hiring@monzo.com"
    _quoted(role.contact.source, sentences, "tech-hiring@monzo.com")
    assert role.closing is not None
    assert role.closing.always_hiring and role.closing.date is None
    _quoted(role.closing.source, sentences, "there's no closing date")


def test_about_equal_opportunity_open_source(role: Role, sentences: set[str]) -> None:
    """About the company, the equal-opportunity statement and open source, each quoted."""
    assert role.about is not None
    _quoted(role.about.source, sentences, "make money work for everyone")
    assert role.equal_opportunity is not None
    _quoted(role.equal_opportunity.source, sentences, "equal opportunity employer")
    assert role.open_source is not None
    _quoted(role.open_source.source, sentences, "We contribute to open source")
    assert role.day_to_day is not None
    _quoted(role.day_to_day.source, sentences, "collaborating across disciplines")


def test_requirements_are_the_apply_if_list(role: Role) -> None:
    """The "You should apply if" items are must-haves; nothing is invented as nice-to-have."""
    must = [r.text for r in role.requirements.must]
    assert len(must) == 7
    assert must[0].startswith("you have strong experience working on the backend")
    assert role.requirements.nice == ()

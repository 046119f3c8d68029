"""Tech stack with canonical names and categories."""

from __future__ import annotations

from bot.knowledge.extract.stack import extract_stack
from tests.knowledge.extract_fixtures import quoted, role, text_lines


def _names(name: str) -> list[str]:
    return [t.name for t in role(name).tech_stack]


def test_stack_list_with_categories() -> None:
    """ "Our stack" items give canonical names and categories, each quoted."""
    r = role("11_eu_timezones_prose_interview")
    stack = {t.name: t for t in r.tech_stack}
    assert list(stack) == ["Go", "ClickHouse", "Kafka", "gRPC", "Kubernetes", "GCP"]
    assert stack["Go"].category == "language"
    assert stack["gRPC"].category == "rpc"
    assert stack["GCP"].category == "cloud"
    for item in stack.values():
        quoted(item.source, r)


def test_go_the_verb_is_not_a_language() -> None:
    """ "go the extra mile", "let go", "Ready to go?" do not make Go part of the stack."""
    assert "Go" not in _names("12_single_figure_go_verb")
    assert [t.name for t in extract_stack(text_lines("Ready to go? Go for it!"))] == []


def test_go_in_a_tech_list_is_a_language() -> None:
    """ "Java or Go" in a sentence naming other technologies is the language."""
    assert "Go" in _names("08_cad_canada_no_visa")
    assert [t.name for t in extract_stack(text_lines("Our services are written in Go."))] == ["Go"]


def test_requirement_only_mentions_fill_in_a_thin_stack() -> None:
    """With little named outside requirements, requirement technologies count."""
    assert _names("03_gbp_day_rate_contract") == ["Python", "Django", "AWS", "Docker"]
    assert _names("12_single_figure_go_verb") == ["Django", "PostgreSQL", "Python"]


def test_described_stack_excludes_requirement_only_mentions() -> None:
    """With a described stack, skills asked of the candidate are not the team's stack."""
    items = role("01_usd_remote_us").tech_stack
    assert [t.name for t in items if not t.asked] == [
        "Kubernetes", "AWS", "Terraform", "Python", "TypeScript",
    ]  # fmt: skip
    asked = [t.name for t in items if t.asked]
    assert "Datadog" in asked, "a requirement-only skill is kept, marked as asked for"


def test_aliases_and_overlaps() -> None:
    """ ".NET" is C#, "SQL Server" is not also "SQL", "Spring Boot" is Spring."""
    assert _names("13_pln_b2b_poland") == ["C#", "Azure", "SQL Server", "Redis"]
    assert "Spring" in _names("02_eur_hybrid_berlin")


def test_react_the_verb() -> None:
    """ "react to incidents" is not React."""
    assert extract_stack(text_lines("You will react to incidents quickly.")) == ()


def test_ambiguous_names_need_a_tech_neighbour() -> None:
    """ "Spring Health offers …" after a comma is a company; "Java, Spring, Hibernate" is Spring."""
    assert extract_stack(text_lines("On top of a good salary, Spring Health offers perks.")) == ()
    names = [t.name for t in extract_stack(text_lines("Experience with Java, Spring, Hibernate"))]
    assert names == ["Java", "Spring"]
    assert [t.name for t in extract_stack(text_lines("We use Go for our services."))] == ["Go"]

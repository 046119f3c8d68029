"""Visa sponsorship and work authorisation."""

from __future__ import annotations

import pytest

from bot.knowledge.extract.visa import extract_visa, extract_work_authorization
from tests.knowledge.extract_fixtures import quoted, role, text_lines


@pytest.mark.parametrize(
    ("name", "answer", "needle"),
    [
        ("01_usd_remote_us", "no", "We are unable to sponsor visas for this role."),
        ("02_eur_hybrid_berlin", "yes", "Visa sponsorship is available"),
        ("08_cad_canada_no_visa", "no", "not eligible for visa sponsorship"),
        ("09_onsite_sf_relocation", "yes", "We sponsor H-1B visas"),
        ("15_usd_range_per_location", "no", "does not provide visa sponsorship"),
    ],
)
def test_sponsorship_stated(name: str, answer: str, needle: str) -> None:
    """Stated sponsorship (yes or no) with its sentence."""
    r = role(name)
    assert r.visa is not None and r.visa.sponsorship == answer
    quoted(r.visa.source, r, needle)


def test_right_to_work_alone_is_not_a_no() -> None:
    """ "You must have the right to work in the UK" leaves sponsorship unstated but is kept."""
    r = role("03_gbp_day_rate_contract")
    assert r.visa is None
    assert r.work_authorization is not None
    quoted(r.work_authorization.source, r, "right to work in the UK")


def test_hedged_sponsorship_is_absent() -> None:
    """ "We may be able to sponsor visas for exceptional candidates" is not a yes."""
    r = role("10_money_that_is_not_salary")
    assert r.visa is None
    assert r.work_authorization is not None


@pytest.mark.parametrize(
    "text",
    [
        "We are unable to sponsor visas at this time.",
        "Applicants must be authorized to work in the U.S. without visa sponsorship.",
        "This position is not eligible for immigration sponsorship",
        "Candidates must have work authorization that does not require visa sponsorship now or"
        " in the future.",
        "We don’t sponsor work visas as part of this role.",
        "Veeva will not provide sponsorship at this time",
        "Is role eligible for Immigration Sponsorship?: No",
        "Also please note that at this time, we cannot support candidates requiring visa"
        " sponsorship or relocation.",
    ],
)
def test_no_sponsorship_phrasings(text: str) -> None:
    """Real ways of saying "we won't sponsor" are a no."""
    visa = extract_visa(text_lines(text))
    assert visa is not None and visa.sponsorship == "no"


@pytest.mark.parametrize(
    "text",
    [
        "We can sponsor visas.",
        "Visa sponsorship is available for this position.",
        "Is role eligible for Immigration Sponsorship?: Yes",
        "This position is eligible for day-one PERM sponsorship for qualified candidates.",
        "We offer relocation package and visa support.",
    ],
)
def test_yes_sponsorship_phrasings(text: str) -> None:
    """Real ways of saying "we sponsor" are a yes."""
    visa = extract_visa(text_lines(text))
    assert visa is not None and visa.sponsorship == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "Visa is a world leader in digital payments.",
        "Employer-sponsored 401(k) with a company match.",
        "Visa sponsorship may be available for exceptional candidates.",
        "We provide company-sponsored life insurance.",
    ],
)
def test_not_about_sponsoring_this_hire(text: str) -> None:
    """The company Visa, sponsored benefits and hedges say nothing about sponsorship."""
    assert extract_visa(text_lines(text)) is None


def test_conflicting_statements_leave_it_absent() -> None:
    """A posting that says both yes and no gets neither."""
    lines = text_lines("We can sponsor visas for US roles.", "We are unable to sponsor visas.")
    assert extract_visa(lines) is None
    assert extract_work_authorization(lines) is not None


def test_nothing_stated() -> None:
    """A posting silent on sponsorship has no visa fact."""
    assert role("05_no_salary_header_sum").visa is None
    assert role("05_no_salary_header_sum").work_authorization is None

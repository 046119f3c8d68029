"""Relocation support."""

from __future__ import annotations

import pytest

from bot.knowledge.extract.relocation import extract_relocation
from tests.knowledge.extract_fixtures import quoted, role, text_lines


@pytest.mark.parametrize(
    ("name", "offered", "destination", "needle"),
    [
        ("02_eur_hybrid_berlin", True, "Berlin", "relocation package"),
        ("06_gbp_up_to_ote", False, None, "no relocation assistance"),
        ("09_onsite_sf_relocation", True, "San Francisco", "Relocation assistance is available"),
        ("13_pln_b2b_poland", False, None, "We can't offer relocation support"),
    ],
)
def test_relocation_stated(name: str, offered: bool, destination: str | None, needle: str) -> None:
    """Offered or not, with destination and source."""
    r = role(name)
    assert r.relocation is not None
    assert (r.relocation.offered, r.relocation.destination) == (offered, destination)
    quoted(r.relocation.source, r, needle)


@pytest.mark.parametrize(
    ("text", "offered", "destination"),
    [
        ("We can help you relocate to the UK", True, "UK"),
        ("Relocation packages.", True, None),
        ("We provide relocation support for Finland or Sweden.", True, "Finland or Sweden"),
        ("We do not offer Visa sponsorship or relocation assistance at this time.", False, None),
        ("Relocation assistance will not be provided for this role.", False, None),
        ("(relocation expenses not provided)", False, None),
    ],
)
def test_relocation_phrasings(text: str, offered: bool, destination: str | None) -> None:
    """Real relocation phrasings."""
    reloc = extract_relocation(text_lines(text))
    assert reloc is not None
    assert (reloc.offered, reloc.destination) == (offered, destination)


@pytest.mark.parametrize(
    "text",
    [
        "Candidates must be willing to relocate to Austin, TX.",
        "All of our positions are fully remote. You do not have to relocate to join us!",
        "Possibility for relocation and international transfers mid-career",
        "Relocation assistance for eligible roles",
        "Familiarity with data center relocation projects.",
    ],
)
def test_not_a_relocation_offer(text: str) -> None:
    """Candidate-side, hedged and technical uses of "relocate" state nothing."""
    assert extract_relocation(text_lines(text)) is None


def test_unstated() -> None:
    """Postings silent on relocation have none."""
    assert role("01_usd_remote_us").relocation is None
    assert role("10_money_that_is_not_salary").relocation is None

"""Contact, closing date, levels, about, day-to-day, equal opportunity, open source."""

from __future__ import annotations

from datetime import date

from bot.knowledge.extract.misc import (
    extract_closing,
    extract_contact,
    extract_degree,
    extract_levels,
)
from tests.knowledge.extract_fixtures import quoted, role, text_lines


def test_contact_email() -> None:
    """The email candidates are told to write to."""
    r = role("14_eur_day_rate_netherlands")
    assert r.contact is not None and r.contact.email == "jobs@poldercloud.example"
    quoted(r.contact.source, r, "jobs@poldercloud.example")


def test_accommodation_email_is_not_the_contact() -> None:
    """An accommodations address is not where to send questions."""
    lines = text_lines("If you need an accommodation, email accommodations@example.com.")
    assert extract_contact(lines) is None


def test_closing_date_and_always_hiring() -> None:
    """A dated closing and "always hiring … no closing date"."""
    c8 = role("08_cad_canada_no_visa").closing
    assert c8 is not None and c8.date == date(2025, 3, 15) and not c8.always_hiring
    c16 = role("16_team_levels_always_hiring").closing
    assert c16 is not None and c16.always_hiring and c16.date is None
    assert role("01_usd_remote_us").closing is None
    assert extract_closing(text_lines("Apply by May 2, 2025.")) is not None


def test_levels() -> None:
    """ "L4 and L5" are levels, quoted."""
    r = role("16_team_levels_always_hiring")
    assert r.identity.levels == ("L4", "L5")
    quoted(r.identity.levels_source, r, "L4 and L5")
    assert role("01_usd_remote_us").identity.levels == ()


def test_about_day_to_day_eo_open_source() -> None:
    """Section-based text facts quote their sentences."""
    r = role("11_eu_timezones_prose_interview")
    assert r.about is not None
    quoted(r.about.source, r, "Driftwood Observability is a small")
    assert r.open_source is not None
    quoted(r.open_source.source, r, "We maintain several open source libraries")
    r14 = role("14_eur_day_rate_netherlands")
    assert r14.equal_opportunity is not None
    quoted(r14.equal_opportunity.source, r14, "equal opportunity employer")
    r1 = role("01_usd_remote_us")
    assert r1.day_to_day is not None
    quoted(r1.day_to_day.source, r1, "Own our Kubernetes platform")


def test_absent_text_facts() -> None:
    """No open-source or EO statement when the posting has none."""
    r = role("03_gbp_day_rate_contract")
    assert r.open_source is None and r.equal_opportunity is None and r.contact is None


def test_company_values_are_not_closing_dates() -> None:
    """ "Evergreen business" and "always looking for ways to improve" are not "always hiring"."""
    lines = text_lines(
        "As a proud Evergreen business our values drive us.",
        "We are always looking for ways to improve our process.",
    )
    assert extract_closing(lines) is None


def test_levels_need_a_hiring_context() -> None:
    """ "L1 on-call rotation" and "L2, L3 networking" are not engineering levels."""
    lines = text_lines(
        "You will share L1 on-call rotation with the team.",
        "A good understanding of networking including L2, L3 switching.",
    )
    assert extract_levels(lines) == ((), ())


def test_fraud_warning_address_is_not_the_contact() -> None:
    """An address for reporting recruitment scams is not where to ask about the role."""
    lines = text_lines("If you receive suspicious messages, report them to px@example.com.")
    assert extract_contact(lines) is None


def test_degree_not_required_with_a_curly_apostrophe() -> None:
    """ "We don’t require diplomas or degrees" (typographic apostrophe) is no requirement."""
    text = "We don’t require diplomas or degrees, but we are looking for practical experience."
    degree = extract_degree(text_lines(text))
    assert degree is not None and degree.required is False and degree.source == (text,)

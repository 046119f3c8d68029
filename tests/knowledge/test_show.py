"""Tests of bot.knowledge.show: the recruiter's summary of a role and its gaps."""

from __future__ import annotations

from bot.knowledge.schema import (
    Benefit,
    Benefits,
    Compensation,
    Identity,
    Money,
    Role,
    Visa,
)
from bot.knowledge.show import TOPICS, missing_topics, money_range, render_role

IDENTITY = Identity(slug="x", title="Engineer", company="Acme")


def test_an_empty_role_misses_every_topic() -> None:
    """A role with no facts lists every topic as not stated."""
    assert missing_topics(Role(identity=IDENTITY)) == [topic for topic, _ in TOPICS]


def test_stated_facts_are_not_listed_as_missing() -> None:
    """Salary, visa and a pension benefit remove their topics from the gaps."""
    role = Role(
        identity=IDENTITY,
        compensation=Compensation(currency="USD", min=1, max=2, period="year", text="t"),
        visa=Visa(sponsorship="no", text="We cannot sponsor visas."),
        benefits=Benefits(items=(Benefit(text="401(k) match", kind="pension"),)),
    )
    missing = missing_topics(role)
    assert "salary" not in missing and "visa sponsorship" not in missing
    assert "pension / retirement" not in missing
    assert "holidays / paid time off" in missing


def test_money_range_formats() -> None:
    """Ranges, single amounts, OTE and unknown currencies read naturally."""
    gbp = Compensation(currency="GBP", min=95000, max=150000, period="year", text="t")
    assert money_range(gbp) == "£95,000–£150,000 GBP per year"
    ote = Compensation(currency="USD", max=120000, period="year", text="t", ote=True)
    assert money_range(ote) == "up to $120,000 USD per year (OTE)"
    assert money_range(Compensation(currency="PLN", min=90.5, period="hour", text="t")) == (
        "90.50 PLN per hour"
    )
    assert money_range(Money(amount=1000, currency="GBP", period="year", text="t")) == (
        "£1,000 GBP per year"
    )
    assert money_range(Compensation(text="competitive")) == "competitive"


def test_render_quotes_sources_and_lists_gaps() -> None:
    """The summary shows each fact with its source and ends with the gaps."""
    role = Role(
        identity=IDENTITY,
        visa=Visa(sponsorship="yes", text="We sponsor visas.", source=("We sponsor visas.",)),
    )
    text = render_role(role)
    assert text.startswith("Engineer — Acme\n  slug: x\n")
    assert "  Visa sponsorship: yes\n      source: “We sponsor visas.”\n" in text
    gaps = text.split("Not stated in the posting (add an override or a Q&A entry):\n")[1]
    assert gaps.startswith("  salary, equity / stock options, remote / work model")
    assert "visa sponsorship" not in gaps


def test_board_only_salary_is_flagged() -> None:
    """A salary known only from the board header says so."""
    pay = Compensation(currency="USD", min=1, max=2, period="year", text="t", from_board=True)
    text = render_role(Role(identity=IDENTITY, compensation=pay))
    assert "  Salary: $1–$2 USD per year (only the job board's header states it)\n" in text

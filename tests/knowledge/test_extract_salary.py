"""Compensation and equity extraction."""

from __future__ import annotations

import pytest

from bot.knowledge.extract.salary import extract_compensation, extract_equity
from tests.knowledge.extract_fixtures import quoted, role, text_lines


@pytest.mark.parametrize(
    ("name", "currency", "low", "high", "period", "needle"),
    [
        ("01_usd_remote_us", "USD", 150000, 190000, "year", "$150,000 - $190,000 per year"),
        ("02_eur_hybrid_berlin", "EUR", 70000, 85000, "year", "€70.000 – €85.000 per year"),
        ("03_gbp_day_rate_contract", "GBP", 500, 600, "day", "£500 - £600 per day"),
        ("04_usd_hourly_latam", "USD", 50, 65, "hour", "$50/hr - $65/hr"),
        ("06_gbp_up_to_ote", "GBP", None, 80000, "year", "Up to £80k OTE"),
        ("07_usd_monthly_latam", "USD", 4000, 6000, "month", "$4,000 - $6,000 USD per month"),
        ("08_cad_canada_no_visa", "CAD", 120000, 150000, "year", "CAD $120,000 - $150,000"),
        ("09_onsite_sf_relocation", "USD", 180000, 220000, "year", "$180K - $220K base"),
        ("11_eu_timezones_prose_interview", "EUR", 60000, 75000, "year", "€60k - €75k per annum"),
        ("12_single_figure_go_verb", "USD", 95000, 95000, "year", "$95,000 per year"),
        ("13_pln_b2b_poland", "PLN", 18000, 24000, "month", "18 000 - 24 000 PLN net"),
        ("14_eur_day_rate_netherlands", "EUR", 650, 650, "day", "€650 per day"),
    ],
)
def test_salary_from_the_body(
    name: str, currency: str, low: float | None, high: float, period: str, needle: str
) -> None:
    """Each posting's stated pay, with currency, bounds, period and its sentence."""
    r = role(name)
    comp = r.compensation
    assert comp is not None
    assert (comp.currency, comp.min, comp.max, comp.period) == (currency, low, high, period)
    quoted(comp.source, r, needle)


def test_ote_is_flagged() -> None:
    """ "Up to £80k OTE" is on-target earnings."""
    comp = role("06_gbp_up_to_ote").compensation
    assert comp is not None and comp.ote


def test_per_location_ranges_are_spanned_without_bonus_or_variable_pay() -> None:
    """Two location ranges give their span; signing bonus and variable pay are not salary."""
    r = role("15_usd_range_per_location")
    comp = r.compensation
    assert comp is not None
    assert (comp.currency, comp.min, comp.max, comp.period) == ("USD", 176000, 242000, "year")
    quoted(comp.source, r, "$198,000 - $242,000", "$176,000 - $218,000")
    assert not any("signing bonus" in s for s in comp.source)


def test_unreliable_header_number_is_never_reported() -> None:
    """The board's bare "245000.0" with no salary in the body gives no compensation."""
    assert role("05_no_salary_header_sum").compensation is None


def test_funding_revenue_stipends_and_401k_are_not_salary() -> None:
    """Raised $120M, $2B in payments, a $1,000 stipend and a 401(k) match state no salary."""
    assert role("10_money_that_is_not_salary").compensation is None


def test_header_with_currency_is_used_only_when_the_body_is_silent() -> None:
    """A header carrying a currency and a plausible range is a fallback, quoted as written."""
    lines = text_lines("We are a friendly team.")
    comp = extract_compensation(lines, "USD $120,000~$140,000")
    assert comp is not None
    assert (comp.currency, comp.min, comp.max, comp.period) == ("USD", 120000, 140000, "year")
    assert comp.source == ("USD $120,000~$140,000",)
    assert extract_compensation(lines, "245000.0") is None
    assert extract_compensation(lines, "$Competitive") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Salary: USD 120k - 140k per year", ("USD", 120000, 140000, "year")),
        ("The base salary is £65,000 per annum.", ("GBP", 65000, 65000, "year")),
        ("Compensation: $70 - $90 per hour.", ("USD", 70, 90, "hour")),
        ("Day rate: £450 - £550 (inside IR35)", ("GBP", 450, 550, "day")),
        ("Salary range: 50.000 - 65.000 EUR gross per year", ("EUR", 50000, 65000, "year")),
        ("CAN base pay range per year: $102,000 - $142,000", ("CAD", 102000, 142000, "year")),
        (
            "Salary: $90,000 - $110,000The offer depends.",
            ("USD", 90000, 110000, "year"),
        ),
        ("Base pay: $100,000/yr - $115,000/yr plus bonus", ("USD", 100000, 115000, "year")),
    ],
)
def test_salary_shapes(text: str, expected: tuple[str, float, float, str]) -> None:
    """Common real salary phrasings parse into currency, bounds and period."""
    comp = extract_compensation(text_lines(text), None)
    assert comp is not None
    assert (comp.currency, comp.min, comp.max, comp.period) == expected
    assert comp.source == (text,)


@pytest.mark.parametrize(
    "text",
    [
        "We raised $50M in Series B funding last year.",
        "Our customers process over $2B annually.",
        "A $10,000 signing bonus is available.",
        "Learning budget of $1,500 per year.",
        "401(k) match up to $6,000 per year.",
        "We have saved our members over $16,000 annually in taxes.",
        "The salary range for this position is $165,00 to $247,000.",
        "We offer a competitive salary.",
        "Up to $25,000 Fertility and Family Building Benefit (paid leave for employees)",
        "Basic Life & AD&D - employer paid 1x salary up to $250,000",
    ],
)
def test_money_that_is_not_a_stated_salary(text: str) -> None:
    """Funding, revenue, bonuses, budgets, typos and vague pay give no compensation."""
    assert extract_compensation(text_lines(text), None) is None


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("01_usd_remote_us", "RSUs", "plus RSUs"),
        ("09_onsite_sf_relocation", "stock options", "equity (stock options)"),
        ("11_eu_timezones_prose_interview", "stock options", "plus stock options"),
    ],
)
def test_equity(name: str, text: str, needle: str) -> None:
    """Stock options and RSUs are equity, quoted."""
    r = role(name)
    assert r.equity is not None and r.equity.text == text
    quoted(r.equity.source, r, needle)


@pytest.mark.parametrize(
    "text",
    [
        "We are committed to diversity, equity and inclusion in everything we do.",
        "A 401(k) match that reinforces our commitment to equity.",
        "Equity or comparable benefits may be offered depending on local law.",
    ],
)
def test_equity_in_other_senses_is_not_a_stake(text: str) -> None:
    """Fairness "equity" and hedged offers are not a stake in the company."""
    assert extract_equity(text_lines(text)) is None


def test_equity_in_a_list_of_pay_components() -> None:
    """Competitive salary, equity, and benefits: equity is offered."""
    equity = extract_equity(text_lines("Competitive salary, equity, and benefits."))
    assert equity is not None and equity.text == "equity"


def test_no_equity_when_not_offered() -> None:
    """Postings that offer no equity have none."""
    assert role("03_gbp_day_rate_contract").equity is None
    assert role("10_money_that_is_not_salary").equity is None


def test_base_salary_wins_over_total_compensation() -> None:
    """A base range and an "at plan" total: the salary is the base."""
    lines = text_lines(
        "Compensation for this role includes a base (range $75,000 - $100,000) plus commission.",
        "At plan, total compensation is likely $150,000 - $200,000.",
    )
    comp = extract_compensation(lines, None)
    assert comp is not None and (comp.min, comp.max) == (75000, 100000)
    assert len(comp.source) == 1


def test_board_header_fallback_is_flagged_and_known_artifacts_are_ignored() -> None:
    """A header-only salary says it came from the board; the board's default range is dropped."""
    lines = text_lines("We are a friendly team.")
    comp = extract_compensation(lines, "$130,000 - $160,000")
    assert comp is not None and comp.from_board
    assert extract_compensation(lines, "$174,000/yr - $235,000/yr") is None
    body = extract_compensation(text_lines("Salary: $90,000 - $100,000"), "$130,000 - $160,000")
    assert body is not None and not body.from_board and body.min == 90000


def test_ote_and_variable_label_only_their_own_amounts() -> None:
    """Base figures next to "(OTE …)" figures are the salary, all levels, and not OTE."""
    comp = role("17_board_prefix_split_list").compensation
    assert comp is not None
    assert (comp.currency, comp.min, comp.max, comp.ote) == ("EUR", 60000, 66000, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£60,000 base, £90,000 OTE.", (60000, 60000, False)),
        ("$250,000- $280,000 OTE (70/30 split) + equity salary packages", (250000, 280000, True)),
        ("OTE: £80,000 - £100,000 per year.", (80000, 100000, True)),
    ],
)
def test_ote_per_amount(text: str, expected: tuple[float, float, bool]) -> None:
    """A base and an OTE figure are never spanned into one range; OTE alone is flagged."""
    comp = extract_compensation(text_lines(text), None)
    assert comp is not None and (comp.min, comp.max, comp.ote) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2 Treat Yourself Days per year: We'll pay you $100 to take a day off and have fun.",
        "Salary: CAD ~$90,000 - $110,000 / month",
    ],
)
def test_perks_and_mislabelled_periods_are_not_a_salary(text: str) -> None:
    """Money for a day off is a perk; a yearly-sized figure labelled monthly is left out."""
    assert extract_compensation(text_lines(text), None) is None


def test_board_header_does_not_correct_a_salary_the_body_states() -> None:
    """The body's "CAD ~$90,000 - $110,000 / month" keeps the header's guess out."""
    lines = text_lines("Salary: CAD ~$90,000 - $110,000 / month")
    assert extract_compensation(lines, "CAD 900000-1100000") is None
    assert extract_compensation(lines, "CAD 90000-110000") is None


def test_ranges_listed_after_a_salary_intro_beat_the_board_header() -> None:
    """Lines after "our base salary ranges for this role:" are pay, all of them, not the header."""
    lines = text_lines(
        "The following are our base salary ranges for this role:",
        "SF Bay Area, NYC, Los Angeles/Orange County: $170,000 - $190,000",
        "Seattle/Olympia, Austin, San Diego, Santa Barbara, Boston: $155,000 - $175,000",
        "All other cities and towns in our approved states: $145,000 - $165,000",
    )
    comp = extract_compensation(lines, "$170,000 - $190,000")
    assert comp is not None and not comp.from_board
    assert (comp.min, comp.max, len(comp.source)) == (145000, 190000, 3)

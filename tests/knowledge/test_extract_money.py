"""Money amounts: numbers, currencies (including which dollar), ranges and periods."""

from __future__ import annotations

import pytest

from bot.knowledge.extract.money import find_ranges, parse_number, plausible


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("95,000", 95000),
        ("99.999", 99999),
        ("120 000", 120000),
        ("24.20", 24.2),
        ("1.200,00", 1200),
    ],
)
def test_parse_number(raw: str, value: float) -> None:
    """Thousands separators of several conventions and decimals."""
    assert parse_number(raw) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£95,000 - £150,000", [("GBP", 95000, 150000)]),
        ("USD $192,000~$213,000", [("USD", 192000, 213000)]),
        ("€60k - €75k", [("EUR", 60000, 75000)]),
        ("£95-150k", [("GBP", 95000, 150000)]),
        ("between $109,000 CAD and $147,000 CAD", [("CAD", 109000, 147000)]),
        ("358,000 zł - 458,000 zł", [("PLN", 358000, 458000)]),
        ("(USD: $50-$53/hr, CAD: $45-$48/hr)", [("USD", 50, 53), ("CAD", 45, 48)]),
        (
            "MIN: $87,200 - MID: $109,000 - MAX: $130,800 CAD",
            [
                ("CAD", 87200, None),
                ("CAD", 109000, None),
                ("CAD", 130800, None),
            ],
        ),
        ("San Francisco, CA: $150,000 - $180,000", [("USD", 150000, 180000)]),
        ("pay range of $120,000 to $195,000 across Canada.", [("CAD", 120000, 195000)]),
        ("2-3 weeks and 401(k)", []),
    ],
)
def test_find_ranges(text: str, expected: list[tuple[str, float, float | None]]) -> None:
    """Currency, low and high of each amount or range."""
    assert [(r.currency, r.low, r.high) for r in find_ranges(text)] == expected


def test_period_suffix() -> None:
    """ "/yr" and "/hr" suffixes set the period."""
    assert [r.period for r in find_ranges("$174,000/yr - $235,000/yr")] == ["year"]
    assert [r.period for r in find_ranges("$50/hr - $65/hr")] == ["hour"]


def test_plausible() -> None:
    """Yearly, hourly and daily figures are judged against sane bounds per currency."""
    assert plausible("USD", 150000, 190000, "year")
    assert not plausible("USD", 150, 190, "year")
    assert plausible("GBP", 500, 600, "day")
    assert not plausible("USD", 50000, 500000, "year")  # a tenfold spread is not a salary range
    assert plausible("PLN", 18000, 24000, "month")
    assert not plausible("XYZ", 1, 2, "hour")

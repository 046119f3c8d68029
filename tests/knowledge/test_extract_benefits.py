"""Benefits: learning budget, flexible hours, items with kinds."""

from __future__ import annotations

from tests.knowledge.extract_fixtures import quoted, role


def test_learning_budgets() -> None:
    """Amount, currency and period of learning budgets in several shapes."""
    cases = {
        "02_eur_hybrid_berlin": (1500, "EUR", "year"),
        "06_gbp_up_to_ote": (500, "GBP", "year"),
        "10_money_that_is_not_salary": (2500, "USD", "year"),
    }
    for name, expected in cases.items():
        r = role(name)
        lb = r.benefits.learning_budget
        assert lb is not None, name
        assert (lb.amount, lb.currency, lb.period) == expected
        quoted(lb.source, r)


def test_flexible_hours() -> None:
    """ "Flexible working hours" is quoted."""
    r = role("10_money_that_is_not_salary")
    assert r.benefits.flexible_hours is not None
    quoted(r.benefits.flexible_hours.source, r, "Flexible working hours")
    assert role("01_usd_remote_us").benefits.flexible_hours is None


def test_benefit_items_have_kinds() -> None:
    """Benefit list items are classified (pension, health, holiday, …)."""
    kinds = {b.text: b.kind for b in role("01_usd_remote_us").benefits.items}
    assert kinds["401(k) with a 4% match, up to $6,000 per year"] == "pension"
    assert kinds["Medical, dental and vision insurance"] == "health"
    assert kinds["20 days of paid time off"] == "holiday"
    kinds6 = {b.kind for b in role("06_gbp_up_to_ote").benefits.items}
    assert {"pension", "holiday", "learning"} <= kinds6


def test_no_benefits_section() -> None:
    """A posting without benefits lists none."""
    assert role("03_gbp_day_rate_contract").benefits.items == ()
    assert role("03_gbp_day_rate_contract").benefits.learning_budget is None

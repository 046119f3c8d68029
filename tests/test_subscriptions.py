"""Subscription filters, their text syntax and the subscribe commands."""

# The backend fixtures are imported from tests/storage/conftest.py and requested by
# parameter name, which pyflakes reads as redefinitions.
# ruff: noqa: F811

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.errors import BotError, UsageError
from bot.storage import Opening, Store
from bot.subscriptions import (
    Filters,
    add_subscription,
    describe_subscriptions,
    parse_filters,
    subscribe,
    unsubscribe,
)
from tests.storage.conftest import (  # noqa: F401 - fixtures used by name
    backend,
    clock,
    postgres_target,
    store,
    store_factory,
)

T = datetime(2026, 1, 5, tzinfo=UTC)
GO = Opening(
    id=1,
    slug="go-eng",
    title="Senior Go Engineer",
    company="Acme",
    skill="Golang",
    location="London, United Kingdom",
    remote="hybrid",
    salary="£70,000 - £90,000",
    salary_min=70000,
    salary_max=90000,
    salary_currency="GBP",
    salary_period="year",
    apply_url="https://x.test/a",
    content_hash="h",
    source_path="/x/go.md",
    first_seen=T,
    updated_at=T,
    closed_at=None,
)


def test_parse_full_syntax() -> None:
    """Every key=value filter is read into its field."""
    f = parse_filters(
        "keywords=python,go remote=yes location=uk min_salary=80000 currency=GBP skill=Golang"
    )
    assert f == Filters(("python", "go"), "Golang", "uk", True, 80000.0, "GBP")


def test_parse_friendly_words() -> None:
    """Bare words are keywords, a bare "remote" means remote=yes, £80k sets the currency."""
    f = parse_filters('python "data engineer" remote salary=£80k')
    assert f.keywords == ("python", "data engineer")
    assert f.remote is True and f.min_salary == 80000 and f.currency == "GBP"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour=blue", "unknown filter 'colour'"),
        ("remote=maybe", "not yes or no"),
        ("min_salary=lots currency=GBP", "not an amount"),
        ("min_salary=80000", "needs a currency"),
        ("currency=pounds", "3-letter code"),
        ("skill=", "needs a value"),
        ('keywords="python', "cannot read"),
    ],
)
def test_parse_errors_are_clear(text: str, message: str) -> None:
    """Each mistake gets a one-line UsageError naming it."""
    with pytest.raises(UsageError, match=message):
        parse_filters(text)


def test_json_round_trip_and_description() -> None:
    """Filters survive JSON and describe themselves briefly."""
    f = parse_filters("go remote min_salary=90k currency=usd")
    assert Filters.from_json(f.to_json()) == f
    assert f.describe() == "keywords go; remote; salary ≥ 90,000 USD"
    assert Filters().describe() == "all new openings" and Filters().empty


def test_keyword_matches_whole_words_in_the_title() -> None:
    """ "go" matches "Go Engineer" but not "Google"."""
    assert parse_filters("go").matches(GO)
    assert not parse_filters("go").matches(replace(GO, title="Google Ads Manager"))
    assert parse_filters("rust,go").matches(GO)


def test_skill_location_remote() -> None:
    """Skill is compared case-blind, uk finds United Kingdom, hybrid is not remote."""
    assert parse_filters("skill=golang location=uk").matches(GO)
    assert not parse_filters("skill=python").matches(GO)
    assert not parse_filters("remote=yes").matches(GO)
    assert parse_filters("remote=no").matches(GO)
    assert parse_filters("remote").matches(replace(GO, remote=None, location="Remote - EU"))


def test_salary_needs_a_stated_salary_in_that_currency() -> None:
    """The range top is compared per year; unknown salary or another currency never match."""
    assert parse_filters("min_salary=85000 currency=GBP").matches(GO)
    assert not parse_filters("min_salary=95000 currency=GBP").matches(GO)
    assert not parse_filters("min_salary=50000 currency=USD").matches(GO)
    assert not parse_filters("min_salary=1 currency=GBP").matches(
        replace(GO, salary=None, salary_min=None, salary_max=None, salary_currency=None)
    )
    daily = replace(GO, salary_min=500, salary_max=600, salary_period="day")
    assert parse_filters("min_salary=150000 currency=GBP").matches(daily)


def test_subscribe_replace_and_unsubscribe(store: Store) -> None:
    """Subscribing twice replaces the filters; unsubscribing removes the subscription."""
    assert subscribe(store, "slack:C123", "python remote").startswith("Subscribed slack:C123")
    reply = subscribe(store, "slack:C123", "go")
    assert reply == "Updated the subscription of slack:C123 to new openings: keywords go."
    assert [s.filters for s in store.subscriptions.list()] == [{"keywords": ["go"]}]
    assert unsubscribe(store, "slack:C123").startswith("Unsubscribed slack:C123")
    assert unsubscribe(store, "slack:C123") == "slack:C123 had no subscription."


def test_chat_commands_reply_with_errors(store: Store) -> None:
    """Bad destinations or filters come back as a reply, not an exception."""
    assert "numeric chat id" in subscribe(store, "telegram:abc", "")
    assert "unknown filter" in subscribe(store, "telegram:42", "colour=red")
    with pytest.raises(BotError):
        add_subscription(store, "irc:#x", "")


def test_list_shows_inactive_with_reason(store: Store) -> None:
    """A deactivated destination is listed with why it stopped; resubscribing reactivates."""
    subscribe(store, "telegram:42", "")
    subscribe(store, "console", "skill=Python")
    store.subscriptions.deactivate("telegram:42", "permanent error: Forbidden: bot was blocked")
    assert describe_subscriptions(store) == [
        "telegram:42: all new openings [inactive: permanent error: Forbidden: bot was blocked]",
        "console: skill Python",
    ]
    subscribe(store, "telegram:42", "")
    sub = store.subscriptions.get("telegram:42")
    assert sub is not None and sub.active and sub.deactivated_reason is None

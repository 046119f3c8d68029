"""Eligibility facts: allow and deny lists of real places, with their sentence."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.build import build_file
from bot.knowledge.extract.eligibility import statement
from bot.knowledge.geo import find

EXTRA = Path(__file__).resolve().parent.parent / "fixtures" / "postings_extra"


def test_geo_finds_cities_subdivisions_and_countries() -> None:
    """Cities carry their country (and US state); words and acronyms are not towns."""
    [honolulu] = find("I live in Honolulu - can I take this?")
    assert (honolulu.kind, honolulu.country, honolulu.subdivision) == ("city", "US", "US-HI")
    assert [r.name for r in find("Can I apply?")] == []  # not the Turkish town of Çan
    assert find("candidates in APAC only") == []
    assert find("San Jose")[0].country == "US"
    assert find("Alberta, Canada")[0].subdivision == "CA-AB"


def test_a_deny_sentence_excludes_a_subdivision() -> None:
    """ "not eligible to be performed in Hawaii" denies US-HI; the tag allows the US."""
    role = build_file(EXTRA / "not_hawaii.md")
    body, tag = role.eligibility
    assert body.deny == ("US-HI",) and body.allow == ()
    assert body.source == ("This position is not eligible to be performed in Hawaii.",)
    assert tag.tag and tag.allow == ("US",)


def test_a_country_list_is_an_only_list() -> None:
    """ "open to candidates in France, Germany, …" lists five countries and limits to them."""
    fact = statement(
        "This is a remote position open to candidates in France, Germany, the Netherlands, "
        "Poland, and the United Kingdom.",
        "s",
    )
    assert fact is not None and fact.only
    assert fact.allow == ("FR", "DE", "NL", "PL", "GB")


def test_a_city_region_limit() -> None:
    """ "must be in the Milan region" allows the city of Milan only."""
    role = build_file(EXTRA / "milan_region.md")
    assert role.eligibility[0].allow == ("IT:Milan",) and role.eligibility[0].only


def test_sentences_without_a_cue_are_not_eligibility() -> None:
    """A place with no eligibility cue ("our Paris office hosts …") is no statement."""
    assert statement("Our Paris office hosts the summer party.", "s") is None


def test_where_the_company_operates_is_not_where_the_role_is_open() -> None:
    """ "The service is available throughout the United States" says nothing of the role."""
    text = (
        "The Company is headquartered in San Francisco, California, and the service is "
        "available throughout the United States, as well as in Canada."
    )
    assert statement(text, "s") is None

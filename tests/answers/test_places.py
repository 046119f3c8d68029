"""The gazetteer: places named in questions and the countries a role's limits cover."""

from __future__ import annotations

import pytest

from bot.answers.places import area, find_place, find_places


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Can I work from Germany?", "Germany", "Germany"),
        ("I live in Edinburgh", "Edinburgh", "United Kingdom"),
        ("Posso trabalhar de São Paulo?", "São Paulo", "Brazil"),
        ("Kann ich aus Österreich arbeiten?", "Austria", "Austria"),
        ("I'm in the US", "the US", "United States"),
        ("based in new york city?", "New York", "United States"),
    ],
)
def test_find_place(text: str, name: str, country: str) -> None:
    """Cities map to their country; other-language names to the English one."""
    place = find_place(text)
    assert place is not None
    assert (place.name, place.country) == (name, country)


def test_lowercase_us_is_a_pronoun() -> None:
    """ "Can you help us?" names no place."""
    assert find_places("can you help us?") == []


def test_regions_and_anywhere() -> None:
    """Regions and "anywhere" are recognised as such."""
    emea = find_place("remote in EMEA?")
    anywhere = find_place("from anywhere in the world?")
    assert emea is not None and emea.region == "emea"
    assert anywhere is not None and anywhere.worldwide


def test_area_of_limits() -> None:
    """Country lists, regions and unparseable limits (time zones) are told apart."""
    assert area(["United Kingdom"]).countries == {"United Kingdom"}
    assert "Germany" in area(["EU"]).countries
    assert not area(["UTC-5 to UTC+1"]).understood
    assert area(["Worldwide"]).worldwide


def test_empty_text() -> None:
    """No text, no place."""
    assert find_place("") is None

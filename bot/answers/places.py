"""A small gazetteer: find a place in a question and check it against a role's remote limits.

``find_place("Can I work from Edinburgh?")`` -> ``Place("Edinburgh", country="United Kingdom")``;
``allowed_countries(("United Kingdom",))`` -> ``{"United Kingdom"}``. Data: ``places.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("places.yaml")
MAX_WORDS = 4
_WORD = re.compile(r"[^\W_]+(?:[.'-][^\W_]+)*\.?", re.UNICODE)
_US = re.compile(r"\b(?:US|U\.S\.?|USA)\b")


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in text: a city or country (``country`` set), a region or "anywhere"."""

    name: str
    country: str | None = None
    region: str | None = None
    worldwide: bool = False
    is_city: bool = False


@dataclass(frozen=True, slots=True)
class Gazetteer:
    names: dict[str, Place]  # folded phrase -> place
    regions: dict[str, frozenset[str]]  # region key -> countries
    countries: frozenset[str]


def fold(text: str) -> str:
    """Lower-case, accent-free text for lookups."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    return [w.rstrip(".") if w.count(".") == 1 else w for w in _WORD.findall(fold(text))]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer loaded from ``places.yaml`` (once)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when available
    data = yaml.load(DATA.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 — safe loader
    names: dict[str, Place] = {}
    regions: dict[str, set[str]] = {key: set() for key in data["regions"]}
    for term in data["worldwide"]:
        names[" ".join(_words(term))] = Place("anywhere", worldwide=True)
    for key, aliases in data["regions"].items():
        for alias in aliases:
            label = str(alias).upper() if len(str(alias)) <= 5 else str(alias).title()
            names[" ".join(_words(alias))] = Place(label, region=key)
    for country, info in data["countries"].items():
        for key in info.get("regions") or ():
            regions[key].add(country)
        for alias in (country, *(info.get("aliases") or ())):
            names.setdefault(" ".join(_words(str(alias))), Place(country, country=country))
        for city in info.get("cities") or ():
            names.setdefault(
                " ".join(_words(str(city))),
                Place(str(city).title(), country=country, is_city=True),
            )
    names.pop("", None)
    return Gazetteer(
        names,
        {k: frozenset(v) for k, v in regions.items()},
        frozenset(data["countries"]),
    )


def find_places(text: str) -> list[Place]:
    """Every place named in ``text``, longest phrases first, in reading order."""
    if not text.strip():
        return []
    g = gazetteer()
    words = _words(text)
    found: list[Place] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            place = g.names.get(" ".join(words[i : i + n]))
            if place is not None:
                found.append(place)
                i += n
                break
        else:
            i += 1
    if _US.search(text) and not any(p.country == "United States" for p in found):
        found.append(Place("the US", country="United States"))
    return found


def find_place(text: str) -> Place | None:
    """The first city or country named in ``text`` (regions count too), if any."""
    places = find_places(text)
    return places[0] if places else None


@dataclass(frozen=True, slots=True)
class Area:
    """Where a role may be done from, as far as the gazetteer understands the limits."""

    countries: frozenset[str]
    worldwide: bool = False
    understood: bool = True  # False when some limit (e.g. a time zone range) is not a place


def area(limits: Iterable[str]) -> Area:
    """The countries covered by a role's geographic limits, e.g. ``("United Kingdom",)``."""
    g = gazetteer()
    countries: set[str] = set()
    worldwide = False
    understood = True
    for limit in limits:
        places = find_places(limit)
        if not places:
            understood = False
        for place in places:
            if place.worldwide:
                worldwide = True
            elif place.region is not None:
                countries |= g.regions.get(place.region, frozenset())
            elif place.country is not None:
                countries.add(place.country)
    return Area(frozenset(countries), worldwide, understood)

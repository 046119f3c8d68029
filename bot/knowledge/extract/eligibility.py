"""Eligibility: where the role may, or may not, be done from, as the posting states it.

Each sentence (and the board's location tag) that names a place next to an eligibility cue
(``knowledge/vocab/eligibility.yaml``) becomes one :class:`Eligibility` fact: the places it
allows and the places it excludes, as codes (``US`` a country, ``US-HI`` an ISO 3166-2
subdivision, ``IT:Milan`` a city, ``region:apac`` a region), with the sentence as source.
"""

from __future__ import annotations

from functools import lru_cache

from bot.knowledge.extract.lines import Lines, clean
from bot.knowledge.geo import country_code, find, fold
from bot.knowledge.geo import place_code as code
from bot.knowledge.schema import Eligibility
from bot.knowledge.vocab import VOCAB_DIR, Cues, load_cues

MAX_FACTS = 8


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The eligibility cue phrases, loaded and checked once."""
    return load_cues(VOCAB_DIR / "eligibility.yaml", ("deny", "only", "allow"))


def _regions(text: str) -> list[tuple[int, str]]:
    """(position, code) for regions, "anywhere" and the countries' other names ("US",
    "UK", "USA") that the region gazetteer knows, in ``text``."""
    from bot.answers.places import find_places

    low = fold(text)
    out = []
    for place in find_places(text):
        at = _find_phrase(low, fold(place.name))
        at = at if at >= 0 else len(low)
        if place.worldwide:
            out.append((at, "anywhere"))
        elif place.region is not None:
            out.append((at, f"region:{place.region}"))
        elif place.country is not None and not place.is_city:
            alpha2 = country_code(place.country)
            if alpha2 is not None:
                out.append((at, alpha2))
    return out


def _find_phrase(low: str, phrase: str) -> int:
    start = 0
    while True:
        at = low.find(phrase, start)
        if at < 0:
            return -1
        end = at + len(phrase)
        if (at == 0 or not low[at - 1].isalnum()) and (end == len(low) or not low[end].isalnum()):
            return at
        start = at + 1


def _first(low: str, phrases: tuple[str, ...]) -> int:
    hits = [at for p in phrases if (at := _find_phrase(low, p)) >= 0]
    return min(hits) if hits else -1


def statement(text: str, source: str, *, tag: bool = False) -> Eligibility | None:
    """The eligibility fact of one sentence, or None when it states none."""
    low = fold(text)
    c = cues()
    deny_at = _first(low, c["deny"])
    only = _first(low, c["only"]) >= 0
    if not tag and deny_at < 0 and not only and _first(low, c["allow"]) < 0:
        return None
    places: list[tuple[int, str]] = []
    for ref in find(text):
        at = _find_phrase(low, fold(ref.name))
        places.append((at if at >= 0 else len(low), code(ref)))
    places += _regions(text)
    if not places:
        return None
    allow = tuple(dict.fromkeys(p for at, p in sorted(places) if deny_at < 0 or at < deny_at))
    deny = tuple(dict.fromkeys(p for at, p in sorted(places) if 0 <= deny_at < at))
    if not allow and not deny:
        return None
    return Eligibility(
        allow=allow, deny=deny, only=only or tag, tag=tag, text=clean(text), source=(source,)
    )


def extract_eligibility(lines: Lines, header_location: str | None) -> tuple[Eligibility, ...]:
    """Eligibility facts from the body's sentences, then from the board's location tag."""
    facts: list[Eligibility] = []
    seen: set[str] = set()
    for line in lines.all:
        if line.is_heading or line.text in seen:
            continue
        seen.add(line.text)
        fact = statement(line.text, line.text)
        if fact is not None and len(facts) < MAX_FACTS:
            facts.append(fact)
    if header_location:
        fact = statement(header_location, header_location, tag=True)
        if fact is not None:
            facts.append(fact)
    return tuple(facts)

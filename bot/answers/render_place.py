"""Renderers for where the job is done: remote policy and its geographic limits ("can I work
from Germany?"), office location, relocation and visa sponsorship."""

from __future__ import annotations

import re

from bot.answers.eligibility import decide
from bot.answers.places import Place, area, find_place, find_places, gazetteer
from bot.answers.text import (
    SCAN,
    Ask,
    Rendered,
    pointer,
    scan,
    sentence,
    sources,
    unknown,
    unknown_unless,
)
from bot.answers.text import join as _join
from bot.knowledge.schema import Location, Role

_POLICY = {
    "remote": "The role is remote",
    "hybrid": "The role is hybrid",
    "onsite": "The role is office-based",
    "flexible": "The role offers flexible working arrangements",
}


def relocation(role: Role, ask: Ask) -> Rendered:
    fact = role.relocation
    if fact is None:
        return unknown_unless(role, "whether relocation support is offered", SCAN["relocation"])
    if fact.offered:
        text = f"Yes, relocation help is offered: “{sentence(fact.text)}”"
    else:
        text = f"No, the posting says relocation isn't offered: “{sentence(fact.text)}”"
    return Rendered(True, text, sources(fact.source))


def visa(role: Role, ask: Ask) -> Rendered:
    fact = role.visa
    if fact is None:
        auth = role.work_authorization
        if auth is not None:
            text = (
                "The posting doesn't say whether visas are sponsored. On the right to work "
                f"it says: “{sentence(auth.text)}” Please ask {pointer(role)}."
            )
            return Rendered(False, text, sources(auth.source))
        return unknown_unless(role, "whether visa sponsorship is available", SCAN["visa"])
    if fact.sponsorship == "yes":
        text = f"Yes, visa sponsorship is available: “{sentence(fact.text)}”"
    else:
        text = f"No, the posting says there's no visa sponsorship: “{sentence(fact.text)}”"
    return Rendered(True, text, sources(fact.source))


_THE = frozenset(
    {
        "united kingdom",
        "united states",
        "netherlands",
        "uk",
        "us",
        "usa",
        "eu",
        "uae",
        "philippines",
        "united arab emirates",
        "czech republic",
        "americas",
        "european union",
    }
)


def _the(name: str) -> str:
    return f"the {name}" if name.lower() in _THE else name


def join(items: list[str], last: str = "and") -> str:
    """Join place names, with "the" where English needs it ("the United Kingdom")."""
    return _join([_the(i) for i in items], last)


def _where(loc: Location) -> str:
    """'based in London; remote within the United Kingdom' style summary of a location."""
    bits = []
    policy = _policy(loc)
    if loc.offices and policy in ("remote", None):
        bits.append(f"offices in {join(list(loc.offices))}")
    elif loc.offices:
        bits.append(f"based in {join(list(loc.offices), 'or')}")
    if loc.regions and policy in ("remote", "hybrid", "flexible"):
        bits.append(f"remote within {join(list(loc.regions), 'or')}")
    elif loc.regions:
        bits.append(f"limited to {join(list(loc.regions), 'or')}")
    return "; ".join(bits)


# The posting's own words that contradict an extracted limit: remote work "from other
# locations globally" beside a one-country limit, or "full remote is possible" beside an
# office-based work model. Then the bot quotes the sentence and asks rather than decides.
_WORLDWIDE = re.compile(
    r"\b(remote(ly)?|work|join)\b.{0,60}\b(globally|worldwide|anywhere in the world"
    r"|from any country|from other (locations|countries))\b"
    r"|\b(globally|worldwide)\b.{0,30}\bremote",
    re.IGNORECASE,
)
_REMOTE_OK = re.compile(
    r"(?<!not )(?<!n't )\b((full(y)?|100%)[ -]?remote\b|remote[- ](first|friendly)\b"
    r"|work(ing)? remotely\b(?! is not)(?! isn't))",
    re.IGNORECASE,
)


def _policy(loc: Location) -> str | None:
    """The work model, unless the posting's own sentence contradicts an office-based one."""
    if loc.remote == "onsite" and _REMOTE_OK.search(loc.text):
        return None
    return loc.remote


def _describe(loc: Location) -> str:
    policy = _POLICY.get(_policy(loc) or "", "")
    where = _where(loc)
    head = f"{policy} ({where})" if policy and where else (policy or where[:1].upper() + where[1:])
    detail = sentence(loc.text)
    if not head:
        return f"On location, the posting says: {detail}"
    return f"{head}. The posting says: {detail}"


def remote(role: Role, ask: Ask) -> Rendered:
    decided = decide(role, ask.question)
    if decided is not None:
        return decided
    loc = role.location
    place = find_place(ask.question)
    if loc is None:
        if place is not None:
            return unknown(role, f"where the role can be done from, or whether {place.name} is ok")
        titled = _TITLE_MODEL.search(role.title)
        if titled is not None:
            return _from_title(role, titled.group(0).lower())
        return unknown_unless(role, "whether the role can be done remotely", SCAN["remote"])
    if place is not None:
        return _from_place(role, loc, place)
    if loc.remote is None and not loc.regions:
        text = f"{_describe(loc)} It doesn't say whether remote work is possible."
        return Rendered(False, f"{text} Please ask {pointer(role)}.", sources(loc.source))
    return Rendered(True, _describe(loc), sources(loc.source))


# "Software Engineer II (Hybrid - San Francisco)": the title itself states the work model.
_TITLE_MODEL = re.compile(r"\b(remote|hybrid|on-?site|in-office|office-based)\b", re.IGNORECASE)


def _from_title(role: Role, model: str) -> Rendered:
    """The work model as the job title states it, quoted, when no sentence says more."""
    scanned = scan(role, SCAN["remote"])
    if scanned is not None:
        return scanned
    text = (
        f"The job title says {model}: “{role.title}”. The posting doesn't say more about it, "
        f"so please ask {pointer(role)} for details."
    )
    return Rendered(True, text)


def location(role: Role, ask: Ask) -> Rendered:
    decided = decide(role, ask.question)
    if decided is not None:
        return decided
    loc = role.location
    place = find_place(ask.question)
    if loc is None:
        return unknown(role, "where the role is based")
    if place is not None:
        return _from_place(role, loc, place)
    return Rendered(True, _describe(loc), sources(loc.source))


_BASED = frozenset({"onsite", "hybrid"})


def _named_countries(text: str) -> frozenset[str]:
    """The countries a posting sentence names outright (not through one of its cities)."""
    return frozenset(
        p.country for p in find_places(text) if p.country is not None and not p.is_city
    )


def _from_place(role: Role, loc: Location, place: Place) -> Rendered:
    """Whether the role can be done from ``place``, from the stated offices and limits only."""
    src = sources(loc.source)
    g = gazetteer()
    office_area = area(loc.offices) if loc.offices else None
    if place.is_city and any(place.name.lower() == o.lower() for o in loc.offices):
        return Rendered(
            True, f"Yes: {place.name} is one of the role's locations. {_describe(loc)}", src
        )
    policy = _policy(loc)
    remote_ok = policy in ("remote", "hybrid", "flexible")
    limits = area(loc.regions)
    if remote_ok and loc.regions and not limits.worldwide and _WORLDWIDE.search(loc.text):
        text = (
            f"The posting names {join(list(loc.regions), 'or')} but also speaks of working "
            f"from other locations: “{sentence(loc.text)}” Please ask {pointer(role)} "
            f"whether {place.name} is ok."
        )
        return Rendered(False, text, src)
    if not loc.regions and loc.remote == "remote":
        text = (
            f"{_describe(loc)} It doesn't say which countries remote work is open to, "
            f"so please ask {pointer(role)} about {place.name}."
        )
        return Rendered(False, text, src)
    if limits.worldwide and remote_ok:
        return Rendered(True, f"Yes: remote work is open from anywhere. {_describe(loc)}", src)
    if loc.regions and not limits.understood and not limits.countries:
        text = (
            f"Remote work is limited to {join(list(loc.regions), 'or')}; please check with "
            f"{pointer(role)} whether {place.name} qualifies. {_describe(loc)}"
        )
        return Rendered(False, text, src)
    covered: frozenset[str] = limits.countries if remote_ok else frozenset()
    if place.worldwide:
        scope = join(list(loc.regions) or list(loc.offices), "or") or "certain places"
        text = f"No, not from anywhere: the role is limited to {scope}. {_describe(loc)}"
        return Rendered(True, text, src)
    if place.region is not None:
        inside = g.regions.get(place.region, frozenset())
        if covered and inside <= covered:
            return Rendered(True, f"Yes, {place.name} is covered. {_describe(loc)}", src)
        scope = join(list(loc.regions) or list(loc.offices), "or") or "specific locations"
        text = (
            f"The posting doesn't cover all of {place.name}: the role is limited to {scope}. "
            f"{_describe(loc)}"
        )
        return Rendered(True, text, src)
    country = place.country
    if country is not None and country in covered:
        where = (
            f"{place.name} is in {_the(country)}"
            if place.is_city
            else f"{_the(country)} is covered"
        )
        return Rendered(True, f"Yes: {where}. {_describe(loc)}", src)
    if country is not None and country in _named_countries(loc.text):
        # The sentence itself names the country ("Canada and the US except the Bay Area"):
        # an extracted limit that leaves it out is not trusted to say no.
        text = (
            f"The posting mentions {_the(country)}, but doesn't clearly say whether the role "
            f"can be done from {place.name}. {_describe(loc)} Please ask {pointer(role)}."
        )
        return Rendered(False, text, src)
    if country is not None and office_area and country in office_area.countries:
        near = join([o for o in loc.offices if country in area((o,)).countries], "and")
        text = (
            f"The posting doesn't say whether the role can be done from {place.name}; "
            f"the office it names in {_the(country)} is in {near or join(list(loc.offices))}. "
            f"{_describe(loc)} Please ask {pointer(role)}."
        )
        return Rendered(False, text, src)
    within = join(list(loc.regions), "or") if loc.regions and remote_ok else None
    # Offices only rule a place out for an office-based or hybrid role; a list of the
    # company's offices with no work model says nothing about where this role is done.
    base = join(list(loc.offices), "or") if loc.offices and policy in _BASED else None
    if within:
        lead = f"Working from {place.name} isn't covered: remote work is only within {within}"
    elif base:
        lead = f"Working from {place.name} isn't covered: the role is based in {base}"
    else:
        text = (
            f"The posting doesn't say whether the role can be done from {place.name}. "
            f"{_describe(loc)} Please ask {pointer(role)}."
        )
        return Rendered(False, text, src)
    text = f"{lead}. {_describe(loc)} Ask {pointer(role)} if you have questions."
    return Rendered(True, text, src)

""" "Can I work from X?" decided from the role's eligibility facts (allow / deny lists).

Yes only when a list the posting gives contains X (or the subdivision or region X is in, and
the posting names no narrower places in that country); no when a sentence excludes X or X is
outside every limiting list; otherwise ``None`` and the caller says what the posting does say.
Never a yes from a containing country when the posting lists sub-regions of it.
"""

from __future__ import annotations

from bot.answers.text import Rendered, join, pointer, sentence
from bot.knowledge.geo import GeoRef, country_name, find
from bot.knowledge.geo import place_code as code
from bot.knowledge.schema import Eligibility, Role


def _region_countries(region: str) -> frozenset[str]:
    from bot.answers.places import gazetteer
    from bot.knowledge.geo import country_code

    names = gazetteer().regions.get(region, frozenset())
    return frozenset(c for n in names if (c := country_code(n)) is not None)


def _quote(facts: list[Eligibility]) -> str:
    return " ".join(f"“{sentence(f.text)}”" for f in facts[:2])


def _label(place_code: str) -> str:
    if place_code == "anywhere":
        return "anywhere"
    if place_code.startswith("region:"):
        return place_code.split(":", 1)[1].upper().replace("_", " ")
    if ":" in place_code:
        return place_code.split(":", 1)[1]
    if "-" in place_code:
        from bot.knowledge.geo import lookup_code

        return lookup_code(place_code)
    return country_name(place_code)


def _containers(ref: GeoRef) -> list[str]:
    """The codes that contain ``ref``, narrowest first: itself, its subdivision, its country."""
    out = [code(ref)]
    if ref.kind == "city" and ref.subdivision:
        out.append(ref.subdivision)
    if ref.kind != "country":
        out.append(ref.country)
    return out


def _finer(facts: list[Eligibility], country: str) -> list[str]:
    """Places narrower than ``country`` that a sentence allows without allowing the whole
    country ("London office, or distributed within the UK" limits nothing to London)."""
    out: list[str] = []
    for fact in facts:
        if fact.tag or country in fact.allow:
            continue
        out += [a for a in fact.allow if a.startswith((f"{country}-", f"{country}:"))]
    return list(dict.fromkeys(out))


def decide(role: Role, question: str) -> Rendered | None:
    """The eligibility answer for the place named in ``question``, or None."""
    facts = list(role.eligibility)
    if not facts:
        return None
    refs = find(question)
    if not refs:
        return None
    ref = refs[0]
    name = ref.name
    src = tuple(s for f in facts for s in f.source)
    inside = _containers(ref)
    denied = [f for f in facts if set(f.deny) & set(inside)]
    if denied:
        text = f"No: the posting excludes {name}: {_quote(denied)}"
        return Rendered(True, text, tuple(s for f in denied for s in f.source))
    allowed: set[str] = {a for f in facts for a in f.allow}
    if "anywhere" in allowed:
        return None
    # The board's tag says where the job is listed: it can rule a place out, never in.
    stated: set[str] = {a for f in facts if not f.tag for a in f.allow}
    finer = _finer(facts, ref.country)
    body = [f for f in facts if not f.tag] or facts
    limiting = [f for f in facts if f.only and f.allow]
    hit = next((c for c in inside if c in stated), None)
    if hit is not None and (hit != ref.country or not finer):
        said = [f for f in facts if hit in f.allow]
        where = "" if hit == code(ref) else f" ({name} is in {_label(hit)})"
        return Rendered(True, f"Yes{where}: the posting says {_quote(said)}", src)
    if finer and ref.country in allowed:  # the country is listed, and places within it
        named = join([_label(c) for c in finer], "or")
        if ref.kind == "country":
            text = (
                f"The posting names {named} in {country_name(ref.country)}: {_quote(body)} "
                f"It doesn't say whether the rest of {name} is included. "
                f"Please ask {pointer(role)}."
            )
            return Rendered(False, text, src)
        text = (
            f"{name} isn't among the places the posting names in "
            f"{country_name(ref.country)} ({named}): {_quote(body)} "
            f"Please ask {pointer(role)} if you have questions."
        )
        return Rendered(True, text, src)
    if any(c in allowed for c in inside):
        return None  # only the tag names it
    regions = [a for a in stated if a.startswith("region:")]
    covering = [r for r in regions if ref.country in _region_countries(r.split(":", 1)[1])]
    if covering:
        said = [f for f in facts if set(covering) & set(f.allow)]
        text = f"Yes: {name} is in {_label(covering[0])}, and the posting says {_quote(said)}"
        return Rendered(True, text, src)
    if limiting:
        where = join(list(dict.fromkeys(_label(a) for f in limiting for a in f.allow)), "or")
        text = (
            f"No: {name} is outside the places the posting gives ({where}): "
            f"{_quote(limiting)} Please ask {pointer(role)} if you have questions."
        )
        return Rendered(True, text, src)
    return None

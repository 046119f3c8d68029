"""One renderer per fact family: ``(role, ask) -> Rendered``.

A renderer states what the posting says, in a short English sentence, with the posting
sentence(s) it used as ``sources``. When the posting does not state the fact it returns
``answered=False`` with "The posting doesn't say …; ask <contact>". It never guesses.
The registry :data:`RENDERERS` maps the catalogue's ``answer`` names to functions;
``"name:arg"`` passes ``arg`` (e.g. ``"benefit:holiday"``, ``"tech:database"``).
"""

from __future__ import annotations

import re

from bot.answers import render_benefits, render_hiring, render_place, render_tech
from bot.answers.longtail import CUES_BY_KEY
from bot.answers.text import (
    SCAN,
    Ask,
    Rendered,
    Renderer,
    clean_fact,
    join,
    money,
    per,
    pointer,
    sentence,
    sources,
    unknown,
    unknown_unless,
    with_quote,
)
from bot.knowledge.schema import Requirement, Role

# Equity as pay, not as in "diversity, equity and inclusion" or "pay equity".
_EQUITY = re.compile(
    r"\b(stock options?|share options?|RSUs?|ESOP|stock grants?|equity (package|grants?|"
    r"participation|compensation|stake|awards?|plan)|(include|includes|offer|offers|plus|\+|"
    r"with|and) (generous |meaningful |competitive )?equity(?! and inclusion))\b",
    re.IGNORECASE,
)
_NO_REPLY = re.compile(r"^(no-?reply|do-?not-?reply)@", re.I)


def salary(role: Role, ask: Ask) -> Rendered:
    comp = role.compensation
    if comp is None:
        return unknown_unless(role, "what the salary is", SCAN["salary"])
    low, high = comp.min, comp.max
    if low is not None and high is not None and low != high:
        amount = f"{money(low, comp.currency)} - {money(high, comp.currency)}"
    elif low is not None or high is not None:
        value = low if low is not None else high
        assert value is not None
        lead = "up to " if low is None else ("from " if high is None else "")
        amount = f"{lead}{money(value, comp.currency)}"
    else:
        amount = ""
    if amount and comp.from_board:
        text = (
            f"The job board lists the pay as {amount}{per(comp.period)}; the posting itself "
            f"doesn't state a salary, so please confirm with {pointer(role)}."
        )
    elif amount and len(ranges := _ranges(comp.source)) > 1:
        quoted = " ".join(f"“{sentence(s)}”" for s in ranges[:3])
        text = (
            f"The pay depends on location or level ({amount}{per(comp.period)} overall). "
            f"The posting says: {quoted}"
        )
    elif amount:
        if comp.ote:
            text = (
                f"The on-target earnings (including commission or bonus) are "
                f"{amount}{per(comp.period)}."
            )
        else:
            text = f"The pay is {amount}{per(comp.period)}."
    else:
        text = f"On pay, the posting says: “{comp.text}”."
    extra = role.equity
    if extra is not None:
        text += f" There's also equity: {extra.text}."
    return Rendered(True, text, sources(comp.source, extra.source if extra else ()))


_AMOUNT = re.compile(r"\d[\d,.]*\d[kK]?|\d[kK]?")


def _ranges(source: tuple[str, ...]) -> list[str]:
    """The source sentences that state different amounts (e.g. one range per location)."""
    seen: dict[tuple[str, ...], str] = {}
    for text in source:
        amounts = tuple(a.replace(",", "").lower() for a in _AMOUNT.findall(text))
        if amounts and amounts not in seen:
            seen[amounts] = text
    return list(seen.values())


# Specific kinds of equity a candidate may ask about by name.
_EQUITY_FORM = re.compile(
    r"\b(employee stock purchase plans?|stock purchase plans?|share purchase plans?|espp"
    r"|share save|sharesave|rsus?|restricted stock( units?)?|phantom (stock|shares|equity)"
    r"|profit[- ]sharing)\b",
    re.IGNORECASE,
)


def equity(role: Role, ask: Ask) -> Rendered:
    if role.equity is not None:
        what = clean_fact(role.equity.text).rstrip(".")
        # "Equity Package" -> "equity package", but "RSUs" stays as written.
        what = " ".join(w.lower() if w[1:].islower() else w for w in what.split())
        text = f"Yes: the package includes {what}."
        asked = _EQUITY_FORM.search(ask.question)
        if asked is not None and not _EQUITY_FORM.search(role.equity.text):
            # "Is there an ESPP?" with only stock options stated: no "yes" to the ESPP.
            text = (
                f"The posting doesn't mention {asked.group(0)}; it says the package includes "
                f"{what}."
            )
        return Rendered(True, with_quote(text, role.equity.source), sources(role.equity.source))
    items = [b for b in role.benefits.items if b.kind == "equity" and _EQUITY.search(b.text)]
    if items:
        return Rendered(
            True,
            f"Yes: {join([b.text for b in items])}.",
            sources(*(b.source for b in items)),
        )
    quoted = list(dict.fromkeys(s for s in role.sentences if _EQUITY.search(s)))[:2]
    if quoted:
        text = "The posting says: " + " ".join(f"“{sentence(s)}”" for s in quoted)
        return Rendered(True, text, tuple(quoted))
    return unknown(role, "whether the package includes equity or stock options")


def levels(role: Role, ask: Ask) -> Rendered:
    ident = role.identity
    if ident.levels:
        text = f"The posting is hiring at {join(list(ident.levels))} ({ident.title})."
        return Rendered(True, text, sources(ident.levels_source))
    seniority = ("senior", "junior", "staff", "lead", "principal", "mid", "head", "intern")
    if any(word in ident.title.lower().split() for word in seniority):
        return Rendered(True, f"The role is advertised as {ident.title}; no levels are stated.")
    return unknown(role, f"which level the {ident.title} role is")


# "We don't require diplomas or degrees": the sentence's own words outrank the extracted flag.
_NO_DEGREE = re.compile(
    r"\b(do not|don't|doesn't|does not|won't|will not|never) (require|ask for|need|care about"
    r"|expect)\b|\b(not|isn't|is not) (required|necessary|needed|a requirement|mandatory)\b"
    r"|\bno (formal )?(degree|qualifications?|diploma)s? (is |are )?(required|needed|necessary)"
    r"|\bwithout a degree\b|\bdegree (is )?optional\b",
    re.IGNORECASE,
)
_EQUIVALENT = re.compile(
    r"\bor (an )?(equivalent|similar|comparable|relevant|related|practical)\b.{0,40}"
    r"\b(experience|background|training)\b|\bequivalent (work |practical |professional )?"
    r"experience\b",
    re.IGNORECASE,
)


def degree(role: Role, ask: Ask) -> Rendered:
    fact = role.degree
    if fact is None:
        return unknown_unless(role, "whether a degree is required", SCAN["degree"])
    quote = f"The posting says: “{sentence(fact.text)}”"
    if _NO_DEGREE.search(fact.text):
        return Rendered(True, f"A degree isn't a requirement. {quote}", sources(fact.source))
    if _EQUIVALENT.search(fact.text):
        text = f"A degree isn't strictly required: equivalent experience counts too. {quote}"
        return Rendered(True, text, sources(fact.source))
    if fact.required:
        return Rendered(True, f"Yes, a degree is asked for: {sentence(fact.text)}", fact.source)
    return Rendered(True, quote, sources(fact.source))


MAX_MUST = 12
MAX_NICE = 6


def _shown(items: tuple[Requirement, ...], limit: int, label: str) -> tuple[str, list[Requirement]]:
    """The bullet list of up to ``limit`` items, saying how many more the posting lists."""
    shown = list(items[:limit])
    text = f"{label}:\n" + "\n".join(f"• {_item(r.text)}" for r in shown)
    if len(items) > limit:
        text += f"\n(and {len(items) - limit} more in the posting)"
    return text, shown


def requirements(role: Role, ask: Ask) -> Rendered:
    must, nice = role.requirements.must, role.requirements.nice
    if not must and not nice:
        return unknown(role, "what experience is required")
    parts: list[str] = []
    listed: list[Requirement] = []
    for items, limit, label in (
        (must, MAX_MUST, "They're looking for"),
        (nice, MAX_NICE, "Nice to have"),
    ):
        if items:
            text, shown = _shown(items, limit, label)
            parts.append(text)
            listed += shown
    return Rendered(True, "\n".join(parts), sources(*(r.source for r in listed)))


def _item(text: str) -> str:
    text = sentence(text).rstrip(".")
    return text


def team_size(role: Role, ask: Ask) -> Rendered:
    team = role.team
    if team.engineers is None and team.total_people is None:
        return unknown(role, "how big the team is")
    bits = []
    if team.engineers is not None:
        bits.append(f"around {team.engineers:,} engineers")
    if team.total_people is not None:
        bits.append(f"roughly {team.total_people:,} people in total")
    company = role.identity.company or "The company"
    text = f"{company} has {join(bits, 'out of')}."
    return Rendered(True, text, sources(team.size_source))


def teams(role: Role, ask: Ask) -> Rendered:
    team = role.team
    if not team.teams:
        return unknown(role, "which teams are hiring")
    text = f"The teams named in the posting: {join(list(team.teams))}."
    if team.matching is not None:
        text += f" {sentence(team.matching.text)}"
    srcs = sources(team.teams_source, team.matching.source if team.matching else ())
    return Rendered(True, text, srcs)


def team_matching(role: Role, ask: Ask) -> Rendered:
    fact = role.team.matching
    if fact is None:
        return unknown(role, "how candidates are matched to a team")
    return Rendered(True, sentence(fact.text), sources(fact.source))


def mobility(role: Role, ask: Ask) -> Rendered:
    fact = role.team.mobility
    if fact is None:
        return unknown(role, "whether you can move between teams later")
    return Rendered(True, sentence(fact.text), sources(fact.source))


def day_to_day(role: Role, ask: Ask) -> Rendered:
    ident = role.identity
    at = f" at {ident.company}" if ident.company else ""
    fact = role.day_to_day
    if fact is None:
        if role.about is None:
            return unknown(role, f"what the day-to-day work of the {ident.title} role is")
        return Rendered(
            True,
            f"This is the {ident.title} role{at}. {sentence(role.about.text)}",
            role.about.source,
        )
    return Rendered(True, f"This is the {ident.title} role{at}. {sentence(fact.text)}", fact.source)


def _text_fact(attr: str, what: str) -> Renderer:
    def render(role: Role, ask: Ask) -> Rendered:
        fact = getattr(role, attr)
        if fact is None:
            return unknown(role, what)
        return Rendered(True, sentence(fact.text), sources(fact.source))

    render.__name__ = attr
    return render


def about(role: Role, ask: Ask) -> Rendered:
    fact = role.about
    if fact is None:
        return unknown(role, f"much about {role.identity.company or 'the company'}")
    lead = f"About {role.identity.company}: " if role.identity.company else ""
    return Rendered(True, lead + sentence(fact.text), sources(fact.source))


def contact(role: Role, ask: Ask) -> Rendered:
    fact = role.contact
    if fact is not None and fact.email and not _NO_REPLY.match(fact.email):
        return Rendered(True, f"You can contact the hiring team at {fact.email}.", fact.source)
    url = role.identity.apply_url
    if url:
        return Rendered(
            False, f"The posting doesn't give a contact address; you can apply or ask via {url}."
        )
    return Rendered(False, "The posting doesn't give a contact address.")


def apply(role: Role, ask: Ask) -> Rendered:
    url = role.identity.apply_url
    if not url:
        return unknown(role, "how to apply")
    return Rendered(True, f"You can apply here: {url}")


def closing(role: Role, ask: Ask) -> Rendered:
    fact = role.closing
    if fact is None:
        return unknown_unless(
            role, "when applications close, so it's best to apply soon", SCAN["closing"]
        )
    if fact.always_hiring:
        text = f"There's no fixed deadline: {sentence(fact.text)}"
    elif fact.date is not None:
        text = f"Applications close on {fact.date:%-d %B %Y}."
    else:
        text = sentence(fact.text)
    return Rendered(True, text, sources(fact.source))


def quote(role: Role, ask: Ask) -> Rendered:
    """A long-tail topic with its own intent ("quote:travel"): the sentences about it."""
    cue = CUES_BY_KEY.get(ask.arg or "")
    if cue is None:
        return unknown(role, "anything about that")
    hits = list(dict.fromkeys(s for s in role.sentences if cue.sentence.search(s)))[:2]
    if not hits:
        return unknown(role, f"anything about {cue.topic}")
    text = "The posting says: " + " ".join(f"“{sentence(s)}”" for s in hits)
    return Rendered(True, text, tuple(hits))


RENDERERS: dict[str, Renderer] = {
    "salary": salary,
    "equity": equity,
    "benefits": render_benefits.benefits,
    "learning_budget": render_benefits.learning_budget,
    "working_hours": render_benefits.working_hours,
    "benefit": render_benefits.benefit_kind,
    "relocation": render_place.relocation,
    "visa": render_place.visa,
    "remote": render_place.remote,
    "location": render_place.location,
    "interview": render_hiring.interview,
    "interview_duration": render_hiring.interview_duration,
    "take_home": render_hiring.take_home,
    "system_design": render_hiring.system_design,
    "tech_stack": render_tech.tech_stack,
    "tech": render_tech.tech_category,
    "requirements": requirements,
    "degree": degree,
    "levels": levels,
    "team_size": team_size,
    "teams": teams,
    "team_matching": team_matching,
    "mobility": mobility,
    "day_to_day": day_to_day,
    "contact": contact,
    "apply": apply,
    "closing": closing,
    "about": about,
    "diversity": _text_fact("equal_opportunity", "anything about diversity or equal opportunity"),
    "open_source": _text_fact("open_source", "anything about open source"),
    "quote": quote,
}


# The arguments a renderer accepts ("benefit:holiday"); renderers not listed take none.
ARGUMENTS: dict[str, frozenset[str]] = {
    "benefit": frozenset(render_benefits.KINDS),
    "tech": frozenset(render_tech.CATEGORIES),
    "quote": frozenset(CUES_BY_KEY),
}


def check_answer(answer: str) -> str | None:
    """What is wrong with a catalogue ``answer`` reference, or None when it renders."""
    name, colon, arg = answer.partition(":")
    if name not in RENDERERS:
        return f"unknown renderer {name!r} (known: {', '.join(sorted(RENDERERS))})"
    allowed = ARGUMENTS.get(name, frozenset())
    if colon and arg not in allowed:
        known = ", ".join(sorted(allowed)) or "none"
        return f"renderer {name!r} has no argument {arg!r} (known: {known})"
    return None


def render(role: Role, answer: str, question: str = "") -> Rendered | None:
    """Render the catalogue answer ``answer`` (``"name"`` or ``"name:arg"``) for ``role``.

    ``None`` when no renderer has that name (a catalogue/content mismatch).
    """
    name, _, arg = answer.partition(":")
    fn = RENDERERS.get(name)
    if fn is None:
        return None
    return fn(role, Ask(question, arg or None))

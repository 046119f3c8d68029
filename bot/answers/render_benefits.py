"""Renderers for benefits: the list, the learning budget, working hours, and single kinds of
benefit that postings often leave out (holiday, pension, health, …)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answers.text import (
    SCAN,
    Ask,
    Rendered,
    clean_fact,
    lower_first,
    sentence,
    sources,
    unknown,
    unknown_unless,
)
from bot.knowledge.schema import Benefit, Role

MAX_ITEMS = 8
# Kinds stated elsewhere (relocation and visa are added as short extras below).
NOT_BENEFITS = frozenset(
    {"location", "closing", "contact", "salary", "compensation", "remote", "relocation", "visa"}
)


def _items(role: Role) -> list[tuple[str, tuple[str, ...]]]:
    """(text, sources) of every benefit the role states, without duplicates."""
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    b = role.benefits

    def add(text: str, src: tuple[str, ...]) -> None:
        key = clean_fact(text).lower()
        if key and key not in seen and not any(key in s or s in key for s in seen):
            seen.add(key)
            out.append((clean_fact(text), src))

    # Sentences that state other facts: a benefit item quoting one of them is not a benefit.
    other: set[str] = set()
    for fact in (role.closing, role.location, role.contact, role.compensation):
        if fact is not None:
            other.update(fact.source)
    for item in b.items:
        if item.kind in NOT_BENEFITS or (item.kind == "other" and set(item.source) & other):
            continue
        if item.kind == "equity" and role.equity is not None:
            add(role.equity.text, item.source)
            continue
        add(item.text, item.source)
    if b.learning_budget is not None:
        add(b.learning_budget.text, b.learning_budget.source)
    if b.flexible_hours is not None:
        add(b.flexible_hours.text, b.flexible_hours.source)
    if role.equity is not None and not any(i.kind == "equity" for i in b.items):
        add(role.equity.text, role.equity.source)
    return out


def benefits(role: Role, ask: Ask) -> Rendered:
    items = _items(role)
    extras = []
    if role.relocation is not None and role.relocation.offered:
        extras.append(("relocation support", role.relocation.source))
    if role.visa is not None and role.visa.sponsorship == "yes":
        extras.append(("visa sponsorship", role.visa.source))
    if not items and not extras:
        return unknown(role, "which benefits come with the role")
    shown = items[:MAX_ITEMS]
    lines = [f"• {sentence(text).rstrip('.')}" for text, _ in shown]
    lines += [f"• {text.capitalize()}" for text, _ in extras]
    more = f" (and {len(items) - MAX_ITEMS} more)" if len(items) > MAX_ITEMS else ""
    text = f"Benefits listed in the posting{more}:\n" + "\n".join(lines)
    srcs = sources(*(s for _, s in shown), *(s for _, s in extras))
    return Rendered(True, text, srcs)


def learning_budget(role: Role, ask: Ask) -> Rendered:
    fact = role.benefits.learning_budget
    if fact is not None:
        return Rendered(True, f"Yes: {lower_first(fact.text)}.".replace("..", "."), fact.source)
    items = [i for i in role.benefits.items if i.kind == "learning"]
    if items:
        return _listed(items)
    return unknown_unless(role, "whether there's a learning or training budget", SCAN["learning"])


def working_hours(role: Role, ask: Ask) -> Rendered:
    fact = role.benefits.flexible_hours
    if fact is not None:
        return Rendered(True, f"On working hours: {sentence(fact.text)}", fact.source)
    items = [i for i in role.benefits.items if i.kind in ("flexible_hours", "hours", "schedule")]
    if items:
        return _listed(items)
    return unknown_unless(
        role, "what the working hours are or whether they're flexible", SCAN["hours"]
    )


def _listed(items: list[Benefit]) -> Rendered:
    if len(items) == 1:
        text = f"The posting lists: {sentence(items[0].text)}"
    else:
        text = "The posting lists:\n" + "\n".join(f"• {sentence(i.text)}" for i in items)
    return Rendered(True, text, sources(*(i.source for i in items)))


@dataclass(frozen=True, slots=True)
class Kind:
    topic: str  # for "The posting doesn't say anything about <topic>"
    kinds: frozenset[str]  # Benefit.kind values of this sort
    pattern: re.Pattern[str]  # words that show a benefit item or sentence is of this sort
    benefit: bool = True  # a benefit (the reply mentions the other benefits) or another fact


def _kind(topic: str, kinds: str, pattern: str, benefit: bool = True) -> Kind:
    return Kind(topic, frozenset(kinds.split()), re.compile(pattern, re.IGNORECASE), benefit)


KINDS: dict[str, Kind] = {
    "holiday": _kind(
        "holiday or paid time off",
        "holiday vacation pto time_off leave",
        r"\b(holidays?|vacation|annual leave|paid time off|PTO|days? off|time off|sabbatical)\b",
    ),
    "pension": _kind(
        "a pension or retirement plan",
        "pension retirement 401k",
        r"\b(pensions?|401\s?\(?k\)?|retirement|superannuation)\b",
    ),
    "health": _kind(
        "health insurance",
        "health healthcare medical insurance dental",
        r"\b(health ?(insurance|care|cover|plan|benefits)|healthcare|medical (insurance|cover|care"
        r"|plan)|private medical|dental|vision (insurance|cover|care)|life insurance)\b",
    ),
    "parental": _kind(
        "parental leave",
        "parental parental_leave maternity paternity family childcare",
        r"\b(parental leave|maternity|paternity|childcare|adoption leave|family leave)\b",
    ),
    "wellbeing": _kind(
        "that kind of perk (gym, cycle scheme, meals, allowances)",
        "wellbeing wellness gym fitness perks allowance equipment",
        r"\b(gym|fitness|wellness|well-being|wellbeing|cycle to work|bike|meals?|lunch|snacks"
        r"|home office (stipend|allowance))\b",
    ),
    "sick": _kind(
        "sick pay or sick leave",
        "sick sick_leave",
        r"\b(sick (pay|leave|days?)|sickness|paid sick|illness (pay|leave))\b",
    ),
    "bonus": _kind(
        "a bonus",
        "bonus commission profit_sharing",
        r"\b(bonus(es)?|commission|profit[- ]sharing)\b",
    ),
    "probation": _kind(
        "a probation or notice period", "probation", r"\b(probation\w*|notice period)\b", False
    ),
    "contract": _kind(
        "whether the job is permanent, full-time or a contract",
        "contract employment",
        r"\b(full[- ]time|part[- ]time|permanent|contract(or)?|fixed[- ]term|freelance"
        r"|temporary)\b",
        False,
    ),
    "start": _kind(
        "when the job starts",
        "start",
        r"\b(start date|starting date|start immediately|ASAP)\b",
        False,
    ),
}


# "Bonus: experience with Rust" or "a big bonus if…" is not a bonus payment.
_NOT_A_BENEFIT = re.compile(
    r"\b(a|big|huge|definite|nice|added|real|major|plus|extra)\s+bonus\b|\bbonus\s*(:|points|if)",
    re.IGNORECASE,
)


def _about(kind: Kind, text: str) -> bool:
    return bool(kind.pattern.search(text)) and not _NOT_A_BENEFIT.search(text)


def benefit_kind(role: Role, ask: Ask) -> Rendered:
    kind = KINDS.get(ask.arg or "")
    if kind is None:
        return benefits(role, ask)
    # The words must be there: an item's kind alone is the extractor's guess.
    hits = [i for i in role.benefits.items if _about(kind, i.text)]
    if hits:
        return _listed(hits)
    quoted = list(dict.fromkeys(s for s in role.sentences if _about(kind, s)))[:2]
    if quoted:
        text = "The posting says: " + " ".join(f"“{clean_fact(s)}”" for s in quoted)
        return Rendered(True, text, tuple(quoted))
    miss = unknown(role, f"anything about {kind.topic}")
    if kind.benefit and (role.benefits.items or role.benefits.learning_budget):
        text = miss.text.replace(
            ". Please ask",
            ": it only lists some other benefits (ask me about benefits). Please ask",
        )
        return Rendered(False, text)
    if kind.benefit:
        return Rendered(False, miss.text.replace(". Please ask", " or its benefits. Please ask"))
    return miss

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
    pointer,
    sentence,
    sources,
    unknown,
    unknown_unless,
    with_quote,
)
from bot.knowledge.geo import words
from bot.knowledge.schema import Benefit, Role
from bot.knowledge.vocab import employment_terms

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


# A learning item must say so ("Latest MacBook" filed as learning isn't); a pay disclaimer
# listing "education" among factors and "learn more about our benefits" aren't either.
_LEARNING = re.compile(
    r"\b(learn(ing)?|training|trainings|courses?|conferences?|education(al)?|tuition|books?"
    r"|certifications?|certificates?|upskill\w*|coaching|workshops?|academy|mentor\w*"
    r"|(professional|career|personal) (development|growth))\b",
    re.IGNORECASE,
)
_NOT_LEARNING = re.compile(
    r"\blearn more\b|\bcompensation\b.{0,80}\bbased on\b|\bfactors\b", re.IGNORECASE
)


def _about_learning(text: str) -> bool:
    return bool(_LEARNING.search(text)) and not _NOT_LEARNING.search(text)


def learning_budget(role: Role, ask: Ask) -> Rendered:
    fact = role.benefits.learning_budget
    if fact is not None:
        return Rendered(True, f"Yes: {lower_first(fact.text)}.".replace("..", "."), fact.source)
    items = [i for i in role.benefits.items if i.kind == "learning" and _about_learning(i.text)]
    if items:
        return _listed(items)
    return unknown_unless(role, "whether there's a learning or training budget", SCAN["learning"])


# A working-hours fact must be about hours or schedules, not time off ("paid sick leave,
# 1 hour per 26 hours worked, covered by our Flexible Time Off policy").
_HOURS = re.compile(
    r"\b(hours|schedules?|flexi-?time|working (time|pattern|day|week)|part[- ]time|core time"
    r"|(four|4)[- ]day|work-life|when you work|times that suit)\b",
    re.IGNORECASE,
)
_TIME_OFF = re.compile(r"\b(sick|time off|PTO|vacation|holidays?|leave)\b", re.IGNORECASE)


_FLEXIBLE_HOURS = re.compile(
    r"\bflexible (work(ing)? )?(hours|schedules?)\b|\bflexi-?time\b", re.IGNORECASE
)


def _about_hours(text: str) -> bool:
    if _FLEXIBLE_HOURS.search(text):
        return True
    return bool(_HOURS.search(text)) and not _TIME_OFF.search(text)


def working_hours(role: Role, ask: Ask) -> Rendered:
    fact = role.benefits.flexible_hours
    if fact is not None and _about_hours(fact.text):
        return Rendered(True, f"On working hours: {sentence(fact.text)}", fact.source)
    items = [
        i
        for i in role.benefits.items
        if i.kind in ("flexible_hours", "hours", "schedule") and _about_hours(i.text)
    ]
    if items:
        return _listed(items)
    return unknown_unless(
        role, "what the working hours are or whether they're flexible", SCAN["hours"]
    )


def _listed(items: list[Benefit]) -> Rendered:
    items = list({clean_fact(i.text).casefold(): i for i in reversed(items)}.values())[::-1]
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
        # "healthcare" as cover, not as the company's market ("a digital healthcare platform").
        r"\b(health ?(insurance|cover|plan|benefits)|medical (insurance|cover|care|plan)"
        r"|private medical|dental|vision (insurance|cover|care)|life insurance)\b"
        r"|\b(private|free|full|comprehensive|premium|company[- ]paid|subsidi[sz]ed|generous"
        r"|excellent|top[- ]notch|medical)\s+health ?care\b|\bhealth ?care (benefits|coverage"
        r"|cover|insurance|plans?|package|allowance|for you)\b|^\W*health ?care (and|&|,)",
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
        # Commission as pay, not the "Nuclear Regulatory Commission".
        r"\b(bonus(es)?|commissions|profit[- ]sharing)\b|\bcommission[- ](plan|structure"
        r"|scheme|based|payments?|rates?|earnings)\b|\b(sales|uncapped|plus|\+|and|or) "
        r"commission\b",
    ),
    "probation": _kind(
        "a probation or notice period", "probation", r"\b(probation\w*|notice period)\b", False
    ),
    "contract": _kind(
        "whether the job is permanent, full-time or a contract",
        "contract employment",
        # Employment words only: not "smart contracts" or "full-time access to a vehicle".
        r"\b(full[- ]time|part[- ]time|permanent|fixed[- ]term|freelance|temporary|contract)"
        r"[ -](role|position|job|employ\w*|contract|basis|opportunit\w*|hire|staff|engagement"
        r"|assignment|worker|team member)s?\b|\bcontract[- ]to[- ]hire\b|\b(independent )?"
        r"contractors?\b(?! (management|agreements?|lifecycle))|\b(employment|job|contract) "
        r"(type|length|duration|term)\b|\bon an? (contract|freelance|permanent|full[- ]time"
        r"|part[- ]time|temporary|hourly) basis\b|\b\d+[- ](month|week|year)s? contract\b"
        r"|\bthis is an? (full[- ]time|part[- ]time|permanent|contract|temporary|fixed[- ]term)\b",
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
# Nor is "work on holidays and night shifts are required" time off.
_NOT_A_BENEFIT = re.compile(
    r"\b(a|big|huge|definite|nice|added|real|major|plus|extra)\s+bonus\b|\bbonus\s*(:|points|if)"
    r"|\bwork(ing)? (on|during|over) (weekends( and|,)? )?(public |bank )?holidays\b",
    re.IGNORECASE,
)


# Equal-opportunity statements list "pregnancy or maternity", "parental status", "health":
# they are never the answer to a benefit question.
_EEO = re.compile(
    r"\b(regardless of|without regard to)\b.{0,60}\b(race|colou?r|religio\w*|sex|gender|age"
    r"|national|origin|disabilit\w*|orientation|marital|veteran|ethnic\w*|pregnan\w*)\b"
    r"|\b(equal[- ]opportunit\w*|discriminat\w*|protected (characteristic|class|veteran"
    r"|status)\w*)\b",
    re.IGNORECASE,
)
# A sentence about what the company sells ("our platform offers employee benefits like
# health insurance to clients") is not a statement of this job's benefits.
_PRODUCT = re.compile(
    r"\b(our|the|its) (platform|products?|software|solutions?|app|tools?|customers|clients)\b"
    r"|\bclients?\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _about(kind: Kind, text: str) -> bool:
    return (
        bool(kind.pattern.search(text))
        and not _NOT_A_BENEFIT.search(text)
        and not _EEO.search(text)
    )


def _focus(kind: Kind, item: Benefit) -> Benefit:
    """A long item cut down to its sentences about ``kind`` (a salary disclaimer that ends
    with "such as variable bonus" answers "is there a bonus?" with that sentence only)."""
    parts = _SENTENCE_END.split(item.text)
    if len(parts) < 2:
        return item
    hits = [p for p in parts if kind.pattern.search(p)]
    return item.model_copy(update={"text": " ".join(hits)}) if hits else item


_EMPLOYMENT = {
    "full_time": "full-time",
    "part_time": "part-time",
    "permanent": "permanent",
    "fixed_term": "fixed-term",
    "contract": "a contract",
    "b2b": "B2B (a business-to-business contract)",
    "internship": "an internship",
}


def beyond(question: str, subject: str = "") -> tuple[str, ...]:
    """Words of ``question`` that an employment fact cannot settle (not employment words,
    not the job's own title): "return", "offer" in "a return offer after the internship?"."""
    known = set(employment_terms()["asks"]) | set(words(subject))
    return tuple(w for w in words(question) if w not in known and not w.isdigit())


def employment(role: Role, ask: Ask) -> Rendered | None:
    """Full-time or part-time, permanent or contract, its length and hours: the extracted
    fact with the lines that state it, or None when the posting is silent."""
    fact = role.employment
    if fact is None:
        return None
    bits = [_EMPLOYMENT.get(k, k) for k in fact.kinds]
    if fact.length:
        bits.append(f"for {fact.length}")
    if fact.hours:
        bits.append(fact.hours)
    head = f"Employment: {', '.join(bits)}." if bits else "On the employment terms:"
    text = with_quote(head, fact.source, limit=3)
    asked = beyond(ask.question, role.title)
    if asked:
        text = (
            f"{text} It doesn't say anything about the {' '.join(asked)}: "
            f"please ask {pointer(role)}."
        )
        return Rendered(False, text, sources(fact.source))
    return Rendered(True, text, sources(fact.source))


def benefit_kind(role: Role, ask: Ask) -> Rendered:
    kind = KINDS.get(ask.arg or "")
    if kind is None:
        return benefits(role, ask)
    if ask.arg == "contract":
        stated = employment(role, ask)
        if stated is not None:
            return stated
    # The words must be there: an item's kind alone is the extractor's guess.
    hits = [_focus(kind, i) for i in role.benefits.items if _about(kind, i.text)]
    if hits:
        return _listed(hits)
    quoted = list(
        dict.fromkeys(s for s in role.sentences if _about(kind, s) and not _PRODUCT.search(s))
    )[:2]
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

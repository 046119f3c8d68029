"""Benefits: learning budget, flexible hours, and other perks with a kind."""

from __future__ import annotations

import re

from bot.knowledge.extract.lines import Line, Lines, clean, hsearch, unique
from bot.knowledge.extract.money import SCALE, find_ranges, period_near
from bot.knowledge.extract.requirements import NICE_HEADING, REQUIREMENT_HEADING
from bot.knowledge.schema import Benefit, Benefits, Money, Period, TextFact

_LEARNING = re.compile(
    r"learning|training|education|conference|\bbooks?\b|\bcourses?\b|development|L&D|upskill"
    r"|certification",
    re.IGNORECASE,
)
_NOT_LEARNING = re.compile(
    r"salary|compensation|base pay|valu(?:ed|ation)|raised|funding|revenue|\bpay range", re.I
)
_BUDGET = re.compile(r"budget|allowance|stipend|fund|per (?:year|annum)|a year|annual|each year")
_FLEX_HOURS = re.compile(
    r"flexible (?:working |work )?(?:hours|schedules?|time|timings?)|flexi-?time"
    r"|flexible working(?! (?:location|from|remote))|work (?:at )?times that suit"
    r"|(?:choose|set) your own (?:working )?hours|flexible start and finish",
    re.IGNORECASE,
)
_BENEFIT_HEADING = re.compile(
    r"benefit|perks|what we offer|we offer|what(?:'|’)?s in it for you|why (?:join|work)"
    r"|what you(?:'|’)?ll get|what you get|compensation|rewards|in return|our offer"
    r"|what do we offer|why you(?:'|’)?ll love|package|what(?:'|’)?s on offer",
    re.IGNORECASE,
)
_OTHER_SECTION = re.compile(
    r"about|requirement|qualification|responsibilit|interview|process|equal opportunit"
    r"|diversity|you should|looking for|day-to-day|what you(?:'|’)?ll do|the role|apply",
    re.IGNORECASE,
)
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (k, re.compile(p, re.IGNORECASE))
    for k, p in (
        ("relocation", r"relocat"),
        ("visa", r"\bvisa"),
        ("pension", r"pension|401\s?\(?k\)?|retirement|superannuation|\bRRSP\b"),
        ("parental_leave", r"parental|maternity|paternity|family leave|fertility|childcare"),
        ("holiday", r"holiday|vacation|paid time off|\bPTO\b|annual leave|days off|time off"),
        ("health", r"health|medical|dental|vision|insurance|wellness|well-?being|mental|gym"),
        ("equity", r"equity|stock|shares|\bRSUs?\b|\boptions\b"),
        ("learning", r"learning|training|conference|education|courses?\b|books?\b"),
        ("flexible_hours", _FLEX_HOURS.pattern),
        ("remote", r"remote|home office|work from home|co-?working|equipment|laptop|setup"),
        ("bonus", r"bonus"),
        ("salary", r"salary|compensation|\bpay\b|£|\$|€|\b(?:PLN|USD|EUR|GBP|CHF|CAD)\b"),
        ("location", r"office|based in|📍"),
    )
)


_KIND_NAMES = tuple(k for k, _ in _KINDS)
_KIND_RX = re.compile(
    "|".join(f"(?P<k{i}>{rx.pattern})" for i, (_k, rx) in enumerate(_KINDS)), re.IGNORECASE
)


def _kind(text: str) -> str:
    """The benefit's kind: the highest-priority kind named anywhere in it."""
    best = min((int(m.lastgroup[1:]) for m in _KIND_RX.finditer(text) if m.lastgroup), default=-1)
    return _KIND_NAMES[best] if best >= 0 else "other"


_BUDGET_KEYS = ("budget", "allowance", "stipend", "fund", "year", "annum", "annual")


def _learning_budget(lines: Lines) -> Money | None:
    for line in lines.with_words(*_BUDGET_KEYS):
        if not (_LEARNING.search(line.text) and _BUDGET.search(line.text)):
            continue
        if _NOT_LEARNING.search(line.text):
            continue
        for rng in find_ranges(line.text):
            near = line.text[max(0, rng.start - 80) : rng.end + 80]
            if rng.low < 20 or rng.low > 20_000 * SCALE.get(rng.currency, 1):
                continue
            if not _LEARNING.search(near):
                continue
            period: Period | None = rng.period or period_near(line.text, rng.start, rng.end)
            return Money(
                amount=rng.high if rng.high is not None else rng.low,
                currency=rng.currency,
                period=period,
                text=clean(line.text),
                source=(line.text,),
            )
    return None


def _flexible_hours(lines: Lines) -> TextFact | None:
    for line in lines.with_words("flexi", "times that suit", "own "):
        if _FLEX_HOURS.search(line.text) and not _requirement(line):
            return TextFact(text=clean(line.text), source=(line.text,))
    return None


def _requirement(line: Line) -> bool:
    return hsearch(REQUIREMENT_HEADING, line.heading) or hsearch(NICE_HEADING, line.heading)


def _zone(lines: Lines) -> list[Line]:
    """Lines of benefit sections, plus fact-like sections right after them."""
    out: list[Line] = []
    active = False
    last_section = -1
    for line in lines.all:
        if line.section != last_section:
            last_section = line.section
            active = hsearch(_BENEFIT_HEADING, line.heading) and not hsearch(
                _OTHER_SECTION, line.heading
            )
        if active and not line.is_heading:
            out.append(line)
    return out


def extract_benefits(lines: Lines) -> Benefits:
    """Learning budget, flexible hours and the listed benefits."""
    items: list[Benefit] = []
    seen: set[tuple[int, int]] = set()
    for line in _zone(lines):
        key = (line.section, line.block)
        if key in seen:
            continue
        seen.add(key)
        texts = unique(lines.block_text(line)) if line.is_item else (line.text,)
        text = clean(" ".join(texts))
        if len(text) < 4:
            continue
        kind = _kind(text)
        if kind == "other" and not line.is_item:
            continue  # prose around a benefits list ("We offer a competitive package.")
        items.append(Benefit(text=text, kind=kind, source=texts))
        if len(items) >= 30:
            break
    return Benefits(
        learning_budget=_learning_budget(lines),
        flexible_hours=_flexible_hours(lines),
        items=tuple(items),
    )

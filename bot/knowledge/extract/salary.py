"""Compensation (salary ranges, hourly/daily rates, OTE) and equity.

Only amounts in a pay context count: a sentence that talks about salary, pay, rate, OTE,
compensation (or the board's 💰 line). Funding, revenue, budgets, stipends, bonuses and 401(k)
figures next to the amount disqualify it.

The board's `💰` header is a fallback only (``from_board=True``): used when the body states no
salary, the header itself carries a currency marker and one plausible range, and the value is not
a known board artifact. Evidence from the 6,672-posting corpus: where both exist, header and body
agree in 683 of 697 postings (the rest differ in period, not amount); a bare number such as the
seed's ``245000.0`` (the board summing £95k and £150k) has no currency and is never reported; and
``$174,000/yr - $235,000/yr`` appears on 74 postings of 45 unrelated companies whose bodies state
no salary, so it is a board default, not their pay.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.knowledge.extract.lines import Line, Lines, clean, hsearch, unique
from bot.knowledge.extract.money import MoneyRange, find_ranges, period_near, plausible
from bot.knowledge.schema import Compensation, Equity, Period

_CUE = re.compile(
    r"salar|compensation|\bpay\b|paid in|\bpays\b|pay range|pay band|\brates?\b|\bote\b"
    r"|on[- ]target|remuneration|\bwage|per annum|\bp\.?a\.?\b|per year|annual|per hour"
    r"|hourly|/\s?hr\b|/\s?yr\b|/\s?hour\b|/\s?year\b|💰|\bearn|\bbase\b|\bpackage\b"
    r"|\bband\b|\brange\b|per day|per month|monthly|gross|\bnet\b|\bctc\b|\btc\b|total cash",
    re.IGNORECASE,
)
_NEG_BEFORE = re.compile(
    r"rais(?:e|ed|ing)|funding|funded|revenue|valuation|series [a-f]\b|invest|budget|allowance"
    r"|stipend|401|match|reimburs|referral|worth|market cap|billion|assets|volume|\bgmv\b|\barr\b"
    r"|transaction|spend|learning|equipment|home office|per employee|gift|credit|\bbn\b|insur"
    r"|deductible|\bfees?\b|grant|loan|sign(?:ing|-on) bonus|relocation|bonus of|up to \d+%"
    r"|saved|savings|processed|generat|donat|prize|award|pric|variable|commission|incentive"
    r"|equity|stock|\bRSU|\blife\b|ad&d|disabilit|coverage|\d\s?x (?:annual |base )?salary"
    r"|times (?:annual |base )?salary|benefit|fertility|adoption|leave\b",
    re.IGNORECASE,
)
_NEG_AFTER = re.compile(
    r"^[\s.,]{0,2}(?:(?!plus\b|and\b|base\b|with\b)[a-z-]+\s){0,2}"
    r"(?:bonus|stipend|allowance|budget|in funding|funding|raised|in revenue|revenue|valuation"
    r"|arr\b|take (?:a |the )?(?:days?|time) off|to spend\b"
    r"|for (?:books|learning|training|conferences|equipment"
    r"|your home)|learning|towards|toward|per employee|reimburs|relocation|referral|sign)",
    re.IGNORECASE,
)
_RANGE_TAIL = re.compile(r"\d[\d,.]*\s*(?:-|–|—|~|\bto|\band)?\s*$")
_OTE = re.compile(r"\bOTE\b|on[- ]target earnings", re.IGNORECASE)
_UP_TO = re.compile(r"\bup to\W*$|\bmax(?:imum)?(?: of)?\W*$", re.IGNORECASE)
_FROM = re.compile(r"\b(?:from|starting (?:at|from)|minimum(?: of)?|at least)\W*$", re.IGNORECASE)
_SALARY_CONTEXT = re.compile(
    r"salar|compensation|\bpay\b|pay range|pay transparency|remuneration|\bwages?\b"
    r"|base (?:salary|pay)",
    re.IGNORECASE,
)
_SALARY_HEADING = re.compile(
    r"salary|compensation|\bpay\b|remuneration|what'?s in it for you|we offer|benefits|💰",
    re.IGNORECASE,
)


_MONEY_QUICK = re.compile(r"[£$€₹]\s?\d|\d\s?(?:€|zł)|\b[A-Z]{3}\s?\d|\d[kK]?\s?[A-Z]{3}\b")


@dataclass(frozen=True, slots=True)
class _Candidate:
    line: Line
    rng: MoneyRange
    low: float | None
    high: float | None
    period: Period
    ote: bool


@functools.lru_cache(maxsize=256)
def _has_cue(text: str, heading: bool) -> bool:
    """Whether the line talks about pay: asked once per line, not once per amount in it (a
    line of thousands of amounts made this quadratic)."""
    return bool(_CUE.search(text) or (heading and _SALARY_HEADING.search(text)))


def _in_pay_context(
    line: Line, rng: MoneyRange, prev_end: int, next_start: int, listed: bool = False
) -> bool:
    text = line.text
    # The words around an amount stop at the neighbouring amounts: in "$150,000 annual + variable
    # (OTE $184,000) Performing: $160,000" the "variable" of the OTE figure says nothing about
    # the $160,000 after it.
    before = text[max(0, prev_end, rng.start - 50) : rng.start]
    after = text[rng.end : min(next_start, rng.end + 40)]
    if _NEG_BEFORE.search(before) or _NEG_AFTER.search(after):
        return False
    if rng.period is not None:
        return True
    if _has_cue(text, line.is_heading):
        return True
    # A list item under "Pay transparency" / "Salary ranges:" states pay without cue words, and
    # so do the lines right after "The following are our base salary ranges for this role:".
    return listed or (line.is_item and hsearch(_SALARY_CONTEXT, line.context))


_OTE_AFTER = re.compile(
    r"^[^.;$£€\d]{0,12}?(?:\bOTE\b|on[- ]target earnings)(?!\W{0,3}(?:[$£€]|[A-Z]{3}\s?\d|\d))",
    re.IGNORECASE,
)
_OTE_BEFORE = re.compile(r"(?:\bOTE\b|on[- ]target earnings)[^.;$£€\d]{0,25}$", re.IGNORECASE)


def _is_ote(text: str, rng: MoneyRange, prev_end: int, next_start: int) -> bool:
    """Whether "OTE" labels this amount ("$250,000 OTE", "OTE: £90k"), not a neighbour."""
    before = text[max(0, prev_end, rng.start - 40) : rng.start]
    after = text[rng.end : min(next_start, rng.end + 40)]
    return bool(_OTE_BEFORE.search(before) or _OTE_AFTER.search(after))


def _unreadable_pay(line: Line) -> bool:
    """Whether the line states a salary whose amount does not fit its own period.

    "Salary: CAD ~$90,000 - $110,000 / month" says something the board header ("CAD
    90000-110000" or "CAD 900000-1100000") must not be trusted to correct.
    """
    if not _SALARY_CONTEXT.search(line.text):
        return False
    found = find_ranges(line.text)
    for i, rng in enumerate(found):
        prev_end = found[i - 1].end if i else 0
        next_start = found[i + 1].start if i + 1 < len(found) else len(line.text)
        period = rng.period or period_near(line.text, rng.start, rng.end)
        if (
            period is not None
            and _in_pay_context(line, rng, prev_end, next_start)
            and not plausible(rng.currency, rng.low, rng.high, period)
        ):
            return True
    return False


def _candidates(line: Line, listed: bool = False) -> list[_Candidate]:
    out: list[_Candidate] = []
    found = find_ranges(line.text)
    for i, rng in enumerate(found):
        prev_end = found[i - 1].end if i else 0
        next_start = found[i + 1].start if i + 1 < len(found) else len(line.text)
        if not _in_pay_context(line, rng, prev_end, next_start, listed):
            continue
        period = rng.period or period_near(line.text, rng.start, rng.end)
        if period is None:
            top = rng.high if rng.high is not None else rng.low
            # A yearly salary is the only reading of an unlabelled figure this large.
            if not plausible(rng.currency, rng.low, rng.high, "year") or top < 10_000:
                continue
            period = "year"
        if not plausible(rng.currency, rng.low, rng.high, period):
            continue
        before = line.text[max(0, rng.start - 20) : rng.start]
        if rng.high is None and _RANGE_TAIL.search(before):
            continue  # the upper end of a range whose lower end did not parse ("$165,00 to …")
        low: float | None = rng.low
        high: float | None = rng.high if rng.high is not None else rng.low
        if rng.high is None and _UP_TO.search(before):
            low, high = None, rng.low
        elif rng.high is None and _FROM.search(before):
            low, high = rng.low, None
        ote = _is_ote(line.text, rng, prev_end, next_start) or (
            len(found) == 1 and bool(_OTE.search(line.text))
        )
        out.append(_Candidate(line, rng, low, high, period, ote))
    return out


_SEGMENT = re.compile(r"\s+[|•·]\s+")


def _phrase(c: _Candidate) -> str:
    """The part of the sentence that states the pay (one segment of a "a | b | c" line)."""
    text = c.line.text
    pos = 0
    for seg in _SEGMENT.split(text):
        start = text.find(seg, pos)
        pos = start + len(seg)
        if start <= c.rng.start < pos:
            return clean(seg)
    return clean(text)


_TOTAL = re.compile(
    r"total (?:target )?(?:compensation|cash|pay|earnings)|at plan|\bOTE\b|on[- ]target|\bTC\b"
    r"|total rewards|with commission|including (?:bonus|commission)",
    re.IGNORECASE,
)
_BASE = re.compile(r"\bbase\b", re.IGNORECASE)


def _merge(cands: list[_Candidate]) -> Compensation:
    # "a base of $75k-$100k … total compensation $150k-$200k": the base is the salary.
    base = [c for c in cands if _BASE.search(c.line.text) and not _TOTAL.search(c.line.text)]
    if base and any(_TOTAL.search(c.line.text) for c in cands):
        cands = base
    # "£60,000 base, £90,000 OTE": the base figures are the salary; never one range over both.
    if any(c.ote for c in cands) and not all(c.ote for c in cands):
        cands = [c for c in cands if not c.ote]
    first = cands[0]
    same = [c for c in cands if c.rng.currency == first.rng.currency and c.period == first.period]
    lows = [c.low for c in same if c.low is not None]
    highs = [c.high for c in same if c.high is not None]
    texts = unique(_phrase(c) for c in same)
    return Compensation(
        currency=first.rng.currency,
        min=min(lows) if lows else None,
        max=max(highs) if highs else None,
        period=first.period,
        text=" / ".join(texts),
        ote=any(c.ote for c in same),
        source=unique(c.line.text for c in same),
    )


_INTRO_END = re.compile(r":\W*$")


def _after_salary_intro(lines: Lines, line: Line) -> bool:
    """Whether ``line`` follows "… salary ranges for this role:" with only such lines between."""
    pos = line.pos - 1
    while pos >= 0 and line.pos - pos <= 8:
        prev = lines.all[pos]
        if prev.section != line.section or prev.is_heading:
            return False
        if _SALARY_CONTEXT.search(prev.text) and _INTRO_END.search(prev.text):
            return True
        if not _MONEY_QUICK.search(prev.text):
            return False
        pos -= 1
    return False


def extract_compensation(lines: Lines, header_salary: str | None) -> Compensation | None:
    """The salary or rate the posting states, or ``None``."""
    cands: list[_Candidate] = []
    unreadable = False
    for line in lines.with_words(*"0123456789"):
        if _MONEY_QUICK.search(line.text):
            found = _candidates(line, _after_salary_intro(lines, line))
            cands.extend(found)
            unreadable = unreadable or (not found and _unreadable_pay(line))
    if cands:
        return _merge(cands)
    if header_salary and not unreadable:
        return _from_header(header_salary)
    return None


# Header values the board shows on unrelated companies' postings (see the module docstring).
BOARD_ARTIFACTS = frozenset({"$174,000/yr - $235,000/yr"})


def _from_header(value: str) -> Compensation | None:
    """The board header's salary, only when it carries a currency and a plausible amount."""
    if " ".join(value.split()) in BOARD_ARTIFACTS:
        return None
    found = find_ranges(value)
    if len(found) != 1:
        return None
    rng = found[0]
    period = rng.period or period_near(value, rng.start, rng.end)
    if period is None:
        if rng.high is None or rng.low < 10_000:
            return None
        period = "year"
    if not plausible(rng.currency, rng.low, rng.high, period):
        return None
    high = rng.high if rng.high is not None else rng.low
    return Compensation(
        currency=rng.currency,
        min=rng.low,
        max=high,
        period=period,
        text=value.strip(),
        ote=bool(_OTE.search(value)),
        from_board=True,
        source=(value,),
    )


_EQUITY = re.compile(
    r"\b(stock[- ]options?|share[- ]options?|options? to buy|RSUs?\b|restricted stock(?: units?)?"
    r"|equity (?:package|grant|stake|compensation|options?|award|incentive|plan|participation)s?"
    r"|(?:company |meaningful |generous |competitive |significant |an? )?equity(?! and inclusion"
    r"| & inclusion|, (?:and )?inclusion| (?:research|analyst|fund|firm|investor|capital)s?)"
    r"|ownership stake|phantom (?:shares|stock|equity)|ESOP\b)",
    re.IGNORECASE,
)
_EQUITY_SPECIFIC = re.compile(
    r"\b(stock[- ]options?|share[- ]options?|RSUs?\b|restricted stock(?: units?)?|ESOP\b"
    r"|equity (?:package|grant|stake|compensation|options?|award|incentive|plan)s?)",
    re.IGNORECASE,
)
_EQUITY_NOT = re.compile(
    r"diversity|inclusion|\bDEI\b|\bDE&I\b|private equity|health equity|pay equity|racial"
    r"|social equity|equitable|home equity|equity research|equity markets|brand equity|equities"
    r"|(?:commit\w*|dedicat\w*|devot\w*|advanc\w*|promot\w*|champion\w*) (?:to |of )?(?:\w+ ){0,2}"
    r"equity|equity grade|\bmay\b|\bmight\b|certain roles|some roles",
    re.IGNORECASE,
)
_EQUITY_CTX = re.compile(
    r"salary|compensation|package|offer|benefit|grant|eligible|plus|\+|competitive|receive"
    r"|ownership|owner|stake|vest|perks|incentive|generous|meaningful|💰|➕",
    re.IGNORECASE,
)


_EQUITY_KEYS = ("equity", "stock", "option", "rsu", "esop", "ownership", "phantom")


def extract_equity(lines: Lines) -> Equity | None:
    """Stock options, RSUs or an equity stake that the posting offers."""
    for line in lines.with_words(*_EQUITY_KEYS):
        m = _EQUITY_SPECIFIC.search(line.text) or _EQUITY.search(line.text)
        if not m:
            continue
        phrase = m.group(1)
        if phrase.lower().strip().endswith("equity") and (
            _EQUITY_NOT.search(line.text) or not _EQUITY_CTX.search(f"{line.text} {line.heading}")
        ):
            continue
        if re.search(r"purchase plan|\bESPP\b", line.text, re.IGNORECASE) and "option" not in (
            phrase.lower()
        ):
            continue
        return Equity(text=phrase.strip(), source=(line.text,))
    return None

"""Money amounts and ranges in posting text: "£95,000 - £150,000", "USD 120k", "$50/hr"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.schema import Period

# Prefix markers, longest first; value is the ISO code.
_PREFIXES: dict[str, str] = {
    "US$": "USD",
    "USD$": "USD",
    "CA$": "CAD",
    "CAD$": "CAD",
    "C$": "CAD",
    "AU$": "AUD",
    "AUD$": "AUD",
    "A$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "R$": "BRL",
    "£": "GBP",
    "€": "EUR",
    "$": "USD",
    "₹": "INR",
}
# Rough units per US dollar, to judge whether an amount is a plausible salary.
SCALE: dict[str, float] = {
    "USD": 1,
    "GBP": 1,
    "EUR": 1,
    "CAD": 1.4,
    "AUD": 1.5,
    "NZD": 1.7,
    "CHF": 1,
    "SGD": 1.4,
    "HKD": 8,
    "SEK": 11,
    "NOK": 11,
    "DKK": 7,
    "PLN": 4,
    "CZK": 23,
    "HUF": 360,
    "RON": 4.6,
    "BGN": 1.8,
    "INR": 85,
    "JPY": 150,
    "BRL": 5.5,
    "MXN": 18,
    "ARS": 1000,
    "COP": 4000,
    "CLP": 900,
    "ZAR": 18,
    "ILS": 3.7,
    "AED": 3.7,
    "TRY": 35,
    "UAH": 41,
}

CODES: frozenset[str] = frozenset(SCALE)

_PRE = "|".join(re.escape(p) for p in sorted(_PREFIXES, key=len, reverse=True))
_CODE = "|".join(sorted(CODES))
_NUM = r"\d{1,3}(?:[,.](?:\d{3}))+(?:\.\d{1,2})?|\d{1,3}(?:\u00a0|\s)\d{3}(?!\d)|\d+(?:\.\d+)?"
_PER = r"yr|year|annum|hr|hour|h|day|d|month|mo|week|wk"


def _amount(n: str) -> str:
    return (
        rf"(?:(?P<{n}code1>{_CODE})\s?)?(?P<{n}pre>{_PRE})?\s?(?P<{n}num>{_NUM})"
        rf"(?:\s?(?P<{n}k>[kK]|[mM](?!\w)))?(?![0-9a-z_%])"
        rf"(?:\s?(?P<{n}code2>{_CODE}|€|zł)(?![A-Za-z]))?"
        rf"(?:\s?/\s?(?P<{n}per>{_PER})\b)?"
    )


RANGE = re.compile(
    rf"(?<![\w.,])(?:{_amount('a')})"
    rf"(?:\s*(?:-|–|—|~|to|and|until)\s*(?:{_amount('b')}))?"
)

_PERIOD_WORDS: tuple[tuple[Period, re.Pattern[str]], ...] = (
    ("hour", re.compile(r"\bper hour\b|/\s?h(?:ou)?r\b|\bhourly\b|\ban hour\b|\bp/h\b|\bph\b")),
    ("day", re.compile(r"\bper day\b|/\s?day\b|\bday rate\b|\bdaily\b|\ba day\b|\bp/d\b")),
    ("week", re.compile(r"\bper week\b|/\s?w(?:ee)?k\b|\bweekly\b|\ba week\b")),
    ("month", re.compile(r"\bper month\b|/\s?mo(?:nth)?\b|\bmonthly\b|\ba month\b|\bp/m\b")),
    (
        "year",
        re.compile(
            r"\bper (?:annum|year)\b|/\s?(?:yr|year|annum)\b|\bannual(?:ly)?\b|\ba year\b"
            r"|\bp\.?a\.?(?!\w)|\byearly\b|\bgross/year\b"
        ),
    ),
)
_SUFFIX_PERIOD: dict[str, Period] = {
    "yr": "year",
    "year": "year",
    "annum": "year",
    "hr": "hour",
    "hour": "hour",
    "h": "hour",
    "day": "day",
    "d": "day",
    "month": "month",
    "mo": "month",
    "week": "week",
    "wk": "week",
}
# Plausible (min, max) amounts in US-dollar-like units per period.
BOUNDS: dict[Period, tuple[float, float]] = {
    "year": (8_000, 2_000_000),
    # 50,000 a month is already an executive's pay; "CAD ~$90,000 - $110,000 / month" is a
    # yearly salary mislabelled by the posting, and reporting it either way would be a guess.
    "month": (300, 50_000),
    "week": (100, 20_000),
    "day": (40, 5_000),
    "hour": (5, 1_000),
}


@dataclass(frozen=True, slots=True)
class MoneyRange:
    """One amount or range found in a text."""

    currency: str
    low: float
    high: float | None  # None for a single amount
    period: Period | None
    start: int
    end: int
    text: str


def parse_number(raw: str) -> float | None:
    """Parse "95,000", "99.999" (European thousands), "120 000", "24.20" into a float."""
    s = raw.replace("\u00a0", " ")
    if " " in s:
        s = s.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?", s):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+,\d{1,2}", s):
        return None
    try:
        return float(s)
    except ValueError:
        return None


def _currency(m: re.Match[str], n: str) -> str | None:
    for g in (f"{n}code1", f"{n}code2"):
        v = m.group(g)
        if v:
            return {"€": "EUR", "zł": "PLN"}.get(v, v)
    pre = m.group(f"{n}pre")
    return _PREFIXES[pre] if pre else None


def _value(m: re.Match[str], n: str) -> float | None:
    num = m.group(f"{n}num")
    if num is None:
        return None
    v = parse_number(num)
    if v is None:
        return None
    k = m.group(f"{n}k")
    if k in ("k", "K") and v < 1_000:
        v *= 1_000
    elif k in ("m", "M") and v < 1_000:
        v *= 1_000_000
    return v


def period_near(text: str, start: int, end: int) -> Period | None:
    """The pay period written next to an amount (after it first, then before it)."""
    after = text[end : end + 45].lower()
    before = text[max(0, start - 60) : start].lower()
    for window in (after, before):
        for period, rx in _PERIOD_WORDS:
            if rx.search(window):
                return period
    return None


_DOLLAR_COUNTRY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bCAN\b|Canad|Toronto|Vancouver|Montr[eé]al|Ontario|Quebec"), "CAD"),
    (re.compile(r"\bAUS?\b|Australia|Sydney|Melbourne"), "AUD"),
    (re.compile(r"\bNZ\b|New Zealand"), "NZD"),
    (re.compile(r"\bSG\b|Singapore"), "SGD"),
)


_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD"})


def _bare_dollar(m: re.Match[str]) -> bool:
    """Whether the amount's only currency marker is a plain "$"."""
    codes = (m.group("acode1"), m.group("acode2"), m.group("bcode1"), m.group("bcode2"))
    pres = {m.group("apre"), m.group("bpre")} - {None}
    return not any(codes) and pres == {"$"}


_US = re.compile(r"\bU\.?S\.?A?\b|United States|America")


_DOLLAR_CODE = re.compile(r"\b(USD|CAD|AUD|NZD|SGD|HKD)\b")


def _dollar_country(before: str, after: str, line_code: str | None = None) -> str:
    """A plain "$" is US dollars unless the text next to it names another dollar currency.

    "CAD: $45-$48/hr" and "$107,200 - MID: … Currency: CAD" name the code close by; otherwise
    a country just before ("Canada: $…", "CAN base pay") or just after ("across Canada").
    """
    if m := _DOLLAR_CODE.search(before[-12:]):
        return m.group(1)
    if m := _DOLLAR_CODE.search(after):
        return m.group(1)
    if _US.search(after):
        return "USD"
    if line_code:
        return line_code  # "MIN: $107,200 - MID: $134,000 - MAX: $160,800 CAD"
    for window in (before, after):
        if _US.search(window):
            return "USD"
        for rx, code in _DOLLAR_COUNTRY:
            if rx.search(window):
                return code
    return "USD"


def find_ranges(text: str) -> list[MoneyRange]:
    """Every amount or range with a currency marker in ``text``."""
    out: list[MoneyRange] = []
    line_codes = set(_DOLLAR_CODE.findall(text)) if "$" in text else set()
    for m in RANGE.finditer(text):
        a_cur = _currency(m, "a")
        b_cur = _currency(m, "b") if m.group("bnum") else None
        # "$5 - $10 CAD": the code written once names the currency of both "$" amounts.
        if (
            a_cur == "USD"
            and b_cur in _DOLLARS
            and m.group("apre") == "$"
            and not (m.group("acode1") or m.group("acode2"))
        ):
            a_cur = b_cur
        if (
            b_cur == "USD"
            and a_cur in _DOLLARS
            and m.group("bpre") == "$"
            and not (m.group("bcode1") or m.group("bcode2"))
        ):
            b_cur = a_cur
        cur = a_cur or b_cur
        if cur is None:
            continue
        if a_cur and b_cur and a_cur != b_cur:
            continue
        if cur == "USD" and _bare_dollar(m):
            after = text[m.end() : m.end() + 40].split("$", 1)[0]
            line_code = next(iter(line_codes)) if len(line_codes) == 1 else None
            cur = _dollar_country(text[max(0, m.start() - 80) : m.start()], after, line_code)
        low = _value(m, "a")
        if low is None:
            continue
        high = _value(m, "b") if m.group("bnum") else None
        if m.group("bnum") and high is None:
            continue
        # "£95-150k": the k of the upper bound applies to the lower one too.
        if high is not None and m.group("bk") and not m.group("ak") and low < 1_000 <= high:
            low *= 1_000 if m.group("bk") in ("k", "K") else 1_000_000
        per = m.group("aper") or (m.group("bper") if m.group("bnum") else None)
        period = _SUFFIX_PERIOD.get(per.lower()) if per else None
        out.append(
            MoneyRange(
                currency=cur,
                low=low,
                high=high,
                period=period,
                start=m.start(),
                end=m.end(),
                text=m.group(0).strip(),
            )
        )
    return out


def plausible(currency: str, low: float, high: float | None, period: Period) -> bool:
    """Whether the amounts are a believable pay figure for ``period`` in ``currency``."""
    scale = SCALE.get(currency)
    if scale is None:
        return False
    lo_b, hi_b = BOUNDS[period]
    vals = [low] if high is None else [low, high]
    if any(not (lo_b * scale <= v <= hi_b * scale) for v in vals):
        return False
    return high is None or (low <= high <= low * 5)

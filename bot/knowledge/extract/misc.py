"""Smaller facts: contact, closing date, degree, levels, about, day-to-day, EO, open source."""

from __future__ import annotations

import re
from datetime import date

from bot.knowledge.extract.lines import Line, Lines, clean, unique
from bot.knowledge.extract.requirements import NICE_HEADING
from bot.knowledge.schema import Closing, Contact, Degree, TextFact

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_EMAIL_NOT = re.compile(
    r"accommodat|privacy|gdpr|data protection|fraud|scam|phishing|unsubscribe|disabilit"
    r"|reasonable adjustment|complain|whistle|\bdpo\b|security|authenticity|suspicious"
    r"|impersonat|your information|personal (?:data|information)|assistance accessing"
    r"|accessib|no-?reply",
    re.IGNORECASE,
)
_EMAIL_GOOD = re.compile(r"contact|question|reach|email|apply|send|get in touch|write", re.I)


def extract_contact(lines: Lines) -> Contact | None:
    """The email address candidates are told to write to."""
    fallback: Contact | None = None
    for line in lines.with_words("@"):
        m = _EMAIL.search(line.text)
        if not m or _EMAIL_NOT.search(line.text) or _EMAIL_NOT.search(m.group(0)):
            continue
        email = m.group(0).rstrip(".")
        fact = Contact(email=email, text=clean(line.text), source=(line.text,))
        if _EMAIL_GOOD.search(line.text):
            return fact
        fallback = fallback or fact
    return fallback


_ALWAYS = re.compile(
    r"no closing date|always hiring|evergreen (?:role|position|requisition|posting|opening)"
    r"|(?:accept\w*|applications?|applicants|hiring)"
    r"\s+(?:\w+\s+){0,5}on an ongoing basis|pipeline role|no (?:application )?deadline"
    r"|continuously hiring|(?:open|accept\w*) (?:\w+ )?until (?:the )?(?:position|role|vacancy)"
    r" is filled|until filled",
    re.IGNORECASE,
)
_ALWAYS_TRUE = re.compile(
    r"no closing date|always hiring|evergreen (?:role|position|requisition|posting|opening)"
    r"|continuously hiring|pipeline role"
    r"|no (?:application )?deadline|on an ongoing basis",
    re.I,
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        )
    )
}
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MON}),?\s+(?P<y1>20\d\d)"
    rf"|(?P<m2>{_MON})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>20\d\d)"
    r"|(?P<y3>20\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)",
    re.IGNORECASE,
)
_CLOSING_CUE = re.compile(
    r"closing date|deadline|applications? (?:will )?close|closes? on|apply by|open until"
    r"|accepting applications until|submit (?:your )?application by|applications? due",
    re.IGNORECASE,
)


def _month(name: str) -> int | None:
    key = name.lower().rstrip(".")
    for full, num in _MONTHS.items():
        if full.startswith(key[:3]):
            return num
    return None


def _parse_date(m: re.Match[str]) -> date | None:
    try:
        if m.group("y1"):
            mon = _month(m.group("m1"))
            return date(int(m.group("y1")), mon, int(m.group("d1"))) if mon else None
        if m.group("y2"):
            mon = _month(m.group("m2"))
            return date(int(m.group("y2")), mon, int(m.group("d2"))) if mon else None
        return date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    except ValueError:
        return None


_CLOSING_KEYS = (
    "clos",
    "deadline",
    "always hiring",
    "evergreen",
    "ongoing",
    "until",
    "apply by",
    "due",
    "continuously",
    "pipeline",
)


def extract_closing(lines: Lines) -> Closing | None:
    """A closing date, or that the role is always open ("there's no closing date")."""
    for line in lines.with_words(*_CLOSING_KEYS):
        if _ALWAYS.search(line.text):
            return Closing(
                always_hiring=bool(_ALWAYS_TRUE.search(line.text)),
                text=clean(line.text),
                source=(line.text,),
            )
        if _CLOSING_CUE.search(line.text) and (m := _DATE.search(line.text)):
            when = _parse_date(m)
            if when is not None:
                return Closing(date=when, text=clean(line.text), source=(line.text,))
    return None


_DEGREE = re.compile(
    r"\bdegree\b|bachelor|master(?:'|’)?s\b|\bB\.?S\.?c?\b|\bM\.?S\.?c?\b|\bPh\.?D|\bBA\b"
    r"|formal qualifications|diploma",
)
_DEGREE_NO = re.compile(
    r"(?:do not|don[’']t|does not|doesn[’']t|no)\s+(?:\w+\s+){0,4}"
    r"(?:formal qualifications|degree|diploma)"
    r"|degree\s+(?:\w+\s+){0,3}(?:is\s+)?not\s+"
    r"(?:required|necessary|needed|a requirement|essential)"
    r"|no degree|without a (?:\w+ )?degree|regardless of (?:\w+ )?(?:degree|education)"
    r"|(?:or|and/or)\s+(?:\w+\s+){0,2}equivalent\s+(?:\w+\s+){0,2}(?:experience|work)"
    r"|or (?:relevant|comparable|similar) (?:[\w-]+ ){0,3}experience|not mandatory"
    r"|\b(?:and/)?or\s+(?!related|a related|closely)(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:experience|background|\d+\+?\s+years)\b"
    r"|either (?:\w+ ){0,3}experience or",
    re.IGNORECASE,
)
# Softer wording: the degree is wished for, not required ("Bachelor's degree preferred").
_DEGREE_SOFT = re.compile(
    r"\bprefer(?:red|ably)?\b|nice to have|(?:is |are )?an? (?:plus|bonus|advantage)|optional"
    r"|\bdesired\b|desirable|advantageous",
    re.IGNORECASE,
)
# "BS in CS, MS preferred": the base degree is still required; only the higher one is wished.
_HIGHER_SOFT = re.compile(
    r"(?:\bMS\b|M\.S\.?|Master\w*(?:['’]s)?|Ph\.?D\.?|advanced degree|graduate degree)\W+"
    r"(?:degree\W+)?(?:is\s+|are\s+)?(?:strongly\s+)?(?:preferred|a plus|a bonus|desired)",
    re.IGNORECASE,
)
# Unclear: "or equivalent" (degree or experience?), a list that continues ("… OR"), students.
_DEGREE_UNCLEAR = re.compile(
    r"or equivalent\W*(?:\)\W*)?$|\bor\W*$|student|working towards|pursuing|enrolled"
    r"|equivalent (?:certification|degree)",
    re.IGNORECASE,
)
_BASE_DEGREE = re.compile(r"\b(?:BS|B\.S\.?|BA|BSc|Bachelor)", re.IGNORECASE)
_DEGREE_YES = re.compile(
    r"(?:bachelor|master|degree|B\.?S\.?c?|M\.?S\.?c?|Ph\.?D)\w*(?:'|’)?s?\s+(?:\w+\s+){0,8}"
    r"(?:in|of)\s+(?:computer science|engineering|math|a related|related|a technical|cs\b|stem"
    r"|physics|statistics|information)"
    r"|(?:degree|bachelor\w*|master\w*)(?:[’']s)?\s+(?:\w+\s+){0,3}(?:is\s+)?required"
    r"|(?:require|must have|must hold)\w*\s+(?:a\s+)?(?:\w+\s+){0,3}(?:degree|bachelor|master)",
    re.IGNORECASE,
)


_NOT_EDUCATION = re.compile(r"\d+\s?°|degrees? (?:of|celsius|fahrenheit)|360|to some degree", re.I)


_DEGREE_KEYS = ("degree", "bachelor", "master", "phd", "ph.d", "qualification", "diploma")
_DEGREE_ABBR = re.compile(r"\b(?:BS|MS|BA|MA)\b")


def extract_degree(lines: Lines) -> Degree | None:
    """Whether a degree is required (``False`` for "or equivalent experience")."""
    found = lines.with_words(*_DEGREE_KEYS, "b.s", "m.s", "bsc", "msc")
    found += lines.with_pattern(_DEGREE_ABBR)
    candidates = sorted(set(found), key=lambda ln: ln.pos)
    for line in candidates:
        if not _DEGREE.search(line.text) or _NOT_EDUCATION.search(line.text):
            continue
        text = line.text
        required: bool | None = None
        if _DEGREE_UNCLEAR.search(text) and not _DEGREE_NO.search(text):
            continue
        if _DEGREE_NO.search(text) or (
            NICE_HEADING.search(line.heading) and _DEGREE_YES.search(text)
        ):
            required = False
        elif _DEGREE_SOFT.search(text):
            higher = _HIGHER_SOFT.search(text)
            base = _BASE_DEGREE.search(text)
            # "BS in CS, MS preferred" still requires the BS; "Bachelor's preferred" does not.
            required = bool(higher and base and base.start() < higher.start()) or False
            if required and not _DEGREE_YES.search(text):
                required = None
        elif _DEGREE_YES.search(text):
            required = True
        if required is not None:
            return Degree(required=required, text=clean(text), source=(text,))
    return None


_LEVELS = re.compile(
    r"\b(L\d{1,2})((?:\s*(?:,|&|/|\band\b|\bor\b)\s*L?\d{1,2}\b)+)?",
)


_LEVEL_CTX = re.compile(
    r"(?:hiring|looking for|look out for|levels?|as an?|for)\s+(?:\w+\s+){0,2}L\d{1,2}\b"
    r"|\bL\d{1,2}(?:\s*(?:,|&|/|and|or|to)\s*L?\d{1,2})*\s+(?:\w+\s+)?(?:engineers?"
    r"|developers?|roles?|positions?)\b|\(L\d{1,2}\)|(?:engineer|developer)\s+L\d{1,2}\b",
    re.IGNORECASE,
)
_LEVEL_NOT = re.compile(
    r"on-?call|support|network|parity|equivalent to|switch|blockchain|layer|protocol", re.IGNORECASE
)
_LEVELS_LOWER = re.compile(r"\bl\d{1,2}\b")


def extract_levels(lines: Lines) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Engineering levels the posting hires for ("L40, 50 & 60" -> L40, L50, L60)."""
    if not _LEVELS_LOWER.search(lines.lower):
        return (), ()
    for line in lines.all:
        m = _LEVELS.search(line.text)
        if not m or not _LEVEL_CTX.search(line.text) or _LEVEL_NOT.search(line.text):
            continue
        levels = [m.group(1)]
        if m.group(2):
            levels.extend("L" + n for n in re.findall(r"\d{1,2}", m.group(2)))
        return unique(levels), (line.text,)
    return (), ()


_ABOUT = re.compile(
    r"^\W*(?:about (?:us|the company|our company|[A-Z][\w&.' -]*)|who we are|company description"
    r"|our mission|the company|company overview|our story|introduction)\W*$",
    re.IGNORECASE,
)
_ABOUT_NOT = re.compile(
    r"about (?:the |this )?(?:role|you|team|job|position|opportunity|engineering|the work"
    r"|yourself|the project)",
    re.IGNORECASE,
)


def _section_text(lines: Lines, section: int, limit: int = 3) -> tuple[str, ...]:
    return tuple(ln.text for ln in lines.all if ln.section == section and not ln.is_heading)[:limit]


def _text_fact(src: tuple[str, ...]) -> TextFact | None:
    if not src:
        return None
    parts = [clean(s) for s in src]
    text = " ".join(p if p[-1:] in ".!?:;" else p + "." for p in parts if p)
    return TextFact(text=text, source=src)


def extract_about(lines: Lines, company: str | None) -> TextFact | None:
    """What the company is, from its "About us" section."""
    for line in lines.all:
        if line.is_heading and _ABOUT.search(line.text) and not _ABOUT_NOT.search(line.text):
            fact = _text_fact(_section_text(lines, line.section))
            if fact:
                return fact
    if company:
        pre = [ln for ln in lines.all if ln.section == 0 and not ln.heading and not ln.is_item]
        for ln in pre:
            if ln.text.startswith(company) or ln.text.startswith(("We are", "We're", "At ")):
                block = [p.text for p in pre if p.block == ln.block]
                return _text_fact(tuple(block[block.index(ln.text) :][:3]))
    return None


_DAY = re.compile(
    r"day[- ]to[- ]day|what you(?:'|’)?ll (?:be )?do|what you will (?:be )?do|responsibilit"
    r"|your role|the role|in this role|your mission|what the job involves|key tasks"
    r"|what you(?:'|’)?ll be working on|the job|your impact|what you will work on",
    re.IGNORECASE,
)


def extract_day_to_day(lines: Lines) -> TextFact | None:
    """What the job involves day to day, from its section (first few sentences)."""
    best: Line | None = None
    for line in lines.all:
        if line.is_heading and _DAY.search(line.text):
            if re.search(r"day[- ]to[- ]day", line.text, re.I):
                best = line
                break
            best = best or line
    if best is None:
        return None
    return _text_fact(_section_text(lines, best.section, 4))


_EO = re.compile(
    r"equal opportunit|equal employment|without regard to|regardless of (?:race|gender|age|sex"
    r"|religion|ethnicity|background)|(?:do|does) not discriminate|\bEEO\b|will be considered for"
    r" employment without",
    re.IGNORECASE,
)


_EO_KEYS = ("equal", "regard", "discriminat", "eeo", "considered for")


def extract_equal_opportunity(lines: Lines) -> TextFact | None:
    """The equal-opportunity statement."""
    src = unique(
        ln.text for ln in lines.with_words(*_EO_KEYS) if not ln.is_heading and _EO.search(ln.text)
    )
    return _text_fact(src[:3])


_OSS = re.compile(r"open[- ]sourc", re.IGNORECASE)
_OSS_OURS = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)


def extract_open_source(lines: Lines) -> TextFact | None:
    """What the company says about its open-source work."""
    for line in lines.with_words("open source", "open-source", "opensource"):
        if line.is_item:
            continue
        if _OSS.search(line.text) and _OSS_OURS.search(line.text):
            return TextFact(text=clean(line.text), source=(line.text,))
    return None

"""Visa sponsorship (yes / no) and work-authorisation requirements.

``sponsorship="no"`` only when the posting says it will not sponsor ("we are unable to sponsor
visas", "without visa sponsorship", "not eligible for immigration sponsorship", "must not
require sponsorship now or in the future"). "You must have the right to work in the UK" alone
is *not* turned into "no": it is kept as the separate ``work_authorization`` fact, quoted
verbatim, because a company may still sponsor people it hires from abroad. Hedged statements
("sponsorship may be available") and postings that say both yes and no leave ``visa`` absent.
"""

from __future__ import annotations

import re

from bot.knowledge.extract.lines import Line, Lines, clean, unique
from bot.knowledge.schema import TextFact, Visa

_TOPIC = re.compile(
    r"visa|immigration|work permit|\bh-?1b\b|\bopt\b|green card|employment[- ]based"
    r"|work authori[sz]ation|authori[sz]ed to work|right to work|eligib\w* to work"
    r"|sponsorship\W{0,4}(?:yes|no)\b|employment sponsorship|\bperm\b|sponsorship\s+(?:now or in"
    r"|at this time|is available|will be provided)|(?:provide|offer|require|need)\w*\s+(?:\w+\s+)?"
    r"sponsorship|eligible for (?:\w+ )?sponsorship|sponsorship (?:is )?(?:not )?(?:available"
    r"|provided|offered)",
    re.IGNORECASE,
)
_SPONSOR = re.compile(r"sponsor", re.IGNORECASE)
# "we cannot support candidates requiring visa sponsorship or relocation" (shared with relocation)
CANT_SUPPORT = (
    r"(?:cannot|unable to|not able to|can[’']t|can not|do not|don[’']t)\s+(?:\w+\s+){0,2}"
    r"(?:support|consider|accept|hire)\s+(?:\w+\s+){0,2}(?:candidates|applicants|anyone|those"
    r"|people)\s+(?:who\s+)?(?:\w+\s+){0,2}(?:requir|need)\w*\s+(?:[\w/-]+\s+){0,3}"
    r"(?:sponsorship|relocation)"
)
_NEG = re.compile(
    r"(?:unable|not able|not be able|cannot|can ?not|can[’']t|won[’']t|will not|do not|does not"
    r"|don[’']t|doesn[’']t|are not|is not|isn[’']t|aren[’']t|not in a position|no longer"
    r"|not currently)"
    r"\s+(?:[\w/-]+\s+){0,4}(?:sponsor|transfer|provide\s+(?:\w+\s+)?(?:visa|sponsorship)"
    r"|offer\s+(?:\w+\s+)?(?:visa|sponsorship)|support\s+(?:\w+\s+)?visa)"
    r"|\b(?:no|not|without|nor|neither)\s+(?:[\w/()-]+\s+){0,4}sponsorship"
    r"|sponsorship\s+(?:[\w/()-]+\s+){0,4}(?:is|are|will be)\s+not\b"
    r"|(?:visas?|sponsorship)\s+(?:[\w/()-]+\s+){0,3}not\s+(?:be\s+)?(?:sponsored|available"
    r"|offered|provided|supported|possible)"
    r"|not\s+(?:currently\s+)?(?:offering|providing|sponsoring)\s+(?:\w+\s+)?(?:visa|sponsor)"
    r"|does\s+not\s+(?:anticipate|intend|plan)\s+(?:to\s+)?(?:provid\w*|offer\w*|sponsor\w*)"
    r"|not\s+(?:\w+\s+){0,2}require\s+(?:[\w/()-]+\s+){0,5}sponsorship"
    r"|(?:require|need)s?\s+(?:[\w/()-]+\s+){0,5}sponsorship\s+(?:[\w/(),-]+\s+){0,6}"
    r"(?:not|ineligible|won[’']t|will not)\b"
    r"|sponsorship\W{0,4}no\b|sponsorship\s+(?:is\s+)?unavailable"
    r"|sponsorship\s+(?:\w+\s+){0,3}(?:cannot|can[’']t|can not|won[’']t|will not)\s+be|"
    + CANT_SUPPORT,
    re.IGNORECASE,
)
_YES = re.compile(
    r"\b(?:we|company|team|[A-Z]\w+)\s+(?:can|will|do|are able to|are happy to|offers? to"
    r"|is able to|would)\s+(?:also\s+|happily\s+|gladly\s+)?sponsor"
    r"|(?:visa|immigration|work permit)\s+(?:sponsorship|support|assistance|sponsor)"
    r"(?:\s+(?:is|are|will be))?\s+(?:available|offered|provided|included)"
    r"|(?:offer|offers|offering|provide|provides|providing|including|includes|with|\+|and)\s+"
    r"(?:full\s+|complete\s+)?(?:visa|immigration|work permit|h-?1-?bs?)\s+"
    r"(?:sponsorship|support|sponsor)"
    r"|sponsorship\W{0,4}yes\b|(?:we|company)\s+sponsors?\s+(?:[\w-]+\s+)?visas?"
    r"|willing to sponsor|eligible for (?:[\w-]+\s+){0,3}sponsorship"
    r"|sponsorship\s+(?:[\w./-]+\s+){0,5}?(?:is|are|will be)\s+(?:available|offered|provided)",
    re.IGNORECASE,
)
_ITEM_YES = re.compile(
    r"^\W*(?:full\s+)?(?:visa|immigration|work permit)\s+(?:sponsorship|support|sponsor"
    r"|assistance)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\bmay\b|\bmight\b|\bpossibl|case[- ]by[- ]case|in some cases|\bcertain\b|\bsome roles"
    r"|where applicable|eligible roles|\bexceptional\b|depending|\bcould\b",
    re.IGNORECASE,
)
_AUTH = re.compile(
    r"right to work|authori[sz]ed to work|work authori[sz]ation|eligib\w* to work"
    r"|legally (?:able|entitled|permitted|allowed) to work|work permit|valid (?:work )?visa"
    r"|working rights|permission to work|must (?:be|hold) (?:a )?(?:\w+ )?citizen",
    re.IGNORECASE,
)
_EQUAL_OPP = re.compile(r"without regard|regardless of|discriminat|citizenship status", re.I)


def _classify(line: Line) -> str | None:
    text = line.text
    if "sponsor" not in line.lower and "visa" not in line.lower:
        return None
    if not (_SPONSOR.search(text) or re.search(r"visa\s+(?:support|assistance)", text, re.I)):
        return None
    if not _TOPIC.search(text) and not _TOPIC.search(line.heading):
        return None
    if _EQUAL_OPP.search(text) and not _NEG.search(text):
        return None
    if _NEG.search(text):
        return "no"
    if _HEDGE.search(text):
        return "hedged"
    if _YES.search(text) or (line.is_item and _ITEM_YES.search(text)):
        return "yes"
    if line.is_heading and _ITEM_YES.search(clean(text)):
        return "yes"
    return None


def extract_visa(lines: Lines) -> Visa | None:
    """Whether the posting says it sponsors visas; ``None`` when unstated or unclear."""
    yes: list[str] = []
    no: list[str] = []
    hedged = False
    for line in lines.with_words("sponsor", "visa"):
        verdict = _classify(line)
        if verdict == "yes":
            yes.append(line.text)
        elif verdict == "no":
            no.append(line.text)
        elif verdict == "hedged":
            hedged = True
    if yes and not no and not hedged:
        src = unique(yes)
        return Visa(sponsorship="yes", text=" ".join(clean(s) for s in src), source=src)
    if no and not yes:
        src = unique(no)
        return Visa(sponsorship="no", text=" ".join(clean(s) for s in src), source=src)
    return None


_AUTH_KEYS = ("to work", "authori", "permit", "visa", "working rights", "citizen", "sponsor")


def extract_work_authorization(lines: Lines) -> TextFact | None:
    """Sentences about the right to work or sponsorship, quoted as written."""
    found: list[str] = []
    for line in lines.with_words(*_AUTH_KEYS):
        text = line.text
        if _EQUAL_OPP.search(text) and not _SPONSOR.search(text):
            continue
        if _AUTH.search(text) or (_SPONSOR.search(text) and _TOPIC.search(text)):
            found.append(text)
    if not found:
        return None
    src = unique(found)[:4]
    return TextFact(text=" ".join(clean(s) for s in src), source=src)

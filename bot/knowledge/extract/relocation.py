"""Relocation support: offered or not, and where to.

Offered: "We can help you relocate to the UK", "relocation package", "relocation assistance
(is available)". Not offered: "no relocation", "this position does not offer relocation
assistance", "relocation ... not provided/available/included". Candidate-side phrases ("must be
willing to relocate", "you do not have to relocate", "relocation is not required") and hedged
ones ("possibility for relocation", "may") state nothing and are ignored.
"""

from __future__ import annotations

import re

from bot.knowledge.extract.lines import Line, Lines, clean, unique
from bot.knowledge.extract.visa import CANT_SUPPORT
from bot.knowledge.schema import Relocation

_TOPIC = re.compile(r"relocat|move to|moving to|make your way to", re.IGNORECASE)
_NO = re.compile(
    r"\bno\s+(?:\w+\s+)?relocation|relocation\s+(?:[\w/-]+\s+){0,3}(?:is|are|will be|will)\s+not"
    r"\s+(?:be\s+)?(?:available|offered|provided|included|supported|possible|covered|paid)"
    r"|(?:not|cannot|can[’']t|unable to|won[’']t|will not)\s+(?:\w+\s+){0,3}"
    r"(?:offer|provide|support|cover|pay for|assist with|help with)\s+(?:\w+\s+){0,2}relocation"
    r"|(?:does not|doesn[’']t|do not|don[’']t)\s+(?:\w+\s+){0,2}(?:offer|provide|include|cover"
    r"|support)\s+(?:[\w/-]+\s+){0,4}relocation"
    r"|relocation\s+(?:\w+\s+){0,2}not\s+(?:provided|available|offered|included|covered"
    r"|supported|possible)"
    r"|without\s+(?:\w+\s+){0,3}relocation\s+(?:support|assistance|package|help)"
    r"|relocation\s+(?:support|assistance|packages?|help)?\s*(?:is|are)\s+unavailable"
    r"|nor\s+(?:\w+\s+)?relocation|" + CANT_SUPPORT,
    re.IGNORECASE,
)
_YES = re.compile(
    r"relocation\s+(?:package|assistance|support|bonus|allowance|budget|program|help|stipend"
    r"|costs?|expenses?|benefits?|reimbursement|services?)"
    r"|(?:help|assist|support)\w*\s+(?:\w+\s+){0,3}(?:to\s+)?relocat"
    r"|(?:help|support|assist)\w*\s+(?:you\s+)?(?:with\s+)?(?:your\s+)?relocation"
    r"|(?:offer|provide|cover|pay for|including|includes)\w*\s+(?:\w+\s+){0,2}relocation"
    r"|relocation\s+(?:\w+\s+){0,3}(?:is|are)\s+(?:available|offered|provided|covered|included)"
    r"|relocation\s+(?:and|&|\+)\s+(?:visa|immigration)"
    r"|(?:visa|immigration)\s+(?:\w+\s+)?(?:and|&|\+)\s+relocation",
    re.IGNORECASE,
)
_IGNORE = re.compile(
    r"willing(?:ness)? to relocate|(?:do not|don[’']t|no need to|not)\s+(?:\w+\s+){0,2}"
    r"(?:have|need|required?)\s+to\s+relocate|relocation\s+(?:is\s+)?not\s+(?:required|necessary"
    r"|needed)|open to relocat|plan to relocate|able to relocate|ready to relocate"
    r"|possibility|\bmay\b|\bmight\b|case[- ]by[- ]case|relocat\w* (?:of|our|the) (?!you)"
    r"|open to discuss|eligible roles|certain roles|some roles|\bcould\b"
    r"|relocating (?:services|workloads|data)",
    re.IGNORECASE,
)
_DEST = re.compile(
    r"(?:relocat\w*|make your way|move|moving)\s+(?:you\s+)?(?:support\s+|assistance\s+)?"
    r"(?:to|for|in)\s+(?:the\s+)?"
    r"((?:[A-Z][\w.-]*|of)(?:\s+(?:[A-Z][\w.-]*|of))*"
    r"(?:(?:,\s*|\s+or\s+|\s+and\s+|\s*/\s*)[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)*)"
)


def _destination(text: str) -> str | None:
    m = _DEST.search(text)
    if not m:
        return None
    dest = m.group(1).strip(" ,.")
    return dest if dest and dest[0].isupper() and dest not in {"Our", "You", "We"} else None


def _classify(line: Line) -> str | None:
    text = line.text
    if "relocat" not in line.lower:
        return None
    if _NO.search(text):
        return "no"
    if _IGNORE.search(text):
        return None
    if _YES.search(text):
        return "yes"
    if (line.is_item or line.is_heading) and re.fullmatch(
        r"\W*(?:\(?international\)?\s+|domestic\s+)?relocation\W*", text, re.IGNORECASE
    ):
        return "yes"
    return None


def extract_relocation(lines: Lines) -> Relocation | None:
    """Whether relocation support is offered, with its destination when stated."""
    yes: list[str] = []
    no: list[str] = []
    for line in lines.with_words("relocat"):
        verdict = _classify(line)
        if verdict == "yes":
            yes.append(line.text)
        elif verdict == "no":
            no.append(line.text)
    if yes and no:
        return None
    src = unique(yes or no)
    if not src:
        return None
    dest = next((d for s in src if (d := _destination(s))), None) if yes else None
    return Relocation(
        offered=bool(yes),
        destination=dest,
        text=" ".join(clean(s) for s in src),
        source=src,
    )

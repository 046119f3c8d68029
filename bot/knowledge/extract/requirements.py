"""Requirements: what the candidate must have, and what is nice to have."""

from __future__ import annotations

import re

from bot.knowledge.extract.lines import Line, Lines, clean, hsearch
from bot.knowledge.schema import Requirement, Requirements

NICE_HEADING = re.compile(
    r"nice[- ]to[- ]have|bonus|preferred|\bplus(?:es)?\b|desirable|extra credit|would be great"
    r"|even better|\bideally\b|added advantage|good to have|optional|not required|stand out"
    r"|would be (?:a )?(?:plus|nice|great)|brownie points|what would make you",
    re.IGNORECASE,
)
REQUIREMENT_HEADING = re.compile(
    r"requirement|qualification|you should apply|what we(?:'|’)?re looking for|about you"
    r"|you have|you(?:'|’)?ll (?:have|need|bring)|who you are|must[- ]have|\bskills\b"
    r"|what you bring|what you need|what we need|ideal candidate|we expect|you are\b|you need"
    r"|what we look for|your profile|experience(?: and skills)?\s*$|competenc|essential"
    r"|is this you|you might be a fit|you(?:'|’)?re a (?:good|great) fit|the right fit"
    r"|you(?:'|’)?d be a great fit|what it takes|who we(?:'|’)?re looking for",
    re.IGNORECASE,
)
_NICE_ITEM = re.compile(
    r"nice to have|is a (?:big |huge |strong )?plus|are a plus|a bonus|bonus points|preferred"
    r"|desirable|would be (?:a )?(?:plus|great|nice|advantage)|an advantage|ideally"
    r"|is advantageous|helpful|beneficial",
    re.IGNORECASE,
)
_NICE_INTRO = re.compile(
    r"nice[- ]to[- ]have|bonus points|would be (?:a )?(?:plus|great|nice)|preferred|ideally"
    r"|extra credit|stand out|(?:is|are) a plus",
    re.IGNORECASE,
)
_MUST_INTRO = re.compile(
    r"(?:requirements?|qualifications?|you (?:should|must) (?:have|be|bring)|you(?:'|’)ll need"
    r"|you need|we(?:'|’)re looking for|we are looking for|looking for someone|ideal candidate"
    r"|must[- ]haves?|what you bring|about you|you have|you(?:'|’)ll have)\W*$",
    re.IGNORECASE,
)
# Sections that list duties, steps or perks, whatever their wording ("you are responsible for").
_NOT_REQUIREMENTS = re.compile(
    r"responsib|duties|what you(?:'|’)?ll (?:do|be doing|work on)|challenges|day[- ]to[- ]day"
    r"|interview|process|benefit|perks|what we offer|culture|values",
    re.IGNORECASE,
)
_MAX = 25


def _kind(line: Line) -> str | None:
    heading = line.heading
    if hsearch(NICE_HEADING, heading):
        return "nice"
    if hsearch(REQUIREMENT_HEADING, heading) and not hsearch(_NOT_REQUIREMENTS, heading):
        return "must"
    if line.is_item and line.intro and not hsearch(_NOT_REQUIREMENTS, line.intro):
        if hsearch(_NICE_INTRO, line.intro):
            return "nice"
        if hsearch(_MUST_INTRO, line.intro):
            return "must"
    return None


def extract_requirements(lines: Lines) -> Requirements:
    """List items (or sentences) of requirement sections, split into must and nice."""
    must: list[Requirement] = []
    nice: list[Requirement] = []
    seen: set[tuple[int, int]] = set()
    for line in lines.all:
        if line.is_heading:
            continue
        kind = _kind(line)
        if kind is None:
            continue
        key = (line.section, line.block)
        if line.is_item:
            if key in seen:
                continue
            seen.add(key)
            texts = list(lines.block_text(line))
        elif line.section in lines.item_sections:
            continue  # prose around a requirement list is not itself a requirement
        else:
            texts = [line.text]
        joined = " ".join(texts)
        if len(joined) < 8:
            continue
        if kind == "must" and _NICE_ITEM.search(joined):
            kind = "nice"
        req = Requirement(text=clean(joined), source=tuple(texts))
        target = nice if kind == "nice" else must
        if len(target) < _MAX:
            target.append(req)
    listed = {src for r in (*must, *nice) for src in r.source}
    years = [
        Requirement(text=clean(line.text), source=(line.text,))
        for line in lines.all
        if not line.is_heading and line.text not in listed and _years_required(line)
    ]
    return Requirements(must=tuple(years[:2]) + tuple(must), nice=tuple(nice))


# "3+ years", "5-7 yrs", "at least 4 years": the experience asked for, wherever it is listed
# ("Required Total Years Of exp- 3+ years" under "Additional information").
_YEARS = re.compile(
    r"\b\d{1,2}\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs)\b", re.IGNORECASE
)
_EXPERIENCE = re.compile(r"\bexp(?:erience|\.|\b)|\brequired\b|\bminimum\b|\bat least\b", re.I)
_MAX_YEARS_LINE = 160


def _years_required(line: Line) -> bool:
    """A short line (a list item, or one that says "required") asking for years of experience;
    not "25 years of experience" in a long sentence about the company."""
    text = line.text
    if len(text) > _MAX_YEARS_LINE or not _YEARS.search(text) or not _EXPERIENCE.search(text):
        return False
    return line.is_item or bool(re.search(r"\brequired|\bminimum|\bat least|\+", text, re.I))

"""Tech stack: canonical technology names with categories, from a vocabulary.

Ambiguous words ("Go", "React", "Swift", "Rust", "Spring", "Chef", …) count only in a tech
context: a list item under a tools/stack heading or intro, a sentence that names another
technology right next to it ("Go, Python"), or phrasing such as "in Go" / "written in Rust".
"""

from __future__ import annotations

import re

from bot.knowledge.extract.lines import Line, Lines, clean, hsearch
from bot.knowledge.extract.requirements import NICE_HEADING, REQUIREMENT_HEADING
from bot.knowledge.schema import TechItem
from bot.knowledge.vocab import technologies

# The technologies vocabulary (knowledge/vocab/tech.yaml): the one copy answers use too.
_VOCAB = tuple(t for t in technologies() if t.spell is not None)
# Lower-case first words of each entry's spellings: a line is only searched for an entry
# whose first word it contains (one tokenisation per line instead of ~100 searches).
_BY_WORD: dict[str, list[int]] = {}
for _i, _tech in enumerate(_VOCAB):
    for _w in _tech.first:
        _BY_WORD.setdefault(_w, []).append(_i)
_TOKEN = re.compile(r"[\w#+.]+(?:-c\b)?")


def _candidates(low: str) -> list[int]:
    found: set[int] = set()
    for tok in _TOKEN.findall(low):
        idx = _BY_WORD.get(tok.rstrip("."))
        if idx:
            found.update(idx)
    return sorted(found)


_TECH_CONTEXT = re.compile(
    r"stack|technolog|tools|tooling|languages?|frameworks?|we use|we rely|built (?:with|on|in)"
    r"|written in|infrastructure|platform|experience (?:with|in)|proficien|familiar|knowledge of"
    r"|expertise|skills|requirements|qualifications|you have|nice to have|bonus",
    re.IGNORECASE,
)
_AMBIG_OK = re.compile(
    r"(?:\bin|\bwith|\busing|\buses?|written in|experience|knowledge|like|such as|e\.g\.)\s+$",
    re.IGNORECASE,
)
# Next to other technologies: "Go, Python", "(Go", "Java or Go".
_AMBIG_LISTED = re.compile(r"(?:[,/(]|\band|\bor|&)\s*$", re.IGNORECASE)
_DATACENTRE = re.compile(r"physical data ?cent(?:er|re)s?|data ?cent(?:er|re) sites?", re.I)


def _ambiguous_ok(line: Line, start: int, end: int, others: int) -> bool:
    before = line.text[max(0, start - 20) : start]
    after = line.text[end : end + 3]
    if _AMBIG_OK.search(before):
        return True
    if others >= 1 and (_AMBIG_LISTED.search(before) or re.match(r"\s*[,/)]", after)):
        return True
    if others >= 1 and line.is_item and hsearch(_TECH_CONTEXT, line.context):
        return True
    if line.is_item and hsearch(_TECH_CONTEXT, line.context) and start == 0:
        return True
    return others >= 2


def _note(line: Line, count: int) -> str | None:
    if line.is_item and count <= 2 and not _in_requirements(line):
        return clean(line.text).rstrip(".")
    return None


def extract_stack(lines: Lines) -> tuple[TechItem, ...]:
    """The technologies the team uses, once each, in first-seen order.

    Technologies named only in requirement lists ("experience with Java or Scala") count as
    the stack when the posting names no stack elsewhere; otherwise they are kept with
    ``asked=True``: skills asked of the candidate, not necessarily the team's stack.
    """
    body = [ln for ln in lines.all if not _in_requirements(ln)]
    found = _scan(body)
    asked = len(found) >= _STACK_DESCRIBED
    for name, item in _scan([ln for ln in lines.all if _in_requirements(ln)]).items():
        if name not in found:
            found[name] = item.model_copy(update={"asked": True}) if asked else item
    return tuple(found.values())


# With this many technologies named outside the requirements, the posting describes its stack
# and requirement-only mentions are skills asked of the candidate, not the team's stack.
_STACK_DESCRIBED = 3


def _in_requirements(line: Line) -> bool:
    return hsearch(REQUIREMENT_HEADING, line.heading) or hsearch(NICE_HEADING, line.heading)


def _scan(lines: list[Line]) -> dict[str, TechItem]:
    found: dict[str, TechItem] = {}
    for line in lines:
        if line.is_heading:
            continue
        hits = []
        low = line.lower
        for i in _candidates(low):
            tech = _VOCAB[i]
            m = tech.spell.search(line.text) if tech.spell is not None else None
            if m:
                hits.append((tech.name, tech.category, m, tech.ambiguous))
        if (
            "data" in low
            and line.is_item
            and _DATACENTRE.search(line.text)
            and hsearch(_TECH_CONTEXT, line.context)
        ):
            name = "Physical data centres"
            if name not in found:
                found[name] = TechItem(
                    name=name,
                    category="infrastructure",
                    note=clean(line.text).rstrip("."),
                    source=(line.text,),
                )
        if not hits:
            continue
        # "SQL Server" also contains "SQL": keep only the longest of overlapping matches.
        hits = [
            h
            for h in hits
            if not any(
                o is not h
                and o[2].start() <= h[2].start()
                and h[2].end() <= o[2].end()
                and (o[2].end() - o[2].start()) > (h[2].end() - h[2].start())
                for o in hits
            )
        ]
        hits.sort(key=lambda h: h[2].start())
        certain = sum(1 for h in hits if not h[3])
        for name, cat, m, amb in hits:
            if name in found:
                continue
            if amb and not _ambiguous_ok(line, m.start(), m.end(), certain):
                continue
            found[name] = TechItem(
                name=name,
                category=cat,
                note=_note(line, len(hits)),
                source=(line.text,),
            )
    return found

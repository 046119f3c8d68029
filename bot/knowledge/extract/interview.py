"""The interview process: ordered stages (lists or prose) and its typical duration."""

from __future__ import annotations

import re

from bot.knowledge.extract.lines import Line, Lines, clean, hsearch, unique
from bot.knowledge.schema import Duration, Interview, InterviewStage

_HEADING = re.compile(
    r"interview|hiring process|recruit\w* process|selection process|application process"
    r"|our process|what to expect|next steps|the process|how we hire|hiring journey"
    r"|hiring steps|process steps|how to apply|recruitment steps",
    re.IGNORECASE,
)
_INTRO = re.compile(
    r"(?:interview|hiring|recruit\w*|selection|application)\s+(?:process|stages|steps|loop)"
    r"|\bstages\b|\bsteps\b|process (?:looks|consists|involves|includes|is)",
    re.IGNORECASE,
)
_STAGE_CUE = re.compile(
    r"interview|\bcall\b|\bchat\b|screen|task|\btest\b|exercise|assignment|challenge|\bmeet"
    r"|conversation|\boffer\b|assessment|discussion|session|pair|coding|on-?site|panel"
    r"|reference|round|presentation|case study|take[- ]home|\bcv\b|résumé|resume|review"
    r"|decision|\bfit\b|deep dive|talk|walkthrough|home assignment|technical|intro",
    re.IGNORECASE,
)
_SEQ = re.compile(
    r"\b(?:first(?:ly)?|then|next|followed by|finally|after that|afterwards|lastly"
    r"|begins? with|starts? with|subsequently|the last step|the final step)\b",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    r"\s*(?:[,;]\s*|\s)(?:and\s+)?(?:then|followed by|after that|afterwards|finally"
    r"|lastly|and finally|ends with|ending with|concludes with|wraps up with)\b,?\s*|;\s+",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^\W*(?:(?:our|the)\s+(?:\w+\s+){0,2}process\s+(?:will\s+)?(?:starts?|begins?|kicks? off)"
    r"\s+with"
    r"|it\s+(?:starts|begins)\s+with|(?:at\s+)?first(?:ly)?|we\s+(?:start|begin)\s+with"
    r"|to\s+(?:start|begin)(?:\s+with)?|step\s+\d+|then|next|finally|lastly|and)\W*",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?::|\s[-–—]\s)\s*")


def _stage_from_item(text: str) -> InterviewStage:
    t = clean(text).rstrip(".; ")
    parts = _NAME_SPLIT.split(t, maxsplit=1)
    if len(parts) == 2 and 0 < len(parts[0].split()) <= 8 and parts[1]:
        return InterviewStage(name=parts[0], description=parts[1], source=(text,))
    return InterviewStage(name=t, source=(text,))


def _runs(lines: list[Line]) -> list[list[Line]]:
    """Consecutive list items grouped into lists (same section, adjacent blocks)."""
    runs: list[list[Line]] = []
    for ln in lines:
        if not ln.is_item:
            continue
        last = runs[-1][-1] if runs else None
        if last and last.section == ln.section and ln.block - last.block <= 1:
            if ln.block == last.block:
                continue  # a further sentence of the same item
            runs[-1].append(ln)
        else:
            runs.append([ln])
    return runs


def _item_text(lines: Lines, first: Line) -> str:
    return " ".join(lines.block_text(first))


def _from_lists(lines: Lines) -> Interview | None:
    cands = [
        ln
        for ln in lines.all
        if ln.is_item and (hsearch(_HEADING, ln.heading) or hsearch(_INTRO, ln.intro))
    ]
    for run in _runs(cands):
        texts = [_item_text(lines, ln) for ln in run]
        cued = sum(1 for t in texts if _STAGE_CUE.search(t))
        if not (2 <= len(texts) <= 12) or cued * 2 < len(texts):
            continue
        if any(len(t) > 400 for t in texts):
            continue
        stages = tuple(_stage_from_item(t) for t in texts)
        intro = run[0].intro
        src = unique(([intro] if intro else []) + texts)
        return Interview(stages=stages, text=clean(intro) if intro else None, source=src)
    return None


_PROCESS = re.compile(r"(?:interview|hiring|recruit\w*|selection)\s+(?:process|stages|loop)", re.I)


def _prose_lines(lines: Lines) -> list[Line]:
    """Sentences of an interview section, and those right after "our hiring process …"."""
    found: dict[int, Line] = {}
    for ln in lines.with_words("process", "stages", "loop"):
        if not ln.is_heading and _PROCESS.search(ln.text):
            for nxt in lines.all[ln.pos : ln.pos + 7]:
                if nxt.section == ln.section and not nxt.is_heading:
                    found[nxt.pos] = nxt
    for ln in lines.all:
        if not ln.is_heading and hsearch(_HEADING, ln.heading):
            found[ln.pos] = ln
    return [found[k] for k in sorted(found)]


_OPENS = re.compile(
    r"^\W*(?:first(?:ly)?|then|next|after that|afterwards|finally|lastly|subsequently"
    r"|to (?:start|begin)|(?:the|our) (?:\w+ ){0,2}process (?:starts|begins|kicks off)"
    r"|it (?:starts|begins)|we (?:start|begin)|the (?:last|final) step)\b",
    re.IGNORECASE,
)
_STARTS = re.compile(
    r"^\W*(?:first(?:ly)?|to (?:start|begin)|(?:the|our) (?:\w+ ){0,2}process (?:starts|begins"
    r"|kicks off)|it (?:starts|begins)|we (?:start|begin))\b",
    re.IGNORECASE,
)


def _stage(chunk: str, source: str) -> InterviewStage | None:
    name = _LEAD.sub("", chunk).strip(" ,.;:")
    if not name or not _STAGE_CUE.search(name) or len(name) > 200:
        return None
    return InterviewStage(name=name[0].upper() + name[1:], source=(source,))


def _from_prose(lines: Lines) -> Interview | None:
    """Stages from "First …, then …, and finally …" in one sentence, or from consecutive
    sentences that open with First / Then / Next / Finally (at least one opening the process)."""
    plines = _prose_lines(lines)
    for ln in plines:  # one sentence naming the whole sequence
        if not _SEQ.search(ln.text):
            continue
        chunks = [c for c in _SPLIT.split(ln.text) if c and c.strip()]
        stages = [st for c in chunks if (st := _stage(c, ln.text))]
        if len(chunks) >= 2 and len(stages) >= 2 and len(stages) == len(chunks):
            return Interview(stages=tuple(stages), text=clean(ln.text), source=(ln.text,))
    seq: list[InterviewStage] = []
    used: list[str] = []
    for ln in plines:  # one sentence per step
        if _OPENS.search(ln.text) and (st := _stage(ln.text, ln.text)):
            seq.append(st)
            used.append(ln.text)
    if len(seq) < 2 or not any(_STARTS.search(s) for s in used):
        return None
    src = unique(used)
    return Interview(stages=tuple(seq), text=" ".join(clean(s) for s in src), source=src)


def extract_interview(lines: Lines) -> Interview | None:
    """Interview stages from a list or from prose ("first a call, then …, finally …")."""
    return _from_lists(lines) or _from_prose(lines)


_DUR = re.compile(
    r"(?P<q>(?:around|about|approximately|roughly|typically|usually|within|up to|under"
    r"|less than|no more than|between|~)\s+)?"
    r"(?P<a>\d{1,2}|one|two|three|four|five|six)"
    r"(?:\s*(?:-|–|to|and)\s*(?P<b>\d{1,2}|two|three|four|five|six))?"
    r"\s*(?P<u>(?:business |working |calendar )?(?:weeks?|days?))\b",
    re.IGNORECASE,
)
_DUR_CTX = re.compile(
    r"(?:interview|hiring|recruit\w*|selection|application|entire|whole|our|the|this|average)"
    r"\s+process(?!es)\b|\bprocess\s+(?:takes|lasts|typically|usually|is expected|can take)"
    r"|from (?:first )?(?:application|contact|call) to (?:an )?offer",
    re.IGNORECASE,
)
_DUR_NOT = re.compile(
    r"vacation|holiday|leave|\bpto\b|notice|onboard|probation|paid|per year|a year|trial"
    r"|annual|sick|parental|maternity|paternity|\bnotice\b|contract|sprint|respond|reply"
    r"|hear back|get back|first \d+ days|orientation|training|on-call|rotation|hire date|i-9"
    r"|deliver|assignment|take-home|decision|next step",
    re.IGNORECASE,
)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _num(s: str) -> int:
    return _WORDS.get(s.lower()) or int(s)


def extract_duration(lines: Lines) -> Duration | None:
    """How long the process typically takes ("around 2-3 weeks on average")."""
    for ln in lines.with_words("week", "day"):
        if not (_DUR_CTX.search(ln.text) or hsearch(_HEADING, ln.heading)):
            continue
        if _DUR_NOT.search(ln.text):
            continue
        m = _DUR.search(ln.text)
        if not m:
            continue
        if not re.search(r"takes?|last|complete|typically|average|usually|within|process", ln.text):
            continue
        a = _num(m.group("a"))
        b = _num(m.group("b")) if m.group("b") else a
        mult = 7 if "week" in m.group("u").lower() else 1
        phrase = m.group(0).strip()
        if "average" in ln.lower and "average" not in phrase.lower():
            phrase += " on average"
        return Duration(text=phrase, min_days=a * mult, max_days=b * mult, source=(ln.text,))
    return None

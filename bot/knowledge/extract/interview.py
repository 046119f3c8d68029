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
_NUMBERED_PARA = re.compile(r"^\W{0,3}\d{1,2}\s?[.)]\s*(?=\S)")
_NAME_SPLIT = re.compile(r"\s*(?::|\s[-–—]\s)\s*")


# "[30m] Recruiter Screen" (the parser keeps "30m] …"), "[Async] Take home exercise".
_BRACKET_LEAD = re.compile(r"^\[?(?P<d>\d[\w .+]{0,20}|async)\]\s*(?=\S)", re.IGNORECASE)
_DURATION = re.compile(
    r"^~?\d+(?:\.\d+)?\s*(?:-\s*\d+\s*)?(?:m|mins?|minutes?|h|hrs?|hours?)$", re.IGNORECASE
)


def _stage_from_item(text: str, source: tuple[str, ...] | None = None) -> InterviewStage:
    source = source or (text,)
    t = clean(_NUMBERED_PARA.sub("", text)).rstrip(".; ")
    lead = None
    if m := _BRACKET_LEAD.match(t):
        lead, t = m.group("d").strip(), t[m.end() :]
    parts = _NAME_SPLIT.split(t, maxsplit=1)
    if len(parts) == 2 and 0 < len(parts[0].split()) <= 8 and parts[1]:
        name, desc = parts
        if _DURATION.match(name):  # "30 min - Screening call"
            name, desc = desc, name
        if lead:
            desc = f"{lead}; {desc}"
        return InterviewStage(name=name, description=desc, source=source)
    return InterviewStage(name=t, description=lead, source=source)


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


def _continuation(lines: Lines, run: list[Line]) -> list[str]:
    """Items of the same list that the parser split off: "1. …", "2. …", then "3.Technical
    interview …" (no space after the dot, so read as a paragraph) and "4. Final …".

    Without them the list would be cut short and read as the whole process.
    """
    last = run[-1]
    out: list[str] = []
    block = last.block
    pos = last.pos + len(lines.block_text(last)) - _block_index(lines, last)
    while pos < len(lines.all) and len(out) < 10:
        ln = lines.all[pos]
        if ln.section != last.section or ln.is_heading or ln.block != block + 1:
            break
        if not ln.is_item and not _NUMBERED_PARA.match(ln.text):
            break
        if not out and ln.is_item:
            break  # the parser kept the list whole: nothing was split off
        texts = lines.block_text(ln)
        out.append(" ".join(texts))
        block = ln.block
        pos += len(texts)
    return out


def _block_index(lines: Lines, line: Line) -> int:
    """The index of ``line`` among the sentences of its block."""
    texts = lines.block_text(line)
    return texts.index(line.text) if line.text in texts else 0


_PROCESS_WORDS = re.compile(r"interview|hiring|recruit|selection|application process", re.I)
_STRONG_STAGE = re.compile(
    r"interview|screen|\bcall\b|\bchat\b|assessment|exercise|challenge|assignment|\btests?\b"
    r"|\btask\b|panel|on-?site|pair|take[- ]home|case study|\bround\b|\boffer\b|conversation"
    r"|\bmeet",
    re.IGNORECASE,
)
_PROSE_ITEM = re.compile(
    r"^\W*(?:this|you|you(?:'|’)ll|we|we(?:'|’)ll|it|our|here|the \w+(?: \w+)? will)\b", re.I
)


def _fold_descriptions(texts: list[str]) -> list[tuple[str, ...]]:
    """Sub-items the parser flattened: "[30mins] Interview with the Talent Team" followed by
    "This is our initial touchpoint. …" is one stage with its description, not two."""
    out: list[tuple[str, ...]] = []
    for t in texts:
        short_before = bool(out) and len(out[-1]) == 1 and len(out[-1][0]) <= 80
        if short_before and len(t) > 40 and _PROSE_ITEM.match(t):
            out[-1] = (out[-1][0], t)
        else:
            out.append((t,))
    return out


def _list_stage(parts: tuple[str, ...]) -> InterviewStage:
    if len(parts) == 1:
        return _stage_from_item(parts[0])
    head = _stage_from_item(parts[0], parts)
    desc = clean(parts[1])
    if head.description:
        desc = f"{head.description}; {desc}"
    return InterviewStage(name=head.name, description=desc, source=parts)


def _from_lists(lines: Lines) -> Interview | None:
    cands = [
        ln
        for ln in lines.all
        if ln.is_item and (hsearch(_HEADING, ln.heading) or hsearch(_INTRO, ln.intro))
    ]
    valid = [(run, texts) for run in _runs(cands) if (texts := _run_texts(lines, run))]
    if not valid:
        return None
    run, texts = valid[0]
    # "Introduction Stage – …" [list] "Team Interview Stage – …" [list]: one process in groups.
    if _GROUP_INTRO.search(run[0].intro):
        for later, more in valid[1:]:
            if later[0].section == run[0].section and _GROUP_INTRO.search(later[0].intro):
                texts = texts + more
    stages = tuple(_list_stage(parts) for parts in _fold_descriptions(texts))
    intro = run[0].intro
    src = unique(([intro] if intro else []) + texts)
    return Interview(stages=stages, text=clean(intro) if intro else None, source=src)


_GROUP_INTRO = re.compile(r"\b(?:stage|step|round|phase)\b", re.IGNORECASE)


def _run_texts(lines: Lines, run: list[Line]) -> list[str]:
    """The items of a list that reads as interview stages, or nothing."""
    texts = [_item_text(lines, ln) for ln in run]
    texts += _continuation(lines, run)
    cued = sum(1 for t in texts if _STAGE_CUE.search(t))
    if not (2 <= len(texts) <= 12) or cued * 2 < len(texts):
        return []
    # Under "What to expect:" or "How to apply" a list may be duties or advice: most items
    # must name a step of an interview.
    context = f"{run[0].heading} {run[0].intro}"
    strong = sum(1 for t in texts if _STRONG_STAGE.search(t))
    if not hsearch(_PROCESS_WORDS, context) and strong * 2 < len(texts):
        return []
    if any(len(t) > 400 for t in texts):
        return []
    return texts


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

"""Employment: full-time or part-time, permanent, fixed-term, contract/B2B or internship, with
its length and hours, each from the line that states it (the title and the board's salary
tag count: "… Intern (Summer 2025)", "(+ VAT / B2B)").

Terms live in ``knowledge/vocab/employment.yaml``. A term counts when it is about the job:
next to a job word ("full-time position", "contract role"), on a short line ("No-Term
contract"), or as the value of a labelled line ("Mandatory Opportunity: Full Time, 8 hours");
"full-time access to a vehicle" or "full-time working rights" are not the job's type.
"""

from __future__ import annotations

import re

from bot.knowledge.extract.lines import Lines, clean
from bot.knowledge.geo import fold
from bot.knowledge.schema import Employment
from bot.knowledge.vocab import EMPLOYMENT_KINDS, employment_terms

KINDS = EMPLOYMENT_KINDS
SHORT_LINE = 60
MAX_SOURCES = 4
_HOURS = re.compile(
    r"\b\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s*(?:hours?|hrs?)\s*(?:per|a|/|each)\s*(?:day|week)\b", re.I
)
_LENGTH = re.compile(r"\b\d{1,2}\s*(?:-|–|to)?\s*\d{0,2}\s*(?:months?|weeks?|years?)\b", re.I)
_LABELLED = re.compile(r"^[^:]{2,40}:\s*\S")


terms = employment_terms


def _about_job(low: str, at: int, end: int, short: bool) -> bool:
    t = terms()
    window = low if short else low[max(0, at - 40) : end + 40]
    if any(w in window for w in t["not_job"]):
        return False
    return short or any(w in window for w in t["job_words"])


def _kinds(text: str, *, short: bool) -> list[str]:
    low = fold(text)
    found = []
    for kind in KINDS:
        for term in terms()[kind]:
            at = _word_at(low, term)
            if at >= 0 and _about_job(low, at, at + len(term), short):
                found.append(kind)
                break
    return found


def _word_at(low: str, term: str) -> int:
    m = re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", low)
    return m.start() if m else -1


def extract_employment(lines: Lines, title: str, header_salary: str | None) -> Employment | None:
    """The job's employment type(s), length and hours, or None when the posting is silent."""
    kinds: list[str] = []
    sources: list[str] = []
    length = hours = None
    candidates = [(title, True)]
    if header_salary:
        candidates.append((header_salary, True))
    for line in lines.all:
        if line.is_heading:
            continue
        text = line.text
        short = len(text) <= SHORT_LINE or bool(_LABELLED.match(text))
        candidates.append((text, short))
    for text, short in candidates:
        found = _kinds(text, short=short)
        low = fold(text)
        span = _LENGTH.search(text) if any(w in low for w in terms()["length_words"]) else None
        hour = _HOURS.search(text) if found or short else None
        if not found and span is None and hour is None:
            continue
        kinds += [k for k in found if k not in kinds]
        if span is not None and length is None:
            length = span.group(0)
        if hour is not None and hours is None:
            hours = hour.group(0)
        if text not in sources and len(sources) < MAX_SOURCES:
            sources.append(text)
    if not kinds and length is None and hours is None:
        return None
    if {"permanent", "fixed_term"} & set(kinds):
        kinds = [k for k in kinds if k != "contract"]  # "No-Term contract": the word only
    return Employment(
        kinds=tuple(kinds),
        length=length,
        hours=hours,
        text=clean(sources[0]),
        source=tuple(sources),
    )

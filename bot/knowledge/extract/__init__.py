"""Fact extraction: a :class:`ParsedPosting` in, a :class:`Role` out.

Each fact module looks at the posting's :class:`~bot.knowledge.extract.lines.Lines` and returns
a fact quoting the exact sentence(s) it came from, or nothing. A fact the posting does not
state stays absent: every extractor prefers leaving a fact out to guessing it.
"""

from __future__ import annotations

from datetime import date

from bot.knowledge.document import ParsedPosting
from bot.knowledge.extract.benefits import extract_benefits
from bot.knowledge.extract.eligibility import extract_eligibility
from bot.knowledge.extract.employment import extract_employment
from bot.knowledge.extract.interview import extract_duration, extract_interview
from bot.knowledge.extract.lines import flatten
from bot.knowledge.extract.location import extract_location
from bot.knowledge.extract.misc import (
    extract_about,
    extract_closing,
    extract_contact,
    extract_day_to_day,
    extract_degree,
    extract_equal_opportunity,
    extract_levels,
    extract_open_source,
)
from bot.knowledge.extract.relocation import extract_relocation
from bot.knowledge.extract.requirements import extract_requirements
from bot.knowledge.extract.salary import extract_compensation, extract_equity
from bot.knowledge.extract.stack import extract_stack
from bot.knowledge.extract.team import extract_team
from bot.knowledge.extract.visa import extract_visa, extract_work_authorization
from bot.knowledge.schema import Identity, Role

__all__ = ["extract_role"]


def extract_role(
    doc: ParsedPosting,
    *,
    slug: str,
    first_seen: date | None = None,
    skill: str | None = None,
) -> Role:
    """Extract every fact the posting states; absent facts stay absent."""
    lines = flatten(doc)
    levels, levels_source = extract_levels(lines)
    identity = Identity(
        slug=slug,
        title=doc.title,
        company=doc.company,
        levels=levels,
        levels_source=levels_source,
        apply_url=doc.apply_url,
        source_file=doc.source_file or None,
        first_seen=first_seen,
        skill=skill,
    )
    return Role(
        identity=identity,
        compensation=extract_compensation(lines, doc.header_salary),
        equity=extract_equity(lines),
        location=extract_location(lines, doc.header_location),
        eligibility=extract_eligibility(lines, doc.header_location),
        employment=extract_employment(lines, doc.title, doc.header_salary),
        relocation=extract_relocation(lines),
        visa=extract_visa(lines),
        work_authorization=extract_work_authorization(lines),
        interview=extract_interview(lines),
        interview_duration=extract_duration(lines),
        tech_stack=extract_stack(lines),
        requirements=extract_requirements(lines),
        degree=extract_degree(lines),
        benefits=extract_benefits(lines),
        team=extract_team(lines),
        contact=extract_contact(lines),
        closing=extract_closing(lines),
        about=extract_about(lines, doc.company),
        day_to_day=extract_day_to_day(lines),
        equal_opportunity=extract_equal_opportunity(lines),
        open_source=extract_open_source(lines),
        sentences=doc.sentences,
    )

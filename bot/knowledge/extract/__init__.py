"""Fact extraction: a :class:`ParsedPosting` in, a :class:`Role` out (stub; see issue 2)."""

from __future__ import annotations

from datetime import date

from bot.knowledge.document import ParsedPosting
from bot.knowledge.schema import Identity, Role


def extract_role(
    doc: ParsedPosting,
    *,
    slug: str,
    first_seen: date | None = None,
    skill: str | None = None,
) -> Role:
    """Extract every fact the posting states; absent facts stay absent."""
    identity = Identity(
        slug=slug,
        title=doc.title,
        company=doc.company,
        apply_url=doc.apply_url,
        source_file=doc.source_file or None,
        first_seen=first_seen,
        skill=skill,
    )
    return Role(identity=identity, sentences=doc.sentences)

"""Helpers for the extraction tests: fixture postings parsed and extracted once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bot.knowledge.document import Block, ParsedPosting, Section
from bot.knowledge.extract import extract_role
from bot.knowledge.extract.lines import Lines, flatten
from bot.knowledge.parse import parse_posting
from bot.knowledge.repair import repair_text
from bot.knowledge.schema import Role

POSTINGS = Path(__file__).resolve().parent.parent / "fixtures" / "postings"


@cache
def parsed(name: str) -> ParsedPosting:
    """The fixture posting ``name`` (file stem) after repair and parsing."""
    path = POSTINGS / f"{name}.md"
    return parse_posting(repair_text(path.read_bytes()), path.name)


@cache
def role(name: str) -> Role:
    """The fixture posting ``name`` extracted into a :class:`Role`."""
    return extract_role(parsed(name), slug=name)


def lines_of(name: str) -> Lines:
    """The flattened lines of fixture posting ``name``."""
    return flatten(parsed(name))


def names() -> list[str]:
    """Every fixture posting's stem."""
    return sorted(p.stem for p in POSTINGS.glob("*.md"))


def quoted(source: tuple[str, ...], r: Role, *needles: str) -> None:
    """Every source is a verbatim sentence of the posting and together they hold every needle."""
    assert source, "fact has no source"
    sentences = set(r.sentences)
    for s in source:
        assert s in sentences, f"not a posting sentence: {s!r}"
    joined = " ".join(source)
    for needle in needles:
        assert needle in joined, f"{needle!r} not in {joined!r}"


def text_lines(*texts: str, heading: str = "") -> Lines:
    """Lines built from loose sentences (one paragraph each) under one heading."""
    doc = ParsedPosting(
        title="T",
        company="C",
        apply_url=None,
        header_salary=None,
        header_location=None,
        sections=(Section(heading, tuple(Block((t,)) for t in texts)),),
        text="\n".join(texts),
    )
    return flatten(doc)

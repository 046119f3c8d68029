"""A posting after repair and parsing, before facts are extracted from it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Section:
    """One section of a posting: its heading (may be empty for the preamble) and its content.

    ``blocks`` keeps the content in reading order: each block is either a paragraph's
    sentences or one list item (``is_item``).
    """

    heading: str
    blocks: tuple[Block, ...] = ()

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(s for b in self.blocks for s in b.sentences)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(" ".join(b.sentences) for b in self.blocks if b.is_item)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph (split into sentences) or one list item (``is_item``, maybe numbered)."""

    sentences: tuple[str, ...]
    is_item: bool = False
    number: int | None = None


@dataclass(frozen=True, slots=True)
class ParsedPosting:
    """The repaired, cleaned text of one posting, split into board header and sections.

    Every string here is a substring-faithful copy of the repaired posting text (whitespace
    normalised), so extracted facts can quote it as their ``source``.
    """

    title: str
    company: str | None
    apply_url: str | None
    header_salary: str | None  # the board's `💰 …` value, unreliable (see builder)
    header_location: str | None  # the board's `🌎 …` value
    sections: tuple[Section, ...]
    text: str  # the whole repaired text, for hashing and long-tail search
    source_file: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(s for sec in self.sections for s in sec.sentences)

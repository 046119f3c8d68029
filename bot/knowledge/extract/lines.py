"""The posting flattened into lines with their context, shared by every extractor.

A :class:`Line` is one sentence (or one section heading) of the :class:`ParsedPosting`, verbatim,
with the heading of its section and its list-item position. Headings are lines too: board
postings often state facts in headings ("### ✅We can sponsor visas.").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from bot.knowledge.document import ParsedPosting


class Line(NamedTuple):
    """One sentence of the posting with where it sits (a tuple: cheap to create by the ten)."""

    text: str
    heading: str  # heading of the enclosing section ("" for the preamble)
    section: int  # index of the section
    block: int  # index of the block in the section (-1 for the heading itself)
    is_item: bool = False
    number: int | None = None
    is_heading: bool = False
    intro: str = ""  # last sentence of the paragraph just before this list item
    lower: str = ""
    pos: int = 0  # position in ``Lines.all``

    @property
    def context(self) -> str:
        """Heading and list intro, lower-cased: what this line is "about"."""
        return f"{self.heading} {self.intro}".lower()


@dataclass(frozen=True, slots=True)
class Lines:
    """All lines of a posting in reading order."""

    all: tuple[Line, ...]
    headings: tuple[str, ...]
    blocks: dict[tuple[int, int], tuple[str, ...]]
    item_sections: frozenset[int]
    lower: str  # every line lower-cased, one per line: for cheap "is it mentioned at all" checks
    starts: tuple[int, ...]  # offset of each line in ``lower``
    raw: str  # every line as written, one per line
    raw_starts: tuple[int, ...]  # offset of each line in ``raw``

    def with_pattern(self, rx: re.Pattern[str]) -> list[Line]:
        """Lines (as written) in which ``rx`` matches, found with one scan of the posting."""
        hits = {bisect_right(self.raw_starts, m.start()) - 1 for m in rx.finditer(self.raw)}
        return [self.all[i] for i in sorted(hits)]

    def with_words(self, *words: str) -> list[Line]:
        """Lines whose lower-cased text contains any of ``words``, in reading order.

        Scans the joined text with ``str.find`` instead of testing every line: most postings
        mention a given keyword on few lines, so extractors look at those lines only.
        """
        low = self.lower
        hits: set[int] = set()
        for w in words:
            i = low.find(w)
            while i != -1:
                hits.add(bisect_right(self.starts, i) - 1)
                i = low.find(w, i + 1)
        return [self.all[i] for i in sorted(hits)]

    def block_text(self, line: Line) -> tuple[str, ...]:
        """All sentences of the block (paragraph or list item) that holds ``line``."""
        return self.blocks.get((line.section, line.block), (line.text,))

    def matching(self, pattern: re.Pattern[str]) -> tuple[Line, ...]:
        """Lines whose text matches ``pattern``."""
        return tuple(ln for ln in self.all if pattern.search(ln.text))


def flatten(doc: ParsedPosting) -> Lines:
    """Flatten a parsed posting into :class:`Lines`."""
    out: list[Line] = []
    headings: list[str] = []
    blocks: dict[tuple[int, int], tuple[str, ...]] = {}
    item_sections: set[int] = set()
    for si, sec in enumerate(doc.sections):
        heading = sec.heading or ""
        if heading:
            headings.append(heading)
            out.append(
                Line(
                    heading,
                    heading,
                    si,
                    -1,
                    is_heading=True,
                    lower=heading.lower(),
                    pos=len(out),
                )
            )
        intro = ""
        for bi, block in enumerate(sec.blocks):
            if not block.is_item:
                intro = ""
            else:
                item_sections.add(si)
            blocks[(si, bi)] = tuple(s for s in block.sentences if s)
            for s in block.sentences:
                if not s:
                    continue
                out.append(
                    Line(
                        s,
                        heading,
                        si,
                        bi,
                        is_item=block.is_item,
                        number=block.number,
                        intro=intro if block.is_item else "",
                        lower=s.lower(),
                        pos=len(out),
                    )
                )
            if not block.is_item and block.sentences:
                intro = block.sentences[-1]
    starts: list[int] = []
    raw_starts: list[int] = []
    pos = raw_pos = 0
    for ln in out:
        starts.append(pos)
        raw_starts.append(raw_pos)
        pos += len(ln.lower) + 1
        raw_pos += len(ln.text) + 1
    lower = "\n".join(ln.lower for ln in out)
    return Lines(
        tuple(out),
        tuple(headings),
        blocks,
        frozenset(item_sections),
        lower,
        tuple(starts),
        "\n".join(ln.text for ln in out),
        tuple(raw_starts),
    )


def unique(texts: Iterable[str]) -> tuple[str, ...]:
    """The texts without duplicates, in first-seen order."""
    seen: dict[str, None] = {}
    for t in texts:
        seen.setdefault(t, None)
    return tuple(seen)


_EMOJI_LEAD = re.compile(r"^[^\w£$€(\"'“]+")


def clean(text: str) -> str:
    """Strip leading emoji/punctuation and surrounding markup from a quoted line."""
    t = _EMOJI_LEAD.sub("", text).strip()
    return t.strip("*_ ").strip()


@lru_cache(maxsize=16384)
def hsearch(rx: re.Pattern[str], text: str) -> bool:
    """Cached ``rx.search(text)`` for the few distinct headings and intros of a corpus."""
    return rx.search(text) is not None


def keys(*words: str) -> re.Pattern[str]:
    """A fast pre-filter: a compiled alternation of literal lower-case ``words``."""
    return re.compile("|".join(re.escape(w) for w in words))

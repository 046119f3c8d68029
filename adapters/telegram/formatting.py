"""Telegram HTML: escaping every dynamic value and splitting under the 4,096-character limit.

A message is built from :class:`Block` values (a paragraph, an opening, a quote) whose text is
plain; only this module turns text into HTML, always through :func:`escape`, so a posting or a
question containing ``<b>``, ``&`` or an unclosed tag can never break a send. Blocks are packed
into messages at block boundaries; a block longer than a message is cut at paragraph, line,
then word boundaries. Every chunk also carries its plain-text twin for the "can't parse
entities" fallback.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

MAX_LENGTH = 4096
_STYLES = frozenset({"b", "i", "code", "blockquote"})


def escape(text: str) -> str:
    """``text`` made safe for Telegram's HTML parse mode (``<``, ``>``, ``&``, quotes)."""
    return html.escape(text, quote=True)


def tg_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link Telegram accepts in a button or ``<a href>``."""
    if not url:
        return None
    url = url.strip()
    if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
        return None
    if len(url) > 2048:
        return None
    return url


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of a message: plain ``text`` shown in ``style`` (b, i, code, blockquote)."""

    text: str
    style: str | None = None
    prefix: str = ""  # plain text before the styled part, e.g. a bullet
    link: str | None = None  # a URL to show after the text as a link named ``link_label``
    link_label: str = "Apply"

    def html(self) -> str:
        body = escape(self.text)
        if self.style in _STYLES:
            body = f"<{self.style}>{body}</{self.style}>"
        out = escape(self.prefix) + body
        url = safe_url(self.link)
        if url:
            out += f' — <a href="{escape(url)}">{escape(self.link_label)}</a>'
        return out

    def plain(self) -> str:
        out = self.prefix + self.text
        url = safe_url(self.link)
        if url:
            out += f" — {url}"
        return out


@dataclass(frozen=True, slots=True)
class Chunk:
    """One message's worth: its HTML and the same content as plain text."""

    html: str
    plain: str


def paragraphs(text: str) -> list[Block]:
    """Plain ``text`` as one block per paragraph (blank-line separated)."""
    parts = [p.strip("\n") for p in text.replace("\r\n", "\n").split("\n\n")]
    return [Block(p) for p in parts if p.strip()]


def _cut(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Split ``text`` into pieces that each satisfy ``fits``, at the coarsest boundary possible."""
    if fits(text):
        return [text]
    for sep in ("\n\n", "\n", " "):
        parts = text.split(sep)
        if len(parts) == 1:
            continue
        pieces: list[str] = []
        current = ""
        for part in parts:
            candidate = f"{current}{sep}{part}" if current else part
            if fits(candidate):
                current = candidate
                continue
            if current:
                pieces.append(current)
            if fits(part):
                current = part
            else:
                pieces.extend(_cut(part, fits))
                current = ""
        if current:
            pieces.append(current)
        return [p for p in pieces if p.strip()]
    # No boundary left: cut by characters (binary search for the longest prefix that fits).
    pieces = []
    rest = text
    while rest:
        lo, hi = 1, len(rest)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(rest[:mid]):
                lo = mid
            else:
                hi = mid - 1
        pieces.append(rest[:lo])
        rest = rest[lo:]
    return pieces


def _split_block(block: Block, limit: int, first_limit: int | None = None) -> list[Block]:
    """``block`` cut into blocks within ``limit``; the first within ``first_limit`` if possible
    (to fill the rest of the current message)."""
    if tg_length(block.html()) <= (first_limit or limit):
        return [block]
    # Only the first piece keeps the prefix and only the last keeps the link.
    overhead = tg_length(Block("", block.style, block.prefix, block.link, block.link_label).html())

    def fits_in(room: int) -> Callable[[str], bool]:
        return lambda piece: tg_length(escape(piece)) + overhead <= room

    pieces: list[str] = []
    rest = block.text
    if first_limit is not None and first_limit > overhead:
        head = _cut(rest, fits_in(first_limit))[0]
        if fits_in(first_limit)(head) and len(head) < len(rest):
            pieces.append(head)
            rest = rest[len(head) :].lstrip("\n ")
    pieces.extend(_cut(rest, fits_in(limit)))
    return [
        Block(
            piece,
            block.style,
            block.prefix if i == 0 else "",
            block.link if i == len(pieces) - 1 else None,
            block.link_label,
        )
        for i, piece in enumerate(pieces)
    ]


def pack(blocks: Iterable[Block], limit: int = MAX_LENGTH, sep: str = "\n\n") -> list[Chunk]:
    """Pack blocks into as few messages as possible, each at most ``limit`` long.

    A block longer than a message starts in the room left in the current one.
    """
    chunks: list[Chunk] = []
    html_parts: list[str] = []
    plain_parts: list[str] = []
    size = 0
    gap = tg_length(sep)
    for whole in blocks:
        room = limit - size - gap if html_parts else limit
        oversized = tg_length(whole.html()) > limit
        for block in _split_block(whole, limit, room if oversized and room > 0 else None):
            piece = block.html()
            extra = tg_length(piece) + (gap if html_parts else 0)
            if html_parts and size + extra > limit:
                chunks.append(Chunk(sep.join(html_parts), sep.join(plain_parts)))
                html_parts, plain_parts, size = [], [], 0
                extra = tg_length(piece)
            html_parts.append(piece)
            plain_parts.append(block.plain())
            size += extra
    if html_parts:
        chunks.append(Chunk(sep.join(html_parts), sep.join(plain_parts)))
    return chunks


def plain_pieces(text: str, limit: int = MAX_LENGTH) -> Sequence[str]:
    """Plain ``text`` cut into pieces Telegram accepts without a parse mode."""
    return _cut(text, lambda piece: tg_length(piece) <= limit) or [text[:limit]]

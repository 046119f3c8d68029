"""Parse a repaired posting into the board header and its sections.

The board layout is ``# [Title](apply link)``, ``### Company``, ``#### `💰 …` `🌎 …```, the
body, and a final ``## CLICK TO [APPLY](…)``. Bodies were converted from HTML, so section
headings come in many shapes: ``### About us:``, ``### **Qualifications**``, ``**What you'll
do**``, a short plain line ending with a colon, or a short standalone title line. Headings
that are really statements (``### ✅We can sponsor visas.``) stay content: they become a
sentence of the current section instead of starting a new one.

Every sentence is verbatim text (whitespace normalised) of :attr:`ParsedPosting.text`, the
plain rendering of the repaired posting, so extracted facts can quote it as their ``source``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.knowledge.document import Block, ParsedPosting, Section
from bot.knowledge.repair import repair_text

_TITLE_LINK = re.compile(
    r"^#\s*\[(?P<title>.+)\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)\s*$"
)
_TITLE_PLAIN = re.compile(r"^#\s+(?P<title>\S.*)$")
_COMPANY = re.compile(r"^###(?:\s+(?P<company>.*))?$")
_BOARD_HEADER = re.compile(r"^####(?:\s|$)")
_HEADER_PART = re.compile(r"`([^`]*)`")
_FOOTER = re.compile(r"^#{1,6}\s*CLICK TO \[APPLY\]\((?P<url>[^)\s]*)\)", re.I)
_HEADING = re.compile(r"^#{1,6}\s*(?P<text>.*?)\s*#*\s*$")
_HASHTAG_ONLY = re.compile(r"^#[A-Za-z][\w-]*(?:\s+#[A-Za-z][\w-]*)*$")
_RULE = re.compile(r"^[-_=*~\s]{3,}$")
_TABLE_SEP = re.compile(r"^\|?[\s:|-]+\|[\s:|-]*$")
_ITEM = re.compile(
    r"^(?:[•·▪●◦‣○■□➢➤►✓✔][•·▪●◦‣○■□➢➤►✓✔\s]*"  # symbol bullets, space optional
    r"|[*\-+–]\s+"  # Markdown bullets
    r"|\*(?=[A-Za-z])(?!.*\*)"  # "*Item" with no closing star
    r"|(?P<num>\d{1,2})[.)]\s+)"
    r"(?P<text>\S.*)$"
)
_BOLD_LINE = re.compile(r"^(\*\*|__)(?P<text>.+?)\1(?P<tail>\s*:?)$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")
_STRONG = re.compile(r"\*\*|__")
_EMPH = re.compile(r"(?<![\w*])[*_] ?(?=\S)(?P<text>[^*_\n]*?\S)[*_](?![\w*])")
_SPACES = re.compile(r"\s{2,}|[^\S ]")  # runs, or any whitespace other than " "
_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+|[。！？](?P<cjk>[」』）]*\s*)")
_ABBREVIATIONS = frozenset(
    (
        "e.g",
        "i.e",
        "etc",
        "vs",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "inc",
        "ltd",
        "co",
        "corp",
        "st",
        "jr",
        "sr",
        "approx",
        "incl",
        "est",
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "u.s.a",
        "ph.d",
        "b.sc",
        "m.sc",
        "b.a",
        "m.a",
        "dept",
        "fig",
        "cf",
        "sq",
        "ft",
    )
)
_START = re.compile(r"[A-Z0-9\"“‘'(£$€¥\[]")

# Symbols that decorate lines (emoji, arrows, check marks) rather than carry words.
_DECOR_CATEGORIES = frozenset({"So", "Sk", "Mn", "Me", "Cf", "Co", "Zs", "Sm", "Pd"})


def _is_decor(ch: str) -> bool:
    if ch in "£$€¥+-#%<>=~":
        return False
    return ch.isspace() or unicodedata.category(ch) in _DECOR_CATEGORIES or ch in "|•·*_"


def strip_decor(text: str) -> str:
    """``text`` without leading/trailing emoji and decorative symbols."""
    start, end = 0, len(text)
    while start < end and _is_decor(text[start]):
        start += 1
    while end > start and _is_decor(text[end - 1]):
        end -= 1
    return text[start:end]


def _link_text(match: re.Match[str]) -> str:
    text = match.group("text").strip()
    return text or match.group("url")


def plain(line: str) -> str:
    """A line without inline Markdown: links keep their text, emphasis and code marks go."""
    if "](" in line:
        line = _IMAGE.sub("", line)
        line = _LINK.sub(_link_text, line)
    if "*" in line or "_" in line:
        line = _STRONG.sub("", line)
        line = _EMPH.sub(r"\g<text>", line)
    if "`" in line:
        line = line.replace("`", "")
    return _SPACES.sub(" ", line).strip()


def split_sentences(text: str) -> tuple[str, ...]:
    """Split a paragraph into sentences, not after abbreviations, initials or decimals."""
    out: list[str] = []
    start = 0
    for match in _BREAK.finditer(text):
        end = match.end()
        if end >= len(text):
            continue
        if match.group("cjk") is None and not (_START.match(text[end]) or text[end].isupper()):
            continue
        stop = match.start()
        word = text[start:stop].rsplit(None, 1)[-1] if text[start:stop].strip() else ""
        token = word.lstrip("(\"“'").lower()
        if text[stop] == "." and (token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())):
            continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return tuple(s for s in (strip_decor(p) if _needs_strip(p) else p for p in out) if s)


def _needs_strip(sentence: str) -> bool:
    return _is_decor(sentence[0]) or _is_decor(sentence[-1])


def _words(text: str) -> int:
    return len(text.split())


@dataclass(slots=True)
class _Line:
    kind: str  # "heading" | "item" | "text" | "blank"
    text: str  # plain text (inline Markdown removed)
    number: int | None = None
    markup: bool = False  # a heading marked up with # or ** (not a plain colon line)


@dataclass(slots=True)
class _Header:
    title: str = ""
    company: str | None = None
    apply_url: str | None = None
    salary: str | None = None
    location: str | None = None
    raw: str = ""


def _parse_board_header(line: str, header: _Header) -> None:
    header.raw = line
    parts = _HEADER_PART.findall(line) or [line.lstrip("#").strip()]
    for part in parts:
        value = part.strip()
        if value.startswith("💰"):
            amount = value.removeprefix("💰").strip()
            if amount and amount not in ("0", "0.0", "None"):
                header.salary = amount
        elif value.startswith("🌎"):
            where = value.removeprefix("🌎").strip()
            header.location = where or None


def title_line(line: str) -> tuple[str, str | None]:
    """Title and apply link of a ``# [Title](link)`` or ``# Title`` line (``""`` if neither)."""
    line = line.strip()
    m = _TITLE_LINK.match(line)
    if m:
        return plain(m.group("title")), m.group("url") or None
    mp = _TITLE_PLAIN.match(line)
    if mp and not line.startswith("##"):
        return plain(mp.group("title")), None
    return "", None


_ANY_HEADING = re.compile(r"^#{1,6}\s+(?P<text>\S.*?)\s*#*\s*$")
_TITLE_WORDS = 14
_TITLE_CHARS = 120


def plain_title(line: str) -> str:
    """The title a posting without the board's header line starts with: its first heading
    (any level, or a bold line), or a short first line that is not a sentence (``""`` when
    the first line is neither)."""
    line = line.strip()
    heading = _ANY_HEADING.match(line)
    bold = _BOLD_LINE.match(line)
    if heading:
        text = plain(heading.group("text"))
    elif bold:
        text = plain(bold.group("text"))
    else:
        text = plain(line)
        if text.endswith((".", "!", "?", ":", ";", ",")) or _ITEM.match(line):
            return ""
    text = strip_decor(text).strip()
    if not text or _words(text) > _TITLE_WORDS or len(text) > _TITLE_CHARS:
        return ""
    return text if any(ch.isalpha() for ch in text) else ""


def first_title(text: str) -> tuple[str, str | None]:
    """Title and apply link of a posting from its first non-empty line (board header line,
    or :func:`plain_title`); cheap enough to run on a file's first bytes."""
    for line in text.splitlines():
        if line.strip():
            title, url = title_line(line)
            return (title, url) if title else (plain_title(line), None)
    return "", None


def _split_header(lines: list[str]) -> tuple[_Header, list[str]]:
    """Take the board's title / company / header lines off the top; return the body.

    Without the board's ``# [Title](apply link)`` line, the first heading or short first line
    is the title (plain text, Markdown and HTML postings), with no apply link.
    """
    header = _Header()
    i = 0
    n = len(lines)
    while i < n and not lines[i].strip():
        i += 1
    if i < n:
        header.title, header.apply_url = title_line(lines[i])
        if header.title:
            i += 1
        else:
            header.title = plain_title(lines[i])
            if header.title:
                return header, lines[i + 1 :]
    if header.title:
        j = i
        while j < n and not lines[j].strip():
            j += 1
        k = j + 1
        while k < n and not lines[k].strip():
            k += 1
        board = header.apply_url is not None or (k < n and bool(_BOARD_HEADER.match(lines[k])))
        if board and j < n and (mc := _COMPANY.match(lines[j].strip())):
            company = plain(mc.group("company") or "")
            header.company = None if company in ("", "None", "null") else company
            i = j + 1
        j = i
        while j < n and not lines[j].strip():
            j += 1
        if j < n and _BOARD_HEADER.match(lines[j].strip()):
            _parse_board_header(lines[j].strip(), header)
            i = j + 1
    return header, lines[i:]


def _classify(raw: str, header: _Header) -> _Line | None:
    line = raw.strip()
    if not line:
        return _Line("blank", "")
    if _RULE.match(line) or _HASHTAG_ONLY.match(line) or _TABLE_SEP.match(line):
        return None
    footer = _FOOTER.match(line)
    if footer:
        header.apply_url = header.apply_url or footer.group("url") or None
        return None
    if line.startswith("#") and (m := _HEADING.match(line)) and not _HASHTAG_ONLY.match(line):
        text = plain(m.group("text"))
        return _Line("heading", text, markup=True) if text and not _RULE.match(text) else None
    item = _ITEM.match(line)
    if item and not line.startswith("**"):
        text = plain(item.group("text"))
        if not text or _RULE.match(text):
            return None
        num = item.group("num")
        return _Line("item", text, number=int(num) if num else None)
    if line.startswith("|"):
        cells = [plain(c) for c in line.strip("|").split("|")]
        return _Line("text", " | ".join(c for c in cells if c))
    bold = _BOLD_LINE.match(line)
    if bold and "**" not in bold.group("text") and "__" not in bold.group("text"):
        text = plain(bold.group("text")) + bold.group("tail").strip()
        return _Line("heading", text, markup=True) if text else None
    text = plain(line)
    if not text:
        return None
    if text.endswith(":") and _words(text) <= 5 and len(text) <= 60:
        return _Line("heading", text)
    return _Line("text", text)


def _heading_role(line: _Line) -> str:
    """How a heading-shaped line is used: "section", "both" (section + sentence) or "content"."""
    core = strip_decor(line.text)
    if not core:
        return "drop"
    words = _words(core)
    emoji_led = _is_decor(line.text[0])
    if core.endswith((".", "!")) or words > 14 or (emoji_led and words >= 6):
        return "content"
    if words >= 6 or any(ch.isdigit() for ch in core):
        return "both"
    return "section"


def _looks_like_title(text: str) -> bool:
    """A short standalone plain line that reads as a section title ("About Our Work")."""
    core = strip_decor(text)
    if not core or _words(core) > 5 or len(core) > 50 or not core[0].isupper():
        return False
    if core[-1] in ".!?,;)" or any(ch.isdigit() for ch in core) or "@" in core:
        return False
    return not any(sym in core for sym in "£$€:/|")


def _neighbour(lines: list[_Line], i: int, step: int) -> _Line | None:
    j = i + step
    while 0 <= j < len(lines) and lines[j].kind == "blank":
        j += step
    return lines[j] if 0 <= j < len(lines) else None


def _is_title_line(lines: list[_Line], i: int) -> bool:
    """A plain line used as a section title: short and title-like, on its own (blank lines
    around it), opening a real paragraph or a list, and not one of a run of short lines (a
    list of perks written one per line is content, not a row of headings)."""
    line = lines[i]
    if not _looks_like_title(line.text):
        return False
    if i + 1 >= len(lines) or lines[i + 1].kind != "blank":
        return False
    if i > 0 and lines[i - 1].kind not in ("blank", "heading"):
        return False
    nxt, prev = _neighbour(lines, i, 1), _neighbour(lines, i, -1)
    if nxt is None or not (nxt.kind == "item" or (nxt.kind == "text" and _words(nxt.text) >= 8)):
        return False
    return prev is None or prev.kind != "text" or _words(prev.text) > 5


class _Builder:
    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.heading = ""
        self.blocks: list[Block] = []
        self.texts: list[str] = []

    def start(self, heading: str) -> None:
        if self.heading or self.blocks:
            self.sections.append(Section(self.heading, tuple(self.blocks)))
        self.heading = heading.rstrip(":").strip()
        self.blocks = []

    def add(self, text: str, *, is_item: bool = False, number: int | None = None) -> None:
        sentences = split_sentences(text)
        if sentences:
            self.blocks.append(Block(sentences, is_item=is_item, number=number))

    def finish(self) -> tuple[Section, ...]:
        if self.heading or self.blocks:
            self.sections.append(Section(self.heading, tuple(self.blocks)))
        return tuple(self.sections)


def _merge_wrapped(lines: list[_Line]) -> list[_Line]:
    """Join soft-wrapped lines: a text line continuing the previous text or item mid-sentence."""
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and line.kind == "text"
            and prev.kind in ("text", "item")
            and line.text[:1].islower()
            and not prev.text.endswith((".", ":", "!", "?", ";"))
        ):
            prev.text = f"{prev.text} {line.text}"
            continue
        out.append(line)
    return out


def parse_posting(text: str, source_file: str = "") -> ParsedPosting:
    """Repair ``text`` (raw or already repaired) and parse it into a :class:`ParsedPosting`."""
    repaired = repair_text(text)
    header, body = _split_header(repaired.split("\n"))
    lines = [c for c in (_classify(raw, header) for raw in body) if c is not None]
    lines = _merge_wrapped(lines)
    builder = _Builder()
    plain_lines: list[str] = [header.title] if header.title else []
    plain_lines += [v for v in (header.company, header.salary, header.location) if v]
    for i, line in enumerate(lines):
        if line.kind == "blank":
            continue
        plain_lines.append(line.text)
        if line.kind == "item":
            builder.add(line.text, is_item=True, number=line.number)
            continue
        if line.kind == "text" and not _is_title_line(lines, i):
            builder.add(line.text)
            continue
        role = _heading_role(line) if line.kind == "heading" else "section"
        if role == "content":
            builder.add(line.text)
        elif role != "drop":
            builder.start(strip_decor(line.text))
            if role == "both":
                builder.add(line.text)
    extra = {"board_header": header.raw} if header.raw else {}
    return ParsedPosting(
        title=header.title,
        company=header.company,
        apply_url=header.apply_url,
        header_salary=header.salary,
        header_location=header.location,
        sections=builder.finish(),
        text="\n".join(plain_lines) + "\n",
        source_file=source_file,
        extra=extra,
    )

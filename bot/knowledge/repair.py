"""Input repair: bytes or text in, clean UTF-8 Markdown-ish text out.

Postings arrive damaged in a few recurring ways:

- UTF-8 that was misread as Mac Roman (the seed: ``¬£95,000`` is ``£95,000``, ``üí∞`` is 💰).
  A whole-document round trip (encode Mac Roman, decode UTF-8) undoes it exactly; it is applied
  only when it decodes cleanly and leaves fewer suspicious characters than before.
- Other mojibake (Windows-1252, Latin-1 mix-ups), left to ``ftfy``.
- HTML remnants (tags, entities) and Markdown noise (``******``, stray ``**``, ``\\`` escapes).

Balanced emphasis (``**Heading**``, ``_word_``) is kept: the parser reads headings from it.
"""

from __future__ import annotations

import html
import re
import unicodedata

from bot.errors import RejectedPosting


def _mac_roman_chars(first: int, last: int) -> str:
    return re.escape(bytes(range(first, last + 1)).decode("mac_roman"))


# A UTF-8 lead byte followed by a continuation byte, both as Mac Roman shows them: the trace
# that UTF-8 read as Mac Roman leaves behind (``¬£`` for ``£``, ``‚Äô`` for ``’``).
_MAC_PAIR = re.compile(f"[{_mac_roman_chars(0xC2, 0xF4)}][{_mac_roman_chars(0x80, 0xBF)}]")
# The same trace for Windows-1252 / Latin-1 (``Ã©`` for ``é``, ``â€™`` for ``’``): ftfy's job.
_SUSPECT = re.compile("[\u00c3\u00c2\u00e2\u00ef\u00c5][\u0080-\u024f\u2000-\u22ff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200e\u200f\u2060\ufeff\u00ad]")
_SPACE_CHARS = " \t\u00a0\u2000-\u200a\u202f\u205f\u3000"
# Runs of two or more spaces, or any other horizontal space (a lone " " needs no work).
_SPACES = re.compile(
    f" [{_SPACE_CHARS}]+|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000][{_SPACE_CHARS}]*"
)
_BLOCK_TAG = re.compile(r"</?(?:br|p|div|li|ul|ol|h[1-6]|tr|table|section|article)\b[^<>]*>", re.I)
_LI_OPEN = re.compile(r"<li\b[^<>]*>", re.I)
_INVISIBLE = re.compile(
    r"<(script|style|head|noscript)\b.*?</\1\s*>|<!--.*?-->|<![a-z][^<>]*>|<\?[^<>]*\?>",
    re.I | re.S,
)
_HTML_HEADING = re.compile(r"<h([1-6])\b[^<>]*>(.*?)</h\1\s*>", re.I | re.S)
_HTML_STRONG = re.compile(r"</?(?:strong|b)\b[^<>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+|mailto:[^<>\s]+)>")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#[0-9]{1,6}|#x[0-9a-fA-F]{1,6});")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<&$])")
_STAR_RUN = re.compile(r"\*{3,}")
_EMPTY_BOLD = re.compile(r"\*\*\s*\*\*|__\s*__")
_UNDERSCORE_RUN = re.compile(r"_{3,}")
_BLANKS = re.compile(r"\n{3,}")


def decode_bytes(raw: bytes) -> str:
    """Decode a posting's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else
    Windows-1252; binary data is a :class:`RejectedPosting`."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise RejectedPosting("binary file: invalid UTF-16 text") from None
    if b"\x00" in raw[:4096]:
        raise RejectedPosting("binary file: contains NUL bytes, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _plausible(text: str) -> bool:
    """No combining marks, private-use or unassigned characters: what a real fix yields."""
    for ch in text:
        if ch > "\u02ff" and ch not in "\ufe0f\u200d\u20e3":
            cat = unicodedata.category(ch)
            if cat in ("Mn", "Co", "Cn", "Cs") and not ("\U000e0020" <= ch <= "\U000e007f"):
                return False
    return True


# What a repaired *line* may contain beyond ASCII: Latin letters, punctuation, currency and
# common symbols, emoji. A line-by-line repair must not turn French "l’équipe" (which happens
# to look like a Mac Roman trace) into an Armenian letter.
_COMMON_RANGES = (
    ("\u00a0", "\u024f"),
    ("\u2000", "\u23ff"),
    ("\u2500", "\u27bf"),
    ("\ufe0f", "\ufe0f"),
    ("\U0001f000", "\U0001faff"),
)


def _common(text: str) -> bool:
    return all(ch < "\u0080" or any(lo <= ch <= hi for lo, hi in _COMMON_RANGES) for ch in text)


def _round_trip(text: str) -> str | None:
    """``text`` read back as the UTF-8 it was before a Mac Roman misreading, or ``None`` when
    it was not one (does not encode/decode cleanly, leaves no fewer traces, or yields
    implausible characters such as stray combining marks)."""
    try:
        fixed = text.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if fixed == text or len(_MAC_PAIR.findall(fixed)) >= len(_MAC_PAIR.findall(text)):
        return None
    return fixed if _plausible(fixed) else None


def _fix_mac_roman(text: str) -> str:
    """Undo UTF-8-read-as-Mac-Roman: for the whole document when that is what happened, else
    line by line for the damaged lines of a document that mixes damaged and sound text."""
    if text.isascii() or not _MAC_PAIR.search(text):
        return text
    whole = _round_trip(text)
    if whole is not None and (_common(whole) or len(_MAC_PAIR.findall(text)) >= 3):
        return whole
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if _MAC_PAIR.search(line) and (fixed := _round_trip(line)) is not None and _common(fixed):
            lines[i] = fixed
            changed = True
    return "\n".join(lines) if changed else text


def fix_encoding(text: str) -> str:
    """Undo mojibake: the whole-document Mac Roman round trip first, else ``ftfy``."""
    fixed = _fix_mac_roman(text)
    if fixed is not text:
        return fixed
    if _SUSPECT.search(text):
        import ftfy  # imported lazily: only damaged postings need it

        return str(ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False))
    return text


def _heading_markdown(match: re.Match[str]) -> str:
    """``<h1>x</h1>`` → ``# x``, lower levels → ``### x`` (tags inside are dropped)."""
    inner = " ".join(_TAG.sub("", match.group(2)).split())
    marks = "#" if match.group(1) == "1" else "###"
    return f"\n\n{marks} {inner}\n\n" if inner else "\n"


def _strip_html(text: str) -> str:
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = _INVISIBLE.sub("", text)
        text = _HTML_HEADING.sub(_heading_markdown, text)
        text = _HTML_STRONG.sub("**", text)
        text = _LI_OPEN.sub("\n* ", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    return text


def _drop_unbalanced(text: str, mark: str) -> str:
    """Remove ``mark`` from the lines where it is unbalanced (an odd number of times)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if mark in line and line.count(mark) % 2:
            lines[i] = line.replace(mark, "")
    return "\n".join(lines)


_TRAILING = re.compile(r" +$", re.M)


def _keep_space(match: re.Match[str]) -> str:
    """``US** **except`` is two bold runs with a space between: keep the space."""
    return match.group(0).strip("*_")


def _strip_markdown_noise(text: str) -> str:
    """``******`` runs, empty ``** **``, unbalanced ``**``/``__`` and ``\\`` escapes."""
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "**" in text:
        text = _STAR_RUN.sub("", text)
        text = _EMPTY_BOLD.sub(_keep_space, text)
        text = _drop_unbalanced(text, "**")
    if "__" in text:
        text = _UNDERSCORE_RUN.sub("", text)
        text = _EMPTY_BOLD.sub(_keep_space, text)
        text = _drop_unbalanced(text, "__")
    return text


def repair_text(raw: bytes | str) -> str:
    """Repair a posting: decode, undo mojibake, strip HTML and Markdown noise, normalise
    whitespace (NBSP, zero-width, tabs, CRLF, runs of blank lines)."""
    text = decode_bytes(raw) if isinstance(raw, bytes) else raw
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = fix_encoding(text)
    text = _ZERO_WIDTH.sub("", text)
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise RejectedPosting(f"binary file: {controls} control characters, not text")
    if controls:
        text = _CONTROL.sub("", text)
    text = _strip_html(text)
    text = _strip_markdown_noise(_SPACES.sub(" ", text))
    text = _SPACES.sub(" ", text)
    if " \n" in text or text.endswith(" "):
        text = _TRAILING.sub("", text)
    return _BLANKS.sub("\n\n", text).strip("\n") + "\n"

"""HTML bodies (job-board APIs, careers pages) to the Markdown the knowledge builder reads.

Headings become ``#`` lines, list items ``- `` lines, paragraphs and ``<br>`` line breaks,
``<strong>`` ``**…**``; scripts, styles and other invisible parts are dropped. Text that arrives
entity-escaped (Greenhouse sends ``&lt;p&gt;``) is unescaped first.
"""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

_BLOCKS = frozenset(
    (
        *("p", "div", "section", "article", "header", "footer", "main", "aside"),
        *("blockquote", "table", "tr", "ul", "ol", "dl", "dd", "dt", "figure", "figcaption"),
        *("address", "pre", "form", "fieldset", "details", "summary", "hr"),
    )
)
_SKIP = frozenset(
    ("script", "style", "noscript", "template", "head", "svg", "iframe", "button", "select")
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_LINES = re.compile(r" *\n *")
_BLANKS = re.compile(r"\n{3,}")
_ESCAPED = re.compile(r"&lt;\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^&]*?)?&gt;")


def looks_escaped(text: str) -> bool:
    """Whether ``text`` is HTML whose tags are entity-escaped (``&lt;p&gt;``)."""
    return "<" not in text[:2000] and bool(_ESCAPED.search(text[:2000]))


def html_to_markdown(text: str) -> str:
    """The Markdown rendering of an HTML fragment or page (see the module doc)."""
    if looks_escaped(text):
        text = html.unescape(text)
    if not text.strip():
        return ""
    tree = LexborHTMLParser(text)
    root = tree.body or tree.root
    if root is None:
        return ""
    out: list[str] = []
    _walk(root, out)
    joined = _SPACE.sub(" ", "".join(out))
    joined = _LINES.sub("\n", joined)
    return _BLANKS.sub("\n\n", joined).strip() + "\n"


def _walk(node: LexborNode, out: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag or ""
        if tag == "-text":
            out.append((child.text_content or "").replace("\n", " "))
        elif tag in _SKIP or tag.startswith("-"):
            continue
        elif tag in _HEADINGS:
            words = _inline(child)
            if words:
                out.append(f"\n\n{'#' * _HEADINGS[tag]} {words}\n\n")
        elif tag == "li":
            out.append("\n- " + _item(child))
        elif tag == "br":
            out.append("\n")
        elif tag in ("strong", "b"):
            words = _inline(child)
            if words:
                out.append(f"**{words}**")
        elif tag in _BLOCKS:
            out.append("\n\n")
            _walk(child, out)
            out.append("\n\n")
        else:
            _walk(child, out)


def _item(node: LexborNode) -> str:
    """A list item on one line (paragraphs inside it joined); nested items follow it."""
    inner: list[str] = []
    _walk(node, inner)
    lines: list[str] = []
    for raw in "".join(inner).split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if lines and not line.startswith("- "):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return "\n".join(lines)


def _inline(node: LexborNode) -> str:
    return " ".join((node.text(deep=True, separator=" ") or "").split())

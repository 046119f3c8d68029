"""Telegram's rules for a message, as the Bot API enforces them (for the fake Bot API).

A strict reading of https://core.telegram.org/bots/api#html-style: only the supported tags,
properly nested and closed; named entities ``&lt; &gt; &amp; &quot;`` and numeric entities
only (a bare ``&`` is refused, which is stricter than the real server and so safe); the
message length counted after parsing, in UTF-16 code units.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

MAX_MESSAGE_LENGTH = 4096

ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "blockquote",
    }
)

_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*?)?)\s*>")
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_ATTR = re.compile(r"""([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message is the Bot API's description."""


class BadRequest(ValueError):
    """A 400 answer; the message is the Bot API's full description."""


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _attributes(raw: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(raw):
        value = next((g for g in match.groups()[1:] if g is not None), "")
        attrs[match.group(1).lower()] = html.unescape(value)
    return attrs


def parse_html(text: str) -> str:
    """The visible text of ``text`` in HTML parse mode, or :class:`EntityParseError`."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "&":
            entity = _ENTITY.match(text, i)
            if entity is None:
                raise EntityParseError(f"Unsupported HTML entity at byte offset {_offset(text, i)}")
            out.append(html.unescape(entity.group(0)))
            i = entity.end()
        elif char == "<" and text.startswith("</", i):
            end = _END_TAG.match(text, i)
            if end is None:
                raise EntityParseError(f"Unclosed end tag at byte offset {_offset(text, i)}")
            name = end.group(1).lower()
            if not stack:
                raise EntityParseError(
                    f'Unexpected end tag "{name}" at byte offset {_offset(text, i)}'
                )
            if stack[-1] != name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_offset(text, i)}, "
                    f'expected "</{stack[-1]}>", found "</{name}>"'
                )
            stack.pop()
            i = end.end()
        elif char == "<":
            start = _START_TAG.match(text, i)
            if start is None:
                raise EntityParseError(f"Unsupported start tag at byte offset {_offset(text, i)}")
            name = start.group(1).lower()
            if name not in ALLOWED_TAGS:
                raise EntityParseError(
                    f'Unsupported start tag "{name}" at byte offset {_offset(text, i)}'
                )
            attrs = _attributes(start.group(2))
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise EntityParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {_offset(text, i)}'
                )
            if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
                raise EntityParseError(
                    f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset '
                    f"{_offset(text, i)}"
                )
            stack.append(name)
            i = start.end()
        else:
            out.append(char)
            i += 1
    if stack:
        raise EntityParseError(f"Can't find end tag corresponding to start tag {stack[-1]}")
    return "".join(out)


def check_text(params: dict[str, Any]) -> str:
    """The visible text of a ``sendMessage``/``editMessageText``, or :class:`BadRequest`."""
    text = params.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadRequest("Bad Request: message text is empty")
    visible = text
    if str(params.get("parse_mode") or "").lower() == "html":
        try:
            visible = parse_html(text)
        except EntityParseError as exc:
            raise BadRequest(f"Bad Request: can't parse entities: {exc}") from None
    if not visible.strip():
        raise BadRequest("Bad Request: message text is empty")
    if utf16_length(visible) > MAX_MESSAGE_LENGTH:
        raise BadRequest("Bad Request: message is too long")
    return visible


def check_markup(markup: Any) -> None:
    """Refuse an inline keyboard Telegram would refuse (button text, data size, URL)."""
    if markup is None:
        return
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if rows is None:
        return
    for row in rows:
        for button in row:
            if not str(button.get("text") or "").strip():
                raise BadRequest("Bad Request: BUTTON_TEXT_INVALID")
            if "callback_data" in button:
                data = str(button["callback_data"]).encode("utf-8")
                if not 1 <= len(data) <= 64:
                    raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
            elif "url" in button:
                url = str(button["url"])
                if not url.startswith(("http://", "https://", "tg://")) or " " in url:
                    raise BadRequest("Bad Request: BUTTON_URL_INVALID")
            else:
                raise BadRequest('Bad Request: can\'t find field "text"')

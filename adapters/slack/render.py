"""Block Kit for digests, opening lists and the App Home tab (pure functions).

Everything from a posting or a user is escaped with :func:`~adapters.slack.translate.escape`;
messages are split so that no section passes 3,000 characters and no message 50 blocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from adapters.slack.translate import (
    MAX_BLOCKS,
    MAX_FALLBACK,
    MAX_SECTION,
    Block,
    button,
    escape,
    section,
    split_text,
    topic_buttons,
)
from bot.chat import Home
from bot.ports import DigestMessage, OpeningItem

MAX_HOME_BLOCKS = 100
_LINKABLE = re.compile(r"^https?://[^\s|<>]+$")


def opening_line(item: OpeningItem) -> str:
    """One opening as a mrkdwn line: linked title, company, location and salary."""
    title = escape(item.title)
    if item.apply_url and _LINKABLE.match(item.apply_url):
        title = f"<{item.apply_url}|{title}>"
    line = f"• *{title}*"
    if item.company:
        line += f" at {escape(item.company)}"
    extra = [escape(x) for x in (item.location, item.salary) if x]
    if extra:
        line += f" ({'; '.join(extra)})"
    return line


def opening_plain(item: OpeningItem) -> str:
    bits = [item.title] + ([f"at {item.company}"] if item.company else [])
    return escape(" ".join(bits))


def _pack(lines: Sequence[str]) -> list[str]:
    """Join lines into section texts of at most 3,000 characters each."""
    texts: list[str] = []
    current = ""
    for line in lines:
        for piece in split_text(line):
            if current and len(current) + 1 + len(piece) > MAX_SECTION:
                texts.append(current)
                current = ""
            current = f"{current}\n{piece}" if current else piece
    if current:
        texts.append(current)
    return texts


def render_digest(message: DigestMessage) -> list[tuple[list[Block], str]]:
    """A digest as one or more messages ``(blocks, fallback text)`` within Slack's limits."""
    if not message.items:
        text = escape(message.empty_line or message.heading)
        return [([section(piece) for piece in split_text(text)], text[:MAX_FALLBACK])]
    lines = [opening_line(item) for item in message.items]
    if message.more:
        lines.append(f"… and {message.more} more")
    heading = {"type": "header", "text": {"type": "plain_text", "text": message.heading[:150]}}
    sections = [section(text) for text in _pack(lines)]
    fallback = escape(message.heading) + ": " + ", ".join(opening_plain(i) for i in message.items)
    fallback = fallback[:MAX_FALLBACK]
    out: list[tuple[list[Block], str]] = []
    per_message = MAX_BLOCKS - 1
    for start in range(0, len(sections), per_message):
        blocks = ([heading] if start == 0 else []) + sections[start : start + per_message]
        out.append((blocks, fallback if start == 0 else escape(message.heading) + " (continued)"))
    return out


def render_openings(items: Sequence[OpeningItem], filter_text: str = "") -> tuple[list[Block], str]:
    """The reply to ``/openings [filter]``."""
    if not items:
        what = f" matching “{escape(filter_text)}”" if filter_text.strip() else ""
        text = f"No open roles{what} right now."
        return [section(text)], text
    lines = [f"*Open roles ({len(items)})*", *(opening_line(item) for item in items)]
    blocks = [section(text) for text in _pack(lines)][:MAX_BLOCKS]
    fallback = ", ".join(opening_plain(item) for item in items)[:MAX_FALLBACK]
    return blocks, fallback


def render_home(home: Home) -> dict[str, object]:
    """The App Home view: the role's summary, topic buttons, a role picker, the privacy
    notice, and for recruiters the inbox."""
    summary, roles, topics = home.summary, home.roles, home.topics
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Hiring assistant"}},
    ]
    blocks.extend(section(piece) for piece in split_text(escape(summary.text.strip()) or "…"))
    if home.notice:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(home.notice)}]}
        )
    buttons = topic_buttons([label for _, label in topics], topics, limit=10)
    for start in range(0, len(buttons), 5):
        blocks.append({"type": "actions", "elements": buttons[start : start + 5]})
    if len(roles) > 1:
        blocks.append({"type": "divider"})
        blocks.append(section("*Other open roles*"))
        picks = [button(title, f"role:{slug}", slug) for slug, title in roles]
        for start in range(0, len(picks), 5):
            blocks.append({"type": "actions", "elements": picks[start : start + 5]})
    if home.inbox:
        blocks.append({"type": "divider"})
        blocks.append(section("*Inbox: questions I could not answer well*"))
        for item in home.inbox:
            roles = escape(", ".join(item.roles) or "no role")
            text = f"*{item.count}×* “{escape(item.question)}” _({roles})_"
            blocks.append(section(text))
            answer = button("Answer", f"inbox_answer:{item.id}", str(item.id))
            answer["style"] = "primary"
            dismiss = button("Dismiss", f"inbox_dismiss:{item.id}", str(item.id))
            blocks.append({"type": "actions", "elements": [answer, dismiss]})
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


ANSWER_VIEW = "inbox_answer"


def answer_modal(group_id: str, question: str) -> dict[str, object]:
    """The modal a recruiter types an inbox answer into (``private_metadata``: the group)."""
    return {
        "type": "modal",
        "callback_id": ANSWER_VIEW,
        "private_metadata": group_id,
        "title": {"type": "plain_text", "text": "Answer candidates"},
        "submit": {"type": "plain_text", "text": "Save answer"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"“{escape(question)}”"),
            {
                "type": "input",
                "block_id": "answer",
                "label": {"type": "plain_text", "text": "Your answer (used from now on)"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "text",
                    "multiline": True,
                    "max_length": 2000,
                },
            },
        ],
    }

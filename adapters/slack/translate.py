"""Pure translations between Slack payloads and the core's value objects.

Incoming: :func:`to_question` turns an Events API event into a :class:`~bot.models.Question`
(or ``None`` for anything the bot must ignore). Outgoing: :func:`render_answer` turns an
:class:`~bot.models.Answer` into Block Kit plus a plain-text fallback. Every piece of user or
posting text rendered into mrkdwn goes through :func:`escape`, so ``<!channel>`` or ``<@U…>``
in a question or a posting can never ping anyone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.chat import Button, Incoming, Reply
from bot.models import Answer, Question

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_TOPIC_BUTTONS = 3
MAX_FALLBACK = 3000

# Message subtypes that still carry something a person wrote.
_ANSWERABLE_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*")
_MARKUP = re.compile(r"<([^<>]*)>")


def escape(text: str) -> str:
    """Escape the three characters Slack treats as control sequences in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markup_to_plain(inner: str) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):  # user mention <@U123> or <@U123|name>
        return "@" + (label or target[1:])
    if target.startswith("#"):  # channel link <#C123|general>
        return "#" + (label or target[1:])
    if target.startswith("!"):  # <!channel>, <!here>, <!subteam^S1|@team>, <!date^…|text>
        if label:
            return label
        return "@" + target[1:].split("^", 1)[0]
    return label or target  # a link <https://x|label>


def slack_text_to_plain(text: str) -> str:
    """Slack's message markup as plain text: mentions and links become readable words."""
    return html.unescape(_MARKUP.sub(lambda m: _markup_to_plain(m.group(1)), text)).strip()


_DESTINATION_MARKUP = re.compile(r"<([#@])([CGDU][A-Z0-9]+)(?:\|[^>]*)?>")


def digest_args(text: str, channel: str | None) -> list[str]:
    """``/digest`` text as words for the core's command: ``#channel`` and ``@user`` links
    become ``slack:C…``/``slack:U…`` destinations, and ``schedule`` without ``--to`` goes
    to the channel it was typed in."""
    text = _DESTINATION_MARKUP.sub(lambda m: f"slack:{m.group(2)}", text)
    words = slack_text_to_plain(text).split()
    if words[:1] == ["schedule"] and "--to" not in words and channel:
        words += ["--to", f"slack:{channel}"]
    return words


def to_question(event: Mapping[str, Any], *, bot_user_id: str | None = None) -> Question | None:
    """The question in a ``message.im`` or ``app_mention`` event, or ``None`` to ignore it.

    Bot messages (the bot's own included), edits, deletions, joins and other subtypes, empty
    texts and messages outside DMs (other than mentions) are ignored.
    """
    kind = event.get("type")
    if kind not in ("message", "app_mention"):
        return None
    if event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message":
        return None
    if event.get("subtype") not in _ANSWERABLE_SUBTYPES:
        return None
    user = event.get("user")
    if not isinstance(user, str) or not user or (bot_user_id and user == bot_user_id):
        return None
    channel = event.get("channel")
    if not isinstance(channel, str) or not channel:
        return None
    if kind == "message" and event.get("channel_type") != "im":
        return None
    raw = event.get("text")
    if not isinstance(raw, str):
        return None
    if kind == "app_mention":
        raw = _LEADING_MENTION.sub("", raw, count=1)
    text = slack_text_to_plain(raw)
    if not text:
        return None
    # DMs are keyed by the user (shared with App Home); channels by the channel.
    conversation = f"slack:{user}" if kind == "message" else f"slack:{channel}"
    return Question(text=text, conversation=conversation, user=f"slack:{user}")


def to_incoming(event: Mapping[str, Any], *, bot_user_id: str | None = None) -> Incoming | None:
    """:func:`to_question` as the chat core's :class:`~bot.chat.Incoming`."""
    question = to_question(event, bot_user_id=bot_user_id)
    if question is None:
        return _thread_reply(event, bot_user_id)
    if question.user is None:
        return None
    dm = event.get("type") == "message"
    return Incoming(
        user=question.user,
        conversation=question.conversation,
        text=question.text,
        private=dm,
        destination=f"slack:{event['channel']}",
        thread=_str(event.get("thread_ts")),
    )


def _thread_reply(event: Mapping[str, Any], bot_user_id: str | None) -> Incoming | None:
    """A person's reply in a channel thread that does not mention the bot (a mention comes
    as ``app_mention`` too): the core uses it only for handoff threads."""
    thread, channel, user = event.get("thread_ts"), event.get("channel"), event.get("user")
    channel_type = event.get("channel_type")
    if event.get("type") != "message" or channel_type not in ("channel", "group"):
        return None
    if not (thread and isinstance(channel, str) and isinstance(user, str) and user):
        return None
    if event.get("bot_id") or event.get("subtype") or thread == event.get("ts"):
        return None
    raw = event.get("text")
    if not isinstance(raw, str) or (bot_user_id and f"<@{bot_user_id}" in raw):
        return None
    return Incoming(
        user=f"slack:{user}",
        conversation=f"slack:{channel}",
        text=slack_text_to_plain(raw),
        private=False,
        thread=str(thread),
        addressed=False,
    )


def _str(value: Any) -> str | None:
    return str(value) if value else None


def _conversation(channel: str | None, user: str) -> str:
    """DMs (and App Home) are keyed by the user, channels by the channel."""
    if not channel or channel.startswith("D"):
        return f"slack:{user}"
    return f"slack:{channel}"


def command_incoming(command: Mapping[str, Any]) -> Incoming:
    """A slash command (``/ask``, ``/digest`` …) for the chat core; its reply is ephemeral."""
    name = str(command.get("command", "")).lstrip("/")
    user = str(command.get("user_id", ""))
    channel = command.get("channel_id")
    raw = str(command.get("text") or "")
    text = " ".join(digest_args(raw, channel)) if name == "digest" else slack_text_to_plain(raw)
    return Incoming(
        user=f"slack:{user}",
        conversation=_conversation(channel, user),
        text=text,
        command=name,
        private=True,  # slash command responses are ephemeral: only the user sees them
        destination=f"slack:{channel}" if channel else None,
        shared=bool(channel) and not str(channel).startswith("D"),
    )


def action_incoming(body: Mapping[str, Any]) -> Incoming:
    """A ``block_actions`` button press (``kind:…`` action id, value) for the chat core."""
    action = (body.get("actions") or [{}])[0]
    kind = str(action.get("action_id", "")).partition(":")[0]
    user = str((body.get("user") or {}).get("id", ""))
    channel = (body.get("channel") or {}).get("id")
    return Incoming(
        user=f"slack:{user}",
        conversation=_conversation(channel, user),
        button=(kind, str(action.get("value", ""))),
        private=not channel or str(channel).startswith("D"),
        destination=f"slack:{channel}" if channel else None,
    )


def reply_thread_ts(event: Mapping[str, Any]) -> str | None:
    """Where the answer goes: mentions in the thread of the mention; DMs stay inline unless
    the question itself was asked in a thread."""
    if event.get("type") == "app_mention":
        ts = event.get("thread_ts") or event.get("ts")
        return str(ts) if ts else None
    ts = event.get("thread_ts")
    return str(ts) if ts else None


def split_text(text: str, limit: int = MAX_SECTION) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` characters, preferring line breaks.

    Never splits inside an ``&amp;``-style entity, so escaped text stays escaped.
    """
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut <= limit // 2:
            cut = rest.rfind(" ", 0, limit)
        if cut <= limit // 2:
            cut = limit
        amp = rest.rfind("&", max(0, cut - 5), cut)
        if amp != -1 and ";" not in rest[amp:cut]:
            cut = amp
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest.strip() or not pieces:
        pieces.append(rest)
    return pieces


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def button(text: str, action_id: str, value: str, *, url: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": _clip(text, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id,
        "value": value[:MAX_BUTTON_VALUE],
    }
    if url:
        element["url"] = url
    return element


def _safe_url(url: str | None) -> str | None:
    if url and re.match(r"^https?://\S+$", url) and len(url) <= MAX_SECTION:
        return url
    return None


def topic_buttons(
    labels: Iterable[str], topics: Sequence[tuple[str, str]] = (), limit: int = MAX_TOPIC_BUTTONS
) -> list[Block]:
    """Buttons for follow-up topics: ``topic:<intent>`` when the label is a known topic,
    ``ask:<n>`` (the label asked as a question) otherwise."""
    by_label = {label.casefold(): intent for intent, label in topics}
    out: list[Block] = []
    for i, label in enumerate(dict.fromkeys(x for x in labels if x.strip())):
        if len(out) >= limit:
            break
        intent = by_label.get(label.casefold())
        if intent is not None:
            out.append(button(label, f"topic:{intent}", intent))
        else:
            out.append(button(label, f"ask:{i}", label))
    return out


def render_answer(
    answer: Answer, *, topics: Sequence[tuple[str, str]] = ()
) -> tuple[list[Block], str]:
    """Block Kit for an answer and the plain ``text`` fallback used in notifications.

    The answer's text (split into sections of at most 3,000 characters), a context line quoting
    the posting's sentence, then one actions block: "Apply" and 2–3 follow-up topic buttons
    (the answer's suggestions, else the role's first other topics), or one button per role
    when the core asks which role the question is about.
    """
    body = escape(answer.text.strip()) or "…"
    blocks: list[Block] = [section(piece) for piece in split_text(body)]
    if answer.sources:
        quote = escape(" ".join(answer.sources[0].split()))
        more = f" (+{len(answer.sources) - 1} more)" if len(answer.sources) > 1 else ""
        line = _clip(f"From the posting: _“{quote}”_{more}", MAX_SECTION)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": line}]})
    if answer.choices:
        roles = [button(title, f"role:{slug}", slug) for slug, title in answer.choices]
        for start in range(0, len(roles), 5):
            blocks.append({"type": "actions", "elements": roles[start : start + 5]})
    else:
        elements: list[Block] = []
        url = _safe_url(answer.apply_url)
        if url:
            apply = button("Apply", "apply", "apply", url=url)
            apply["style"] = "primary"
            elements.append(apply)
        labels = answer.suggestions or tuple(
            label for intent, label in topics if intent not in answer.intents
        )
        elements.extend(topic_buttons(labels, topics))
        if elements:
            blocks.append({"type": "actions", "elements": elements})
    blocks = _fit_blocks(blocks)
    return blocks, _clip(escape(answer.text.strip()) or "…", MAX_FALLBACK)


def _fit_blocks(blocks: list[Block]) -> list[Block]:
    """Keep at most 50 blocks, keeping the trailing context and actions blocks."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    tail = [b for b in blocks if b["type"] != "section"]
    head = [b for b in blocks if b["type"] == "section"][: MAX_BLOCKS - len(tail) - 1]
    return [*head, section("… (answer shortened)"), *tail]


def render_text(text: str) -> tuple[list[Block], str]:
    """A plain text reply (command results) as escaped sections and fallback."""
    body = escape(text.strip()) or "…"
    blocks = [section(piece) for piece in split_text(body)][:MAX_BLOCKS]
    return blocks, _clip(body, MAX_FALLBACK)


def extra_buttons(buttons: Sequence[Button]) -> list[Block]:
    """The core's extra buttons (feedback, confirmations) as one actions block per 5."""
    elements = [button(b.label, f"{b.kind}:{n}", b.value) for n, b in enumerate(buttons)]
    return [
        {"type": "actions", "elements": elements[i : i + 5]} for i in range(0, len(elements), 5)
    ]


def render_reply(reply: Reply) -> tuple[list[Block], str]:
    """Block Kit and fallback text for one reply of the chat core."""
    if reply.openings:
        from adapters.slack.render import render_openings

        blocks, text = render_openings(reply.openings)
    elif reply.answer is not None:
        blocks, text = render_answer(reply.answer, topics=reply.topics)
    else:
        blocks, text = render_text(reply.text)
    if reply.buttons:
        blocks = blocks[: MAX_BLOCKS - 1] + extra_buttons(reply.buttons)[:1]
    return blocks, text

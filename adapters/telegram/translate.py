"""Pure translations at the Telegram edge: updates → :class:`~bot.models.Question`, and
:class:`~bot.models.Answer` / digests → Telegram HTML messages with inline keyboards.

No I/O here: python-telegram-bot objects are used only as data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
)

from adapters.telegram.formatting import Block, Chunk, pack, paragraphs, safe_url
from bot.chat import Button, Incoming, Reply
from bot.chat.messages import BUTTON_KINDS
from bot.models import Answer, Question
from bot.ports import DigestMessage, OpeningItem

CALLBACK_LIMIT = 64  # bytes of callback_data Telegram accepts
TOPIC = "topic:"
ROLE = "role:"
ASK = "ask:"
GROUP_TYPES = frozenset({"group", "supergroup"})


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message to send: HTML, its plain-text twin, and an optional inline keyboard."""

    html: str
    plain: str
    keyboard: InlineKeyboardMarkup | None = None


def conversation_key(chat_id: int) -> str:
    return f"telegram:{chat_id}"


def user_key(user_id: int) -> str:
    return f"telegram:{user_id}"


# -- updates → Question ----------------------------------------------------------------------


def _addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The text addressed to the bot in a group (mention stripped), or None when it is not."""
    text = message.text or ""
    handle = f"@{bot_username}".lower()
    mentioned = False
    for entity, value in message.parse_entities(
        [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    ).items():
        if (entity.type == MessageEntity.MENTION and value.lower() == handle) or (
            entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id
        ):
            mentioned = True
            text = text.replace(value, " ")
    replied = message.reply_to_message
    replied_to_bot = bool(replied and replied.from_user and replied.from_user.id == bot_id)
    if not (mentioned or replied_to_bot):
        return None
    return " ".join(text.split())


def to_question(
    message: Message | None, *, bot_username: str, bot_id: int, role: str | None = None
) -> Question | None:
    """The question in a text message, or None when the bot should stay silent.

    Private chats: every plain text is a question. Groups: only a message that mentions the
    bot or replies to one of its messages (commands are handled separately, e.g. ``/ask``).
    Messages from bots are never questions.
    """
    if message is None or not message.text or message.chat is None:
        return None
    if message.from_user is not None and message.from_user.is_bot:
        return None  # never talk to bots (or to ourselves): no reply loops
    if message.chat.type in GROUP_TYPES:
        text = _addressed_text(message, bot_username, bot_id)
        if text is None:
            return None
    elif message.chat.type == "private":
        text = message.text.strip()
    else:
        return None  # channels: the bot does not talk there
    return _question(message, text, role)


def command_question(message: Message | None, args: Sequence[str]) -> Question | None:
    """The question of an ``/ask …`` command (its arguments), in any chat."""
    if message is None or message.chat is None:
        return None
    return _question(message, " ".join(args).strip(), None)


def _question(message: Message, text: str, role: str | None) -> Question:
    user = message.from_user
    return Question(
        text=text,
        conversation=conversation_key(message.chat.id),
        user=user_key(user.id) if user else None,
        role=role,
    )


def parse_callback(data: str | None) -> tuple[str, str] | None:
    """``(kind, value)`` from a button's data ``kind:value``, e.g. ``("topic", intent)``."""
    kind, colon, value = (data or "").partition(":")
    if colon and value and kind in BUTTON_KINDS:
        return kind, value
    return None


def message_incoming(message: Message | None, *, bot_username: str, bot_id: int) -> Incoming | None:
    """:func:`to_question` as the chat core's :class:`~bot.chat.Incoming`."""
    question = to_question(message, bot_username=bot_username, bot_id=bot_id)
    if question is None or message is None:
        return None
    return _incoming(message, text=question.text)


def command_incoming(message: Message | None) -> Incoming | None:
    """A ``/command@bot args`` message for the chat core (the command without slash)."""
    if message is None or message.chat is None or not message.text:
        return None
    head, _, rest = message.text.strip().partition(" ")
    name = head.lstrip("/").partition("@")[0].lower()
    return _incoming(message, text=rest.strip(), command=name)


def _incoming(message: Message, *, text: str, command: str | None = None) -> Incoming:
    user = message.from_user
    reply = message.reply_to_message
    return Incoming(
        user=user_key(user.id) if user else "",
        conversation=conversation_key(message.chat.id),
        text=text,
        command=command,
        private=message.chat.type == "private",
        thread=str(reply.message_id) if reply else None,
    )


def callback_incoming(query: CallbackQuery) -> Incoming | None:
    """A pressed inline button for the chat core, or None when its data is unknown."""
    parsed = parse_callback(query.data)
    message = query.message
    if parsed is None or message is None:
        return None
    user = query.from_user
    return Incoming(
        user=user_key(user.id) if user else "",
        conversation=conversation_key(message.chat.id),
        button=parsed,
        private=message.chat.type == "private",
    )


# -- Answer → messages -----------------------------------------------------------------------


def _button(label: str, data: str) -> InlineKeyboardButton | None:
    if not label.strip() or len(data.encode("utf-8")) > CALLBACK_LIMIT:
        return None
    return InlineKeyboardButton(text=label[:64], callback_data=data)


def _rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def topic_keyboard(
    topics: Sequence[tuple[str, str]], apply_url: str | None = None, width: int = 2
) -> InlineKeyboardMarkup | None:
    """Inline buttons, one per ``(intent_id, label)``, plus an "Apply" URL button."""
    buttons = [b for intent, label in topics if (b := _button(label, TOPIC + intent))]
    rows = _rows(buttons, width)
    url = safe_url(apply_url)
    if url:
        rows.append([InlineKeyboardButton(text="Apply", url=url)])
    return InlineKeyboardMarkup(rows) if rows else None


def role_keyboard(roles: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    """One button per ``(slug, title)`` role."""
    buttons = [b for slug, title in roles if (b := _button(title, ROLE + slug))]
    return InlineKeyboardMarkup(_rows(buttons, 1)) if buttons else None


def _answer_keyboard(
    answer: Answer, topics: Sequence[tuple[str, str]]
) -> InlineKeyboardMarkup | None:
    if answer.choices:
        return role_keyboard(answer.choices)
    by_label = {label.casefold(): intent for intent, label in topics}
    by_id = {intent for intent, _ in topics}
    suggested: list[InlineKeyboardButton] = []
    for label in answer.suggestions:
        intent = by_label.get(label.casefold()) or (label if label in by_id else None)
        button = _button(label, TOPIC + intent) if intent else _button(label, ASK + label)
        if button:
            suggested.append(button)
    rows = _rows(suggested, 2)
    url = safe_url(answer.apply_url)
    if url:
        rows.append([InlineKeyboardButton(text="Apply", url=url)])
    return InlineKeyboardMarkup(rows) if rows else None


def render_answer(
    answer: Answer,
    topics: Sequence[tuple[str, str]] = (),
    *,
    keyboard: InlineKeyboardMarkup | None = None,
    show_sources: bool = True,
) -> list[Outgoing]:
    """An answer as Telegram messages; the keyboard (topics, roles, Apply) goes on the last.

    ``topics`` maps suggestion labels back to intent ids for the buttons' callback data.
    """
    blocks = paragraphs(answer.text)
    if show_sources and answer.answered and answer.sources:
        blocks.append(Block("From the posting:", style="i"))
        blocks.extend(Block(source, style="blockquote") for source in answer.sources)
    if not blocks:
        blocks = [Block("…")]
    markup = keyboard if keyboard is not None else _answer_keyboard(answer, topics)
    return _with_keyboard(pack(blocks), markup)


def _with_keyboard(chunks: Sequence[Chunk], markup: InlineKeyboardMarkup | None) -> list[Outgoing]:
    last = len(chunks) - 1
    return [
        Outgoing(chunk.html, chunk.plain, markup if i == last else None)
        for i, chunk in enumerate(chunks)
    ]


def render_text(text: str, keyboard: InlineKeyboardMarkup | None = None) -> list[Outgoing]:
    """Plain ``text`` (e.g. a command's reply) as escaped, split messages."""
    return _with_keyboard(pack(paragraphs(text) or [Block("…")]), keyboard)


def _merged(
    markup: InlineKeyboardMarkup | None, buttons: Sequence[Button]
) -> InlineKeyboardMarkup | None:
    """``markup`` with the core's extra buttons as one more row (two for role pickers)."""
    extra = [b for x in buttons if (b := _button(x.label, f"{x.kind}:{x.value}"))]
    if not extra:
        return markup
    rows = [list(row) for row in markup.inline_keyboard] if markup else []
    width = 1 if all(x.kind == "role" for x in buttons) else 3
    return InlineKeyboardMarkup(rows + _rows(extra, width))


def render_reply(reply: Reply) -> list[Outgoing]:
    """Telegram messages for one reply of the chat core."""
    if reply.openings:
        return render_openings(reply.text, reply.openings)
    answer = reply.answer
    if answer is None:
        return render_text(reply.text, _merged(None, reply.buttons))
    if reply.welcome:
        keyboard = (
            role_keyboard(answer.choices)
            if answer.choices
            else topic_keyboard(reply.topics, answer.apply_url)
        )
        return render_answer(answer, reply.topics, keyboard=keyboard, show_sources=False)
    keyboard = _merged(_answer_keyboard(answer, reply.topics), reply.buttons)
    return render_answer(answer, reply.topics, keyboard=keyboard)


# -- digests and openings --------------------------------------------------------------------


def _item_block(item: OpeningItem) -> Block:
    details = " · ".join(x for x in (item.company, item.location, item.salary) if x)
    text = item.title + (f"\n{details}" if details else "")
    return Block(text, prefix="• ", link=item.apply_url)


def opening_blocks(heading: str, items: Sequence[OpeningItem], more: int = 0) -> list[Block]:
    """A heading and one block per opening: the split boundaries of a long list."""
    blocks = [Block(heading, style="b")]
    blocks.extend(_item_block(item) for item in items)
    if more:
        blocks.append(Block(f"… and {more} more", style="i"))
    return blocks


def render_openings(heading: str, items: Sequence[OpeningItem]) -> list[Outgoing]:
    """A list of openings (``/openings``), split between openings."""
    return _with_keyboard(pack(opening_blocks(heading, items)), None)


def render_digest(message: DigestMessage) -> list[Outgoing]:
    """A digest as Telegram messages, split between openings."""
    if not message.items:
        return render_text(message.empty_line or "No new openings this time.")
    return _with_keyboard(pack(opening_blocks(message.heading, message.items, message.more)), None)

"""Pure translations: updates to questions, answers and digests to Telegram messages."""

from __future__ import annotations

from typing import Any

from telegram import Message

import adapters.telegram  # noqa: F401 (sets PTB_TIMEDELTA)
from adapters.telegram.translate import (
    command_question,
    parse_callback,
    render_answer,
    render_digest,
    role_keyboard,
    to_question,
    topic_keyboard,
)
from bot.models import Answer
from bot.ports import DigestMessage, OpeningItem
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_html import parse_html

BOT_ID = 4242
BOT = "hiring_test_bot"
FAKE = FakeTelegramAPI(bot_id=BOT_ID, bot_username=BOT)  # used only to build update bodies


def _message(body: dict[str, Any]) -> Message:
    message = Message.de_json(body["message"], None)
    assert message is not None
    return message


def _q(body: dict[str, Any]) -> str | None:
    question = to_question(_message(body), bot_username=BOT, bot_id=BOT_ID)
    return None if question is None else question.text


def test_private_text_is_a_question() -> None:
    """Every private text becomes a question keyed by chat and user."""
    question = to_question(_message(FAKE.message(42, "  salary?  ")), bot_username=BOT, bot_id=1)
    assert question is not None
    assert (question.text, question.conversation, question.user) == (
        "salary?",
        "telegram:42",
        "telegram:42",
    )


def test_group_needs_a_mention_or_a_reply() -> None:
    """Group chatter is ignored; a mention (stripped) or a reply to the bot is a question."""
    assert _q(FAKE.message(-1, "salary?", chat_type="group")) is None
    assert _q(FAKE.mention(-1, "salary?")) == "salary?"
    assert _q(FAKE.message(-1, "and visa?", chat_type="supergroup", reply_to_bot=True)) == (
        "and visa?"
    )
    other = FAKE.message(-1, "@someone_else salary?", chat_type="supergroup")
    other["message"]["entities"] = [{"type": "mention", "offset": 0, "length": 13}]
    assert _q(other) is None
    assert _q(FAKE.mention(-1, "")) == ""


def test_messages_from_bots_are_ignored() -> None:
    """Another bot's message (even in a private chat) is never a question."""
    body = FAKE.message(42, "salary?")
    body["message"]["from"]["is_bot"] = True
    assert _q(body) is None


def test_ask_command_takes_its_arguments() -> None:
    """/ask's arguments are the question, in any chat."""
    body = FAKE.message(-1, "/ask is it remote?", chat_type="group")
    question = command_question(_message(body), ["is", "it", "remote?"])
    assert question is not None and question.text == "is it remote?"
    assert question.conversation == "telegram:-1"


def test_callback_data_round_trip() -> None:
    """Button data names its kind; anything else is not ours."""
    assert parse_callback("topic:salary") == ("topic", "salary")
    assert parse_callback("role:x-y") == ("role", "x-y")
    assert parse_callback("ask:Remote work") == ("ask", "Remote work")
    assert parse_callback("topic:") is None
    assert parse_callback("other") is None


def test_keyboards_skip_oversized_data_and_bad_urls() -> None:
    """Callback data stays within 64 bytes and only http(s) URLs get an Apply button."""
    kb = topic_keyboard([("salary", "Salary"), ("x" * 80, "Too long")], "javascript:x")
    assert kb is not None
    assert [[b.callback_data for b in row] for row in kb.inline_keyboard] == [["topic:salary"]]
    assert role_keyboard([]) is None


def test_answer_renders_escaped_with_sources_and_keyboard_on_the_last_part() -> None:
    """Answer text and sources are escaped; the keyboard rides on the last message."""
    answer = Answer(
        answered=True,
        text="Pay <b>& more</i>\n\n" + "word " * 1200,
        sources=("£95k <unclosed",),
        suggestions=("Salary",),
        apply_url="https://x.test/apply",
    )
    parts = render_answer(answer, [("salary", "Salary")])
    assert len(parts) == 2
    assert parts[0].keyboard is None and parts[-1].keyboard is not None
    visible = "".join(parse_html(p.html) for p in parts)
    assert "Pay <b>& more</i>" in visible and "£95k <unclosed" in visible


def test_digest_splits_between_openings() -> None:
    """A long digest splits at item boundaries; every part is valid HTML."""
    items = tuple(
        OpeningItem(f"Engineer <{i}>", "A & B", "London", "£1 & up", f"https://x.test/{i}?a&b")
        for i in range(80)
    )
    parts = render_digest(DigestMessage("New <roles>", items, more=3))
    assert len(parts) >= 2
    texts = [parse_html(p.html) for p in parts]
    assert texts[0].startswith("New <roles>")
    assert texts[-1].endswith("… and 3 more")
    for text in texts:
        assert text.count("• Engineer <") == text.count("— Apply")
    assert sum(t.count("• Engineer <") for t in texts) == 80


def test_empty_digest_sends_its_empty_line() -> None:
    """A period without openings sends the empty line, escaped."""
    [part] = render_digest(DigestMessage("h", (), empty_line="Nothing new <today>"))
    assert parse_html(part.html) == "Nothing new <today>"

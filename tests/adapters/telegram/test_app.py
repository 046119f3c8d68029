"""The real python-telegram-bot Application, long polling the fake Bot API over HTTP."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest

from adapters.services import Services
from adapters.telegram.app import APOLOGY, REFUSAL
from bot.config import Settings
from bot.ports import OpeningItem
from tests.adapters.telegram.conftest import (
    HOSTILE,
    RECRUITER,
    FakeAssistant,
    FakeCommands,
    polling,
    wait_for,
)
from tests.fakes.telegram_api import FakeTelegramAPI


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


def _buttons(params: dict[str, Any]) -> list[dict[str, Any]]:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    return [b for row in (markup or {}).get("inline_keyboard", []) for b in row]


def _count(n: int, chat_id: int | None = None) -> Any:
    return lambda fake: len(fake.sent(chat_id)) >= n


def test_private_message_is_answered_in_its_chat(
    fake_api: FakeTelegramAPI, settings: Settings, services: Services, assistant: FakeAssistant
) -> None:
    """A plain text in a private chat reaches the core and the answer goes back to that chat."""

    async def scenario() -> None:
        async with polling(settings, services):
            fake_api.push_update(fake_api.message(42, "what's the salary?"))
            assert await wait_for(fake_api, _count(1, 42))

    _run(scenario())
    [sent] = fake_api.sent(42)
    assert sent["parse_mode"] == "HTML"
    assert "what&#x27;s the salary?" in sent["text"]
    assert assistant.questions[0].conversation == "telegram:42"
    assert assistant.questions[0].user == "telegram:42"
    labels = {b["text"]: b for b in _buttons(sent)}
    assert labels["Remote work"]["callback_data"] == "topic:remote"
    assert labels["Unknown topic"]["callback_data"] == "ask:Unknown topic"
    assert labels["Apply"]["url"] == "https://example.com/apply?a=1&b=2"


def test_group_answers_only_mentions_replies_and_ask(
    fake_api: FakeTelegramAPI, settings: Settings, services: Services, assistant: FakeAssistant
) -> None:
    """In a group the bot ignores chatter and answers a mention, a reply to it, and /ask."""
    group = -1001

    async def scenario() -> None:
        async with polling(settings, services):
            fake_api.push_update(fake_api.message(group, "salary?", chat_type="supergroup"))
            fake_api.push_update(fake_api.mention(group, "is it remote?", user_id=5))
            fake_api.push_update(
                fake_api.message(group, "and visa?", chat_type="supergroup", reply_to_bot=True)
            )
            fake_api.push_update(fake_api.message(group, "/ask pension?", chat_type="supergroup"))
            assert await wait_for(fake_api, _count(3, group))

    _run(scenario())
    assert sorted(q.text for q in assistant.questions) == ["and visa?", "is it remote?", "pension?"]
    assert len(fake_api.sent(group)) == 3
    assert all("reply_parameters" in p for p in fake_api.sent(group))


def test_start_shows_topic_keyboard_and_a_press_answers(
    fake_api: FakeTelegramAPI, settings: Settings, services: Services
) -> None:
    """/start sends the welcome with topic buttons; pressing one answers the query and the topic."""

    async def scenario() -> None:
        async with polling(settings, services):
            fake_api.push_update(fake_api.message(42, "/start"))
            assert await wait_for(fake_api, _count(1, 42))
            fake_api.push_update(fake_api.callback(42, "topic:visa"))
            assert await wait_for(fake_api, _count(2, 42))

    _run(scenario())
    welcome, topic = fake_api.sent(42)
    data = [b.get("callback_data") for b in _buttons(welcome)]
    assert data[:3] == ["topic:salary", "topic:remote", "topic:visa"]
    assert _buttons(welcome)[-1] == {"text": "Apply", "url": "https://example.com/apply"}
    assert topic["text"].startswith("Topic visa:")
    assert [c.status for c in fake_api.calls("answerCallbackQuery")] == [200]
    assert [c["command"] for c in fake_api.commands][:2] == ["start", "ask"]


def test_stale_button_still_answers(
    fake_api: FakeTelegramAPI, settings: Settings, services: Services
) -> None:
    """If answerCallbackQuery fails (query too old), the topic is still answered in the chat."""
    fake_api.fail(
        "answerCallbackQuery", 400, "Bad Request: query is too old and response timeout expired"
    )

    async def scenario() -> None:
        async with polling(settings, services):
            fake_api.push_update(fake_api.callback(42, "topic:salary"))
            assert await wait_for(fake_api, _count(1, 42))

    _run(scenario())
    assert fake_api.sent(42)[0]["text"].startswith("Topic salary:")


def test_role_buttons_choose_a_role(
    fake_api: FakeTelegramAPI, settings: Settings, services: Services, assistant: FakeAssistant
) -> None:
    """/role lists the loaded roles as buttons (titles escaped); a press chooses one."""

    async def scenario() -> None:
        async with polling(settings, services):
            fake_api.push_update(fake_api.message(42, "/role"))
            assert await wait_for(fake_api, _count(1, 42))
            fake_api.push_update(fake_api.callback(42, "role:sre"))
            assert await wait_for(fake_api, _count(2, 42))

    _run(scenario())
    listing, chosen = fake_api.sent(42)
    assert [b["callback_data"] for b in _buttons(listing)] == ["role:senior-backend", "role:sre"]
    assert assistant.roles_chosen == {"telegram:42": "sre"}
    assert "Now answering about sre." in chosen["text"]


def test_hostile_question_and_fact_never_break_a_send(
    fake_api: FakeTelegramAPI, settings: Settings, services: Services, assistant: FakeAssistant
) -> None:
    """Tags, ampersands, unclosed tags and 5,000 characters in questions and facts all arrive."""
    assistant.fact = HOSTILE * 3
    long_question = ("why <b> & " * 500)[:5000]

    async def scenario() -> None:
        async with polling(settings, services):
            fake_api.push_update(fake_api.message(42, HOSTILE))
            fake_api.push_update(fake_api.message(43, long_question))
            fake_api.push_update(fake_api.message(44, "x" * 5000))
            assert await wait_for(fake_api, lambda f: all(f.sent(c) for c in (42, 43, 44)))
        # Leaving the block stops the Application, which waits for every update in flight.

    _run(scenario())
    send_calls = fake_api.calls("sendMessage")
    assert send_calls and all(c.status == 200 for c in send_calls), [
        c.description for c in send_calls
    ]
    assert all(p["parse_mode"] == "HTML" for p in fake_api.sent())
    assert len(fake_api.sent(43)) >= 2 and len(fake_api.sent(44)) >= 2


def test_refused_entities_are_resent_as_plain_text(
    fake_api: FakeTelegramAPI, settings: Settings, services: Services
) -> None:
    """If Telegram answers "can't parse entities", the same answer goes out without HTML."""
    fake_api.fail(
        "sendMessage", 400, "Bad Request: can't parse entities: Unsupported start tag", chat_id=42
    )

    async def scenario() -> None:
        async with polling(settings, services):
            fake_api.push_update(fake_api.message(42, "salary <please>"))
            assert await wait_for(fake_api, _count(1, 42))

    _run(scenario())
    [sent] = fake_api.sent(42)
    assert "parse_mode" not in sent
    assert "salary <please>" in sent["text"]
    assert _buttons(sent)  # the keyboard survives the fallback


def test_core_failure_gets_the_apology(
    fake_api: FakeTelegramAPI, settings: Settings, services: Services, assistant: FakeAssistant
) -> None:
    """An exception in the core becomes the fixed apology, not silence or a traceback."""
    assistant.fail = True

    async def scenario() -> None:
        async with polling(settings, services):
            fake_api.push_update(fake_api.message(42, "salary?"))
            assert await wait_for(fake_api, _count(1, 42))

    _run(scenario())
    text = fake_api.sent(42)[0]["text"]
    prefix, _, rest = APOLOGY.partition("{error_id}")
    assert text.startswith(prefix) and text.endswith(rest)
    assert re.fullmatch(r"[0-9a-f]{8}", text[len(prefix) : -len(rest)])
    assert "core exploded" not in text


@pytest.mark.parametrize(
    ("chat_id", "user_id", "allowed"),
    [(RECRUITER, RECRUITER, True), (55, 55, False), (-1002, RECRUITER, False)],
)
def test_digest_is_for_recruiters_in_private_chats(
    fake_api: FakeTelegramAPI,
    settings: Settings,
    services: Services,
    commands: FakeCommands,
    chat_id: int,
    user_id: int,
    allowed: bool,
) -> None:
    """/digest runs for a RECRUITERS user in a private chat; others get a polite refusal."""
    chat_type = "private" if chat_id > 0 else "supergroup"

    async def scenario() -> None:
        async with polling(settings, services):
            fake_api.push_update(
                fake_api.message(
                    chat_id,
                    '/digest schedule "every monday 9:00" --to telegram:1',
                    user_id=user_id,
                    chat_type=chat_type,
                )
            )
            assert await wait_for(fake_api, _count(1, chat_id))

    _run(scenario())
    text = fake_api.sent(chat_id)[0]["text"]
    if allowed:
        args = ["schedule", "every monday 9:00", "--to", "telegram:1"]
        assert commands.calls == [("digest", (args, f"telegram:{RECRUITER}"))]
        assert text.startswith("digest schedule every monday 9:00")
    else:
        assert commands.calls == []
        assert text.replace("&#x27;", "'") == REFUSAL


def test_subscribe_and_unsubscribe_use_the_chat(
    fake_api: FakeTelegramAPI, settings: Settings, services: Services, commands: FakeCommands
) -> None:
    """/subscribe and /unsubscribe pass telegram:<chat id> and the filters; replies are escaped."""

    async def scenario() -> None:
        async with polling(settings, services):
            fake_api.push_update(fake_api.message(42, "/subscribe python <remote>"))
            assert await wait_for(fake_api, _count(1, 42))
            fake_api.push_update(fake_api.message(42, "/unsubscribe"))
            assert await wait_for(fake_api, _count(2, 42))

    _run(scenario())
    assert commands.calls == [
        ("subscribe", ("telegram:42", "python <remote>")),
        ("unsubscribe", ("telegram:42",)),
    ]
    assert "&lt;python &lt;remote&gt;&gt;" in fake_api.sent(42)[0]["text"]


def test_openings_lists_items_escaped(
    fake_api: FakeTelegramAPI, settings: Settings, services: Services, commands: FakeCommands
) -> None:
    """/openings passes its filter and lists the openings with Apply links, escaped."""
    commands.items = (
        OpeningItem("Go <Engineer>", "Acme & Co", "London", None, "https://x.test/1?a&b"),
        OpeningItem("SRE", None, None, None, None),
    )

    async def scenario() -> None:
        async with polling(settings, services):
            fake_api.push_update(fake_api.message(42, "/openings remote python"))
            assert await wait_for(fake_api, _count(1, 42))

    _run(scenario())
    assert commands.calls == [("openings", ("remote python",))]
    text = fake_api.sent(42)[0]["text"]
    assert "• Go &lt;Engineer&gt;\nAcme &amp; Co · London" in text
    assert '<a href="https://x.test/1?a&amp;b">Apply</a>' in text

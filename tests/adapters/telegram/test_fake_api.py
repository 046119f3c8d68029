"""The fake Bot API answers like the real one: checked with python-telegram-bot's own Bot."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, InvalidToken

import adapters.telegram  # noqa: F401 (sets PTB_TIMEDELTA)
from tests.adapters.telegram.conftest import TOKEN
from tests.fakes.telegram_api import FakeTelegramAPI


def _with_bot(fake: FakeTelegramAPI, body: Any, token: str = TOKEN) -> Any:
    async def run() -> Any:
        async with Bot(token, base_url=fake.base_url) as bot:
            return await body(bot)

    return asyncio.run(run())


def test_get_updates_confirms_by_offset(fake_api: FakeTelegramAPI) -> None:
    """Updates stay until a later offset confirms them, like the real getUpdates."""
    first = fake_api.push_update(fake_api.message(1, "a"))
    fake_api.push_update(fake_api.message(1, "b"))

    async def body(bot: Bot) -> list[list[str | None]]:
        seen = []
        for offset in (None, first + 1, first + 2):
            updates = await bot.get_updates(offset=offset, timeout=0)
            seen.append([u.message.text if u.message else None for u in updates])
        return seen

    assert _with_bot(fake_api, body) == [["a", "b"], ["b"], []]


def test_long_poll_returns_when_an_update_arrives(fake_api: FakeTelegramAPI) -> None:
    """A long poll waits for an update instead of its whole timeout."""

    async def body(bot: Bot) -> float:
        loop = asyncio.get_running_loop()
        loop.call_later(0.2, fake_api.push_update, fake_api.message(1, "late"))
        start = loop.time()
        updates = await bot.get_updates(timeout=20)
        assert [u.message.text for u in updates if u.message] == ["late"]
        return loop.time() - start

    assert _with_bot(fake_api, body) < 5


def test_get_updates_conflicts_with_a_webhook(fake_api: FakeTelegramAPI) -> None:
    """While a webhook is set, getUpdates is a 409 Conflict."""

    async def body(bot: Bot) -> None:
        await bot.set_webhook("https://x.test/hook", secret_token="abc")
        with pytest.raises(Conflict):
            await bot.get_updates(timeout=0)
        await bot.delete_webhook()
        assert await bot.get_updates(timeout=0) == ()

    _with_bot(fake_api, body)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<b>unclosed", "can't find end tag"),
        ("<blink>x</blink>", "unsupported start tag"),
        ("a & b", "unsupported html entity"),
        ("x" * 4097, "message is too long"),
        (" ", "message text is empty"),
    ],
)
def test_send_message_enforces_telegram_rules(
    fake_api: FakeTelegramAPI, text: str, error: str
) -> None:
    """Broken HTML, over-long and empty texts get Telegram's 400 descriptions."""

    async def body(bot: Bot) -> None:
        with pytest.raises(BadRequest, match=f"(?i){error}"):
            await bot.send_message(1, text, parse_mode="HTML")

    _with_bot(fake_api, body)
    assert fake_api.sent() == []


def test_keyboard_buttons_are_validated(fake_api: FakeTelegramAPI) -> None:
    """Callback data over 64 bytes is refused as BUTTON_DATA_INVALID."""
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])

    async def body(bot: Bot) -> None:
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot.send_message(1, "hi", reply_markup=markup)

    _with_bot(fake_api, body)


def test_wrong_token_is_unauthorized(fake_api: FakeTelegramAPI) -> None:
    """Another token is refused (401), which python-telegram-bot reports as InvalidToken."""

    async def body(bot: Bot) -> None:
        return None

    with pytest.raises(InvalidToken):
        _with_bot(fake_api, body, token="1:other")

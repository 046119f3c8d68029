"""Finding (low–medium): any member of a group or channel could subscribe or unsubscribe the
whole group. Now it takes a group admin (Telegram ``getChatMember``), the member who
subscribed it (Slack), or a recruiter; private chats are their user's own."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.services import Services, StoreCommands
from bot.chat import Chat, Incoming
from bot.chat.texts import GROUP_SUBSCRIPTION_REFUSAL
from bot.config import load_settings
from bot.storage import Store, open_store
from tests.adapters.telegram.conftest import TOKEN, FakeAssistant, polling, wait_for
from tests.fakes.telegram_api import FakeTelegramAPI

GROUP = -1001
ADMIN, MEMBER, RECRUITER = 501, 502, 777


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    yield store
    store.close()


def _subscribed(store: Store) -> list[str]:
    return [s.destination for s in store.subscriptions.list()]


def test_telegram_group_takes_an_admin_or_a_recruiter(store: Store) -> None:
    """In a supergroup a plain member's /subscribe and /unsubscribe are refused; the admin's
    and a recruiter's work; in a private chat anyone manages their own."""
    with FakeTelegramAPI(token=TOKEN) as api:
        api.set_admins(GROUP, [ADMIN])
        settings = load_settings(
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_URL": api.base_url,
                "RECRUITERS": f"telegram:{RECRUITER}",
            }
        )
        services = Services(FakeAssistant(), store, StoreCommands(store, settings))

        def say(user: int, text: str, chat: int = GROUP) -> None:
            kind = "private" if chat > 0 else "supergroup"
            api.push_update(api.message(chat, text, user_id=user, chat_type=kind))

        async def scenario() -> None:
            async with polling(settings, services):
                say(MEMBER, "/subscribe python")
                assert await wait_for(api, lambda f: len(f.sent(GROUP)) >= 1)
                assert _subscribed(store) == []
                say(ADMIN, "/subscribe python")
                assert await wait_for(api, lambda f: len(f.sent(GROUP)) >= 2)
                assert _subscribed(store) == [f"telegram:{GROUP}"]
                say(MEMBER, "/unsubscribe")
                assert await wait_for(api, lambda f: len(f.sent(GROUP)) >= 3)
                assert _subscribed(store) == [f"telegram:{GROUP}"]
                say(RECRUITER, "/unsubscribe")
                assert await wait_for(api, lambda f: len(f.sent(GROUP)) >= 4)
                assert _subscribed(store) == []
                say(MEMBER, "/subscribe go", chat=MEMBER)
                assert await wait_for(api, lambda f: len(f.sent(MEMBER)) >= 1)

        asyncio.run(scenario())
        replies = [m["text"].replace("&#x27;", "'") for m in api.sent(GROUP)]
        checked = [c.params.get("user_id") for c in api.calls("getChatMember")]
    assert replies[0] == GROUP_SUBSCRIPTION_REFUSAL
    assert replies[1].startswith("Subscribed")
    assert replies[2] == GROUP_SUBSCRIPTION_REFUSAL
    assert replies[3].startswith("Unsubscribed")
    assert _subscribed(store) == [f"telegram:{MEMBER}"]
    assert checked[:3] == [MEMBER, ADMIN, MEMBER]  # asked of the Bot API, not guessed


def test_slack_channel_takes_its_subscriber_or_a_recruiter(store: Store) -> None:
    """In a Slack channel the first /subscribe is open to members and records who did it;
    afterwards only that member or a recruiter changes or removes it."""
    settings = load_settings({"RECRUITERS": "slack:UBOSS"})
    chat = Chat(FakeAssistant(), StoreCommands(store, settings), recruiters=settings.recruiters)

    def command(user: str, name: str, text: str = "") -> str:
        msg = Incoming(
            user=f"slack:{user}",
            conversation="slack:C1",
            text=text,
            command=name,
            private=True,  # an ephemeral response, but the channel is shared
            destination="slack:C1",
            shared=True,
        )
        return "\n".join(r.text for r in chat.handle(msg))

    assert command("UALICE", "subscribe", "python").startswith("Subscribed slack:C1")
    assert store.subscriptions.get("slack:C1").subscribed_by == "slack:UALICE"  # type: ignore[union-attr]
    assert command("UMALLORY", "unsubscribe") == GROUP_SUBSCRIPTION_REFUSAL
    assert command("UMALLORY", "subscribe", "php") == GROUP_SUBSCRIPTION_REFUSAL
    assert command("UALICE", "subscribe", "go").startswith("Updated the subscription")
    assert command("UBOSS", "unsubscribe").startswith("Unsubscribed slack:C1")
    assert _subscribed(store) == []

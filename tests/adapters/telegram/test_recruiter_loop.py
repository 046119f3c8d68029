"""End to end on the fake Bot API with the real core: 👎 reaches the inbox, /forget erases."""

from __future__ import annotations

import asyncio
import html
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.services import Services, services_from_settings
from bot import inbox
from bot.config import Settings, load_settings
from bot.journal import Journal
from bot.storage import Store
from tests.adapters.telegram.conftest import TOKEN, polling, wait_for
from tests.fakes.telegram_api import FakeTelegramAPI

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "roles" / "monzo.yaml"


@pytest.fixture
def loop_settings(tmp_path: Path, fake_api: FakeTelegramAPI) -> Settings:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(FIXTURE, knowledge / "monzo.yaml")
    return load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": fake_api.base_url,
            "KNOWLEDGE_DIR": str(knowledge),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            "PRIVACY_KEY": "telegram-test-key-123",
        }
    )


@pytest.fixture
def core(loop_settings: Settings) -> Iterator[Services]:
    services = services_from_settings(loop_settings)
    yield services
    services.deduper.close()  # type: ignore[attr-defined]


def _buttons(params: dict[str, Any]) -> dict[str, str]:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows = (markup or {}).get("inline_keyboard", [])
    return {b["text"]: b.get("callback_data", "") for row in rows for b in row}


def _count(n: int, chat_id: int) -> Any:
    return lambda fake: len(fake.sent(chat_id)) >= n


def _run(coro: Any) -> None:
    asyncio.run(asyncio.wait_for(coro, 30))


def test_thumbs_down_lands_in_the_inbox(
    fake_api: FakeTelegramAPI, loop_settings: Settings, core: Services
) -> None:
    """A 👎 under an answer puts the question, with the answer given, into the inbox."""
    store: Store = core.deduper  # type: ignore[assignment]

    async def scenario() -> None:
        async with polling(loop_settings, core):
            fake_api.push_update(fake_api.message(42, "what's the salary?"))
            assert await wait_for(fake_api, _count(1, 42))
            down = _buttons(fake_api.sent(42)[-1])["👎"]
            assert inbox.groups(store) == []  # a confident answer is not in the inbox
            fake_api.push_update(fake_api.callback(42, down))
            assert await wait_for(fake_api, _count(2, 42))

    _run(scenario())
    (group,) = inbox.groups(store)
    assert group.question == "what's the salary?" and group.downvotes == 1
    assert "£95,000" in group.answers[0]
    assert "passed your question" in fake_api.sent(42)[-1]["text"]


def test_forget_erases_after_confirmation(
    fake_api: FakeTelegramAPI, loop_settings: Settings, core: Services
) -> None:
    """/start shows the privacy notice; /forget asks first, then erases questions and the
    private chat's subscription; /mydata then has nothing."""
    store: Store = core.deduper  # type: ignore[assignment]
    journal: Journal = core.journal  # type: ignore[assignment]

    async def scenario() -> None:
        async with polling(loop_settings, core):
            fake_api.push_update(fake_api.message(42, "/start"))
            assert await wait_for(fake_api, _count(2, 42))
            assert "/forget" in fake_api.sent(42)[-1]["text"]
            fake_api.push_update(fake_api.message(42, "is there a gym?"))
            fake_api.push_update(fake_api.message(42, "/subscribe remote"))
            assert await wait_for(fake_api, _count(4, 42))
            assert len(journal.export("telegram:42")) == 1
            fake_api.push_update(fake_api.message(42, "/forget"))
            assert await wait_for(fake_api, _count(5, 42))
            assert len(journal.export("telegram:42")) == 1  # not before the confirmation
            confirm = _buttons(fake_api.sent(42)[-1])
            (data,) = confirm.values()
            fake_api.push_update(fake_api.callback(42, data))
            assert await wait_for(fake_api, _count(6, 42))
            fake_api.push_update(fake_api.message(42, "/mydata"))
            assert await wait_for(fake_api, _count(7, 42))

    _run(scenario())
    assert "erased 1 question(s) and 1 subscription(s)" in fake_api.sent(42)[5]["text"]
    assert fake_api.sent(42)[6]["text"] == "I store nothing about you."
    assert journal.export("telegram:42") == [] and store.subscriptions.get("telegram:42") is None


GROUP, RECRUITER = -500, 777


@pytest.fixture
def handoff_settings(loop_settings: Settings) -> Settings:
    return loop_settings.model_copy(
        update={"handoff_channel": f"telegram:{GROUP}", "recruiters": (f"telegram:{RECRUITER}",)}
    )


@pytest.fixture
def handoff_core(handoff_settings: Settings) -> Iterator[Services]:
    services = services_from_settings(handoff_settings)
    yield services
    services.deduper.close()  # type: ignore[attr-defined]


def _reply_in_group(fake: FakeTelegramAPI, to: str, text: str, user: int) -> dict[str, Any]:
    update = fake.message(GROUP, text, user_id=user, chat_type="supergroup", reply_to_bot=True)
    update["message"]["reply_to_message"]["message_id"] = int(to)
    return update


def test_handoff_relays_a_recruiter_reply_and_silences_the_bot(
    fake_api: FakeTelegramAPI, handoff_settings: Settings, handoff_core: Services
) -> None:
    """/human posts the request in the handoff group; the bot stays quiet for the candidate
    (their messages go to the group) until a recruiter's reply is relayed and 'close' ends it."""
    store: Store = handoff_core.deduper  # type: ignore[assignment]

    async def scenario() -> None:
        async with polling(handoff_settings, handoff_core):
            fake_api.push_update(fake_api.message(42, "is there a gym?"))
            assert await wait_for(fake_api, _count(1, 42))
            fake_api.push_update(fake_api.message(42, "/human"))
            ok = await wait_for(fake_api, lambda f: f.sent(GROUP) and len(f.sent(42)) >= 2)
            assert ok, (fake_api.sent(42), fake_api.sent(GROUP))
            handoff = await asyncio.to_thread(store.handoffs.active, "telegram:42")
            assert handoff is not None
            for _ in range(50):  # the adapter records the request's message id after sending
                handoff = await asyncio.to_thread(store.handoffs.active, "telegram:42")
                if handoff is not None and handoff.message_ref:
                    break
                await asyncio.sleep(0.05)
            assert handoff is not None and handoff.message_ref
            ref = handoff.message_ref
            fake_api.push_update(fake_api.message(42, "what's the salary?"))
            assert await wait_for(fake_api, _count(2, GROUP))
            fake_api.push_update(_reply_in_group(fake_api, ref, "Not listed, sorry", 999))
            fake_api.push_update(
                _reply_in_group(fake_api, ref, "Yes, a free gym in London", RECRUITER)
            )
            assert await wait_for(fake_api, _count(3, 42))
            fake_api.push_update(_reply_in_group(fake_api, ref, "close", RECRUITER))
            assert await wait_for(
                fake_api, lambda f: len(f.sent(42)) >= 4 and len(f.sent(GROUP)) >= 3
            )
            fake_api.push_update(fake_api.message(42, "what's the salary?"))
            assert await wait_for(fake_api, _count(5, 42))

    _run(scenario())
    request = fake_api.sent(GROUP)[0]["text"]
    assert "telegram" in request and "is there a gym?" in request and "handoff #1" in request
    assert html.unescape(fake_api.sent(GROUP)[1]["text"]) == "Candidate: what's the salary?"
    to_candidate = [html.unescape(m["text"]) for m in fake_api.sent(42)]
    assert to_candidate[1].startswith("OK, I've asked the hiring team")
    assert to_candidate[2] == "From the hiring team: Yes, a free gym in London"  # not user 999's
    assert to_candidate[3].startswith("The hiring team has closed")
    assert "£95,000" in to_candidate[4]  # the bot answers again
    assert store.handoffs.active("telegram:42") is None

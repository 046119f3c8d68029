"""End to end with the real core: python-telegram-bot over HTTP against the fake Bot API, the
real Assistant over a fixture role whose posting facts are hostile HTML, the real SQLite store,
and the real web app for webhook mode."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from adapters import web
from adapters.services import Services, services_from_settings
from bot.config import Settings, load_settings
from bot.errors import ConfigError
from tests.adapters.telegram.conftest import SECRET, TOKEN, polling, wait_for
from tests.fakes.slack_api import ServerThread
from tests.fakes.telegram_api import FakeTelegramAPI

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "roles" / "monzo.yaml"
EVIL = "<b>£95,000 & up</i> <script>x</script> &nbsp; \"stock\" <a href='javascript:1'>"
HOOK_URL = "https://bot.example.test/telegram/webhook"


def hostile_knowledge(folder: Path) -> Path:
    """The seed role with HTML-breaking text in its salary, visa and tech facts."""
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    role = data["role"]
    role["compensation"]["text"] = EVIL
    role["compensation"]["source"] = [EVIL + " " + "x&y<z " * 900]  # ~5,500 characters
    role["visa"]["text"] = "We <i>can</b> sponsor & visas <unclosed"
    role["visa"]["source"] = ["✅We <i>can</b> sponsor & visas <unclosed"]
    role["identity"]["title"] = "Senior <Backend> & Co Engineer"
    folder.mkdir()
    (folder / "evil.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture
def core_settings(tmp_path: Path, fake_api: FakeTelegramAPI) -> Settings:
    return load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": fake_api.base_url,
            "KNOWLEDGE_DIR": str(hostile_knowledge(tmp_path / "knowledge")),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        }
    )


@pytest.fixture
def core(core_settings: Settings) -> Any:
    services = services_from_settings(core_settings)
    yield services
    services.deduper.close()  # type: ignore[attr-defined]


def _all_sends_accepted(fake: FakeTelegramAPI) -> None:
    calls = fake.calls("sendMessage")
    assert calls, "nothing was sent"
    assert all(c.status == 200 for c in calls), [c.description for c in calls if c.status != 200]


def test_real_core_answers_hostile_facts_over_polling(
    fake_api: FakeTelegramAPI, core_settings: Settings, core: Services
) -> None:
    """Private questions, /start, a topic button and a mention all arrive despite hostile facts;
    a group message without a mention gets nothing."""

    async def scenario() -> None:
        async with polling(core_settings, core):
            fake_api.push_update(fake_api.message(42, "what's the salary? <b>&"))
            fake_api.push_update(fake_api.message(43, "/start"))
            fake_api.push_update(fake_api.message(-100, "salary?", chat_type="supergroup"))
            fake_api.push_update(fake_api.mention(-100, "do you sponsor visas?"))
            fake_api.push_update(fake_api.message(44, "<b>" + "&" * 4997))
            assert await wait_for(fake_api, lambda f: all(f.sent(c) for c in (42, 43, 44, -100)))
            start_buttons = fake_api.sent(43)[0]["reply_markup"]["inline_keyboard"]
            fake_api.push_update(fake_api.callback(43, start_buttons[0][0]["callback_data"]))
            # /start sends the welcome and the privacy notice; the button's answer is third.
            assert await wait_for(
                fake_api, lambda f: len(f.sent(43)) >= 3 and f.calls("answerCallbackQuery")
            )

    asyncio.run(scenario())
    _all_sends_accepted(fake_api)
    salary = " ".join(p["text"] for p in fake_api.sent(42))
    assert "&lt;b&gt;£95,000 &amp; up&lt;/i&gt;" in salary
    group = fake_api.sent(-100)
    assert len(group) == 1 and "sponsor" in group[0]["text"]
    assert [c.status for c in fake_api.calls("answerCallbackQuery")] == [200]


def test_subscribe_writes_the_real_store(
    fake_api: FakeTelegramAPI, core_settings: Settings, core: Services
) -> None:
    """/subscribe in a chat creates a subscription for telegram:<chat id> in the store."""

    async def scenario() -> None:
        async with polling(core_settings, core):
            fake_api.push_update(fake_api.message(42, "/subscribe remote"))
            assert await wait_for(fake_api, lambda f: bool(f.sent(42)))

    asyncio.run(scenario())
    store = core.deduper
    destinations = [s.destination for s in store.subscriptions.list()]  # type: ignore[attr-defined]
    assert destinations == ["telegram:42"]
    assert "Subscribed telegram:42" in fake_api.sent(42)[0]["text"]


def test_webhook_checks_the_secret_on_every_request(
    fake_api: FakeTelegramAPI, core_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the real web app: a missing secret is 401, a wrong one 403, neither is processed;
    the right one is answered. Start-up registered the webhook with the secret token."""
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake_api.base_url,
        "KNOWLEDGE_DIR": str(core_settings.knowledge_dir),
        "DATABASE_URL": core_settings.database_url,
        "TELEGRAM_WEBHOOK_URL": HOOK_URL,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
    }
    settings = load_settings(env)
    app = web.create_app(settings)
    header = "X-Telegram-Bot-Api-Secret-Token"
    with ServerThread(app) as server:
        url = server.url + "/telegram/webhook"
        assert fake_api.webhook == (HOOK_URL, SECRET)
        update = fake_api.new_update(fake_api.message(42, "what's the salary?"))
        missing = httpx.post(url, json=update)
        wrong = httpx.post(url, json=update, headers={header: SECRET + "x"})
        empty = httpx.post(url, json=update, headers={header: ""})
        assert (missing.status_code, wrong.status_code, empty.status_code) == (401, 403, 403)
        assert fake_api.sent(42) == []
        ok = httpx.post(url, json=update, headers={header: SECRET})
        answered = len(fake_api.sent(42))  # the long hostile source splits the answer
        again = httpx.post(url, json=update, headers={header: SECRET})  # a redelivery
        bad = httpx.post(url, content=b"not json", headers={header: SECRET})
    assert (ok.status_code, again.status_code, bad.status_code) == (200, 200, 400)
    assert answered >= 1 and len(fake_api.sent(42)) == answered
    assert "95,000" in fake_api.sent(42)[0]["text"]
    _all_sends_accepted(fake_api)


def test_web_app_refuses_a_webhook_without_secret(fake_api: FakeTelegramAPI) -> None:
    """TELEGRAM_WEBHOOK_URL without TELEGRAM_WEBHOOK_SECRET stops the web app from starting."""
    settings = load_settings(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": fake_api.base_url,
         "TELEGRAM_WEBHOOK_URL": HOOK_URL}
    )  # fmt: skip
    with pytest.raises(ConfigError, match="TELEGRAM_WEBHOOK_SECRET is missing"):
        web.create_app(settings)

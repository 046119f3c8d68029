"""Finding (high): the Telegram token was logged at ERROR when the Bot API answered 401/404
while the web process started. Now no log line of any process carries a token."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.abuse.conftest import TELEGRAM_TOKEN, WEBHOOK_SECRET, start_web
from tests.fakes.telegram_api import FakeTelegramAPI

TOKEN_SECRET_PART = TELEGRAM_TOKEN.split(":", 1)[1]


@pytest.mark.parametrize("answer", ["401", "404"])
def test_web_start_up_never_logs_the_telegram_token(tmp_path: Path, answer: str) -> None:
    """A rejected token (401) or a wrong TELEGRAM_API_URL (404) is logged without the token,
    at every level down to DEBUG (where httpx logs each request URL)."""
    with FakeTelegramAPI(token="999:" + "x" * 35) as api:
        api_url = api.base_url if answer == "401" else api.base_url.replace("/bot", "/nope/bot")
        web = start_web(
            tmp_path,
            {
                "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
                "TELEGRAM_API_URL": api_url,
                "TELEGRAM_WEBHOOK_URL": "https://bot.example.com/telegram/webhook",
                "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
                "LOG_LEVEL": "debug",
            },
        )
        log = web.stop()
    assert "could not register the Telegram webhook" in log
    assert "[redacted]" in log
    assert TOKEN_SECRET_PART not in log
    assert WEBHOOK_SECRET not in log


def test_redaction_is_on_the_handlers_of_a_cli_process(caplog: pytest.LogCaptureFixture) -> None:
    """``python -m bot``'s logging set-up puts the filter on the root handlers."""
    from bot import logredact
    from bot.cli import main

    assert main(["run", "nothing-such"]) == 2
    root = logging.getLogger()
    assert root.handlers
    assert all(logredact.REDACTOR in h.filters for h in root.handlers)

"""``python -m bot run telegram``: settings errors in one line, webhook registration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.telegram import runtime
from adapters.telegram.config import telegram_config
from bot.config import load_settings
from bot.errors import ConfigError
from tests.adapters.telegram.conftest import SECRET, TOKEN
from tests.fakes.telegram_api import FakeTelegramAPI

ROOT = Path(__file__).resolve().parents[3]


def _run_cli(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", "telegram"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_token_is_one_line_and_exit_1() -> None:
    """Without TELEGRAM_BOT_TOKEN the process prints one line naming it and exits 1."""
    result = _run_cli({})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: TELEGRAM_BOT_TOKEN is missing: set it in the environment"
    ]


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"TELEGRAM_API_URL": "ftp://x"}, "TELEGRAM_API_URL is malformed"),
        ({"TELEGRAM_WEBHOOK_URL": "https://x.test/t"}, "TELEGRAM_WEBHOOK_SECRET is missing"),
        ({"TELEGRAM_WEBHOOK_URL": "http://x.test/t"}, "TELEGRAM_WEBHOOK_URL is malformed"),
        (
            {"TELEGRAM_WEBHOOK_URL": "https://x.test/t", "TELEGRAM_WEBHOOK_SECRET": "a b"},
            "TELEGRAM_WEBHOOK_SECRET is malformed",
        ),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], name: str) -> None:
    """Each malformed or missing Telegram setting is a ConfigError naming it."""
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, **env})
    with pytest.raises(ConfigError, match=name) as info:
        telegram_config(settings)
    assert "\n" not in str(info.value) and TOKEN not in str(info.value)


def test_webhook_mode_registers_the_webhook_with_its_secret(
    fake_api: FakeTelegramAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In webhook mode the runtime sets the webhook (with secret_token) and the command menu."""
    for key, value in {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake_api.base_url,
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.test/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "KNOWLEDGE_DIR": str(tmp_path),
    }.items():
        monkeypatch.setenv(key, value)
    assert runtime.main([]) == 0
    assert fake_api.webhook == ("https://bot.example.test/telegram/webhook", SECRET)
    assert {c["command"] for c in fake_api.commands} >= {"start", "help", "ask", "subscribe"}


def test_rejected_token_is_a_one_line_config_error(
    fake_api: FakeTelegramAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A token the Bot API refuses ends the process with a ConfigError, token not shown."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "999:rejected")
    monkeypatch.setenv("TELEGRAM_API_URL", fake_api.base_url)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path))
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN was rejected") as info:
        runtime.main([])
    assert "999:rejected" not in str(info.value)

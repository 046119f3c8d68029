"""Telegram settings checked once, at start-up: each problem is a one-line ConfigError
naming the variable (the token itself is never shown)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.config import Settings
from bot.errors import ConfigError

_TOKEN = re.compile(r"^[0-9]+:[A-Za-z0-9_-]+$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name, not a secret)


@dataclass(frozen=True, slots=True)
class TelegramConfig:
    token: str
    api_url: str
    webhook_url: str | None
    webhook_secret: str | None

    @property
    def webhook_mode(self) -> bool:
        return self.webhook_url is not None


def telegram_config(settings: Settings, *, need_token: bool = True) -> TelegramConfig:
    """The validated Telegram settings; webhook mode requires ``TELEGRAM_WEBHOOK_SECRET``."""
    token = settings.require("TELEGRAM_BOT_TOKEN") if need_token else ""
    if need_token and not _TOKEN.match(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is malformed: expected <bot id>:<secret> as given by @BotFather"
        )
    api_url = settings.telegram_api_url
    if not api_url.startswith(("https://", "http://")):
        raise ConfigError(
            "TELEGRAM_API_URL is malformed: expected an http(s) URL such as "
            "https://api.telegram.org/bot"
        )
    webhook_url = settings.telegram_webhook_url
    secret: str | None = None
    if webhook_url is not None:
        if not webhook_url.startswith("https://"):
            raise ConfigError("TELEGRAM_WEBHOOK_URL is malformed: Telegram requires an https URL")
        if settings.telegram_webhook_secret is None:
            raise ConfigError(
                "TELEGRAM_WEBHOOK_SECRET is missing: webhook mode (TELEGRAM_WEBHOOK_URL) needs it"
            )
        secret = settings.telegram_webhook_secret.get_secret_value()
        if not _SECRET.match(secret):
            raise ConfigError(
                "TELEGRAM_WEBHOOK_SECRET is malformed: use 1-256 characters A-Z, a-z, 0-9, _ or -"
            )
    return TelegramConfig(token, api_url, webhook_url, secret)

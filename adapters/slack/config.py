"""Slack settings, checked once: a missing or malformed value is a one-line ConfigError."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from bot.config import Settings
from bot.errors import ConfigError

_PREFIXES = {"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-"}


@dataclass(frozen=True, slots=True)
class SlackConfig:
    """What the Slack adapter needs, as plain strings (never logged: repr hides secrets)."""

    bot_token: str
    api_url: str
    signing_secret: str | None = None
    app_token: str | None = None
    recruiters: frozenset[str] = frozenset()  # Slack user ids allowed to run /digest

    def __repr__(self) -> str:
        return f"SlackConfig(api_url={self.api_url!r}, recruiters={sorted(self.recruiters)!r})"


def _token(settings: Settings, name: str) -> str:
    value = settings.require(name)
    if any(c.isspace() for c in value):
        raise ConfigError(f"{name} is malformed: it contains whitespace")
    prefix = _PREFIXES.get(name)
    if prefix and not value.startswith(prefix):
        raise ConfigError(f"{name} is malformed: it should start with {prefix!r}")
    if name == "SLACK_SIGNING_SECRET" and not re.fullmatch(r"[A-Za-z0-9]{8,}", value):
        raise ConfigError(f"{name} is malformed: expected the app's hex signing secret")
    return value


def api_url(settings: Settings) -> str:
    """``SLACK_API_URL`` checked and ending with a slash (slack_sdk appends method names)."""
    url = settings.slack_api_url.strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError("SLACK_API_URL is malformed: expected an http(s) URL")
    return url if url.endswith("/") else url + "/"


def slack_config(settings: Settings, *, http: bool = False, socket: bool = False) -> SlackConfig:
    """The Slack settings for HTTP mode (signing secret) and/or Socket Mode (app token)."""
    return SlackConfig(
        bot_token=_token(settings, "SLACK_BOT_TOKEN"),
        api_url=api_url(settings),
        signing_secret=_token(settings, "SLACK_SIGNING_SECRET") if http else None,
        app_token=_token(settings, "SLACK_APP_TOKEN") if socket else None,
        recruiters=frozenset(
            r.partition(":")[2] for r in settings.recruiters if r.startswith("slack:")
        ),
    )

"""Settings, built once from an injectable environment (``environ=`` mapping).

Every value comes from the environment with the platforms' conventional names; a missing or
malformed one is a one-line :class:`~bot.errors.ConfigError` naming the variable. Secrets are
``SecretStr`` so they never show up in reprs or logs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from bot import logredact
from bot.errors import ConfigError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE = PACKAGE_ROOT / "knowledge"
# A recruiter is a platform user id exactly as events carry it: Slack member ids are capital
# letters and digits starting with U or W; Telegram user ids are numbers (not @usernames).
RECRUITER = re.compile(r"slack:[UW][A-Z0-9]+|telegram:[1-9][0-9]{0,19}")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
APP_NAME = "hiring-assistant-bot"


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``BOT_DATA_DIR``, else the per-user data folder of the platform (platformdirs:
    ``~/.local/share/hiring-assistant-bot`` on Linux): never the current directory."""
    env = os.environ if environ is None else environ
    explicit = env.get("BOT_DATA_DIR", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_database_url() -> str:
    return f"sqlite:///{default_data_dir() / 'bot.db'}"


class Settings(BaseModel):
    """All settings; field aliases are the environment variable names."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    knowledge_dir: Path = Field(DEFAULT_KNOWLEDGE, alias="KNOWLEDGE_DIR")
    database_url: str = Field(default_factory=default_database_url, alias="DATABASE_URL")
    recruiters: tuple[str, ...] = Field((), alias="RECRUITERS")
    log_level: str = Field("INFO", alias="LOG_LEVEL")
    # The longest wait between retries when the database fails (clock, senders)
    storage_retry_max_seconds: float = Field(30.0, alias="STORAGE_RETRY_MAX_SECONDS", gt=0)
    port: int = Field(8000, alias="PORT", ge=1, le=65535)
    # The web process's defences against slow or hostile clients
    web_header_timeout: float = Field(10.0, alias="WEB_HEADER_TIMEOUT", gt=0)
    web_body_timeout: float = Field(10.0, alias="WEB_BODY_TIMEOUT", gt=0)
    web_max_connections: int = Field(500, alias="WEB_MAX_CONNECTIONS", ge=1)
    # Digests
    digest_grace_seconds: int = Field(3600, alias="DIGEST_GRACE_SECONDS", ge=0)
    digest_timezone: str = Field("Europe/London", alias="DIGEST_TIMEZONE")
    # Sources of postings (bot.ingest): the job boards' public APIs
    greenhouse_api_url: str = Field(
        "https://boards-api.greenhouse.io/v1/boards/", alias="GREENHOUSE_API_URL"
    )
    lever_api_url: str = Field("https://api.lever.co/v0/postings/", alias="LEVER_API_URL")
    lever_eu_api_url: str = Field("https://api.eu.lever.co/v0/postings/", alias="LEVER_EU_API_URL")
    ashby_api_url: str = Field(
        "https://api.ashbyhq.com/posting-api/job-board/", alias="ASHBY_API_URL"
    )
    workable_api_url: str = Field(
        "https://apply.workable.com/api/v1/widget/accounts/", alias="WORKABLE_API_URL"
    )
    source_timeout: float = Field(20.0, alias="SOURCE_TIMEOUT_SECONDS", gt=0)
    source_retries: int = Field(3, alias="SOURCE_RETRIES", ge=0, le=10)
    # A sync that would close more than this share of a source's open roles at once is refused.
    sync_max_close_share: float = Field(0.5, alias="SYNC_MAX_CLOSE_SHARE", gt=0, le=1)
    # Conversation log, privacy and handoff
    privacy_key: SecretStr | None = Field(None, alias="PRIVACY_KEY", min_length=16)
    question_retention_days: int = Field(90, alias="QUESTION_RETENTION_DAYS", ge=1, le=3650)
    handoff_channel: str | None = Field(None, alias="HANDOFF_CHANNEL")
    # Slack
    slack_bot_token: SecretStr | None = Field(None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", alias="SLACK_API_URL")
    # Telegram
    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_webhook_url: str | None = Field(None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: SecretStr | None = Field(None, alias="TELEGRAM_WEBHOOK_SECRET")
    telegram_api_url: str = Field("https://api.telegram.org/bot", alias="TELEGRAM_API_URL")
    # Digest sending rate (messages/s overall); 0 turns the flood limits off (local benchmarks).
    telegram_max_rate: float = Field(30.0, alias="TELEGRAM_MAX_RATE", ge=0)

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"{value!r} is not one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("recruiters", mode="before")
    @classmethod
    def _split_recruiters(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(x.strip() for x in value.split(",") if x.strip())
        return value

    @field_validator("recruiters")
    @classmethod
    def _check_recruiters(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not RECRUITER.fullmatch(item):
                raise ValueError(
                    f"{item!r} is not slack:<member id, e.g. U012AB3CD> or "
                    "telegram:<numeric user id>; separate entries with commas"
                )
        return value

    @field_validator("handoff_channel")
    @classmethod
    def _check_handoff_channel(cls, value: str | None) -> str | None:
        if value is None:
            return None
        platform, _, ident = value.strip().partition(":")
        slack = platform == "slack" and ident[:1] in ("C", "G") and ident.isalnum()
        telegram = platform == "telegram" and ident.lstrip("-").isdigit()
        if not (slack or telegram):
            raise ValueError(f"{value!r} is not slack:<channel id> or telegram:<chat id>")
        return f"{platform}:{ident}"

    def require(self, name: str) -> str:
        """The value of a required secret setting, or a ConfigError naming it."""
        field = next((f for f, info in type(self).model_fields.items() if info.alias == name), None)
        if field is None:
            raise ConfigError(f"unknown setting {name}")
        value = getattr(self, field)
        if value is None or (isinstance(value, SecretStr) and not value.get_secret_value()):
            raise ConfigError(f"{name} is missing: set it in the environment")
        return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build :class:`Settings` from ``environ`` (default ``os.environ``)."""
    env = os.environ if environ is None else environ
    aliases = {info.alias for info in Settings.model_fields.values() if info.alias}
    data = {k: v for k, v in env.items() if k in aliases and v != ""}
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]) if err["loc"] else "settings"
        reason = str(err["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{name} is malformed: {reason}") from None
    logredact.REDACTOR.add_secrets(logredact.settings_secrets(settings))  # never logged
    return settings

"""A logging filter that redacts anything shaped like a token before a handler writes it.

Libraries put secrets in their messages (python-telegram-bot's ``InvalidToken`` quotes the
token; a URL of the Bot API contains it), so every handler gets :class:`RedactingFilter`:
Telegram bot tokens (``<digits>:<30+ characters>``), Slack tokens (``xoxb-…``, ``xoxp-…``,
``xapp-…``), and the exact secret values from :class:`~bot.config.Settings` (signing secret,
webhook secret, the password in ``DATABASE_URL``) become ``[redacted]`` — in the message, its
arguments, the formatted traceback and the stack.

``install()`` adds the filter to every handler on the root logger and on every configured
logger (uvicorn's included); call it again after a framework configures its own handlers.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

from pydantic import SecretStr

MASK = "[redacted]"
TOKEN_SHAPES = re.compile(
    r"\d{3,}:[A-Za-z0-9_-]{30,}"  # Telegram bot token
    r"|\bxox[a-z]-[A-Za-z0-9-]{6,}"  # Slack bot/user/app-config tokens
    r"|\bxapp-[A-Za-z0-9-]{6,}"  # Slack app-level token
)
_MIN_SECRET = 6  # shorter "secrets" would blank out ordinary words


class RedactingFilter(logging.Filter):
    """Rewrites each record so no token-shaped string or known secret reaches the output."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()
        self.add_secrets(secrets)

    def add_secrets(self, secrets: Iterable[str]) -> None:
        with self._lock:
            known = set(self._secrets) | {s for s in secrets if len(s) >= _MIN_SECRET}
            self._secrets = tuple(sorted(known, key=len, reverse=True))

    def redact(self, text: str) -> str:
        text = TOKEN_SHAPES.sub(MASK, text)
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def _arg(self, value: object) -> object:
        if isinstance(value, (int, float, bool)) or value is None:
            return value
        text = str(value)
        clean = self.redact(text)
        return value if clean == text else clean

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw template, redacted
            message = str(record.msg)
        if self.redact(message) != message:
            # Redact the template and each argument, keeping their shape: formatters such as
            # uvicorn's access log unpack ``record.args``.
            record.msg = self.redact(str(record.msg))
            if isinstance(record.args, tuple):
                record.args = tuple(self._arg(a) for a in record.args)
            elif isinstance(record.args, dict):
                record.args = {k: self._arg(v) for k, v in record.args.items()}
            if self.redact(record.getMessage()) != record.getMessage():
                record.msg, record.args = self.redact(message), None  # pragma: no cover
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


REDACTOR = RedactingFilter()


def settings_secrets(settings: object) -> list[str]:
    """The secret values held by a Settings object (SecretStr fields, DATABASE_URL password)."""
    found: list[str] = []
    for name in getattr(type(settings), "model_fields", {}):
        value = getattr(settings, name, None)
        if isinstance(value, SecretStr) and value.get_secret_value():
            found.append(value.get_secret_value())
    database_url = getattr(settings, "database_url", None)
    if isinstance(database_url, str):
        password = re.search(r"://[^/:@]*:([^@/]+)@", database_url)
        if password:
            found.append(password.group(1))
    return found


def _all_handlers() -> list[logging.Handler]:
    loggers: list[logging.Logger] = [logging.getLogger()]
    for item in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(item, logging.Logger):
            loggers.append(item)
    return [h for lg in loggers for h in lg.handlers]


def install(settings: object | None = None, extra: Iterable[str] = ()) -> RedactingFilter:
    """Put :data:`REDACTOR` on every handler that exists now (idempotent) and teach it the
    secrets of ``settings``. Returns the filter."""
    if settings is not None:
        REDACTOR.add_secrets(settings_secrets(settings))
    REDACTOR.add_secrets(extra)
    for handler in _all_handlers():
        if REDACTOR not in handler.filters:
            handler.addFilter(REDACTOR)
    return REDACTOR

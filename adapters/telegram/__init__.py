"""The Telegram adapter (python-telegram-bot v22): answers candidates, delivers digests.

Imported only by ``python -m bot run telegram``, the web app's ``/telegram/webhook`` route and
the outbox's sender registry; the core never imports it.
"""

from __future__ import annotations

import logging
import os
import re

# python-telegram-bot 22 warns (PTBDeprecationWarning) whenever a time period such as
# RetryAfter.retry_after is read as an int; opting in to timedelta values is its documented way
# to get the future behaviour without the warning.
os.environ.setdefault("PTB_TIMEDELTA", "true")

_BOT_URL = re.compile(r"bot[0-9]+:[A-Za-z0-9_-]+")


class RedactToken(logging.Filter):
    """Replace the token in Bot API URLs (``…/bot<id>:<secret>/…``) in a log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _BOT_URL.sub("bot<token>", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


# Secrets are never logged: python-telegram-bot logs its API URL (which contains the token) at
# DEBUG, and httpx logs every request URL at INFO. Their records are redacted, and httpx's
# request log is kept to warnings, in every process that loads this adapter.
for _name in ("telegram.Bot", "telegram.ext.ExtBot", "httpx"):
    logging.getLogger(_name).addFilter(RedactToken())
logging.getLogger("httpx").setLevel(logging.WARNING)

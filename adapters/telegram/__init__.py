"""The Telegram adapter (python-telegram-bot v22): answers candidates, delivers digests.

Imported only by ``python -m bot run telegram``, the web app's ``/telegram/webhook`` route and
the outbox's sender registry; the core never imports it.
"""

from __future__ import annotations

import os

# python-telegram-bot 22 warns (PTBDeprecationWarning) whenever a time period such as
# RetryAfter.retry_after is read as an int; opting in to timedelta values is its documented way
# to get the future behaviour without the warning.
os.environ.setdefault("PTB_TIMEDELTA", "true")

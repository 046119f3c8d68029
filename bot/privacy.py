"""Pseudonyms for the conversation log: a keyed HMAC of ``platform:id``.

The key is ``PRIVACY_KEY`` when set. When it is not, a random key is generated once and
stored in the database (table ``secrets``), so pseudonyms stay stable across processes and
restarts and ``privacy export``/``erase`` keep working; a warning says so when it is made,
because then whoever holds a copy of the database can also test a known id against it.
Set ``PRIVACY_KEY`` (kept outside the database) in production. Changing the key detaches
existing rows from their users: they can no longer be exported or erased by id, and age
out with the retention window.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.storage import Store

log = logging.getLogger(__name__)
GENERATED_KEY = "privacy_key"


def pseudonym(key: bytes, user: str) -> str:
    """The stable pseudonym of ``user`` (``platform:id``) under ``key``: 64 hex digits."""
    return hmac.new(key, user.encode("utf-8"), hashlib.sha256).hexdigest()


def privacy_key(settings: Settings, store: Store) -> bytes:
    """``PRIVACY_KEY``, else the key generated once and kept in the database (warned)."""
    if settings.privacy_key is not None:
        return settings.privacy_key.get_secret_value().encode("utf-8")
    key, created = store.secret(GENERATED_KEY, lambda: secrets.token_hex(32))
    if created:
        log.warning(
            "PRIVACY_KEY is not set: generated a pseudonym key and stored it in the database; "
            "set PRIVACY_KEY to keep the key apart from the data"
        )
    return key.encode("ascii")


USER_PLATFORMS = ("slack", "telegram", "console")


def parse_user(text: str) -> str:
    """``PLATFORM:ID`` as written on the command line (``console:alice``, ``telegram:42``)."""
    from bot.errors import UsageError

    platform, colon, ident = text.strip().partition(":")
    if not colon or platform not in USER_PLATFORMS or not ident.strip():
        raise UsageError(f"{text!r} is not PLATFORM:ID (platform: {', '.join(USER_PLATFORMS)})")
    return f"{platform}:{ident.strip()}"

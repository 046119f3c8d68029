"""The one exception hierarchy of the bot.

Third-party errors are wrapped where they enter (``raise KnowledgeError(...) from exc``).
Expected outcomes ("can't answer", "blocked by user") are data, not exceptions.
"""

from __future__ import annotations


class BotError(Exception):
    """Root of every error the bot raises on purpose."""


class ConfigError(BotError):
    """A setting is missing or malformed; the message names the variable."""


class KnowledgeError(BotError):
    """A posting or a knowledge file cannot be read, parsed or validated."""


class RejectedPosting(KnowledgeError):
    """A posting that the builder refuses, with a one-line human reason."""


class StorageError(BotError):
    """The database failed or holds something unexpected."""


class DeliveryError(BotError):
    """A message could not be delivered to a destination."""


class SourceError(BotError):
    """A source of postings could not be fetched, or returned something not to trust (an
    empty board where there were openings, most of it gone at once); the message names it."""


class UsageError(BotError):
    """The command line was used wrongly (exit status 2)."""

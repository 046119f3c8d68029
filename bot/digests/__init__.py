"""Digests of new openings: content, runs through the outbox, and the recruiter commands.

Modules: :mod:`~bot.digests.content` (what a digest says), :mod:`~bot.digests.spec` (a
stored schedule's meaning), :mod:`~bot.digests.run` (one run, exactly once),
:mod:`~bot.digests.commands` (``schedule|list|pause|resume|delete|run-now|preview``) and
:mod:`~bot.digests.grammar` (their argparse grammar). This package stays cheap to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.storage import Store


def run_command(store: Store, settings: Settings, args: list[str], actor: str) -> str:
    """Execute a ``/digest …`` chat command (words after ``/digest``) for ``actor``.

    Refused unless ``actor`` (``slack:U1``, ``telegram:42``) is in ``RECRUITERS``; returns
    plain text for the adapter to render.
    """
    from bot.digests.commands import run_command as implementation

    return implementation(store, settings, args, actor)

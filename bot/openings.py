"""The openings registry: ``openings sync`` imports postings, digests read what is new.

The sync itself is :mod:`bot.ingest.sync` (one ingestion path for every source, shared with
``kb build`` and the scheduled ``sources``); this module keeps the registry's helpers.
"""

from __future__ import annotations

import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.errors import UsageError
from bot.ingest.files import file_hash
from bot.ingest.sync import SyncReport, salary_text
from bot.ports import OpeningItem
from bot.storage import Store

__all__ = ["SyncReport", "file_hash", "list_for_chat", "parse_when", "salary_text", "sync"]


def parse_when(text: str, name: str = "--until", *, end_of_day: bool = True) -> datetime:
    """An ISO-8601 time; without a zone it is UTC. A bare date means the end of that day
    (``end_of_day``, for "until") or its start (for "since")."""
    value = text.strip()
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{name} {text!r} is not an ISO-8601 time like 2024-07-31T23:59:59+00:00"
        ) from None
    if len(value) == 10 and end_of_day:  # a date: the whole day counts
        when = when.replace(hour=23, minute=59, second=59)
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def sync(
    store: Store,
    source: str | Path,
    *,
    until: datetime | None = None,
    workers: int | None = None,
    progress: Any = None,
    knowledge: Path | None = None,
    settings: Any = None,
    fetcher: Any = None,
    force: bool = False,
) -> SyncReport:
    """Sync one ``SOURCE`` (a folder or file, a job board, a careers page) into the registry,
    and into the ``knowledge`` folder when given; see :mod:`bot.ingest.sync`."""
    from bot.config import load_settings
    from bot.ingest.sources import parse_source
    from bot.ingest.sync import sync_source

    text = str(source)
    spec = parse_source(text)
    if spec.kind == "files" and not Path(spec.target).exists():
        raise UsageError(f"{source} is not a folder of postings")
    return sync_source(
        store,
        spec,
        settings if settings is not None else load_settings(),
        knowledge=knowledge,
        until=until,
        workers=workers,
        progress=progress,
        fetcher=fetcher,
        force=force,
    )


def list_for_chat(
    store: Store, filter_text: str, limit: int = 10, *, budget: float | None = None
) -> list[OpeningItem]:
    """Open openings matching the filter text (``bot.subscriptions`` syntax), newest first.

    A malformed or too big filter raises :class:`UsageError` with a one-line explanation, and
    so does a search that takes longer than ``budget`` seconds (``OPENINGS_BUDGET``).
    """
    from bot.subscriptions import OPENINGS_BUDGET, budgeted, parse_filters

    filters = parse_filters(filter_text)
    matches = budgeted(filters.matches, OPENINGS_BUDGET if budget is None else budget)
    items: list[OpeningItem] = []
    with closing(store.openings.listings()) as openings:
        for opening in openings:
            if matches(opening):
                items.append(opening.item())
                if len(items) >= limit:
                    break
    return items


def print_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)

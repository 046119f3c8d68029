"""``python -m bot stats``: what candidates asked and how well the bot answered."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``stats`` command."""
    parser = sub.add_parser("stats", help="questions, users, answered rate, topics, latency")
    parser.add_argument("--since", metavar="ISO", help="only questions since (e.g. 2026-12-01Z)")
    parser.add_argument("--json", action="store_true", help="JSON output")
    parser.set_defaults(func=_stats)


def _stats(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.digests.commands import parse_since
    from bot.insights import format_stats, stats
    from bot.storage import open_store

    since = parse_since(args.since)
    store = open_store(load_settings().database_url)
    try:
        data = stats(store, since)
    finally:
        store.close()
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else format_stats(data))
    return 0

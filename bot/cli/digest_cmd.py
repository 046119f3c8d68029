"""``python -m bot digest schedule|list|pause|resume|delete|run-now|preview``: recruiter
controls for scheduled digests (the same grammar as ``/digest`` in chat)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.digests.run import RunResult
    from bot.storage import Store


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``digest`` and its sub-commands."""
    from bot.digests.grammar import add_commands

    parser = sub.add_parser("digest", help="schedule digests of new openings")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    add_commands(actions, cli=True)
    parser.set_defaults(func=_digest)


def _digest(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.digests import commands
    from bot.digests.grammar import USAGE
    from bot.errors import UsageError
    from bot.storage import open_store

    if args.action is None:
        raise UsageError(USAGE)
    settings = load_settings()
    store = open_store(settings.database_url)
    try:
        if args.action == "list" and args.json:
            print(json.dumps(commands.list_rows(store), indent=2, ensure_ascii=False))
        elif args.action == "preview":
            for line in commands.preview_lines(store, args.name, args.since):
                print(line)
        elif args.action == "run-now":
            result = commands.run_now(store, args.name, args.since)
            print(result.describe())
            if args.send and result.enqueued:
                _send(store, settings, result)
        else:
            print(commands.execute(store, args, default_tz=settings.digest_timezone))
    finally:
        store.close()
    return 0


def _send(store: Store, settings: Settings, result: RunResult) -> None:
    """Deliver what is due for the run's platforms now, in this process (the run's own
    deliveries and anything else already waiting for those platforms)."""
    from datetime import timedelta

    from bot.cli.outbox_cmd import counts_line, delivery_line
    from bot.outbox import OutboxWorker
    from bot.senders import SenderRegistry

    worker = OutboxWorker(store, SenderRegistry(settings), platforms=list(result.platforms))
    worker.drain()
    # This run's deliveries in the outbox's own words ("python -m bot outbox"), with reasons.
    # (The database may keep the time to the millisecond or second only.)
    mine = [
        d
        for d in store.deliveries.list()
        if ":manual:" in d.key
        and abs(d.scheduled_for - result.scheduled_for) < timedelta(seconds=1)
    ]
    counts: dict[str, int] = {}
    for d in mine:
        counts[d.status] = counts.get(d.status, 0) + 1
    print(f"deliveries: {counts_line(counts)}")
    for d in mine:
        if d.status != "sent":
            print(delivery_line(d))

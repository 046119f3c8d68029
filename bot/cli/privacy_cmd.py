"""``python -m bot privacy export|erase|purge``: a user's data, on request and by retention."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bot.journal import Journal


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``privacy export``, ``privacy erase`` and ``privacy purge``."""
    privacy = sub.add_parser("privacy", help="export or erase a user's data; apply retention")
    psub = privacy.add_subparsers(dest="privacy_command", metavar="SUBCOMMAND")
    privacy.set_defaults(func=lambda _args: _usage(privacy))

    export = psub.add_parser("export", help="everything logged about PLATFORM:ID")
    export.add_argument("user", metavar="USER", help="PLATFORM:ID, e.g. telegram:42")
    export.add_argument("--json", action="store_true", help="JSON output")
    export.set_defaults(func=_export)

    erase = psub.add_parser("erase", help="erase everything about PLATFORM:ID")
    erase.add_argument("user", metavar="USER", help="PLATFORM:ID, e.g. slack:U123")
    erase.set_defaults(func=_erase)

    purge = psub.add_parser("purge", help="delete questions older than QUESTION_RETENTION_DAYS")
    purge.set_defaults(func=_purge)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


@contextmanager
def journal() -> Iterator[Journal]:
    from bot.config import load_settings
    from bot.storage import open_store

    settings = load_settings()
    store = open_store(settings.database_url)
    try:
        yield Journal.from_settings(settings, store)
    finally:
        store.close()


def _with_user(args: argparse.Namespace, run: Callable[[Journal, str], int]) -> int:
    from bot.privacy import parse_user

    user = parse_user(args.user)
    with journal() as log:
        return run(log, user)


def _export(args: argparse.Namespace) -> int:
    def run(log: Journal, user: str) -> int:
        rows = log.export(user)
        if args.json:
            print(json.dumps({"user": user, "questions": rows}, ensure_ascii=False, indent=2))
        elif not rows:
            print(f"nothing is stored about {user}")
        else:
            for row in rows:
                state = "answered" if row["answered"] else "not answered"
                print(f"{row['asked_at']}  {row['question']}  ({state}, {row['intent']})")
        return 0

    return _with_user(args, run)


def _erase(args: argparse.Namespace) -> int:
    def run(log: Journal, user: str) -> int:
        counts = log.erase(user)
        done = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        print(f"erased {user}: {done}")
        return 0

    return _with_user(args, run)


def _purge(args: argparse.Namespace) -> int:
    with journal() as log:
        removed = log.purge()
        print(f"purged {removed} question(s) older than {log.retention_days} days")
    return 0

"""``openings sync|list``, ``subscribe``, ``unsubscribe`` and ``subscriptions``.

Heavy imports (SQLAlchemy, the builder) happen inside the command functions.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.storage import Store


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the openings and subscription commands."""
    openings = sub.add_parser("openings", help="the openings registry: sync, list")
    osub = openings.add_subparsers(dest="openings_command", metavar="COMMAND")
    sync = osub.add_parser(
        "sync", help="import postings from a job board, a careers page, or a folder or file"
    )
    sync.add_argument(
        "source",
        metavar="SOURCE",
        help="greenhouse:BOARD, lever:SITE, lever-eu:SITE, ashby:BOARD, workable:ACCOUNT, "
        "an https:// careers or job page (JobPosting JSON-LD), or a folder or file of "
        "postings (MANIFEST.tsv used)",
    )
    sync.add_argument(
        "--knowledge",
        metavar="DIR",
        default=None,
        help="knowledge folder the roles are written to (default: KNOWLEDGE_DIR)",
    )
    sync.add_argument(
        "--no-knowledge", action="store_true", help="update the registry only (feed replays)"
    )
    sync.add_argument(
        "--force",
        action="store_true",
        help="accept an empty source or a large share of roles disappearing at once",
    )
    sync.add_argument("--until", help="import only postings first seen by this ISO-8601 time")
    sync.add_argument("--json", action="store_true", help="print the counts as JSON last")
    sync.add_argument("--workers", type=int, default=None, help="build processes (default: CPUs)")
    sync.set_defaults(func=_sync)
    listing = osub.add_parser("list", help="list open openings")
    listing.add_argument("--since", help="only openings first seen after this ISO-8601 time")
    listing.add_argument("--closed", action="store_true", help="include closed openings")
    listing.add_argument("--limit", type=int, default=None, help="at most this many")
    listing.add_argument("--json", action="store_true", help="JSON lines output")
    listing.set_defaults(func=_list)
    openings.set_defaults(func=_openings_help, _parser=openings)

    subscribe = sub.add_parser("subscribe", help="subscribe a destination to new openings")
    subscribe.add_argument("destination", help="slack:C…, slack:U…, telegram:<chat id> or console")
    subscribe.add_argument(
        "filters", nargs="*", help="e.g. keywords=python,go remote=yes location=uk skill=Golang"
    )
    subscribe.set_defaults(func=_subscribe)
    unsubscribe = sub.add_parser("unsubscribe", help="remove a destination's subscription")
    unsubscribe.add_argument("destination")
    unsubscribe.set_defaults(func=_unsubscribe)
    subs = sub.add_parser("subscriptions", help="list subscriptions (inactive ones with reason)")
    subs.add_argument("--json", action="store_true", help="JSON output")
    subs.set_defaults(func=_subscriptions)


def _store() -> Store:
    from bot.config import load_settings
    from bot.storage import open_store

    return open_store(load_settings().database_url)


def _openings_help(args: argparse.Namespace) -> int:
    args._parser.print_help(sys.stderr)
    return 2


def _sync(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.config import load_settings
    from bot.errors import UsageError
    from bot.openings import parse_when, print_progress, sync
    from bot.storage import open_store

    until = parse_when(args.until) if args.until else None
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    settings = load_settings()
    knowledge = None
    if not args.no_knowledge:
        knowledge = Path(args.knowledge) if args.knowledge else settings.knowledge_dir
        if knowledge.exists() and not knowledge.is_dir():
            raise UsageError(f"--knowledge {knowledge} is not a folder")
        knowledge.mkdir(parents=True, exist_ok=True)
    store = open_store(settings.database_url)
    try:
        report = sync(
            store,
            args.source,
            until=until,
            workers=args.workers,
            progress=print_progress,
            knowledge=knowledge,
            settings=settings,
            force=args.force,
        )
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.to_json()))
    else:
        print(
            f"new {report.new}, updated {report.updated}, closed {report.closed}, "
            f"rejected {report.rejected}"
        )
    return 0


def _list(args: argparse.Namespace) -> int:
    from bot.openings import parse_when

    since = parse_when(args.since, "--since", end_of_day=False) if args.since else None
    store = _store()
    try:
        for o in store.openings.iter(since=since, include_closed=args.closed, limit=args.limit):
            if args.json:
                row = {
                    "slug": o.slug,
                    "role": o.slug,  # the knowledge file's slug: ask --role SLUG
                    "title": o.title,
                    "company": o.company,
                    "skill": o.skill,
                    "location": o.location,
                    "remote": o.remote,
                    "salary": o.salary,
                    "apply_url": o.apply_url,
                    "first_seen": o.first_seen.isoformat(),
                    "closed_at": o.closed_at.isoformat() if o.closed_at else None,
                }
                print(json.dumps(row, ensure_ascii=False))
            else:
                item = o.item()
                bits = [x for x in (item.location, item.salary) if x]
                extra = f" ({'; '.join(bits)})" if bits else ""
                company = f" at {o.company}" if o.company else ""
                closed = " [closed]" if o.closed_at else ""
                print(f"{o.first_seen:%Y-%m-%d}  {o.title}{company}{extra}  {o.slug}{closed}")
    finally:
        store.close()
    return 0


def _subscribe(args: argparse.Namespace) -> int:
    from bot.subscriptions import add_subscription

    store = _store()
    try:
        print(add_subscription(store, args.destination, shlex.join(args.filters)))
    finally:
        store.close()
    return 0


def _unsubscribe(args: argparse.Namespace) -> int:
    from bot.subscriptions import remove_subscription

    store = _store()
    try:
        print(remove_subscription(store, args.destination))
    finally:
        store.close()
    return 0


def _subscriptions(args: argparse.Namespace) -> int:
    from bot.subscriptions import Filters, describe_subscriptions

    store = _store()
    try:
        if args.json:
            rows = [
                {
                    "destination": s.destination,
                    "filters": s.filters,
                    "description": Filters.from_json(s.filters).describe(),
                    "active": s.active,
                    "deactivated_reason": s.deactivated_reason,
                    "created_at": s.created_at.isoformat(),
                }
                for s in store.subscriptions.list(include_inactive=True)
            ]
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            lines = describe_subscriptions(store)
            print("\n".join(lines) if lines else "no subscriptions yet")
    finally:
        store.close()
    return 0

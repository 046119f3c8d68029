"""``python -m bot outbox``: what the outbox holds, and the deliveries that need a look.

``failed`` deliveries failed and wait for a retry; ``dead`` ones failed for good (blocked,
archived, too many retries); ``unconfirmed`` ones were under way when their sender died and
were not resent (see :mod:`bot.outbox`).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.storage.records import Delivery

PROBLEMS = ("failed", "unconfirmed", "dead")


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``outbox`` command."""
    parser = sub.add_parser(
        "outbox", help="outbox status: counts, failed, dead and unconfirmed sends"
    )
    parser.add_argument("--json", action="store_true", help="JSON output")
    parser.add_argument(
        "--limit", type=int, default=20, help="problem deliveries listed per status (20)"
    )
    parser.set_defaults(func=_outbox)


def _outbox(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.storage import open_store

    store = open_store(load_settings().database_url)
    try:
        counts = store.deliveries.counts()
        problems = {
            status: store.deliveries.list(status=status, limit=max(0, args.limit))
            for status in PROBLEMS
        }
    finally:
        store.close()
    if args.json:
        data = {
            "counts": counts,
            **{
                status: [
                    {
                        "key": d.key,
                        "destination": d.destination,
                        "error": d.last_error,
                        "scheduled_for": d.scheduled_for.isoformat(),
                    }
                    for d in rows
                ]
                for status, rows in problems.items()
            },
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if not counts:
        print("the outbox is empty")
        return 0
    print(counts_line(counts))
    for rows in problems.values():
        for d in rows:
            print(delivery_line(d))
    return 0


def counts_line(counts: dict[str, int]) -> str:
    """``sent 3, pending 1, dead 1``: deliveries per status (also ``digest run-now --send``)."""
    return ", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or "none"


def delivery_line(d: Delivery) -> str:
    """``dead: telegram:42 (key): permanent: Forbidden``: a delivery's status and reason."""
    reason = d.last_error or ("will be retried" if d.status == "pending" else "")
    return f"{d.status}: {d.destination} ({d.key}): {reason}".rstrip(": ")

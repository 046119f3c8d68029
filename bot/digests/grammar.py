"""The ``digest`` sub-commands' grammar, shared by the CLI and chat (argparse only: cheap to
import, so ``python -m bot`` starts fast)."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from bot.errors import UsageError

USAGE = (
    "usage: digest schedule NAME WHEN [--tz ZONE] --to DEST [--to DEST …] [filters…] "
    "[--empty-line TEXT] | list | pause NAME | resume NAME | delete NAME | run-now NAME "
    "| preview NAME"
)


class WordsParser(argparse.ArgumentParser):
    """argparse that raises :class:`UsageError` instead of printing and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise UsageError(message or USAGE)


def add_commands(sub: argparse._SubParsersAction[Any], *, cli: bool) -> None:
    """Add the digest sub-commands to ``sub`` (the CLI adds ``--json`` and ``--send``)."""
    p = sub.add_parser("schedule", help="create or change a digest schedule")
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "words",
        nargs="+",
        metavar="WHEN [filters…]",
        help="'mon 09:00', 'daily 08:30', 'weekdays 17:00', a cron expression…",
    )
    p.add_argument("--tz", default=None, metavar="ZONE", help="IANA zone (Europe/London)")
    p.add_argument(
        "--to",
        action="append",
        default=[],
        metavar="DEST",
        required=True,
        help="console, slack:C…, slack:U…, telegram:<chat id> or subscribers",
    )
    p.add_argument(
        "--empty-line",
        default=None,
        metavar="TEXT",
        help="sent when a period has no new openings (default: send nothing)",
    )
    p.add_argument("--top", type=int, default=None, metavar="N", help="openings shown (15)")
    p = sub.add_parser("list", help="schedules with their next and last run")
    if cli:
        p.add_argument("--json", action="store_true", help="machine-readable output")
    for name, text in (
        ("pause", "stop a schedule"),
        ("resume", "restart a paused schedule"),
        ("delete", "delete a schedule"),
    ):
        sub.add_parser(name, help=text).add_argument("name", metavar="NAME")
    for name, text in (
        ("run-now", "run a digest now (queued for the senders)"),
        ("preview", "print what would be sent now, without queuing"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("name", metavar="NAME")
        p.add_argument(
            "--since",
            default=None,
            metavar="ISO",
            help="start of the window instead of the last run",
        )
        if cli and name == "run-now":
            p.add_argument(
                "--send", action="store_true", help="also deliver at once, in this process"
            )

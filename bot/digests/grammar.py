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


SCHEDULE_USAGE = (
    "digest schedule NAME WHEN [--tz ZONE] --to DEST [--to DEST …] [filters…] "
    "[--empty-line TEXT] [--top N] [--kind openings|report]"
)
SCHEDULE_HELP = """\
WHEN      'mon 09:00', 'daily 08:30', 'weekdays 17:00', 'weekends 10:00', 'mon,thu 9:30',
          'every monday at 9am', 'hourly' or a 5-field cron expression ('0 9 * * 1-5')
--tz      an IANA time zone (default Europe/London); runs follow its daylight saving
--to      console, slack:C… (channel), slack:U… (DM), telegram:<chat id>, or subscribers
          (every active subscription, each with its own filters); repeatable
filters   the subscription filter syntax: python go remote location=uk skill=Golang
          min_salary=80k currency=GBP
--empty-line TEXT  sent when a period has no new openings (default: send nothing)
--top N   openings listed per digest (default 15), the rest as "and M more"
--kind    openings (default) or report: the recruiters' report of what candidates asked
          since the last run (python -m bot stats), to explicit destinations only
Scheduling an existing NAME again replaces its settings (its last run is kept)."""


def parse_schedule_words(words: list[str]) -> argparse.Namespace:
    """Parse what follows ``schedule NAME``: WHEN and filter words, with options anywhere."""
    p = WordsParser(prog="digest schedule", usage=SCHEDULE_USAGE, add_help=False)
    p.add_argument("words", nargs="*")
    p.add_argument("--tz", default=None)
    p.add_argument("--to", action="append", default=[])
    p.add_argument("--empty-line", default=None)
    p.add_argument("--top", type=int, default=None)
    p.add_argument("--kind", choices=("openings", "report"), default="openings")
    parsed = p.parse_intermixed_args(words)
    if not parsed.words:
        raise UsageError(f"digest schedule needs WHEN, e.g. 'mon 09:00' ({SCHEDULE_USAGE})")
    if not parsed.to:
        raise UsageError(f"digest schedule needs --to DEST ({SCHEDULE_USAGE})")
    return parsed


def add_commands(sub: argparse._SubParsersAction[Any], *, cli: bool) -> None:
    """Add the digest sub-commands to ``sub`` (the CLI adds ``--json`` and ``--send``)."""
    p = sub.add_parser(
        "schedule",
        add_help=cli,
        help="create or change a digest schedule",
        usage=SCHEDULE_USAGE,
        description=SCHEDULE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", metavar="NAME")
    # Options may come between or after the words (argparse alone cannot interleave them
    # with positionals): the rest is parsed by :func:`parse_schedule_words`.
    p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p = sub.add_parser("list", add_help=cli, help="schedules with their next and last run")
    if cli:
        p.add_argument("--json", action="store_true", help="machine-readable output")
    for name, text in (
        ("pause", "stop a schedule"),
        ("resume", "restart a paused schedule"),
        ("delete", "delete a schedule"),
    ):
        sub.add_parser(name, add_help=cli, help=text).add_argument("name", metavar="NAME")
    for name, text in (
        ("run-now", "run a digest now (queued for the senders)"),
        ("preview", "print what would be sent now, without queuing"),
    ):
        p = sub.add_parser(name, add_help=cli, help=text)
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

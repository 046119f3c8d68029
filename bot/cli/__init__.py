"""The command line: ``python -m bot <command> …``.

An explicit registry of command modules, each with ``register(subparsers)`` that adds its
sub-commands and sets ``func(args) -> int`` on them. Command modules import heavy libraries
inside their functions, so ``python -m bot ask`` stays fast.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot import logredact
from bot.cli import (
    answers_cmd,
    digest_cmd,
    inbox_cmd,
    kb_cmd,
    openings_cmd,
    outbox_cmd,
    privacy_cmd,
    run_cmd,
    stats_cmd,
    where_cmd,
)
from bot.errors import BotError, UsageError

COMMAND_MODULES = (
    kb_cmd,
    answers_cmd,
    openings_cmd,
    digest_cmd,
    outbox_cmd,
    privacy_cmd,
    inbox_cmd,
    stats_cmd,
    run_cmd,
    where_cmd,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m bot",
        description="A hiring assistant bot: sourced answers about open roles, and scheduled "
        "digests of new openings (see README.md).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logredact.install()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        func = getattr(args, "func", None)
        if func is None:
            parser.print_help(sys.stderr)
            return 2
        return int(func(args))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``… | head -1``): stop quietly, and keep the interpreter's
        # final flush of stdout from raising again at exit.
        _drop_stdout()
        return 141  # 128 + SIGPIPE, what a shell reports for a command killed by it


def _drop_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (tests)
        pass

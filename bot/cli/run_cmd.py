"""``python -m bot run PROCESS``: start one long-running process by name.

An explicit registry (no discovery): each process is ``module:function``, imported only when
it is run, so the core never imports platform libraries unless asked to. Each function
is called as ``main(argv: list[str]) -> int`` with the arguments after the process name.
Add entries like ``RUNNERS["clock"] = "bot.clock:main"`` (one line per process).
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from bot.errors import UsageError

RUNNERS: dict[str, str] = {}
RUNNERS["slack"] = "adapters.slack.runtime:main"
RUNNERS["web"] = "adapters.web:main"
RUNNERS["sender"] = "bot.sender_process:run_sender_main"
RUNNERS["clock"] = "bot.clock:main"
RUNNERS["telegram"] = "adapters.telegram.runtime:main"


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``run`` command."""
    parser = sub.add_parser("run", help="run a process: " + ", ".join(sorted(RUNNERS)))
    parser.add_argument("process", metavar="PROCESS", help="one of: " + ", ".join(sorted(RUNNERS)))
    parser.add_argument("extra", nargs=argparse.REMAINDER, help="options for the process")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    target = RUNNERS.get(args.process)
    if target is None:
        raise UsageError(f"unknown process {args.process!r}: use one of {', '.join(RUNNERS)}")
    module_name, _, func_name = target.partition(":")
    func = getattr(importlib.import_module(module_name), func_name)
    return int(func(list(args.extra)) or 0)

"""``python -m bot inbox``: what candidates asked that the bot could not answer well."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.storage import Store


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``inbox``, ``inbox answer`` and ``inbox dismiss``."""
    inbox = sub.add_parser("inbox", help="declined and unsure questions, grouped; answer them")
    inbox.add_argument("--role", metavar="SLUG", help="only groups about this role")
    inbox.add_argument("--json", action="store_true", help="one JSON object per group")
    inbox.set_defaults(func=_list)
    isub = inbox.add_subparsers(dest="inbox_command", metavar="SUBCOMMAND")

    answer = isub.add_parser("answer", help="store a recruiter answer for a group (as Q&A)")
    answer.add_argument("group", type=int, metavar="GROUP_ID")
    answer.add_argument("text", metavar="TEXT", help="the answer candidates will get")
    which = answer.add_mutually_exclusive_group()
    which.add_argument(
        "--role", dest="roles", action="append", default=[], metavar="SLUG",
        help="the role(s) it applies to (default: the roles the questions were about)",
    )  # fmt: skip
    which.add_argument("--all-roles", action="store_true", help="every loaded role")
    answer.add_argument("--knowledge", type=Path, default=None, metavar="DIR")
    answer.set_defaults(func=_answer)

    dismiss = isub.add_parser("dismiss", help="remove a group without answering it")
    dismiss.add_argument("group", type=int, metavar="GROUP_ID")
    dismiss.set_defaults(func=_dismiss)


@contextmanager
def _store() -> Iterator[Store]:
    from bot.config import load_settings
    from bot.storage import open_store

    store = open_store(load_settings().database_url)
    try:
        yield store
    finally:
        store.close()


def _list(args: argparse.Namespace) -> int:
    from bot import inbox

    with _store() as store:
        found = inbox.groups(store, role=args.role)
    if args.json:
        for group in found:
            sys.stdout.write(json.dumps(group.to_json(), ensure_ascii=False) + "\n")
        return 0
    if not found:
        print("the inbox is empty")
        return 0
    for g in found:
        roles = ", ".join(g.roles) or "no role"
        seen = f"{g.first_seen:%Y-%m-%d}" + (
            f"…{g.last_seen:%Y-%m-%d}" if g.last_seen.date() != g.first_seen.date() else ""
        )
        down = f", {g.downvotes} 👎" if g.downvotes else ""
        print(f"#{g.id}  {g.count}×  “{g.question}”  [{roles}; {seen}{down}]")
        for other in g.questions[1:4]:
            if other != g.question:
                print(f"        also: “{other}”")
    print('answer one: python -m bot inbox answer GROUP_ID "TEXT"')
    return 0


def _answer(args: argparse.Namespace) -> int:
    from bot import inbox
    from bot.config import load_settings

    knowledge = args.knowledge or load_settings().knowledge_dir
    with _store() as store:
        paths = inbox.answer(
            store, knowledge, args.group, args.text, roles=args.roles, all_roles=args.all_roles
        )
    print(f"answered group {args.group}: added to {', '.join(str(p) for p in paths)}")
    return 0


def _dismiss(args: argparse.Namespace) -> int:
    from bot import inbox

    with _store() as store:
        group = inbox.dismiss(store, args.group)
    print(f"dismissed group {group.id} ({group.count} question(s))")
    return 0

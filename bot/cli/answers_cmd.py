"""``ask``, ``chat`` and ``eval``: question answering on the command line.

Heavy imports (the matcher, the knowledge schema) happen inside the command functions so
``python -m bot ask "…"`` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.cli.folders import knowledge_dir
from bot.errors import BotError, UsageError

if TYPE_CHECKING:
    from bot.assistant import Assistant
    from bot.models import Answer


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``ask``, ``chat`` and ``eval``."""
    ask = sub.add_parser("ask", help="answer one question (or one per stdin line with '-')")
    _knowledge(ask)
    ask.add_argument("--role", metavar="SLUG", help="the role to ask about")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument(
        "--as", dest="as_user", metavar="PLATFORM:ID",
        help="ask as this user, recorded in the conversation log like a chat message",
    )  # fmt: skip
    ask.add_argument("question", metavar="QUESTION", help="the question, or '-' for stdin")
    ask.set_defaults(func=run_ask)

    chat = sub.add_parser("chat", help="an interactive console to try the bot")
    _knowledge(chat)
    chat.add_argument("--role", metavar="SLUG", help="start with this role chosen")
    chat.set_defaults(func=run_chat)

    ev = sub.add_parser(
        "eval",
        help="score a question file: right / wrong / missed per category",
        description=(
            "Score a question file. A 'questions' list (dev_questions.yaml) is asked of the "
            "loaded knowledge; a 'postings' list (corpus_questions.yaml) builds each posting "
            "in-process and asks its questions of that role alone."
        ),
    )
    ev.add_argument("file", metavar="FILE.yaml", type=Path)
    _knowledge(ev)
    ev.add_argument("--role", metavar="SLUG", help="the role the questions are about")
    ev.add_argument(
        "--corpus", metavar="DIR", type=Path, default=None,
        help="folder the postings' paths are relative to (default: ../corpus/remotewlb "
        "beside the question file)",
    )  # fmt: skip
    ev.add_argument("--json", action="store_true", help="print the results as JSON")
    ev.add_argument(
        "--min", type=float, default=0.0, metavar="SCORE",
        help="exit 1 when the overall score is below this (0-1, or a percentage)",
    )  # fmt: skip
    ev.add_argument("--verbose", "-v", action="store_true", help="print every answer")
    ev.set_defaults(func=run_eval)


def _knowledge(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--knowledge", metavar="DIR", type=Path, default=None,
        help="knowledge folder (default: $KNOWLEDGE_DIR or ./knowledge of the project)",
    )  # fmt: skip


def _assistant(knowledge: Path | None, conversations: Any = None) -> Assistant:
    from bot.assistant import Assistant
    from bot.matching.cache import default_cache_dir

    folder = knowledge_dir(knowledge)
    return Assistant.from_dir(folder, conversations=conversations, cache_dir=default_cache_dir())


def _check_role(assistant: Assistant, slug: str | None) -> None:
    if slug is not None and slug not in assistant.index:
        closest = assistant.index.closest(slug)
        known = ", ".join(closest) or "none loaded"
        raise UsageError(f"--role {slug}: no such role (closest: {known})")


# -- ask ------------------------------------------------------------------------------------


def plain(answer: Answer, one_line: bool = False, choose: str = "--role ") -> str:
    """The plain-text rendering: the answer, then its sources (one line in stdin mode)."""
    if one_line:
        text = " / ".join(line.strip() for line in answer.text.splitlines() if line.strip())
        if answer.sources:
            text += " [Source: " + " | ".join(s.strip() for s in answer.sources) + "]"
        return text
    lines = [answer.text]
    for source in answer.sources:
        lines.append(f"Source: {source.strip()}")
    if answer.choices:
        lines.append(f"Choose with {choose}" + f" | {choose}".join(s for s, _ in answer.choices))
    return "\n".join(lines)


def _emit(answer: Answer, as_json: bool, out: TextIO, one_line: bool) -> None:
    if as_json:
        out.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
    else:
        out.write(plain(answer, one_line) + "\n")
    out.flush()


def run_ask(args: argparse.Namespace) -> int:
    from bot.models import Question

    if not args.question.strip():
        raise UsageError(
            f"{ASK_USAGE}\nask: the question is empty: give one, or '-' to read one per line "
            "from stdin"
        )
    if args.as_user is not None:
        return _ask_as(args)
    assistant = _assistant(args.knowledge)
    _check_role(assistant, args.role)
    if args.question == "-":
        for line in stdin_lines():
            question = Question(line.rstrip("\r\n"), conversation="cli", role=args.role)
            _emit(assistant.ask(question), args.json, sys.stdout, one_line=True)
        return 0
    question = Question(args.question, conversation="cli", role=args.role)
    _emit(assistant.ask(question), args.json, sys.stdout, one_line=False)
    return 0


ASK_USAGE = "usage: python -m bot ask [--knowledge DIR] [--role SLUG] [--json] QUESTION|-"


def stdin_lines() -> Iterator[str]:
    """Lines of stdin as UTF-8 text, whatever the locale or ``PYTHONIOENCODING`` say; binary
    input (a NUL byte, or bytes that are not UTF-8) is refused with a one-line error."""
    raw = getattr(sys.stdin, "buffer", None)
    if raw is None:  # a text stream without bytes underneath (tests)
        yield from sys.stdin
        return
    for number, data in enumerate(raw, 1):
        try:
            if b"\0" in data:
                raise UnicodeDecodeError("utf-8", data, data.index(b"\0"), len(data), "NUL")
            yield data.decode("utf-8")
        except UnicodeDecodeError:
            raise BotError(
                f"stdin line {number} is not UTF-8 text (binary input?): pipe one question per line"
            ) from None


def _ask_as(args: argparse.Namespace) -> int:
    """``ask --as USER``: through the chat core with the store and the conversation log."""
    from bot.chat import Chat, Incoming
    from bot.config import load_settings
    from bot.journal import Journal
    from bot.models import Answer
    from bot.privacy import parse_user
    from bot.storage import open_store

    user = parse_user(args.as_user)
    settings = load_settings()
    store = open_store(settings.database_url)
    journal = Journal.from_settings(settings, store)
    try:
        assistant = _assistant(args.knowledge, conversations=store)
        _check_role(assistant, args.role)
        if args.role:
            store.set_role(user, args.role)
        chat = Chat(assistant, journal=journal)
        lines = stdin_lines() if args.question == "-" else [args.question]
        for line in lines:
            text = line.rstrip("\r\n")
            replies = chat.handle(Incoming(user=user, conversation=user, text=text))
            first = replies[0]
            answer = first.answer or Answer(answered=False, text=first.text)
            _emit(answer, args.json, sys.stdout, one_line=args.question == "-")
    finally:
        journal.close()  # every question is stored before the command returns
        store.close()
    return 0


# -- chat -----------------------------------------------------------------------------------

CHAT_HELP = "Ask a question, or: /role (list roles), /role SLUG (choose one), /quit"


def run_chat(args: argparse.Namespace) -> int:
    from bot.models import Question

    assistant = _assistant(args.knowledge)
    _check_role(assistant, args.role)
    _readline()
    conversation = "console"
    if args.role:
        print(assistant.choose_role(conversation, args.role).text)
    else:
        print(assistant.summary(conversation).text)
    print(CHAT_HELP)
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            print()
            return 0
        if not line:
            continue
        if line in ("/quit", "/exit", "/q"):
            return 0
        if line == "/help":
            print(CHAT_HELP)
            continue
        if line == "/role" or line.startswith("/role "):
            slug = line[len("/role") :].strip()
            if slug:
                print(_chat_text(assistant.choose_role(conversation, slug)))
            else:
                for n, (s, title) in enumerate(assistant.roles()[:50], 1):
                    print(f"{n:3}. {s}  ({title})")
            continue
        print(_chat_text(assistant.ask(Question(line, conversation=conversation))))


def _chat_text(answer: Answer) -> str:
    text = "bot> " + plain(answer, choose="/role ")
    if answer.suggestions:
        text += "\n     (try: " + ", ".join(answer.suggestions) + ")"
    return text


def _readline() -> None:
    """Line editing and a history file, where the platform has readline."""
    try:
        import atexit
        import os
        import readline
    except ImportError:
        return
    history = Path(os.environ.get("BOT_DATA_DIR", Path.home())) / ".bot_chat_history"
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(1000)

    def save() -> None:
        with contextlib.suppress(OSError):
            readline.write_history_file(history)

    atexit.register(save)


# -- eval -----------------------------------------------------------------------------------


def run_eval(args: argparse.Namespace) -> int:
    from bot.answers.evaluate import load_suite, report, score, score_postings, summary

    if not args.file.is_file():
        raise UsageError(f"{args.file}: no such question file")
    suite = load_suite(args.file, corpus=args.corpus)
    if suite.postings:
        if suite.corpus is None or not suite.corpus.is_dir():
            raise UsageError(f"corpus folder {suite.corpus}: not found (use --corpus DIR)")
        results = score_postings(suite, _posting_assistant(), progress=_progress)
    else:
        assistant = _assistant(args.knowledge)
        _check_role(assistant, args.role)
        results = score(assistant, suite.items, role=args.role)
    if args.json:
        data = summary(results)
        overall = float(data["score"])
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        overall = report(results, sys.stdout, verbose=args.verbose, kinds=bool(suite.postings))
    minimum = args.min / 100.0 if args.min > 1 else args.min
    return 0 if overall >= minimum else 1


def _posting_assistant() -> Callable[[Path], Assistant]:
    """A factory: one posting file in, an assistant that knows only its role out."""
    from bot.assistant import Assistant
    from bot.knowledge.build import build_file
    from bot.matching import Matcher, load_catalogue
    from bot.matching.cache import default_cache_dir

    catalogue = load_catalogue()
    matcher = Matcher(catalogue, cache_dir=default_cache_dir())

    def make(path: Path) -> Assistant:
        return Assistant([build_file(path)], catalogue, matcher)

    return make


def _progress(n: int, total: int, path: str) -> None:
    sys.stderr.write(f"[{n + 1}/{total}] {path}\n")

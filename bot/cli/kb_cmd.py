"""``python -m bot kb build|check|show``: build, validate and inspect the knowledge base."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.folders import knowledge_dir
from bot.errors import KnowledgeError, UsageError

if TYPE_CHECKING:
    from bot.ingest.posting import Posting
    from bot.ingest.sources import Source
    from bot.knowledge.build import BuildResult, BuildSummary

PROGRESS_FILES = 500
PROGRESS_SECONDS = 2.0


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``kb build``, ``kb check`` and ``kb show``."""
    kb = sub.add_parser("kb", help="build, check and show the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="SUBCOMMAND", parser_class=type(kb))
    kb.set_defaults(func=lambda _args: _usage(kb))

    build = kb_sub.add_parser("build", help="build knowledge YAML files from postings")
    build.add_argument(
        "paths",
        nargs="+",
        metavar="SOURCE",
        help="posting files or folders (.md .txt .html), greenhouse:BOARD, lever:SITE, "
        "lever-eu:SITE, ashby:BOARD, workable:ACCOUNT or an https:// careers page",
    )
    build.add_argument("--out", required=True, metavar="DIR", help="folder for <slug>.yaml")
    build.add_argument("--workers", type=int, default=None, help="processes (default: CPUs)")
    build.set_defaults(func=cmd_build)

    check = kb_sub.add_parser("check", help="validate every knowledge file of a folder")
    check.add_argument("dir", nargs="?", default=None, metavar="DIR")
    check.set_defaults(func=cmd_check)

    show = kb_sub.add_parser("show", help="what a role's knowledge says, and what it does not")
    show.add_argument("slug", metavar="SLUG", help="role slug (or a path to its .yaml file)")
    show.add_argument("--knowledge", default=None, metavar="DIR", help="knowledge folder")
    show.set_defaults(func=cmd_show)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def cmd_build(args: argparse.Namespace) -> int:
    from bot.ingest.sources import BOARDS, parse_source
    from bot.knowledge.build import build_postings

    missing = [
        p
        for p in args.paths
        if not Path(p).exists() and p.split(":", 1)[0].lower() not in (*BOARDS, "http", "https")
    ]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    sources = [parse_source(p) for p in args.paths]
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is not a folder")
    blocker = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise UsageError(f"--out {out}: {blocker} is a file, not a folder")
    last = {"done": 0, "time": time.monotonic()}

    def on_result(result: BuildResult) -> None:
        if not result.ok:
            print(f"{result.path}: {result.reason}", file=sys.stderr, flush=True)

    def progress(summary: BuildSummary) -> None:
        now = time.monotonic()
        if summary.done >= summary.total:
            return
        if summary.done - last["done"] >= PROGRESS_FILES or now - last["time"] >= PROGRESS_SECONDS:
            last.update(done=summary.done, time=now)
            print(
                f"progress: {summary.done}/{summary.total} postings "
                f"({summary.built} built, {summary.rejected} rejected) in {summary.seconds:.1f} s",
                file=sys.stderr,
                flush=True,
            )

    summary = build_postings(
        _postings(sources), out, progress=progress, on_result=on_result, workers=args.workers
    )
    print(f"built {summary.built}, rejected {summary.rejected} in {summary.seconds:.1f} s")
    _index(out)
    return 1 if summary.rejected else 0


def _postings(sources: list[Source]) -> list[Posting]:
    """Every posting of ``sources``: files listed, boards and pages fetched (one path with
    ``openings sync``)."""
    from bot.config import load_settings
    from bot.ingest.files import list_files
    from bot.ingest.sources import fetch, fetcher_for

    out: list[Posting] = list(list_files([Path(s.target) for s in sources if not s.remote]))
    remote = [s for s in sources if s.remote]
    if remote:
        settings = load_settings()
        with fetcher_for(settings) as fetcher:
            for source in remote:
                print(f"{source.label}: fetching", file=sys.stderr, flush=True)
                out.extend(fetch(source, settings, fetcher).postings or ())
    return out


def _index(out: Path) -> None:
    """Compile the role index of ``out`` now, so the next start does not (only files that
    changed are parsed; problems are for ``kb check`` to report)."""
    from bot.knowledge.index import compile_index

    started = time.monotonic()
    many = sum(1 for _ in out.glob("*.y*ml")) >= PROGRESS_FILES
    if many:
        print("indexing the roles …", file=sys.stderr, flush=True)
    try:
        entries = compile_index(out, cache_dir=_cache_dir())
    except KnowledgeError as exc:
        lines = str(exc).splitlines()
        print(f"{len(lines)} role file(s) need fixing first; see: python -m bot kb check {out}",
              file=sys.stderr)  # fmt: skip
        return
    if many:
        seconds = time.monotonic() - started
        print(f"indexed {len(entries)} roles in {seconds:.1f} s", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from bot.knowledge.store import check_dir, role_files

    directory = knowledge_dir(args.dir)
    errors = check_dir(directory)
    for line in errors:
        print(line)
    if errors:
        return 1
    print(f"ok: {len(role_files(directory))} knowledge files in {directory}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from bot.knowledge.index import compile_index, load_entry
    from bot.knowledge.show import render_role
    from bot.knowledge.store import load_role

    candidate = Path(args.slug)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        role = load_role(candidate)
    else:
        directory = knowledge_dir(args.knowledge)
        entries = {e.slug: e for e in compile_index(directory, cache_dir=_cache_dir())}
        if args.slug not in entries:
            from rapidfuzz import process

            close = [c for c, _, _ in process.extract(args.slug, list(entries), limit=3)]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise KnowledgeError(f"no role with slug {args.slug!r}{hint}")
        role = load_entry(directory, entries[args.slug])
    sys.stdout.write(render_role(role))
    return 0


def _cache_dir() -> Path | None:
    from bot.matching.cache import default_cache_dir

    return default_cache_dir()

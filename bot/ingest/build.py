"""Postings to knowledge: one build path for ``kb build``, ``openings sync`` and ``sources``.

:func:`document` gives the text the knowledge builder reads (a file's bytes as they are; a
board posting as ``# [Title](apply link)``, ``### Company`` and its body). :func:`build_role`
builds it and merges the source's structured fields (:mod:`bot.ingest.structured`).
:func:`run_tasks` builds and writes many on a process pool, results in input order; every
failure becomes a one-line reason, never a crash. Slugs: :class:`Slugs`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bot.errors import KnowledgeError
from bot.ingest import structured
from bot.ingest.posting import Posting
from bot.knowledge.build import (
    base_slug,
    build_text,
    content_hash,
    read_posting,
    slugify,
    write_role,
)
from bot.knowledge.schema import Role

T = TypeVar("T")
R = TypeVar("R")
_SERIAL_BELOW = 48  # fewer tasks than this are built in-process


def document(posting: Posting) -> str | bytes:
    """What the knowledge builder reads for ``posting``."""
    if posting.path is not None:
        return read_posting(Path(posting.path))
    link = f"[{posting.title}]({posting.apply_url})" if posting.apply_url else posting.title
    company = f"### {posting.company}" if posting.company else "###"
    return f"# {link}\n\n{company}\n\n{posting.body}"


def api_slug(posting: Posting) -> str:
    """A board posting's slug: its title and a short form of the board's id (stable)."""
    ident = slugify(posting.external_id or "")
    short = ident if len(ident) <= 10 else ident.replace("-", "")[:8]
    return slugify(f"{posting.title}-{short}") if short and short != "posting" else ""


def head_slug(posting: Posting) -> str:
    """The base slug of a posting, cheaply (a file: from its first line only)."""
    if posting.path is None:
        return api_slug(posting) or slugify(posting.title)
    from bot.knowledge.parse import first_title

    path = Path(posting.path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return slugify(path.stem)
    title, url = first_title(head.decode("utf-8", "replace"))
    return base_slug(title, url) if title else slugify(path.stem)


class Slugs:
    """Unique slugs: ``base``, else ``base-<skill>``, else ``base-2``, ``base-3``, …"""

    def __init__(self, used: Iterable[str] = ()) -> None:
        self.used = set(used)

    def take(self, base: str, skill: str | None = None) -> str:
        candidate = base
        if candidate in self.used and skill:
            candidate = f"{base}-{slugify(skill)}"
        n = 2
        while candidate in self.used:
            candidate = f"{base}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate


def build_role(posting: Posting, slug: str | None = None, doc: str | bytes | None = None) -> Role:
    """Build one posting; :class:`~bot.errors.RejectedPosting` with a reason when refused."""
    role = build_text(
        document(posting) if doc is None else doc,
        source_file=posting.name,
        slug=slug,
        first_seen=posting.first_seen.date() if posting.first_seen else None,
        skill=posting.skill,
    )
    if posting.path is not None:
        return role
    return structured.apply(role, posting)


@dataclass(frozen=True, slots=True)
class Task:
    """Build ``posting`` as ``slug`` (``None``: the builder's own) and write it to ``out``."""

    posting: Posting
    slug: str | None
    out: str | None
    digest: str | None = None


@dataclass(frozen=True, slots=True)
class Built:
    """One task's outcome: the role (and where it was written), or why it was refused."""

    task: Task
    role: Role | None
    out: str | None
    reason: str | None
    seconds: float

    @property
    def ok(self) -> bool:
        return self.reason is None


def run_task(task: Task) -> Built:
    start = time.perf_counter()
    try:
        doc = document(task.posting)
        role = build_role(task.posting, task.slug, doc)
        out = None
        if task.out is not None:
            digest = task.digest or (
                content_hash(doc)
                if task.posting.path is not None
                else f"sha256:{task.posting.content_hash}"
            )
            out = str(write_role(role, Path(task.out), digest=digest))
        return Built(task, role, out, None, time.perf_counter() - start)
    except KnowledgeError as exc:
        reason = str(exc)
    except Exception as exc:  # a builder bug must not stop the run: it is this posting's reason
        reason = f"internal error: {type(exc).__name__}: {exc}"
    reason = " ".join(reason.split())[:300] or "rejected"
    return Built(task, None, None, reason, time.perf_counter() - start)


def _chunk_map(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(x) for x in chunk]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_tasks(
    tasks: Sequence[Task] | Iterable[Task],
    *,
    workers: int | None = None,
    chunk_size: int = 24,
    total: int | None = None,
) -> Iterator[Built]:
    """Results of ``tasks`` in order, built on a (forked) process pool when worth it."""
    count = total if total is not None else len(tasks) if isinstance(tasks, Sequence) else None
    n = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if n <= 1 or (count is not None and count < _SERIAL_BELOW):
        yield from map(run_task, tasks)
        return
    import functools
    import multiprocessing

    import bot.knowledge.extract  # noqa: F401 - imported once here, shared by forked workers

    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    work = functools.partial(_chunk_map, run_task)
    with ctx.Pool(n) as pool:
        for results in pool.imap(work, _chunks(tasks, chunk_size)):
            yield from results

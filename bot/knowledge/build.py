"""The knowledge builder: posting files in, one sourced YAML knowledge file per role out.

``build_text`` / ``build_file`` turn one posting into a :class:`Role` (or raise
:class:`RejectedPosting` with a one-line reason). ``build_postings`` builds postings from any
source (:mod:`bot.ingest`: files and folders, job boards, careers pages) on a process pool and
writes ``<slug>.yaml`` per posting, keeping the recruiter's ``overrides`` and ``qa`` of an
existing file; ``build_paths`` is that for files and folders. It streams: nothing but slugs
and per-posting results is kept, so memory stays flat.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import RejectedPosting
from bot.knowledge.deadline import time_limit
from bot.knowledge.document import ParsedPosting
from bot.knowledge.parse import parse_posting
from bot.knowledge.repair import decode_bytes
from bot.knowledge.schema import Role, RoleFile
from bot.knowledge.store import NOT_ROLES, dump_role_file, read_hand_edits

if TYPE_CHECKING:
    from bot.ingest.posting import Posting

# Below this a "posting" is a link or a stub, not something to answer from. Characters count
# too, for languages written without spaces.
MIN_WORDS = 30
MIN_CHARS = 200
MAX_BYTES = 2_000_000
_SLUG_MAX = 80

Progress = Callable[["BuildSummary"], None]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The outcome for one posting file: written to ``out`` or rejected with ``reason``."""

    path: str
    slug: str
    out: str | None = None
    reason: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.reason is None


@dataclass(slots=True)
class BuildSummary:
    """Running totals of a build; ``seconds`` is wall time so far."""

    total: int = 0
    built: int = 0
    rejected: int = 0
    seconds: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.built + self.rejected


def slugify(text: str) -> str:
    """A stable, filesystem-safe slug: ASCII lowercase letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:_SLUG_MAX].rstrip("-") or "posting"


def base_slug(title: str, apply_url: str | None) -> str:
    """The slug of a posting: the last segment of its apply link, else its title (never a
    name the knowledge folder uses for something else, such as ``intents``)."""
    slug = slugify(title)
    if apply_url:
        segment = apply_url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        if re.search(r"[a-zA-Z]", segment) and "." not in segment:
            slug = slugify(segment)
    return f"{slug}-role" if f"{slug}.yaml" in NOT_ROLES else slug


def content_hash(raw: bytes | str) -> str:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    return "sha256:" + hashlib.sha256(data).hexdigest()


def check_posting(doc: ParsedPosting) -> None:
    """Refuse what is not a posting, with a one-line reason."""
    if not doc.title:
        raise RejectedPosting(
            "not a posting: no title (a '# [Title](apply link)' line, a first heading or a "
            "short first line)"
        )
    words = sum(len(s.split()) for s in doc.sentences)
    if words == 0:
        raise RejectedPosting("no body text: the posting has a title but nothing else")
    chars = sum(len(s) for s in doc.sentences)
    if words < MIN_WORDS and chars < MIN_CHARS:
        raise RejectedPosting(f"too short: {words} word(s) of body text (need {MIN_WORDS})")


def _extract(doc: ParsedPosting, slug: str, first_seen: date | None, skill: str | None) -> Role:
    from bot.knowledge.extract import extract_role

    return extract_role(doc, slug=slug, first_seen=first_seen, skill=skill)


def build_text(
    text: str | bytes,
    *,
    source_file: str,
    slug: str | None = None,
    first_seen: date | None = None,
    skill: str | None = None,
) -> Role:
    """Repair, parse, check and extract one posting; :class:`RejectedPosting` when refused,
    also when it takes longer than the per-posting time limit (:mod:`bot.knowledge.deadline`)."""
    with time_limit():
        if isinstance(text, bytes):
            text = decode_bytes(text)
        if not text.strip():
            raise RejectedPosting("empty file")
        doc = parse_posting(text, source_file)
        check_posting(doc)
        return _extract(doc, slug or base_slug(doc.title, doc.apply_url), first_seen, skill)


def read_posting(path: Path) -> bytes:
    """The bytes of a posting file, refusing empty and oversized files."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise RejectedPosting(f"too large: {size} bytes (limit {MAX_BYTES})")
        raw = path.read_bytes()
    except OSError as exc:
        raise RejectedPosting(f"cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise RejectedPosting("empty file")
    return raw


def build_file(
    path: str | Path,
    *,
    source_file: str | None = None,
    slug: str | None = None,
    first_seen: date | None = None,
    skill: str | None = None,
) -> Role:
    """Build the role of one posting file (see :func:`build_text`)."""
    path = Path(path)
    raw = read_posting(path)
    return build_text(
        raw,
        source_file=source_file or path.name,
        slug=slug,
        first_seen=first_seen,
        skill=skill,
    )


def write_role(role: Role, out_dir: Path, *, digest: str | None = None) -> Path:
    """Write ``<slug>.yaml``, keeping the ``overrides`` and ``qa`` of an existing file."""
    target = out_dir / f"{role.slug}.yaml"
    edits = read_hand_edits(target)
    role_file = RoleFile(content_hash=digest, role=role, overrides=edits.overrides, qa=edits.qa)
    text = dump_role_file(role_file, hand_edits=edits.text)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return target


# --- the build run (through bot.ingest, the one path shared with openings sync) ----------


def reason_kind(reason: str) -> str:
    """The reason's category for histograms: the text before the first colon."""
    return reason.split(":", 1)[0]


def build_paths(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    progress: Progress | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
    workers: int | None = None,
    chunk_size: int = 24,
) -> BuildSummary:
    """Build every posting under ``paths`` (files or folders) into ``out_dir``."""
    from bot.ingest.files import list_files

    roots = [Path(p) for p in paths]
    return build_postings(
        list(list_files(roots)),
        out_dir,
        progress=progress,
        on_result=on_result,
        workers=workers,
        chunk_size=chunk_size,
    )


def build_postings(
    postings: Sequence[Posting],
    out_dir: str | Path,
    *,
    progress: Progress | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
    workers: int | None = None,
    chunk_size: int = 24,
) -> BuildSummary:
    """Build ``postings`` (from :mod:`bot.ingest`) into ``out_dir``, one ``<slug>.yaml``
    each; per-posting results go to ``on_result`` as they arrive, ``progress`` is called
    after each chunk. Streams: only slugs and per-posting results are kept."""
    from bot.ingest.build import Slugs, Task, head_slug, run_tasks

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = BuildSummary(total=len(postings))
    slugs = Slugs()
    tasks = (Task(p, slugs.take(head_slug(p), p.skill), str(out)) for p in postings)
    start = time.perf_counter()
    results = run_tasks(tasks, workers=workers, chunk_size=chunk_size, total=len(postings))
    for done, built in enumerate(results, start=1):
        posting = built.task.posting
        result = BuildResult(
            posting.path or posting.key,
            built.task.slug or "",
            built.out,
            built.reason,
            built.seconds,
        )
        if result.ok:
            summary.built += 1
        else:
            summary.rejected += 1
            kind = reason_kind(result.reason or "")
            summary.reasons[kind] = summary.reasons.get(kind, 0) + 1
        if on_result is not None:
            on_result(result)
        if done % chunk_size == 0 or done == len(postings):
            summary.seconds = time.perf_counter() - start
            if progress is not None:
                progress(summary)
    summary.seconds = time.perf_counter() - start
    return summary

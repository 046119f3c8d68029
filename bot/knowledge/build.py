"""The knowledge builder: posting files in, one sourced YAML knowledge file per role out.

``build_text`` / ``build_file`` turn one posting into a :class:`Role` (or raise
:class:`RejectedPosting` with a one-line reason). ``build_paths`` walks files and folders
(``.md``, ``.txt``, ``.html``), builds them on a process pool in chunks, and writes
``<slug>.yaml`` per posting, keeping the recruiter's ``overrides`` and ``qa`` of an existing
file. It streams: nothing but slugs and per-file results is kept, so memory stays flat.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from bot.errors import KnowledgeError, RejectedPosting
from bot.knowledge.document import ParsedPosting
from bot.knowledge.parse import parse_posting, title_line
from bot.knowledge.repair import decode_bytes
from bot.knowledge.schema import Role, RoleFile
from bot.knowledge.store import NOT_ROLES, dump_role_file, read_hand_edits

SUFFIXES = (".md", ".txt", ".html", ".htm")
MANIFEST = "MANIFEST.tsv"
# Below this a "posting" is a link or a stub, not something to answer from. Characters count
# too, for languages written without spaces.
MIN_WORDS = 30
MIN_CHARS = 200
MAX_BYTES = 2_000_000
_SLUG_MAX = 80

Progress = Callable[["BuildSummary"], None]


@dataclass(frozen=True, slots=True)
class PostingInfo:
    """Board metadata about one posting file, from the corpus ``MANIFEST.tsv``."""

    skill: str | None = None
    month: str | None = None
    first_seen: date | None = None


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
        raise RejectedPosting("not a posting: no '# [Title](apply link)' title line")
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
    """Repair, parse, check and extract one posting; :class:`RejectedPosting` when refused."""
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


# --- walking inputs and the corpus manifest -------------------------------------------------


def iter_posting_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Posting files under ``paths`` (sorted, recursive) with a machine-independent name:
    the path relative to the parent of the argument it was found under."""
    for root in paths:
        if root.is_file():
            yield root, root.name
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                    full = Path(dirpath) / name
                    yield full, full.relative_to(root.parent).as_posix()


def _key(path: Path) -> str:
    return os.path.normpath(os.path.abspath(path))


def _parse_first_seen(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


def read_manifest(path: Path) -> dict[str, PostingInfo]:
    """``MANIFEST.tsv`` (path, skill, month, first_seen) keyed by resolved file path."""
    out: dict[str, PostingInfo] = {}
    base = path.parent
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            rel = (row.get("path") or "").strip()
            if not rel:
                continue
            out[_key(base / rel)] = PostingInfo(
                skill=(row.get("skill") or "").strip() or None,
                month=(row.get("month") or "").strip() or None,
                first_seen=_parse_first_seen(row.get("first_seen") or ""),
            )
    return out


def find_manifests(paths: Iterable[Path]) -> dict[str, PostingInfo]:
    """Manifest entries for the given paths: a ``MANIFEST.tsv`` in a folder argument or in
    one of the (up to three) folders above an argument."""
    seen: set[Path] = set()
    info: dict[str, PostingInfo] = {}
    for root in paths:
        start = root.resolve() if root.is_dir() else root.resolve().parent
        for folder in (start, *list(start.parents)[:3]):
            manifest = folder / MANIFEST
            if manifest.is_file():
                if manifest not in seen:
                    seen.add(manifest)
                    try:
                        info.update(read_manifest(manifest))
                    except (OSError, UnicodeDecodeError, csv.Error) as exc:
                        raise KnowledgeError(f"{manifest}: cannot read: {exc}") from None
                break
    return info


# --- the build run ----------------------------------------------------------------------------


_HEAD_BYTES = 4096


def head_slug(path: Path) -> str:
    """The base slug of a posting from its first lines only (cheap, for slug assignment)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError:
        return slugify(path.stem)
    cut = head.rfind(b"\n")
    if len(head) == _HEAD_BYTES and cut > 0:
        head = head[:cut]
    first = next(
        (ln.strip() for ln in head.decode("utf-8", "replace").splitlines() if ln.strip()), ""
    )
    title, url = title_line(first)
    return base_slug(title, url) if title else slugify(path.stem)


def _unique(slug: str, used: set[str], info: PostingInfo | None) -> str:
    """``slug``, else ``slug-<skill>``, else ``slug-2``, ``slug-3``, … (first one unused)."""
    candidate = slug
    if candidate in used and info and info.skill:
        candidate = f"{slug}-{slugify(info.skill)}"
    n = 2
    while candidate in used:
        candidate = f"{slug}-{n}"
        n += 1
    used.add(candidate)
    return candidate


@dataclass(frozen=True, slots=True)
class _Task:
    path: str
    source_file: str
    slug: str
    out_dir: str
    skill: str | None
    first_seen: date | None


def _run_task(task: _Task) -> BuildResult:
    """Build and write one posting; every failure becomes a one-line reason, never a crash."""
    start = time.perf_counter()
    try:
        raw = read_posting(Path(task.path))
        role = build_text(
            raw,
            source_file=task.source_file,
            slug=task.slug,
            first_seen=task.first_seen,
            skill=task.skill,
        )
        out = write_role(role, Path(task.out_dir), digest=content_hash(raw))
        return BuildResult(task.path, task.slug, str(out), None, time.perf_counter() - start)
    except KnowledgeError as exc:
        reason = str(exc)
    except Exception as exc:  # a bug must not stop the run: report it as this file's reason
        reason = f"internal error: {type(exc).__name__}: {exc}"
    reason = " ".join(reason.split()) or "rejected"
    return BuildResult(task.path, task.slug, None, reason, time.perf_counter() - start)


def _run_chunk(tasks: list[_Task]) -> list[BuildResult]:
    return [_run_task(t) for t in tasks]


def reason_kind(reason: str) -> str:
    """The reason's category for histograms: the text before the first colon."""
    return reason.split(":", 1)[0]


def _chunks(tasks: Iterator[_Task], size: int) -> Iterator[list[_Task]]:
    chunk: list[_Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def build_paths(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    progress: Progress | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
    workers: int | None = None,
    chunk_size: int = 24,
) -> BuildSummary:
    """Build every posting under ``paths`` into ``out_dir``; per-file results go to
    ``on_result`` as they arrive, ``progress`` is called after each chunk."""
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise KnowledgeError(f"{root}: no such file or folder")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest = find_manifests(roots)
    files = list(iter_posting_files(roots))
    summary = BuildSummary(total=len(files))
    used: set[str] = set()

    def tasks() -> Iterator[_Task]:
        for path, name in files:
            info = manifest.get(_key(path)) if manifest else None
            yield _Task(
                path=str(path),
                source_file=name,
                slug=_unique(head_slug(path), used, info),
                out_dir=str(out),
                skill=info.skill if info else None,
                first_seen=info.first_seen if info else None,
            )

    start = time.perf_counter()
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    chunks = _chunks(tasks(), chunk_size)
    if n_workers <= 1 or len(files) < 4 * chunk_size:
        _consume(map(_run_chunk, chunks), summary, start, progress, on_result)
    else:
        import multiprocessing

        import bot.knowledge.extract  # noqa: F401 - imported once here, shared by forked workers

        ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        with ctx.Pool(n_workers) as pool:
            results = pool.imap(_run_chunk, chunks)
            _consume(results, summary, start, progress, on_result)
    summary.seconds = time.perf_counter() - start
    return summary


def _consume(
    results: Iterable[list[BuildResult]],
    summary: BuildSummary,
    start: float,
    progress: Progress | None,
    on_result: Callable[[BuildResult], None] | None,
) -> None:
    for chunk in results:
        for result in chunk:
            if result.ok:
                summary.built += 1
            else:
                summary.rejected += 1
                kind = reason_kind(result.reason or "")
                summary.reasons[kind] = summary.reasons.get(kind, 0) + 1
            if on_result is not None:
                on_result(result)
        summary.seconds = time.perf_counter() - start
        if progress is not None:
            progress(summary)

"""The openings registry: ``openings sync`` imports postings, digests read what is new.

A sync walks a folder in the corpus layout (``<Skill>/<YYYY-MM>/<slug>.md``), takes each
posting's ``first_seen`` from ``MANIFEST.tsv`` when present (else the file's mtime), and
builds changed files through the knowledge builder (``bot.knowledge.build.build_text``) on a
process pool. Per posting file (its resolved path is the identity):

- **new**: not seen before and it builds; **rejected**: the builder refuses it. Rejections
  are remembered with the content hash, so a re-sync of an unchanged refused file counts
  nothing (it is retried only when its content changes). So over successive syncs each
  file is counted new-or-rejected exactly once: replaying a feed window by window, new +
  rejected of a window equals the number of postings first seen in it.
- **updated**: its content hash changed (``first_seen`` is kept), or it was closed and is
  back; **closed**: its file is gone from the folder. With ``--until`` only postings first
  seen by then are imported, and only openings first seen by then can close: a replay of an
  earlier window never closes an opening from its "future".

A cross-posted posting (the same file in two skill folders) is two openings, as the manifest
counts it; the second gets the slug suffix ``-<skill>``.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.errors import KnowledgeError, UsageError
from bot.ports import OpeningItem
from bot.storage import OpeningData, Rejection, Store

log = logging.getLogger(__name__)

MANIFEST = "MANIFEST.tsv"
SUFFIXES = (".md", ".txt", ".html", ".htm")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_CHUNK = 25
_FLUSH = 500
_SERIAL_BELOW = 40  # fewer changed files than this are built in-process


@dataclass(frozen=True, slots=True)
class SyncReport:
    new: int = 0
    updated: int = 0
    closed: int = 0
    rejected: int = 0
    unchanged: int = 0
    skipped_future: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "closed": self.closed,
            "rejected": self.rejected,
        }


@dataclass(frozen=True, slots=True)
class _Posting:
    path: str  # resolved, the opening's identity
    rel: str  # relative to the source folder
    first_seen: datetime
    skill: str | None
    digest: str


@dataclass(frozen=True, slots=True)
class _Built:
    posting: _Posting
    fields: dict[str, Any] | None
    reason: str | None


def file_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def parse_when(text: str, name: str = "--until", *, end_of_day: bool = True) -> datetime:
    """An ISO-8601 time; without a zone it is UTC. A bare date means the end of that day
    (``end_of_day``, for "until") or its start (for "since")."""
    value = text.strip()
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{name} {text!r} is not an ISO-8601 time like 2024-07-31T23:59:59+00:00"
        ) from None
    if len(value) == 10 and end_of_day:  # a date: the whole day counts
        when = when.replace(hour=23, minute=59, second=59)
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def read_manifest(folder: Path) -> dict[str, tuple[datetime | None, str | None]]:
    """``MANIFEST.tsv`` of ``folder`` (or up to three folders above): resolved path ->
    (first_seen, skill)."""
    for candidate in (folder, *list(folder.parents)[:3]):
        manifest = candidate / MANIFEST
        if not manifest.is_file():
            continue
        out: dict[str, tuple[datetime | None, str | None]] = {}
        try:
            with manifest.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh, delimiter="\t"):
                    rel = (row.get("path") or "").strip()
                    if not rel:
                        continue
                    seen = (row.get("first_seen") or "").strip()
                    when = parse_when(seen, "first_seen") if seen else None
                    skill = (row.get("skill") or "").strip() or None
                    out[str((candidate / rel).resolve())] = (when, skill)
        except (OSError, UnicodeDecodeError, csv.Error, UsageError) as exc:
            raise KnowledgeError(f"{manifest}: cannot read: {exc}") from None
        return out
    return {}


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                yield Path(dirpath) / name


def _skill_from_layout(rel: str) -> str | None:
    parts = rel.split("/")
    if len(parts) >= 3 and _MONTH.match(parts[-2]):
        return parts[-3]
    return None


def _fields(role: Any, header_location: str | None) -> dict[str, Any]:
    """The opening columns from a built :class:`~bot.knowledge.schema.Role`."""
    ident, pay, where = role.identity, role.compensation, role.location
    places = (*where.offices, *where.regions) if where else ()
    location = header_location or (", ".join(places) if places else None)
    return {
        "title": ident.title,
        "company": ident.company,
        "location": location,
        "remote": where.remote if where else None,
        "salary": salary_text(pay) if pay else None,
        "salary_min": pay.min if pay else None,
        "salary_max": pay.max if pay else None,
        "salary_currency": pay.currency if pay else None,
        "salary_period": pay.period if pay else None,
        "apply_url": ident.apply_url,
        "slug": ident.slug,
        "role_json": role.model_dump(mode="json", exclude={"sentences"}),
    }


SYMBOL = {"GBP": "£", "USD": "$", "EUR": "€"}
PERIOD = {"year": "a year", "month": "a month", "week": "a week", "day": "a day", "hour": "an hour"}


def salary_text(pay: Any) -> str | None:
    """A compact salary for lists, e.g. ``£95,000–£150,000 a year``, from the builder's
    compensation (its figures, never the board header's); the text as written otherwise."""

    def money(amount: float) -> str:
        figure = f"{amount:,.0f}" if amount >= 100 or amount == int(amount) else f"{amount:,.2f}"
        code = pay.currency or ""
        return f"{SYMBOL[code]}{figure}" if code in SYMBOL else f"{figure} {code}".strip()

    if pay.min is None and pay.max is None:
        text = " ".join(str(pay.text).split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"
    if pay.min is not None and pay.max is not None and pay.max != pay.min:
        amount = f"{money(pay.min)}–{money(pay.max)}"
    elif pay.min is not None and pay.max is None:
        amount = f"from {money(pay.min)}"
    elif pay.min is None and pay.max is not None:
        amount = f"up to {money(pay.max)}"
    else:
        amount = money(pay.min)
    period = PERIOD.get(pay.period or "", "")
    return " ".join(x for x in (amount, period, "OTE" if pay.ote else "") if x)


_GLOBE = re.compile(r"^####[^\n]*?`\s*🌎\s*([^`\n]+?)\s*`", re.MULTILINE)


def _header_location(raw: bytes) -> str | None:
    """The board's ``🌎 …`` location: a regex on clean UTF-8, else the builder's parser."""
    head = raw[:4096].decode("utf-8", "replace")
    found = _GLOBE.search(head)
    if found:
        return found.group(1)
    if "\n####" not in head:
        return None
    from bot.knowledge.parse import parse_posting
    from bot.knowledge.repair import repair_text

    try:
        doc = parse_posting(repair_text(head).split("\n\n", 1)[0])
    except KnowledgeError:
        return None
    return doc.header_location or None


def _build(posting: _Posting) -> _Built:
    """Build one posting through the knowledge builder; a refusal becomes a reason."""
    from bot.knowledge.build import build_text, read_posting

    try:
        raw = read_posting(Path(posting.path))
        role = build_text(
            raw,
            source_file=posting.rel,
            first_seen=posting.first_seen.date(),
            skill=posting.skill,
        )
        return _Built(posting, _fields(role, _header_location(raw)), None)
    except KnowledgeError as exc:
        return _Built(posting, None, str(exc).splitlines()[0][:300] or type(exc).__name__)
    except Exception as exc:  # a builder bug must not stop the sync: reject with the reason
        return _Built(posting, None, f"builder error: {type(exc).__name__}: {exc}"[:300])


def _build_chunk(postings: list[_Posting]) -> list[_Built]:
    return [_build(p) for p in postings]


def _build_all(postings: Sequence[_Posting], workers: int) -> Iterator[_Built]:
    """Results in the order of ``postings``, built on a process pool when worth it."""
    if workers <= 1 or len(postings) < _SERIAL_BELOW:
        yield from (_build(p) for p in postings)
        return
    chunks = [list(postings[i : i + _CHUNK]) for i in range(0, len(postings), _CHUNK)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for results in pool.map(_build_chunk, chunks):
            yield from results


def _unique_slug(base: str, skill: str | None, used: set[str]) -> str:
    candidates = [base]
    if skill:
        candidates.append(f"{base}-{re.sub(r'[^a-z0-9]+', '-', skill.lower()).strip('-')}")
    candidates.extend(f"{base}-{n}" for n in range(2, 10_000))
    for slug in candidates:
        if slug not in used:
            used.add(slug)
            return slug
    raise KnowledgeError(f"too many openings with the slug {base}")  # pragma: no cover


def sync(
    store: Store,
    source: str | Path,
    *,
    until: datetime | None = None,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> SyncReport:
    """Import the postings under ``source`` (see the module doc); returns the counts."""
    root = Path(source).expanduser()
    if not root.is_dir():
        raise UsageError(f"{source} is not a folder of postings")
    root = root.resolve()
    say = progress or (lambda _msg: None)
    manifest = read_manifest(root)
    known = store.openings.known()
    rejections = store.openings.rejections()
    on_disk: set[str] = set()
    todo: list[_Posting] = []
    reopen: list[int] = []
    unchanged = future = 0
    for path in _walk(root):
        key = str(path.resolve())
        on_disk.add(key)
        rel = path.relative_to(root).as_posix()
        seen, skill = manifest.get(key, (None, None))
        if seen is None:
            seen = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if until is not None and seen > until:
            future += 1
            continue
        try:
            digest = file_hash(path.read_bytes())
        except OSError as exc:
            digest = f"unreadable:{exc.errno}"
        old = known.get(key)
        if old is not None and old.content_hash == digest:
            unchanged += 1
            if old.closed_at is not None:
                reopen.append(old.id)
            continue
        if rejections.get(key) == digest:
            unchanged += 1
            continue
        todo.append(_Posting(key, rel, seen, skill or _skill_from_layout(rel), digest))
    todo.sort(key=lambda p: (p.first_seen, p.rel))
    say(f"{len(todo)} postings to build, {unchanged} unchanged, {future} first seen later")
    new: list[OpeningData] = []
    updated: list[tuple[int, OpeningData]] = []
    rejected: list[Rejection] = []
    cured: list[str] = []
    used = store.openings.slugs()
    counts = {"new": 0, "updated": 0, "rejected": 0}

    def flush() -> None:
        store.openings.add(new)
        store.openings.replace(updated)
        store.openings.remember_rejections(rejected)
        store.openings.forget_rejections(cured)
        counts["new"] += len(new)
        counts["updated"] += len(updated)
        counts["rejected"] += len(rejected)
        for batch in (new, updated, rejected, cured):
            batch.clear()

    n_workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    for done, built in enumerate(_build_all(todo, n_workers), start=1):
        p = built.posting
        old = known.get(p.path)
        if built.fields is None:
            rejected.append(Rejection(p.path, p.digest, built.reason or "rejected", p.first_seen))
            log.info("rejected %s: %s", p.rel, built.reason)
        else:
            fields = dict(built.fields)
            base = fields.pop("slug")
            slug = old.slug if old is not None else _unique_slug(base, p.skill, used)
            data = OpeningData(
                slug=slug,
                skill=p.skill,
                content_hash=p.digest,
                source_path=p.path,
                first_seen=p.first_seen,
                **fields,
            )
            if old is None:
                new.append(data)
            else:
                updated.append((old.id, data))
            if p.path in rejections:
                cured.append(p.path)
        if done % _FLUSH == 0:
            flush()
            say(f"built {done}/{len(todo)}")
    flush()
    store.openings.reopen(reopen)
    prefix = str(root) + os.sep
    gone = [
        o.id
        for path, o in known.items()
        if path.startswith(prefix)
        and path not in on_disk
        and o.closed_at is None
        and (until is None or o.first_seen <= until)
    ]
    store.openings.close(gone)
    report = SyncReport(
        new=counts["new"],
        updated=counts["updated"] + len(reopen),
        closed=len(gone),
        rejected=counts["rejected"],
        unchanged=unchanged,
        skipped_future=future,
    )
    say(
        f"new {report.new}, updated {report.updated}, closed {report.closed}, "
        f"rejected {report.rejected}, unchanged {report.unchanged}"
    )
    return report


def list_for_chat(store: Store, filter_text: str, limit: int = 10) -> list[OpeningItem]:
    """Open openings matching the filter text (``bot.subscriptions`` syntax), newest first.

    A malformed filter raises :class:`UsageError` with a one-line explanation.
    """
    from bot.subscriptions import parse_filters

    filters = parse_filters(filter_text)
    items: list[OpeningItem] = []
    with closing(store.openings.iter(newest_first=True)) as openings:
        for opening in openings:
            if filters.matches(opening):
                items.append(opening.item())
                if len(items) >= limit:
                    break
    return items


def print_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)

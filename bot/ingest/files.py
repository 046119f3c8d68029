"""Folders and files of postings (``.md``, ``.txt``, ``.html``) as :class:`Posting` records.

A file's identity is its resolved path; its ``name`` is the path relative to the parent of
the argument it was found under (machine-independent). The corpus ``MANIFEST.tsv`` (in the
folder or up to three folders above) gives ``first_seen`` and the skill; without it the skill
comes from the ``<Skill>/<YYYY-MM>/<file>`` layout. Bodies stay on disk until built.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.errors import KnowledgeError
from bot.ingest.posting import BodyFormat, Posting

SUFFIXES = (".md", ".txt", ".html", ".htm")
MANIFEST = "MANIFEST.tsv"
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_FORMATS: dict[str, BodyFormat] = {".html": "html", ".htm": "html", ".txt": "text"}


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """Board metadata about one posting file, from the corpus ``MANIFEST.tsv``."""

    skill: str | None = None
    month: str | None = None
    first_seen: datetime | None = None


def key(path: Path) -> str:
    """The identity of a posting file: its resolved path."""
    return str(path.resolve())


def file_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def parse_time(value: str) -> datetime | None:
    """An ISO-8601 time or date (UTC when it has no zone), ``None`` when malformed."""
    value = value.strip()
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        try:
            when = datetime.fromisoformat(value[:10])
        except ValueError:
            return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """``MANIFEST.tsv`` (path, skill, month, first_seen) keyed by resolved file path."""
    out: dict[str, ManifestEntry] = {}
    base = path.parent
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                rel = (row.get("path") or "").strip()
                if not rel:
                    continue
                out[key(base / rel)] = ManifestEntry(
                    skill=(row.get("skill") or "").strip() or None,
                    month=(row.get("month") or "").strip() or None,
                    first_seen=parse_time(row.get("first_seen") or ""),
                )
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise KnowledgeError(f"{path}: cannot read: {exc}") from None
    return out


def find_manifests(paths: Iterable[Path]) -> dict[str, ManifestEntry]:
    """Manifest entries for the given paths: a ``MANIFEST.tsv`` in a folder argument or in
    one of the (up to three) folders above an argument."""
    seen: set[Path] = set()
    info: dict[str, ManifestEntry] = {}
    for root in paths:
        start = root.resolve() if root.is_dir() else root.resolve().parent
        for folder in (start, *list(start.parents)[:3]):
            manifest = folder / MANIFEST
            if manifest.is_file():
                if manifest not in seen:
                    seen.add(manifest)
                    info.update(read_manifest(manifest))
                break
    return info


def iter_posting_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Posting files under ``paths`` (sorted, recursive) with their machine-independent name."""
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


def skill_from_layout(name: str) -> str | None:
    parts = name.split("/")
    if len(parts) >= 3 and _MONTH.match(parts[-2]):
        return parts[-3]
    return None


def list_files(paths: Iterable[Path], source: str | None = None) -> Iterator[Posting]:
    """A posting per file under ``paths`` (bodies and hashes not read yet)."""
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise KnowledgeError(f"{root}: no such file or folder")
    manifest = find_manifests(roots)
    for path, name in iter_posting_files(roots):
        ident = key(path)
        entry = manifest.get(ident)
        yield Posting(
            key=ident,
            source=source or str(path.parent),
            origin="the posting file",
            name=name,
            path=str(path),
            body_format=_FORMATS.get(path.suffix.lower(), "markdown"),
            skill=(entry.skill if entry else None) or skill_from_layout(name),
            first_seen=entry.first_seen if entry else None,
        )

"""A compiled index of a knowledge folder, so start-up does not parse every role file.

``<folder>/.roles-index.json`` holds, for each role file, its slug, title, company, locations
and content hash together with the file's size, mtime and inode. :func:`compile_index` lists
the folder, reuses the entries of unchanged files and parses only new or changed ones (with
the same validation as :func:`~bot.knowledge.store.load_role`), then rewrites the index
atomically when anything changed. Role files themselves are parsed on first use. When the
folder is not writable the index goes to the cache folder instead (or nowhere: it is only a
cache, and a missing or unreadable one is simply rebuilt).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from bot.errors import KnowledgeError
from bot.knowledge.schema import Role
from bot.knowledge.store import NOT_ROLES, load_role

log = logging.getLogger(__name__)

INDEX_NAME = ".roles-index.json"
VERSION = 1


class RoleEntry(NamedTuple):
    """What start-up needs to know about one role without parsing its file.

    (A named tuple rather than a frozen dataclass: 10,000 of them are built at every start,
    and a tuple is several times cheaper to make.)
    """

    slug: str
    title: str
    company: str | None = None
    locations: tuple[str, ...] = ()
    content_hash: str | None = None
    file: str = ""  # the file's name inside the knowledge folder ("" for an in-memory role)
    size: int = 0
    mtime_ns: int = 0
    inode: int = 0


def entry_of(role: Role, file: str = "", stat: os.stat_result | None = None) -> RoleEntry:
    """The index entry of a parsed role (``stat`` of its file, when it has one)."""
    location = role.location
    places = (*location.offices, *location.regions) if location is not None else ()
    if location is not None and location.remote:
        places = (*places, location.remote)
    return RoleEntry(
        slug=role.slug,
        title=role.title,
        company=role.identity.company,
        locations=tuple(dict.fromkeys(places)),
        file=file,
        size=stat.st_size if stat else 0,
        mtime_ns=stat.st_mtime_ns if stat else 0,
        inode=stat.st_ino if stat else 0,
    )


def _scan(directory: Path) -> dict[str, os.stat_result]:
    """Role file name -> stat, for every role file directly in ``directory``."""
    found: dict[str, os.stat_result] = {}
    with os.scandir(directory) as it:
        for item in it:
            name = item.name
            if (
                name.startswith(".")
                or not name.endswith((".yaml", ".yml"))
                or name in NOT_ROLES
                or not item.is_file()
            ):
                continue
            found[name] = item.stat()
    return found


def _fresh(entry: RoleEntry, stat: os.stat_result) -> bool:
    return (entry.size, entry.mtime_ns, entry.inode) == (
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ino,
    )


def _index_paths(directory: Path, cache_dir: Path | None) -> list[Path]:
    """Where the index may live: beside the YAML, else in the cache folder."""
    paths = [directory / INDEX_NAME]
    if cache_dir is not None:
        key = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]
        paths.append(cache_dir / f"roles-index-{key}.json")
    return paths


_FIELDS = list(RoleEntry._fields)


def _read(path: Path) -> dict[str, RoleEntry]:
    """The entries of an index file by file name ({} when absent, foreign or corrupt)."""
    try:
        data = json.loads(path.read_bytes())
        if data.get("version") != VERSION or data.get("fields") != _FIELDS:
            return {}
        entries = {}
        make = RoleEntry._make
        for row in data["roles"]:
            row[3] = tuple(row[3])  # locations
            entry = make(row)
            entries[entry.file] = entry
        return entries
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _write(paths: list[Path], entries: list[RoleEntry]) -> None:
    """Write the index atomically to the first place that takes it (rows, not objects:
    10,000 of them load in a few tens of milliseconds)."""
    text = json.dumps(
        {"version": VERSION, "fields": _FIELDS, "roles": [list(e) for e in entries]},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    for path in paths:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            return
        except OSError as exc:
            log.debug("cannot write the role index %s: %s", path, exc)


def compile_index(directory: str | Path, *, cache_dir: Path | None = None) -> list[RoleEntry]:
    """The entries of every role in ``directory``, sorted by slug (see the module docstring).

    Problems in new or changed files are collected and raised together as one
    :class:`KnowledgeError` (``path:line: message`` per line), after the index of the good
    files has been saved; duplicate slugs are an error too.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: knowledge folder not found")
    files = _scan(directory)
    paths = _index_paths(directory, cache_dir)
    old: dict[str, RoleEntry] = {}
    for path in paths:
        old = _read(path)
        if old:
            break
    entries: dict[str, RoleEntry] = {}
    errors: list[str] = []
    changed = set(old) != set(files)
    for name in sorted(files):
        stat = files[name]
        entry = old.get(name)
        if entry is None or not _fresh(entry, stat):
            changed = True
            try:
                role = load_role(directory / name)
            except KnowledgeError as exc:
                errors.extend(str(exc).splitlines())
                continue
            entry = entry_of(role, name, stat)
            entry = _with_hash(entry, directory / name)
        entries[name] = entry
    by_slug: dict[str, RoleEntry] = {}
    for entry in entries.values():
        if entry.slug in by_slug:
            errors.append(
                f"{directory / entry.file}:1: duplicate slug {entry.slug!r} "
                f"(also in {directory / by_slug[entry.slug].file})"
            )
            continue
        by_slug[entry.slug] = entry
    if changed:
        _write(paths, list(entries.values()))
    if errors:
        raise KnowledgeError("\n".join(errors))
    return sorted(by_slug.values(), key=lambda e: e.slug)


def _with_hash(entry: RoleEntry, path: Path) -> RoleEntry:
    """``entry`` with the file's ``content_hash`` (the posting's hash the builder wrote)."""
    try:
        with path.open(encoding="utf-8") as f:
            for _, line in zip(range(5), f, strict=False):
                if line.startswith("content_hash:"):
                    value = line.partition(":")[2].strip().strip("'\"")
                    return entry._replace(content_hash=value or None)
    except (OSError, UnicodeDecodeError):
        pass
    return entry


def load_entry(directory: Path, entry: RoleEntry) -> Role:
    """The role of an index entry, parsed now (overrides and Q&A applied)."""
    role = load_role(directory / entry.file)
    if role.slug != entry.slug:
        raise KnowledgeError(
            f"{directory / entry.file}:1: slug changed from {entry.slug!r} to {role.slug!r} "
            "since start-up"
        )
    return role


REFRESH_SECONDS = 5.0


class WatchedFolder:
    """A knowledge folder for a long-running process: its index is compiled again when files
    are added, removed or replaced (``kb build`` and ``openings sync`` write by renaming, which
    changes the folder's mtime), checked at most every ``every`` seconds."""

    def __init__(
        self,
        directory: Path,
        cache_dir: Path | None = None,
        *,
        every: float = REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.directory = directory
        self.cache_dir = cache_dir
        self.every = every
        self._clock = clock
        self._checked = clock()
        self._stamp = self._mtime()

    def entries(self) -> list[RoleEntry]:
        """Compile the index now."""
        self._stamp = self._mtime()
        self._checked = self._clock()
        return compile_index(self.directory, cache_dir=self.cache_dir)

    def changed(self) -> list[RoleEntry] | None:
        """The new entries when the folder changed since the last look, else None."""
        now = self._clock()
        if now - self._checked < self.every:
            return None
        self._checked = now
        stamp = self._mtime()
        if stamp == self._stamp:
            return None
        self._stamp = stamp
        return compile_index(self.directory, cache_dir=self.cache_dir)

    def load(self, entry: RoleEntry) -> Role:
        return load_entry(self.directory, entry)

    def _mtime(self) -> int:
        try:
            return self.directory.stat().st_mtime_ns
        except OSError:
            return 0

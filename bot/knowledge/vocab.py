"""Vocabularies kept as data under ``knowledge/vocab/``, checked when they load.

A bad entry is a :class:`~bot.errors.KnowledgeError` naming ``path:line``, so a typo in a
vocabulary stops start-up instead of silently changing answers. One file per vocabulary;
extraction and answers read the same copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.errors import KnowledgeError

VOCAB_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "vocab"
TECH_CATEGORIES = frozenset(
    {
        "language", "runtime", "framework", "frontend", "mobile", "api", "rpc", "database",
        "data", "queue", "cloud", "orchestration", "container", "infrastructure",
        "observability", "ci", "tool", "ml", "other",
    }
)  # fmt: skip
_TECH_KEYS = frozenset(
    {"name", "category", "spell", "ambiguous", "first", "ask", "ask_exact", "extract"}
)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Tech:
    """One technology: how postings spell it and how candidates name it."""

    name: str
    category: str
    spell: re.Pattern[str] | None  # None: only recognised in questions
    ambiguous: bool = False
    first: tuple[str, ...] = ()  # lower-case first words of the spellings
    ask: tuple[str, ...] = ()  # lower-case names in questions (the name's own unless exact)
    ask_exact: bool = False  # the name counts in a question only as written ("Go", "Jest")


@dataclass(frozen=True, slots=True)
class Entry:
    """One list entry of a vocabulary file, with the line of the entry and of each key."""

    data: dict[str, Any]
    line: int
    key_lines: dict[str, int]

    def at(self, key: str | None = None) -> int:
        return self.key_lines.get(key, self.line) if key else self.line


def entries(path: Path, list_key: str) -> Iterator[Entry]:
    """The mappings of the top-level ``list_key`` list, with their lines (1-based)."""
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 — the C *safe* loader
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise KnowledgeError(
            f"{path}:{line}: not valid YAML: {getattr(exc, 'problem', exc)}"
        ) from exc
    if root is None or not isinstance(data, dict) or not isinstance(data.get(list_key), list):
        raise KnowledgeError(f"{path}:1: expected a mapping with a {list_key!r} list")
    node = next(v for k, v in root.value if k.value == list_key)
    for raw, item in zip(data[list_key], node.value, strict=True):
        line = item.start_mark.line + 1
        if not isinstance(raw, dict):
            raise KnowledgeError(f"{path}:{line}: each entry must be a mapping")
        key_lines = {str(k.value): k.start_mark.line + 1 for k, _ in item.value}
        yield Entry(raw, line, key_lines)


def _words(entry: Entry, key: str, path: Path) -> tuple[str, ...]:
    raw = entry.data.get(key) or []
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise KnowledgeError(f"{path}:{entry.at(key)}: {key!r} must be a list of words")
    words = tuple(w.strip() for w in raw)
    upper = [w for w in words if w != w.casefold()]
    if upper:
        raise KnowledgeError(
            f"{path}:{entry.at(key)}: {key!r} entries are lower case: {upper[0]!r}"
        )
    return words


def _tech(entry: Entry, path: Path) -> Tech:
    data = entry.data
    unknown = sorted(set(map(str, data)) - _TECH_KEYS)
    if unknown:
        raise KnowledgeError(f"{path}:{entry.at(unknown[0])}: unknown key {unknown[0]!r}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise KnowledgeError(f"{path}:{entry.line}: 'name' must be a non-empty string")
    category = data.get("category", "other")
    if category not in TECH_CATEGORIES:
        raise KnowledgeError(
            f"{path}:{entry.at('category')}: {name}: unknown category {category!r} "
            f"(one of {', '.join(sorted(TECH_CATEGORIES))})"
        )
    for flag in ("ambiguous", "extract", "ask_exact"):
        if not isinstance(data.get(flag, False), bool):
            raise KnowledgeError(f"{path}:{entry.at(flag)}: {name}: {flag!r} must be true or false")
    spell: re.Pattern[str] | None = None
    if data.get("extract", True):
        pattern = data.get("spell", re.escape(name))
        if not isinstance(pattern, str) or not pattern:
            raise KnowledgeError(f"{path}:{entry.at('spell')}: {name}: 'spell' must be a regex")
        try:
            spell = re.compile(rf"(?<![\w.#+/-])(?:{pattern})(?![\w#+])")
        except re.error as exc:
            raise KnowledgeError(f"{path}:{entry.at('spell')}: {name}: bad regex: {exc}") from exc
    first = _words(entry, "first", path) or (name.casefold(),)
    exact = bool(data.get("ask_exact", False))
    own = () if exact else (name.casefold(),)
    ask = tuple(dict.fromkeys((*own, *_words(entry, "ask", path))))
    return Tech(name, category, spell, bool(data.get("ambiguous", False)), first, ask, exact)


def load_tech(path: Path | None = None) -> tuple[Tech, ...]:
    """The technologies vocabulary (default ``knowledge/vocab/tech.yaml``), checked."""
    path = path or VOCAB_DIR / "tech.yaml"
    out: list[Tech] = []
    names: dict[str, int] = {}
    asked: dict[str, str] = {}
    for entry in entries(path, "technologies"):
        tech = _tech(entry, path)
        if tech.name in names:
            raise KnowledgeError(
                f"{path}:{entry.line}: {tech.name!r} is already listed at line {names[tech.name]}"
            )
        names[tech.name] = entry.line
        for word in tech.ask:
            if asked.get(word, tech.name) != tech.name:
                raise KnowledgeError(
                    f"{path}:{entry.at('ask')}: {tech.name}: {word!r} already names {asked[word]}"
                )
            asked[word] = tech.name
        out.append(tech)
    return tuple(out)


@lru_cache(maxsize=1)
def technologies() -> tuple[Tech, ...]:
    """The shipped technologies vocabulary, loaded once per process."""
    return load_tech()


@dataclass(frozen=True, slots=True)
class Cues:
    """Lists of lower-case cue phrases by name (``deny``, ``only``, ``allow`` …)."""

    lists: dict[str, tuple[str, ...]]

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self.lists[name]


def load_cues(path: Path, names: tuple[str, ...]) -> Cues:
    """A file of named phrase lists; a missing list or a bad phrase is ``path:line``."""
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 — the C *safe* loader
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise KnowledgeError(f"{path}:{line}: not valid YAML") from exc
    if root is None or not isinstance(data, dict):
        raise KnowledgeError(f"{path}:1: expected a mapping of cue lists")
    nodes = {str(k.value): v for k, v in root.value}
    unknown = sorted(set(nodes) - set(names))
    if unknown:
        line = next(k.start_mark.line + 1 for k, _ in root.value if k.value == unknown[0])
        raise KnowledgeError(f"{path}:{line}: unknown list {unknown[0]!r}")
    lists: dict[str, tuple[str, ...]] = {}
    for name in names:
        if name not in nodes or not isinstance(data[name], list):
            raise KnowledgeError(f"{path}:1: needs a {name!r} list")
        for value, node in zip(data[name], nodes[name].value, strict=True):
            if not isinstance(value, str) or not value.strip() or value != value.casefold():
                raise KnowledgeError(
                    f"{path}:{node.start_mark.line + 1}: {name}: {value!r} must be a "
                    "non-empty lower-case phrase"
                )
        lists[name] = tuple(data[name])
    return Cues(lists)


EMPLOYMENT_KINDS = (
    "full_time", "part_time", "permanent", "fixed_term", "contract", "b2b", "internship",
)  # fmt: skip


@lru_cache(maxsize=1)
def employment_terms() -> Cues:
    """Employment terms by kind, the words that make a term about the job, and the words a
    question about employment is made of (``knowledge/vocab/employment.yaml``)."""
    names = (*EMPLOYMENT_KINDS, "job_words", "length_words", "not_job", "asks")
    return load_cues(VOCAB_DIR / "employment.yaml", names)

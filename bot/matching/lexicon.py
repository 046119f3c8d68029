"""The multilingual lexicon (``knowledge/vocab/languages.yaml``): loading and validation.

For each supported language the file gives its English name, the "(answered in English)" note
written in that language, and ``words``: words and phrases of a question mapped to English
words the intent catalogue already knows ("stipendio: salary", "переїзд*: relocation"). A
trailing ``*`` on a word matches any ending, for inflected languages ("зарплат*" is
зарплата, зарплату, зарплати); a leading one any beginning, for compounds ("*visum" is in
"arbeitsvisum"). An empty value drops the words (articles, particles such as Polish "czy").

Keys are folded the way matching folds text (lower case, accents stripped), so "salário" and
"salario" are one entry. A malformed entry is a :class:`~bot.errors.KnowledgeError` whose
message starts ``path:line:``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.errors import KnowledgeError
from bot.matching.normalize import clean

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "vocab" / "languages.yaml"
# The languages the detector is built for (ISO 639-1): a file may cover a subset.
SUPPORTED = ("en", "es", "fr", "de", "pt", "it", "nl", "pl", "uk", "ru", "lt")
MIN_STEM = 4  # letters before a trailing '*': shorter stems match unrelated words
_WORD = re.compile(r"[^\W\d_]+|\d+")
_LANGUAGE_KEYS = frozenset({"name", "note", "words", "common"})
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Pattern = tuple[str, ...]  # folded words; one ending in '*' is a stem


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's words, ready for lookup."""

    code: str
    name: str
    note: str  # "(answered in English)" in this language; empty for English
    words: Mapping[Pattern, str]  # folded pattern -> English replacement ('' drops)
    common: frozenset[str] = frozenset()  # English only: words no other language can claim

    @property
    def longest(self) -> int:
        return max((len(p) for p in self.words), default=0)


def words_of(text: str) -> list[str]:
    """The folded words of ``text`` (as lexicon keys and questions are compared)."""
    return _WORD.findall(clean(text))


def load_lexicons(path: str | Path | None = None) -> dict[str, Lexicon]:
    """Read and validate a languages file (default ``knowledge/vocab/languages.yaml``)."""
    where = Path(path) if path is not None else DEFAULT_PATH
    try:
        text = where.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{where}: cannot read the languages file: {exc}") from exc
    return parse_lexicons(text, str(where))


def parse_lexicons(text: str, source: str = "<languages>") -> dict[str, Lexicon]:
    """Validate languages YAML text into one :class:`Lexicon` per language code."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise KnowledgeError(f"{source}:{line}: not valid YAML: {problem}") from exc
    if not isinstance(root, yaml.MappingNode):
        raise KnowledgeError(f"{source}:1: expected a mapping with 'version' and 'languages'")
    top = _mapping(root, source, "the file")
    unknown = sorted(set(top) - {"version", "languages"})
    if unknown:
        raise KnowledgeError(f"{_at(source, top[unknown[0]][0])}: unknown top-level key")
    version = top.get("version")
    if version is None or not isinstance(version[1], yaml.ScalarNode) or version[1].value != "1":
        node = version[1] if version is not None else root
        raise KnowledgeError(f"{_at(source, node)}: 'version' must be 1")
    if "languages" not in top or not isinstance(top["languages"][1], yaml.MappingNode):
        node = top["languages"][1] if "languages" in top else root
        raise KnowledgeError(f"{_at(source, node)}: 'languages' must map codes to languages")
    out: dict[str, Lexicon] = {}
    for code, (key, node) in _mapping(top["languages"][1], source, "languages").items():
        if code not in SUPPORTED:
            raise KnowledgeError(
                f"{_at(source, key)}: unknown language {code!r} (supported: {', '.join(SUPPORTED)})"
            )
        out[code] = _language(code, node, source)
    if "en" not in out:
        raise KnowledgeError(f"{_at(source, top['languages'][0])}: 'en' must be listed")
    return out


def _language(code: str, node: yaml.Node, source: str) -> Lexicon:
    if not isinstance(node, yaml.MappingNode):
        raise KnowledgeError(f"{_at(source, node)}: language {code!r} must be a mapping")
    fields = _mapping(node, source, code)
    for name, (key, _) in fields.items():
        if name not in _LANGUAGE_KEYS:
            raise KnowledgeError(f"{_at(source, key)}: unknown key {name!r} in {code!r}")
    name = _text(fields.get("name"), source, node, f"{code}: 'name'")
    note = ""
    if code != "en":
        note = _text(fields.get("note"), source, node, f"{code}: 'note'")
    words: dict[Pattern, str] = {}
    raw = fields.get("words")
    if raw is not None:
        if not isinstance(raw[1], yaml.MappingNode):
            raise KnowledgeError(f"{_at(source, raw[1])}: {code}: 'words' must be a mapping")
        lines: dict[Pattern, int] = {}
        for word, (key, value) in _mapping(raw[1], source, f"{code}.words").items():
            pattern = _pattern(word, source, key)
            if not isinstance(value, yaml.ScalarNode):
                raise KnowledgeError(f"{_at(source, value)}: {word!r} must map to English text")
            # Any scalar is text ("no" stays "no"); an empty value drops the words.
            english = "" if value.tag.endswith(":null") else str(value.value).strip()
            if english and not english.isascii():
                raise KnowledgeError(f"{_at(source, value)}: {word!r} maps to non-English text")
            if pattern in lines:
                raise KnowledgeError(
                    f"{_at(source, key)}: {word!r} repeats line {lines[pattern]} "
                    "(keys are compared in lower case without accents)"
                )
            lines[pattern] = key.start_mark.line + 1
            words[pattern] = " ".join(english.split())
    elif code != "en":
        raise KnowledgeError(f"{_at(source, node)}: {code}: 'words' is missing")
    common: set[str] = set()
    raw = fields.get("common")
    if raw is not None:
        if code != "en" or not isinstance(raw[1], yaml.SequenceNode):
            raise KnowledgeError(
                f"{_at(source, raw[1])}: 'common' is a list of English words, under 'en' only"
            )
        for item in raw[1].value:
            letters = words_of(str(item.value)) if isinstance(item, yaml.ScalarNode) else []
            if len(letters) != 1:
                raise KnowledgeError(f"{_at(source, item)}: 'common' entries are single words")
            common.add(letters[0])
    return Lexicon(code, name, note, words, frozenset(common))


def _pattern(word: str, source: str, key: yaml.Node) -> Pattern:
    """Folded words of a key; apostrophes and hyphens separate words as in questions."""
    folded: list[str] = []
    if word.startswith("*"):  # a compound's head: "*visum" is in "arbeitsvisum"
        head = words_of(word[1:])
        if len(head) != 1 or "*" in word[1:] or len(head[0]) < MIN_STEM:
            raise KnowledgeError(
                f"{_at(source, key)}: {word!r}: a leading '*' needs one word of at least "
                f"{MIN_STEM} letters after it"
            )
        return (f"*{head[0]}",)
    for part in word.split():
        stem = part.endswith("*")
        body = part[:-1] if stem else part
        words = words_of(body)
        if not words or "*" in body:
            raise KnowledgeError(
                f"{_at(source, key)}: {word!r}: each word needs letters ('*' only at its end)"
            )
        if stem:
            if len(words[-1]) < MIN_STEM or not body[-1].isalnum():
                raise KnowledgeError(
                    f"{_at(source, key)}: {word!r}: a stem needs at least {MIN_STEM} letters"
                )
            words[-1] += "*"
        folded.extend(words)
    return tuple(folded)


Entry = tuple[yaml.Node, yaml.Node]  # (key node, value node)


def _text(field: Entry | None, source: str, node: yaml.Node, what: str) -> str:
    if field is None:
        raise KnowledgeError(f"{_at(source, node)}: {what} is missing")
    value = field[1]
    if not isinstance(value, yaml.ScalarNode) or not value.value.strip():
        raise KnowledgeError(f"{_at(source, value)}: {what} must be non-empty text")
    return str(value.value).strip()


def _mapping(node: yaml.MappingNode, source: str, what: str) -> dict[str, Entry]:
    """A mapping node's entries by key text; a repeated or non-text key is an error."""
    out: dict[str, Entry] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or not str(key.value).strip():
            raise KnowledgeError(f"{_at(source, key)}: keys of {what} must be text")
        name = str(key.value).strip()
        if name in out:
            raise KnowledgeError(f"{_at(source, key)}: {name!r} appears twice in {what}")
        out[name] = (key, value)
    return out


def _at(source: str, node: yaml.Node) -> str:
    return f"{source}:{node.start_mark.line + 1}"

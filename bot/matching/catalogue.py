"""The intent catalogue (``knowledge/intents.yaml``): loading and validation.

The catalogue is content (written by hand); this module only turns it into frozen objects and
rejects a malformed file with a one-line :class:`~bot.errors.KnowledgeError` naming the place.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from bot.errors import KnowledgeError

Kind = Literal["job", "smalltalk", "oos"]
KINDS: tuple[Kind, ...] = ("job", "smalltalk", "oos")
# Not via bot.config: loading settings imports pydantic, which the matcher does not need.
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "intents.yaml"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_INTENT_KEYS = frozenset(
    {"id", "kind", "label", "examples", "keywords", "answer", "reply", "related"}
)
# "- id: salary": where each intent starts, for ``path:line`` messages (a text scan: composing
# the YAML with marks would cost start-up time on every run).
_ID_LINE = re.compile(r"^\s*-\s+\{?\s*id:\s*['\"]?([a-z][a-z0-9_]*)", re.MULTILINE)
_TOP_KEYS = frozenset({"version", "synonyms", "intents"})


@dataclass(frozen=True, slots=True)
class Intent:
    """One intent: what candidates may mean, with example phrasings and cue words."""

    id: str
    kind: Kind
    label: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    answer: str | None = None  # job intents: the renderer's name in bot/answers
    reply: str | None = None  # smalltalk / oos: a fixed reply
    related: tuple[str, ...] = ()  # follow-up topics offered after an answer (intent ids)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """All intents plus the token synonyms applied before matching."""

    intents: tuple[Intent, ...]
    synonyms: Mapping[str, str]
    version: int = 1
    digest: str = ""  # sha256 of the source text: keys caches of fitted models
    source: str = "<catalogue>"
    lines: Mapping[str, int] = field(default_factory=dict)  # intent id -> line of its entry

    def where(self, intent_id: str) -> str:
        """``path:line`` of an intent's entry (just the path when the line is unknown)."""
        line = self.lines.get(intent_id)
        return f"{self.source}:{line}" if line else self.source

    def get(self, intent_id: str) -> Intent:
        """The intent with this id; KeyError if there is none."""
        for intent in self.intents:
            if intent.id == intent_id:
                return intent
        raise KeyError(intent_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.intents)


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and validate a catalogue file (default ``knowledge/intents.yaml``)."""
    where = Path(path) if path is not None else DEFAULT_PATH
    try:
        text = where.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{where}: cannot read the intent catalogue: {exc}") from exc
    return parse_catalogue(text, source=str(where))


def parse_catalogue(text: str, source: str = "<catalogue>") -> Catalogue:
    """Validate catalogue YAML text into a :class:`Catalogue`."""
    try:
        # The C parser when PyYAML has it: the catalogue is large and `ask` must start fast.
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise KnowledgeError(f"{source}: not valid YAML{where}: {problem}") from exc
    if not isinstance(data, dict):
        raise KnowledgeError(f"{source}: expected a mapping with 'version' and 'intents'")
    unknown = sorted(set(map(str, data)) - _TOP_KEYS)
    if unknown:
        raise KnowledgeError(f"{source}: unknown top-level key(s): {', '.join(unknown)}")
    version = data.get("version", 1)
    if version != 1:
        raise KnowledgeError(f"{source}: unsupported catalogue version {version!r} (expected 1)")
    synonyms = _synonyms(data.get("synonyms") or {}, source)
    raw_intents = data.get("intents")
    if not isinstance(raw_intents, list) or not raw_intents:
        raise KnowledgeError(f"{source}: 'intents' must be a non-empty list")
    intents: list[Intent] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_intents):
        intent = _intent(raw, f"{source}: intents[{index}]")
        if intent.id in seen:
            raise KnowledgeError(f"{source}: duplicate intent id {intent.id!r}")
        seen.add(intent.id)
        intents.append(intent)
    lines: dict[str, int] = {}
    for m in _ID_LINE.finditer(text):
        lines.setdefault(m.group(1), text.count("\n", 0, m.start()) + 1)
    for intent in intents:
        for other in intent.related:
            if other not in seen:
                place = f"{source}:{lines[intent.id]}" if intent.id in lines else source
                raise KnowledgeError(
                    f"{place}: intent {intent.id!r}: related topic {other!r} is not an intent"
                )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Catalogue(tuple(intents), synonyms, 1, digest, source, lines)


def _synonyms(raw: object, source: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{source}: 'synonyms' must be a mapping of token -> canonical")
    out: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(key, str | int) or not isinstance(value, str | int):
            raise KnowledgeError(f"{source}: synonym {key!r}: {value!r} must map text to text")
        k, v = str(key).strip().lower(), str(value).strip().lower()
        if not k or not v:
            raise KnowledgeError(f"{source}: synonym {key!r}: {value!r} has an empty side")
        out[k] = v
    return out


def _strings(raw: object, where: str, field: str, required: bool) -> tuple[str, ...]:
    if raw is None and not required:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str | int | float) for x in raw):
        raise KnowledgeError(f"{where}: '{field}' must be a list of strings")
    items = tuple(str(x).strip() for x in raw if str(x).strip())
    if required and not items:
        raise KnowledgeError(f"{where}: '{field}' needs at least one entry")
    return items


def _intent(raw: object, where: str) -> Intent:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: each intent must be a mapping")
    intent_id = raw.get("id")
    if not isinstance(intent_id, str) or not _ID.match(intent_id):
        raise KnowledgeError(f"{where}: 'id' must be a snake_case string, got {intent_id!r}")
    where = f"{where} ({intent_id})"
    unknown = sorted(set(map(str, raw)) - _INTENT_KEYS)
    if unknown:
        raise KnowledgeError(f"{where}: unknown key(s): {', '.join(unknown)}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise KnowledgeError(f"{where}: 'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
    label = raw.get("label", intent_id.replace("_", " ").capitalize())
    if not isinstance(label, str) or not label.strip():
        raise KnowledgeError(f"{where}: 'label' must be a non-empty string")
    examples = _strings(raw.get("examples"), where, "examples", required=True)
    keywords = _strings(raw.get("keywords"), where, "keywords", required=False)
    related = _strings(raw.get("related"), where, "related", required=False)
    answer = raw.get("answer")
    reply = raw.get("reply")
    for name, value in (("answer", answer), ("reply", reply)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise KnowledgeError(f"{where}: '{name}' must be a non-empty string")
    if kind == "job" and answer is None:
        answer = intent_id
    if kind != "job" and reply is None:
        raise KnowledgeError(f"{where}: {kind} intents need a 'reply'")
    return Intent(
        id=intent_id,
        kind=kind,
        label=label.strip(),
        examples=examples,
        keywords=tuple(k.lower() for k in keywords),
        answer=answer,
        reply=reply,
        related=related,
    )

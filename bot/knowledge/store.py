"""Reading and writing knowledge files (``<slug>.yaml``: a :class:`RoleFile`).

``load_roles(dir)`` is on the ``ask`` start-up path, so the happy path is one libyaml parse and
one pydantic validation per file. Only when something is wrong does it re-read the file with
node marks to report ``path:line: message`` for YAML syntax and schema errors alike.

Hand edits: ``overrides`` is deep-merged over ``role`` (mappings merge key by key, anything else
replaces; ``null`` removes a fact), and ``qa`` is appended to the role's Q&A.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.errors import KnowledgeError
from bot.knowledge.overrides import merge_overrides
from bot.knowledge.schema import QA, Role, RoleFile

try:  # libyaml is much faster; fall back to the pure-Python classes when it is missing
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Files in the knowledge folder that are not roles.
NOT_ROLES = frozenset({"intents.yaml", "intents.yml"})
Loc = tuple[int | str, ...]


def role_files(directory: Path) -> list[Path]:
    """The role files of a knowledge folder: ``*.yaml`` directly in it, minus the catalogue."""
    return sorted(
        p
        for p in directory.glob("*.y*ml")
        if p.suffix in (".yaml", ".yml") and p.name not in NOT_ROLES and not p.name.startswith(".")
    )


# --- writing -----------------------------------------------------------------------------


def dump_role_file(role_file: RoleFile, *, hand_edits: str | None = None) -> str:
    """YAML for a role file: block style, unicode, schema key order (each fact's ``source``
    last), defaults left out. ``hand_edits``, when given, is written verbatim in place of the
    ``overrides`` and ``qa`` (see :class:`HandEdits`)."""
    data = role_file.model_dump(mode="json", exclude_defaults=True)
    data["schema_version"] = role_file.schema_version
    ordered = {
        "schema_version": role_file.schema_version,
        "content_hash": role_file.content_hash,
        "role": _tidy(data["role"]),
        "overrides": data.get("overrides", {}),
        "qa": data.get("qa", []),
    }
    if hand_edits is not None:
        ordered.pop("overrides")
        ordered.pop("qa")
    text = yaml.dump(
        ordered,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=_WIDTH,
    )
    text = _unescape_astral(text, ordered)
    return text + hand_edits if hand_edits is not None else text


def _tidy(value: Any) -> Any:
    """Readable values: each fact's ``source`` after its fields, whole numbers without ``.0``."""
    if isinstance(value, dict):
        tidy = {k: _tidy(v) for k, v in value.items() if k != "source"}
        if "source" in value:
            tidy["source"] = value["source"]
        return tidy
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


# One sentence per line, however long: easier to read, grep and diff.
_WIDTH = 4096
_ASTRAL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\U([0-9A-Fa-f]{8})")


def _unescape_astral(text: str, data: object) -> str:
    """Show emoji as themselves: libyaml escapes characters beyond U+FFFF (``\\U0001F4B0``)
    even with ``allow_unicode``; undo that, and keep the escaped text if it would not load back
    to the same data."""
    if "\\U" not in text:
        return text
    fixed = _ASTRAL_ESCAPE.sub(lambda m: m.group(1) + chr(int(m.group(2), 16)), text)
    try:
        same = yaml.load(fixed, Loader=_Loader) == data
    except (yaml.YAMLError, ValueError):
        same = False
    return fixed if same else text


@dataclass(frozen=True, slots=True)
class HandEdits:
    """The recruiter's part of an existing knowledge file.

    ``text`` is that part verbatim (from the top-level ``overrides:`` line to the end, comments
    included) when it holds exactly the same ``overrides`` and ``qa``, so a rebuild can keep it
    as written; otherwise ``None`` and the builder writes the values out again.
    """

    overrides: dict[str, Any]
    qa: tuple[QA, ...]
    text: str | None = None


_HAND_EDITS_START = re.compile(r"^overrides:", re.M)


def read_hand_edits(path: Path) -> HandEdits:
    """The ``overrides`` and ``qa`` of an existing knowledge file (empty when there is none).

    A file that cannot be read is an error: the builder must not overwrite hand edits.
    """
    if not path.exists():
        return HandEdits({}, ())
    data = _load_yaml(path)
    if not isinstance(data, dict):
        return HandEdits({}, ())
    overrides = data.get("overrides") or {}
    if not isinstance(overrides, dict):
        raise KnowledgeError(f"{_where(path, ('overrides',))}: overrides must be a mapping")
    try:
        qa = tuple(QA.model_validate(item) for item in data.get("qa") or ())
    except ValidationError as exc:
        messages = _messages(path, exc, base=("qa",))
        raise KnowledgeError(f"cannot keep hand edits: {messages[0]}") from None
    return HandEdits(overrides, qa, _verbatim_tail(path, data))


def _verbatim_tail(path: Path, data: dict[str, Any]) -> str | None:
    text = path.read_text(encoding="utf-8")
    match = _HAND_EDITS_START.search(text)
    if match is None:
        return None
    tail = text[match.start() :]
    try:
        parsed = yaml.load(tail, Loader=_Loader)
    except yaml.YAMLError:
        return None
    wanted = {"overrides": data.get("overrides"), "qa": data.get("qa")}
    if not isinstance(parsed, dict) or set(parsed) - set(wanted):
        return None
    if {k: parsed.get(k) for k in wanted} != wanted:
        return None
    return tail if tail.endswith("\n") else tail + "\n"


# --- reading -------------------------------------------------------------------------------


def _load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{path}:1: cannot read: {exc}") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise KnowledgeError(f"{path}:{line}: YAML syntax error: {problem}") from None


def deep_merge(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``overrides`` laid over ``base``: mappings merge, ``None`` deletes, the rest replaces."""
    merged = dict(base)
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _effective(role_file: RoleFile, raw_role: Mapping[str, Any]) -> Role:
    if not role_file.overrides and not role_file.qa:
        return role_file.role
    merged = (
        merge_overrides(raw_role, role_file.overrides) if role_file.overrides else dict(raw_role)
    )
    if role_file.qa:
        merged["qa"] = [*merged.get("qa", ()), *role_file.qa]
    return Role.model_validate(merged)


def _read(path: Path) -> tuple[dict[str, Any], RoleFile]:
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}:1: expected a mapping with 'role:', got {_kind(data)}")
    try:
        return data, RoleFile.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeError("\n".join(_messages(path, exc))) from None


def load_role_file(path: str | Path) -> RoleFile:
    """Read and validate one knowledge file; errors are ``path:line: message``."""
    return _read(Path(path))[1]


def load_role(path: str | Path) -> Role:
    """The role of one knowledge file with its ``overrides`` and ``qa`` applied."""
    path = Path(path)
    data, role_file = _read(path)
    if not role_file.overrides and not role_file.qa:
        return role_file.role
    try:
        return _effective(role_file, data.get("role") or {})
    except ValidationError as exc:
        raise KnowledgeError("\n".join(_override_messages(path, exc, role_file))) from None


def load_roles(directory: str | Path) -> list[Role]:
    """Every role of a knowledge folder (overrides and Q&A applied), sorted by slug.

    All problems are collected and raised together as one :class:`KnowledgeError`, one
    ``path:line: message`` per line; duplicate slugs are an error too.
    """
    errors: list[str] = []
    roles: list[Role] = []
    seen: dict[str, Path] = {}
    directory = Path(directory)
    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: knowledge folder not found")
    for path in role_files(directory):
        try:
            role = load_role(path)
        except KnowledgeError as exc:
            errors.extend(str(exc).splitlines())
            continue
        if role.slug in seen:
            errors.append(f"{path}:1: duplicate slug {role.slug!r} (also in {seen[role.slug]})")
            continue
        seen[role.slug] = path
        roles.append(role)
    if errors:
        raise KnowledgeError("\n".join(errors))
    return sorted(roles, key=lambda r: r.slug)


def check_dir(directory: str | Path) -> list[str]:
    """Every problem of a knowledge folder as ``path:line: message`` (empty when all is well)."""
    try:
        load_roles(directory)
    except KnowledgeError as exc:
        return str(exc).splitlines()
    return []


# --- error locations -----------------------------------------------------------------------


def _kind(value: object) -> str:
    return "nothing" if value is None else type(value).__name__


def _compose(path: Path) -> yaml.Node | None:
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _node_line(root: yaml.Node | None, loc: Loc) -> int:
    """The 1-based line of the deepest YAML node along ``loc`` (1 when unknown)."""
    node = root
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    child = value
                    line = key.start_mark.line + 1
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
            line = child.start_mark.line + 1 if child is not None else line
        if child is None:
            break
        node = child
    return line


def _where(path: Path, loc: Loc) -> str:
    return f"{path}:{_node_line(_compose(path), loc)}"


def _format(loc: Loc, msg: str) -> str:
    dotted = ".".join(str(p) for p in loc)
    return f"{dotted}: {msg}" if dotted else msg


def _messages(path: Path, exc: ValidationError, *, base: Loc = ()) -> list[str]:
    root = _compose(path)
    out = []
    for err in exc.errors():
        loc: Loc = (*base, *err["loc"])
        out.append(f"{path}:{_node_line(root, loc)}: {_format(loc, err['msg'])}")
    return out


def _has_path(data: Any, loc: Loc) -> bool:
    for part in loc:
        in_mapping = isinstance(data, Mapping) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_mapping or in_list):
            return False
        data = data[part]
    return True


def _override_messages(path: Path, exc: ValidationError, role_file: RoleFile) -> list[str]:
    """Errors of the merged role, located in ``overrides`` when they came from there."""
    root = _compose(path)
    out = []
    for err in exc.errors():
        loc: Loc = tuple(err["loc"])
        top = loc[:1]
        if loc and loc[0] == "qa":
            where: Loc = ("qa",)
        elif top and _has_path(role_file.overrides, top):
            depth = max(
                i for i in range(1, len(loc) + 1) if _has_path(role_file.overrides, loc[:i])
            )
            where = ("overrides", *loc[:depth])
        else:
            where = ("role", *loc)
        out.append(f"{path}:{_node_line(root, where)}: {_format(('role', *loc), err['msg'])}")
    return out

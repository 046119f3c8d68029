"""Recruiter overrides laid over a built role, with the override as the source of what it set.

``overrides`` mirrors ``role`` and is deep-merged over it (mappings merge key by key, anything
else replaces, ``null`` removes). A fact the override sets or changes without giving its own
``source`` gets the override itself as its source ("… (set by the hiring team)"), and the posting
sentences of the facts it replaced or removed are *superseded*: they are dropped from the other
facts' sources and from ``sentences``, so no answer, scan or quote brings them back.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from bot.knowledge.schema import Fact, Role

HIRING_TEAM = "set by the hiring team"


def merge_overrides(raw_role: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``overrides`` merged over ``raw_role`` (both plain data), sources as described above."""
    superseded: set[str] = set()
    kept: set[str] = set()
    merged = _merge(Role, dict(raw_role), overrides, superseded, kept)
    superseded -= kept
    if superseded:
        merged = _without(merged, superseded)
    return merged


def _merge(
    model: type[BaseModel] | None,
    base: dict[str, Any],
    overrides: Mapping[str, Any],
    superseded: set[str],
    kept: set[str],
) -> dict[str, Any]:
    merged = dict(base)
    for key, value in overrides.items():
        inner = _model_of(model, key)
        is_fact = inner is not None and issubclass(inner, Fact)
        old = merged.get(key)
        if value is None:
            if is_fact or _has_sources(old):
                superseded |= _sources(old)
            merged.pop(key, None)
        elif isinstance(value, Mapping):
            start = dict(old) if isinstance(old, Mapping) else {}
            child = _merge(inner, start, value, superseded, kept)
            if is_fact:
                prior = old if isinstance(old, Mapping) else None
                child = _stamped(child, value, prior, superseded, kept)
            merged[key] = child
        elif isinstance(value, list) and is_fact:
            superseded |= _sources(old)
            merged[key] = [
                _stamped(_merge(inner, {}, item, superseded, kept), item, None, superseded, kept)
                if isinstance(item, Mapping)
                else item
                for item in value
            ]
        else:
            if (key == "source" or key.endswith("_source")) and isinstance(value, list):
                kept.update(str(s) for s in value)
            merged[key] = value
    return merged


def _stamped(
    fact: dict[str, Any],
    override: Mapping[str, Any],
    old: Mapping[str, Any] | None,
    superseded: set[str],
    kept: set[str],
) -> dict[str, Any]:
    """``fact`` with the override as its source, unless the override names one itself."""
    if "source" in override:
        kept.update(str(s) for s in override["source"] or ())
        return fact
    if old is not None:
        superseded |= {str(s) for s in old.get("source") or ()}
    fact["source"] = [_said(override)]
    return fact


def _said(override: Mapping[str, Any]) -> str:
    text = override.get("text")
    if isinstance(text, str) and text.strip():
        return f"{text.strip()} ({HIRING_TEAM})"
    parts = [
        f"{k.replace('_', ' ')}: {v}"
        for k, v in override.items()
        if isinstance(v, str | int | float | bool) and k != "source"
    ]
    detail = f": {'; '.join(parts)}" if parts else ""
    return f"{HIRING_TEAM[0].upper()}{HIRING_TEAM[1:]}{detail}"


def _model_of(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    """The pydantic model of field ``key`` of ``model`` (through ``X | None`` and
    ``tuple[X, ...]``), or None when the field holds plain values."""
    if model is None or key not in model.model_fields:
        return None
    annotation: Any = model.model_fields[key].annotation
    for _ in range(3):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType, tuple):
            args = [a for a in typing.get_args(annotation) if a not in (type(None), Ellipsis)]
            if len(args) != 1:
                return None
            annotation = args[0]
        else:
            return None
    return None


def _has_sources(value: Any) -> bool:
    return bool(_sources(value))


def _sources(value: Any) -> set[str]:
    """Every source sentence inside ``value`` (a fact, a list of facts, nested models)."""
    found: set[str] = set()
    if isinstance(value, Mapping):
        for key, item in value.items():
            if (key == "source" or str(key).endswith("_source")) and isinstance(item, list | tuple):
                found.update(str(s) for s in item)
            else:
                found |= _sources(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found |= _sources(item)
    return found


def _without(value: Any, superseded: set[str], key: str = "") -> Any:
    """``value`` with the superseded sentences taken out of sources and ``sentences``."""
    if isinstance(value, Mapping):
        return {k: _without(v, superseded, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        if key in ("source", "sentences") or key.endswith("_source"):
            return [s for s in value if s not in superseded]
        return [_without(v, superseded) for v in value]
    return value

"""Technology names a candidate may ask about ("do you use Rust?"), with their aliases.

Used to notice a named technology in a question and compare it with the role's tech stack.
Names here only help *find* a mention; an answer says "yes" only when the role's own
``tech_stack`` lists it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.knowledge.schema import TechItem
from bot.knowledge.vocab import technologies


def _key(text: str) -> str:
    return " ".join(re.findall(r"[\w#+./]+", text.casefold())).strip(".")


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Every name a question may use (knowledge/vocab/tech.yaml) -> the canonical name."""
    out: dict[str, str] = {}
    for tech in technologies():
        for alias in tech.ask:
            out.setdefault(_key(alias), tech.name)
    return out


def _tokens(text: str) -> list[str]:
    return [t.rstrip(".?!,") for t in re.findall(r"[\w#+./]+", text.casefold())]


def mentioned(question: str, stack: Iterable[TechItem]) -> list[str]:
    """Technologies named in the question: the role's own names first, then known ones.

    "Go" is only recognised as "Go"/"Golang" written that way, since "go" is a common verb.
    """
    stack = tuple(stack)
    own = {_key(item.name): item.name for item in stack}
    table = {**_aliases(), **own}
    for name in _exact():
        if own.get(_key(name)) == name:
            table.pop(_key(name), None)
    words = _tokens(question)
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            phrase = " ".join(words[i : i + n])
            if len(words) - i >= n and phrase in table:
                if table[phrase] not in found:
                    found.append(table[phrase])
                i += n
                break
        else:
            i += 1
    for name in _exact():
        if name not in found and re.search(rf"(?<![\w.#+/-]){re.escape(name)}(?![\w#+])", question):
            found.append(name)
    return found


@lru_cache(maxsize=1)
def _exact() -> tuple[str, ...]:
    """Names that count in a question only as written: "Go", not the verb "go"."""
    return tuple(t.name for t in technologies() if t.ask_exact)


def in_stack(name: str, stack: Iterable[TechItem]) -> TechItem | None:
    """The role's stack item for a technology name (matching canonical names and aliases)."""
    target = _key(name)
    canonical = _aliases().get(target, name)
    for item in stack:
        key = _key(item.name)
        if key == target or _aliases().get(key) == canonical or key.startswith(f"{target} "):
            return item
    return None

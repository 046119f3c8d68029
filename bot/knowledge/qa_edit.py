"""Adding a recruiter's Q&A entry to a role's knowledge file (``inbox answer``).

The entry goes into the file's ``qa`` list, the recruiter's own part that ``kb build`` keeps
across rebuilds (see knowledge/README.md). Only the ``qa:`` block is rewritten when it is the
last key (as the builder writes it), so ``overrides`` keep their comments; the result is
validated before it atomically replaces the file.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bot.errors import KnowledgeError
from bot.knowledge.store import _load_yaml, load_role, role_files

_QA_START = re.compile(r"^qa:", re.M)
_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*:", re.M)


def find_role_file(directory: Path, slug: str) -> Path:
    """The knowledge file of role ``slug`` in ``directory`` (``<slug>.yaml`` first)."""
    for candidate in (directory / f"{slug}.yaml", directory / f"{slug}.yml"):
        if candidate.is_file():
            return candidate
    for path in role_files(directory):
        data = _load_yaml(path)
        identity = (data.get("role") or {}).get("identity") if isinstance(data, dict) else None
        if isinstance(identity, dict) and identity.get("slug") == slug:
            return path
    raise KnowledgeError(f"no knowledge file for role {slug!r} in {directory}")


def add_qa(path: Path, questions: Sequence[str], answer: str) -> None:
    """Append ``{questions, answer}`` to the ``qa`` of the knowledge file at ``path``."""
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}:1: not a knowledge file")
    qa: list[Any] = list(data.get("qa") or [])
    qa.append({"questions": list(dict.fromkeys(q.strip() for q in questions if q.strip())),
               "answer": answer.strip()})  # fmt: skip
    text = path.read_text(encoding="utf-8")
    block = yaml.safe_dump({"qa": qa}, allow_unicode=True, sort_keys=False, width=4096)
    start = _QA_START.search(text)
    if start is None:
        new = text if text.endswith("\n") else text + "\n"
        new += block
    elif _TOP_KEY.search(text, start.end()) is None:
        new = text[: start.start()] + block
    else:
        raise KnowledgeError(f"{path}: put the qa: list last in the file to add entries to it")
    _replace(path, new)


def _replace(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        load_role(tmp)  # the edited file must still load, overrides and Q&A applied
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

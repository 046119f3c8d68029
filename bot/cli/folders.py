"""The knowledge folder a command uses, with errors that name the setting the user set."""

from __future__ import annotations

import os
from pathlib import Path

from bot.errors import UsageError

POSTING_SUFFIXES = (".md", ".txt", ".html", ".htm")


def knowledge_dir(value: str | Path | None, *, need_roles: bool = True) -> Path:
    """``--knowledge`` when given, else ``KNOWLEDGE_DIR``, else the shipped folder.

    A missing folder is a :class:`UsageError` naming where the path came from; so is a folder
    that holds postings but no role files (``need_roles``), with the ``kb build`` to run.
    """
    if value is not None and str(value) != "":
        path, origin = Path(value), f"--knowledge {value}"
    else:
        from bot.config import load_settings

        path = load_settings().knowledge_dir
        if os.environ.get("KNOWLEDGE_DIR"):
            origin = f"KNOWLEDGE_DIR={os.environ['KNOWLEDGE_DIR']}"
        else:
            origin = f"the default knowledge folder {path}"
    if not path.is_dir():
        raise UsageError(f"{origin}: no such folder")
    if need_roles:
        _check_has_roles(path, origin)
    return path


def _check_has_roles(path: Path, origin: str) -> None:
    from bot.knowledge.store import NOT_ROLES

    names = []
    with os.scandir(path) as it:
        for item in it:
            name = item.name
            if name.endswith((".yaml", ".yml")) and name not in NOT_ROLES and name[0] != ".":
                return
            names.append(item.name)
    postings = [n for n in names if n.lower().endswith(POSTING_SUFFIXES)]
    if postings:
        raise UsageError(
            f"{origin}: no role files (*.yaml), only {len(postings)} posting(s); build them "
            f"first: python -m bot kb build {path} --out {path}"
        )

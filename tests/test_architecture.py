"""Architecture rules that keep the core platform-free."""

from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN = ("slack_bolt", "slack_sdk", "telegram", "adapters")
BOT = Path(__file__).resolve().parent.parent / "bot"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_no_platform_library() -> None:
    """No module under bot/ imports Slack, Telegram or the adapters package at module level
    (the CLI's ``run`` command loads adapters lazily by name with importlib)."""
    offenders = {
        str(p.relative_to(BOT)): sorted(_imports(p) & set(FORBIDDEN)) for p in BOT.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_modules_stay_small() -> None:
    """Every module stays under ~400 lines; split into a package before that."""
    big = {
        str(p.relative_to(BOT)): n
        for p in BOT.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert big == {}

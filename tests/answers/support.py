"""Shared helpers for the answers tests: fixture roles and one fitted assistant per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from bot.assistant import Assistant
from bot.knowledge.schema import Role, RoleFile
from bot.matching import Matcher, load_catalogue

ROLES = Path(__file__).resolve().parent.parent / "fixtures" / "roles"
QUESTIONS = Path(__file__).resolve().parent.parent / "fixtures" / "answers"

SEED = "monzo-senior-backend-engineer"
HOURLY = "remote-ai-engineer-contract"
US = "salesforce-developer-109320"
BARE = "bare-engineer"


def role(name: str) -> Role:
    """A fixture role by file stem (``monzo``, ``hourly_contract``, ``us_remote``, ``bare``)."""
    data = yaml.safe_load((ROLES / f"{name}.yaml").read_text(encoding="utf-8"))
    return RoleFile.model_validate(data).role


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    """The shipped catalogue's matcher, fitted once per test process."""
    return Matcher(load_catalogue())


def assistant(*names: str) -> Assistant:
    """A fresh assistant (own conversations) over the named fixture roles."""
    return Assistant([role(n) for n in names], matcher().catalogue, matcher())

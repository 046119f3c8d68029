"""A fake job board serving the fixtures, and a fresh database and knowledge folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fakes.job_boards import FakeJobBoards

BOARDS = Path(__file__).resolve().parent.parent / "fixtures" / "boards"


def fixture(name: str) -> object:
    return json.loads((BOARDS / name).read_text(encoding="utf-8"))


@dataclass
class Env:
    boards: FakeJobBoards
    tmp: Path

    @property
    def knowledge(self) -> Path:
        return self.tmp / "knowledge"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    """The fake boards (every fixture served) and the settings pointing at them."""
    with FakeJobBoards() as boards:
        boards.put("/greenhouse/acmepay/jobs", fixture("greenhouse.json"))
        boards.put("/lever/northwind", fixture("lever.json"))
        boards.put("/lever-eu/northwind", fixture("lever.json"))
        boards.put("/ashby/lumen", fixture("ashby.json"))
        boards.put("/workable/harbor", fixture("workable.json"))
        boards.put("/pages/orbit", (BOARDS / "orbit-job.html").read_text(encoding="utf-8"))
        for name, value in boards.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
        monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path / "knowledge"))
        monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setenv("SOURCE_TIMEOUT_SECONDS", "2")
        yield Env(boards, tmp_path)

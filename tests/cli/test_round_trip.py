"""The recruiter loop on the command line, on a fresh database (SQLite and PostgreSQL):
questions asked as a user → the inbox groups paraphrases → a recruiter answer reaches the
same and a paraphrased question → export shows them → erase leaves no trace in the database."""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.cli import main
from bot.storage.engine import make_engine
from bot.storage.models import Base

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
UNANSWERABLE = (
    "Is there a gym at the office?",
    "Can I bring my dog to work?",
    "Do you have a gym?",
)
ANSWER = "Yes: the London office has a free gym, open 7am to 10pm."


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"
        return
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL storage tests skipped")
    schema = f"test_rt_{secrets.token_hex(5)}"
    engine = make_engine(url)
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        conn.commit()
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.commit()
        engine.dispose()


@pytest.fixture
def env(
    database: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """Settings for the CLI: the fresh database and a knowledge folder with one role."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(FIXTURES / "roles" / "monzo.yaml", knowledge / "monzo.yaml")
    monkeypatch.setenv("DATABASE_URL", database)
    monkeypatch.setenv("KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("PRIVACY_KEY", "test-key-0123456789abcdef")
    monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "matcher-cache"))
    return knowledge


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[dict[str, object]]:
    assert main(argv) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def _export(capsys: pytest.CaptureFixture[str], user: str) -> list[dict[str, object]]:
    assert main(["privacy", "export", user, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["user"] == user
    return list(data["questions"])


def _everything(url: str) -> str:
    """Every value of every row of every table, as one string."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = [
                repr(tuple(row))
                for table in Base.metadata.sorted_tables
                for row in conn.execute(select(table))
            ]
    finally:
        engine.dispose()
    return "\n".join(rows)


def test_ask_inbox_answer_export_erase(
    env: Path, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The acceptance round trip, checked in the database at the end."""
    for question in UNANSWERABLE:
        (answer,) = _json(capsys, ["ask", "--as", "console:alice", "--json", question])
        assert answer["answered"] is False
    assert main(["ask", "is there a gym?"]) == 0  # plain ask never records
    capsys.readouterr()

    groups = _json(capsys, ["inbox", "--json"])
    assert len(groups) == 2
    gym = next(g for g in groups if g["count"] == 2)
    assert sorted(gym["questions"]) == sorted([UNANSWERABLE[0], UNANSWERABLE[2]])  # type: ignore[arg-type]
    assert {"id", "count", "question", "questions", "roles", "first_seen", "last_seen"} <= set(gym)
    assert gym["roles"] == ["monzo-senior-backend-engineer"]

    assert main(["inbox", "answer", str(gym["id"]), ANSWER]) == 0
    capsys.readouterr()
    assert "gym" in (env / "monzo.yaml").read_text(encoding="utf-8").split("\nqa:")[1]
    for question in ("Is there a gym at the office?", "does the office have a gym?"):
        (answer,) = _json(capsys, ["ask", "--json", question])
        assert answer["text"] == ANSWER and answer["answered"] is True
    remaining = _json(capsys, ["inbox", "--json"])
    assert [g["question"] for g in remaining] == [UNANSWERABLE[1]]

    asked = [q["question"] for q in _export(capsys, "console:alice")]
    assert asked == list(UNANSWERABLE)

    assert main(["privacy", "erase", "console:alice"]) == 0
    capsys.readouterr()
    assert _export(capsys, "console:alice") == []
    stored = _everything(database)
    assert "alice" not in stored
    for question in UNANSWERABLE:
        assert question not in stored
    assert _json(capsys, ["inbox", "--json"]) == []


def test_bad_user_is_a_usage_error(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """USER must be PLATFORM:ID with a known platform."""
    assert main(["privacy", "export", "alice"]) == 2
    assert "PLATFORM:ID" in capsys.readouterr().err
    assert main(["ask", "--as", "irc:bob", "hi"]) == 2

"""``ask``, ``chat`` and ``eval`` on the command line: the JSON contract and stdin mode."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent.parent
KEYS = {"answered", "intent", "intents", "confidence", "role", "text", "sources"}


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One matcher cache for this module's commands (fitted once, never in $HOME)."""
    return tmp_path_factory.mktemp("matcher-cache")


@pytest.fixture
def knowledge(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A knowledge folder with the seed fixture role."""
    folder = tmp_path / "kb"
    folder.mkdir()
    shutil.copy(FIXTURES / "roles" / "monzo.yaml", folder / "monzo.yaml")
    monkeypatch.setenv("BOT_CACHE_DIR", str(cache_dir))
    return folder


def test_ask_json_contract(knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints exactly the contract's keys with the answer."""
    assert main(["ask", "--knowledge", str(knowledge), "--json", "what's the salary?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == KEYS
    assert data["answered"] is True and data["intent"] == "salary"
    assert data["intents"] == ["salary"] and isinstance(data["confidence"], float)
    assert data["role"] == "monzo-senior-backend-engineer"
    assert "£95,000" in data["text"] and data["sources"]


def test_ask_plain_text_shows_sources(knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Plain text is the answer followed by its source lines."""
    assert main(["ask", "--knowledge", str(knowledge), "do you sponsor visas?"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Yes, visa sponsorship")
    assert lines[1] == "Source: ✅We can sponsor visas."


def test_ask_stdin_one_line_per_question(
    knowledge: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With '-' each stdin line gets exactly one output line, in order (empty ones too)."""
    questions = "salary?\nwhat are the interview stages?\n\nhow do I freeze my card?\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(questions))
    assert main(["ask", "--knowledge", str(knowledge), "--json", "-"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a["intent"] for a in out] == ["salary", "interview_process", "help", "oos_banking"]
    assert [a["answered"] for a in out] == [True, True, False, False]


def test_ask_stdin_plain_lines(
    knowledge: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plain stdin mode keeps multi-line answers on one line each."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("benefits?\nhi\n"))
    assert main(["ask", "--knowledge", str(knowledge), "-"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "[Source:" in lines[0]


def test_ask_unknown_role_is_a_usage_error(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--role with a slug that isn't loaded exits 2 with a one-line error."""
    assert main(["ask", "--knowledge", str(knowledge), "--role", "nope", "salary"]) == 2
    assert "no such role" in capsys.readouterr().err


def test_ask_missing_knowledge_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A knowledge folder that doesn't exist is a usage error, not a traceback."""
    assert main(["ask", "--knowledge", str(tmp_path / "missing"), "salary"]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_eval_scores_and_exit_code(
    knowledge: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """eval prints per-category scores and failures; --min sets the exit status."""
    questions = tmp_path / "q.yaml"
    questions.write_text(
        "questions:\n"
        "- {cat: core, q: 'salary?', expect: ['95,?000']}\n"
        "- {cat: core, q: 'visa?', expect: ['nonsense-never-there']}\n"
        "- {cat: oos, q: 'I lost my card', unanswered: true}\n",
        encoding="utf-8",
    )
    args = ["eval", str(questions), "--knowledge", str(knowledge)]
    assert main([*args, "--min", "0.6"]) == 0
    out = capsys.readouterr().out
    assert "FAIL WRONG [core] 'visa?'" in out and "oos" in out and "66.7%" in out
    assert main([*args, "--min", "90"]) == 1


def test_chat_session(
    knowledge: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """chat answers questions, lists and chooses roles, and quits."""
    monkeypatch.setenv("BOT_DATA_DIR", str(knowledge.parent))
    lines = iter(["/role", "/role monzo-senior-backend-engineer", "is it remote?", "/quit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    assert main(["chat", "--knowledge", str(knowledge)]) == 0
    out = capsys.readouterr().out
    assert "monzo-senior-backend-engineer" in out and "United Kingdom" in out


def test_python_m_bot_ask_subprocess(knowledge: Path, cache_dir: Path, tmp_path: Path) -> None:
    """The real entry point answers through stdin and flushes one JSON line per question."""
    env = {"PATH": "/usr/bin:/bin", "BOT_CACHE_DIR": str(cache_dir), "HOME": str(tmp_path)}
    proc = subprocess.run(  # noqa: S603 — a fixed argv of this interpreter, no shell
        [sys.executable, "-m", "bot", "ask", "--knowledge", str(knowledge), "--json", "-"],
        input="remote?\nthanks\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [a["intent"] for a in answers] == ["remote", "thanks"]


def test_ask_with_role_among_several(knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--role answers for that role when several are loaded."""
    shutil.copy(
        FIXTURES / "roles" / "us_remote.yaml", knowledge / "salesforce-developer-109320.yaml"
    )
    args = ["ask", "--knowledge", str(knowledge), "--json", "--role"]
    assert main([*args, "salesforce-developer-109320", "what's the salary?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["role"] == "salesforce-developer-109320" and "$125,000" in data["text"]
    assert main(["ask", "--knowledge", str(knowledge), "--json", "what's the salary?"]) == 0
    assert json.loads(capsys.readouterr().out)["answered"] is False


def test_eval_corpus_format_builds_postings(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 'postings' file builds each posting and prints right/wrong/missed; --json too."""
    questions = FIXTURES / "eval" / "corpus_format.yaml"
    args = ["eval", str(questions), "--corpus", str(FIXTURES / "postings")]
    assert main([*args, "--min", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "right  wrong missed" in out and "posting kind" in out
    assert main([*args, "--min", "0.9"]) == 1
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["right"], data["wrong"], data["missed"]) == (2, 1, 1)


def test_eval_corpus_folder_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A corpus folder that isn't there is a usage error naming it."""
    questions = FIXTURES / "eval" / "corpus_format.yaml"
    assert main(["eval", str(questions), "--corpus", str(tmp_path / "nope")]) == 2
    assert "not found" in capsys.readouterr().err

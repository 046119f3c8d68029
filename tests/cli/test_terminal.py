"""Terminal hygiene: pipes, binary stdin, empty questions, settings named as the user set them."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.errors import ConfigError
from bot.storage import open_store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A knowledge folder with the seed fixture role; caches in the test's folder."""
    folder = tmp_path / "kb"
    folder.mkdir()
    shutil.copy(FIXTURES / "roles" / "monzo.yaml", folder / "monzo.yaml")
    monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "data"))
    return folder


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "BOT_CACHE_DIR": str(tmp_path / "cache"),
        "BOT_DATA_DIR": str(tmp_path / "data"),
    }


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_ends_quietly(
    knowledge: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the reader has gone (``| head -1``) the command stops without a traceback."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("salary?\nvisa?\n"))
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["ask", "--knowledge", str(knowledge), "-"]) == 141
    assert capsys.readouterr().err == ""


def test_ask_piped_into_head_has_no_traceback(knowledge: Path, tmp_path: Path) -> None:
    """``ask - | head -1`` with many questions: one line out, nothing on stderr."""
    questions = tmp_path / "q.txt"
    questions.write_text("salary?\n" * 300, encoding="utf-8")
    err = tmp_path / "err.txt"
    command = (
        f"'{sys.executable}' -m bot ask --knowledge '{knowledge}' - < '{questions}' "
        f"2> '{err}' | head -1"
    )
    proc = subprocess.run(  # noqa: S603 - a fixed command line of this interpreter
        ["/bin/sh", "-c", command], capture_output=True, text=True, cwd=ROOT,
        env=_env(tmp_path), timeout=120, check=False,
    )  # fmt: skip
    assert proc.stdout.count("\n") == 1 and "£95,000" in proc.stdout
    assert err.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("encoding", ["", "utf-8"])
def test_binary_stdin_is_refused_with_one_line(
    knowledge: Path, tmp_path: Path, encoding: str
) -> None:
    """Binary input to ``ask -`` exits 1 with one line, whatever PYTHONIOENCODING says."""
    proc = subprocess.run(  # noqa: S603 - a fixed command line of this interpreter
        [sys.executable, "-m", "bot", "ask", "--knowledge", str(knowledge), "-"],
        input=b"\xff\xfe\x00\x01\x02binary\n", capture_output=True, cwd=ROOT,
        env={**_env(tmp_path), "PYTHONIOENCODING": encoding}, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and "not UTF-8 text" in lines[0], proc.stderr


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_is_a_usage_error(
    knowledge: Path, capsys: pytest.CaptureFixture[str], question: str
) -> None:
    """An empty question exits 2 with the usage line."""
    assert main(["ask", "--knowledge", str(knowledge), question]) == 2
    err = capsys.readouterr().err
    assert "usage: python -m bot ask" in err and "empty" in err


def test_out_under_a_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``kb build --out FILE/sub`` is one line naming the file, not a traceback."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    posting = FIXTURES / "postings"
    assert main(["kb", "build", str(posting), "--out", str(a_file / "kb")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{a_file} is a file" in err


def test_errors_name_knowledge_dir_when_it_was_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing folder from KNOWLEDGE_DIR says KNOWLEDGE_DIR; from --knowledge, --knowledge."""
    missing = tmp_path / "nope"
    monkeypatch.setenv("KNOWLEDGE_DIR", str(missing))
    assert main(["ask", "salary?"]) == 2
    assert f"KNOWLEDGE_DIR={missing}: no such folder" in capsys.readouterr().err
    assert main(["ask", "--knowledge", str(missing), "salary?"]) == 2
    assert f"--knowledge {missing}: no such folder" in capsys.readouterr().err
    assert main(["kb", "show", "some-role"]) == 2
    assert "KNOWLEDGE_DIR=" in capsys.readouterr().err


def test_postings_without_role_files_say_to_run_kb_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder of postings and no role files points at ``kb build``."""
    folder = tmp_path / "postings"
    folder.mkdir()
    (folder / "job.txt").write_text("Backend Engineer at Acme. We can sponsor visas.\n")
    assert main(["ask", "--knowledge", str(folder), "salary?"]) == 2
    err = capsys.readouterr().err
    assert "no role files" in err and f"python -m bot kb build {folder} --out" in err


def test_bad_log_level_is_one_line() -> None:
    """LOG_LEVEL=LOUD is a ConfigError naming LOG_LEVEL (processes stop with one line)."""
    with pytest.raises(ConfigError, match=r"^LOG_LEVEL is malformed"):
        load_settings({"LOG_LEVEL": "LOUD"})
    assert load_settings({"LOG_LEVEL": "debug"}).log_level == "DEBUG"


def test_unknown_sender_platform_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``run sender --platforms discord`` stops with one line instead of serving nothing."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    assert main(["run", "sender", "--once", "--platforms", "discord"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown platform 'discord'" in err


def test_default_database_does_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The default SQLite file is in the per-user data folder, shown by ``where``."""
    monkeypatch.delenv("BOT_DATA_DIR", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    urls = set()
    for cwd in (tmp_path / "a", tmp_path / "b"):
        cwd.mkdir()
        monkeypatch.chdir(cwd)
        urls.add(load_settings({}).database_url)
    assert len(urls) == 1
    [url] = urls
    assert str(tmp_path / "a") not in url and "hiring-assistant-bot" in url
    assert main(["where"]) == 0
    out = capsys.readouterr().out
    assert url in out and "data folder" in out


def test_missing_folder_of_an_explicit_sqlite_path_is_an_error(tmp_path: Path) -> None:
    """A typo in DATABASE_URL's folder is an error, not a new empty database."""
    target = tmp_path / "no-such-folder" / "bot.db"
    with pytest.raises(ConfigError, match="does not exist"):
        open_store(f"sqlite:///{target}")
    assert not target.parent.exists()

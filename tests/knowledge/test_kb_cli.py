"""Tests of ``python -m bot kb build|check|show`` through the CLI entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.knowledge.test_build import posting


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_build_all_good_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """All postings built: exit 0 and stdout ends with the summary line."""
    (tmp_path / "a.md").write_text(posting())
    code, out, err = run(
        capsys, "kb", "build", str(tmp_path / "a.md"), "--out", str(tmp_path / "k")
    )
    assert code == 0 and err == ""
    assert out.splitlines()[-1].startswith("built 1, rejected 0 in ")
    assert out.rstrip().endswith(" s")
    assert (tmp_path / "k" / "backend-engineer-1.yaml").is_file()


def test_build_with_rejections_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A rejected file gets one ``path: reason`` line on stderr and the exit status is 1."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.md").write_text(posting())
    (src / "empty.md").write_text("")
    (src / "binary.txt").write_bytes(b"\x00\x01" * 200)
    code, out, err = run(capsys, "kb", "build", str(src), "--out", str(tmp_path / "k"))
    assert code == 1
    assert out.splitlines()[-1].startswith("built 1, rejected 2 in ")
    assert sorted(err.splitlines()) == [
        f"{src / 'binary.txt'}: binary file: contains NUL bytes, not text",
        f"{src / 'empty.md'}: empty file",
    ]
    assert "Traceback" not in err


def test_build_missing_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A path that does not exist is a usage error (exit 2), nothing is built."""
    code, _out, err = run(capsys, "kb", "build", str(tmp_path / "nope"), "--out", str(tmp_path))
    assert code == 2 and "no such file or folder" in err


def test_build_without_out_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """``--out`` is required."""
    code, _out, err = run(capsys, "kb", "build", "x.md")
    assert code == 2 and "--out" in err


def test_check_reports_path_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``kb check`` prints ``path:line: message`` per problem and exits 1."""
    (tmp_path / "a.md").write_text(posting())
    run(capsys, "kb", "build", str(tmp_path / "a.md"), "--out", str(tmp_path / "k"))
    good = tmp_path / "k" / "backend-engineer-1.yaml"
    code, out, _err = run(capsys, "kb", "check", str(tmp_path / "k"))
    assert code == 0 and out.startswith("ok: 1 knowledge files")
    good.write_text(good.read_text().replace("  identity:", "  identity: [oops"))
    code, out, _err = run(capsys, "kb", "check", str(tmp_path / "k"))
    assert code == 1
    assert out.startswith(f"{good}:") and "YAML syntax error" in out


def test_show_lists_facts_and_gaps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``kb show`` prints the role and what the posting does not say."""
    (tmp_path / "a.md").write_text(posting())
    run(capsys, "kb", "build", str(tmp_path / "a.md"), "--out", str(tmp_path / "k"))
    code, out, _err = run(
        capsys, "kb", "show", "backend-engineer-1", "--knowledge", str(tmp_path / "k")
    )
    assert code == 0
    assert out.startswith("Backend Engineer — Paylane\n")
    gaps = out.split("Not stated in the posting")[1]
    assert "visa sponsorship" in gaps and "relocation" in gaps


def test_show_unknown_slug_suggests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown slug is a one-line error with close matches, exit 1."""
    (tmp_path / "a.md").write_text(posting())
    run(capsys, "kb", "build", str(tmp_path / "a.md"), "--out", str(tmp_path / "k"))
    code, _out, err = run(
        capsys, "kb", "show", "backend-engineer", "--knowledge", str(tmp_path / "k")
    )
    assert code == 1
    assert err.strip() == (
        "error: no role with slug 'backend-engineer'; did you mean backend-engineer-1?"
    )


def test_build_reports_progress_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Long runs print ``progress: done/total`` lines to stderr, never to stdout."""
    from bot.cli import kb_cmd

    monkeypatch.setattr(kb_cmd, "PROGRESS_FILES", 1)
    src = tmp_path / "src"
    src.mkdir()
    for n in range(30):
        (src / f"p{n}.md").write_text(posting(slug=f"engineer-{n}"))
    code, out, err = run(capsys, "kb", "build", str(src), "--out", str(tmp_path / "k"))
    assert code == 0
    assert err.startswith("progress: 24/30 postings (24 built, 0 rejected) in ")
    assert "progress" not in out

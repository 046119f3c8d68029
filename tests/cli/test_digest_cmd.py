"""The recruiter walkthrough from the README, end to end on a temporary SQLite database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage import open_store

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "digest_postings"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    """A fresh database URL in the environment and a fresh copy of three postings."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path / "knowledge"))
    monkeypatch.delenv("RECRUITERS", raising=False)
    postings = tmp_path / "postings"
    shutil.copytree(FIXTURE, postings)  # fresh mtimes: first seen "now"
    return url, postings


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_from_nothing_to_a_digest_printed_on_the_console(
    env: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """sync → schedule → list → preview → run-now --send prints the digest, queued once."""
    url, postings = env
    code, out, _ = run(capsys, "openings", "sync", str(postings), "--json")
    assert code == 0 and json.loads(out.strip().splitlines()[-1])["new"] == 3

    code, out, _ = run(capsys, "digest", "schedule", "weekly", "mon 09:00", "--to", "console")
    assert code == 0 and out.startswith("scheduled weekly: mon 09:00 Europe/London → console")

    code, out, _ = run(capsys, "digest", "list", "--json")
    [row] = json.loads(out)
    assert row["cron"] == "0 9 * * 1" and row["last_run"] is None
    assert row["next_run"].endswith(("T09:00:00+00:00", "T09:00:00+01:00"))  # 09:00 London

    code, out, _ = run(capsys, "digest", "preview", "weekly")
    assert code == 0 and "--- to console ---" in out
    assert "3 new openings since" in out and "Platform Engineer at Gopher Ltd" in out

    code, out, _ = run(capsys, "digest", "run-now", "weekly", "--send")
    assert code == 0
    assert "1 delivery(ies) queued" in out
    assert "Backend Engineer, Payments at Acme Pay" in out  # printed by the console sender
    assert "deliveries: sent 1" in out

    store = open_store(url)
    try:
        [delivery] = store.deliveries.list()
        assert delivery.status == "sent" and ":manual:" in delivery.key
        [schedule] = store.schedules.list()
        assert schedule.last_run_at is not None
    finally:
        store.close()

    code, out, _ = run(capsys, "digest", "run-now", "weekly")
    assert "nothing new" in out


def test_run_now_without_send_is_printed_by_the_sender_process(
    env: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --send the digest waits in the outbox until ``run sender`` prints it."""
    _, postings = env
    run(capsys, "openings", "sync", str(postings))
    run(
        capsys,
        "digest", "schedule", "golang", "weekdays", "17:00", "skill=Golang",
        "--to", "console", "--tz", "Europe/Paris",
    )  # fmt: skip
    code, out, _ = run(capsys, "digest", "run-now", "golang")
    assert code == 0 and "1 new opening(s)" in out and "Platform Engineer" not in out
    code, out, _ = run(capsys, "run", "sender", "--once")
    assert code == 0 and "Platform Engineer at Gopher Ltd" in out
    assert "Data Engineer" not in out


def test_lifecycle_and_errors_exit_codes(
    env: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """pause/resume/delete succeed with 0; bad input is a one-line error with exit 2."""
    run(capsys, "digest", "schedule", "daily", "daily 08:30", "--to", "console")
    assert run(capsys, "digest", "pause", "daily")[1].startswith("paused daily")
    assert "paused" in run(capsys, "digest", "list")[1]
    assert run(capsys, "digest", "resume", "daily")[1].startswith("resumed daily")
    assert run(capsys, "digest", "delete", "daily")[1].startswith("deleted daily")

    code, _, err = run(capsys, "digest", "schedule", "x", "mon 25:00", "--to", "console")
    assert code == 2 and err.strip() == "error: 'mon 25:00': hour must be 0-23"
    code, _, err = run(capsys, "digest", "schedule", "x", "mon 9:00", "--to", "console",
                       "--tz", "Nowhere/City")  # fmt: skip
    assert code == 2 and "unknown time zone 'Nowhere/City'" in err
    code, _, err = run(capsys, "digest", "preview", "missing")
    assert code == 2 and "no schedule named 'missing'" in err
    code, _, err = run(capsys, "digest")
    assert code == 2 and err.startswith("error: usage: digest schedule")


def test_send_and_outbox_use_the_same_words_with_the_reason(
    env: tuple[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A delivery that cannot go is reported by run-now --send exactly as outbox lists it."""
    _, postings = env
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    run(capsys, "openings", "sync", str(postings))
    run(capsys, "digest", "schedule", "weekly", "mon 09:00", "--to", "telegram:42")
    code, out, _ = run(capsys, "digest", "run-now", "weekly", "--send")
    assert code == 0
    summary = next(line for line in out.splitlines() if line.startswith("deliveries: "))
    problems = [line for line in out.splitlines() if line.startswith(("failed:", "dead:"))]
    assert len(problems) == 1, out
    [problem] = problems
    assert "telegram:42" in problem and "TELEGRAM_BOT_TOKEN" in problem
    code, listed, _ = run(capsys, "outbox")
    assert listed.splitlines()[0] == summary.removeprefix("deliveries: ")
    assert problem in listed.splitlines()

"""Finding (low): unusable ``RECRUITERS`` entries were accepted silently (so nobody could run
``/digest``), and a bad SQLite path gave ``FileNotFoundError``. Now each is a one-line error
naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.errors import ConfigError
from bot.storage import open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "value",
    ["slack: U1", "telegram:@alice", "slack:u1", "slack:U1;telegram:42", "slack:", "teams:U1"],
)
def test_unusable_recruiters_are_refused(value: str) -> None:
    """Spaces, @usernames, lowercase ids and ';' separators are a one-line RECRUITERS error."""
    with pytest.raises(ConfigError) as caught:
        load_settings({"RECRUITERS": value})
    message = str(caught.value)
    assert message.startswith("RECRUITERS is malformed:")
    assert "\n" not in message
    assert repr(value.split(",")[0].strip()) in message or value in message


def test_usable_recruiters_are_kept() -> None:
    """Comma-separated Slack member ids and numeric Telegram ids, spaces around commas."""
    settings = load_settings({"RECRUITERS": "slack:U012AB3CD, telegram:42,slack:W1"})
    assert settings.recruiters == ("slack:U012AB3CD", "telegram:42", "slack:W1")


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/proc/no-such-dir/bot.db", "does not exist"), ("{tmp}", "is a folder")],
)
def test_a_bad_sqlite_path_is_a_clear_error(tmp_path: Path, path: str, reason: str) -> None:
    """A path whose folder cannot exist, or a folder, names DATABASE_URL in one line."""
    with pytest.raises(ConfigError, match=f"DATABASE_URL is unusable: .*{reason}"):
        open_store(f"sqlite:///{path.format(tmp=tmp_path)}")


def test_a_bad_sqlite_path_stops_a_process_at_once(tmp_path: Path) -> None:
    """``run sender`` with such a path exits 1 with the error line (it does not retry a
    setting as if it were an outage, nor print a traceback)."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": "sqlite:////proc/no-such-dir/bot.db",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "sender", "--once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "error: DATABASE_URL is unusable" in done.stderr

"""``python -m bot run slack``: one-line errors for missing, malformed or rejected tokens."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fakes.slack_api import FakeSlackAPI

ROOT = Path(__file__).resolve().parents[3]


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_"))}
    clean.update({"BOT_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/b.db"})
    return subprocess.run(  # noqa: S603 (our own CLI, fixed arguments)
        [sys.executable, "-m", "bot", *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_slack_without_tokens_is_one_line(tmp_path: Path) -> None:
    """Without tokens, ``run slack`` prints one line naming the variable and exits 1."""
    result = _run(["run", "slack"], {}, tmp_path)
    assert result.returncode == 1
    assert result.stderr == "error: SLACK_BOT_TOKEN is missing: set it in the environment\n"


def test_run_slack_with_a_malformed_app_token(tmp_path: Path) -> None:
    """A malformed SLACK_APP_TOKEN is named in a one-line error."""
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}
    result = _run(["run", "slack"], env, tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("error: SLACK_APP_TOKEN is malformed")
    assert result.stderr.count("\n") == 1


def test_run_slack_with_a_rejected_bot_token(tmp_path: Path, fake_api: FakeSlackAPI) -> None:
    """A bot token Slack rejects (auth.test fails at SLACK_API_URL) is a one-line error."""
    env = {
        "SLACK_BOT_TOKEN": "xoxb-wrong",
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_API_URL": fake_api.url,
    }
    result = _run(["run", "slack"], env, tmp_path)
    assert result.returncode == 1
    assert result.stderr == "error: SLACK_BOT_TOKEN was rejected by Slack: invalid_auth\n"
    assert [c.method for c in fake_api.calls()] == ["auth.test"]


def test_run_slack_with_a_rejected_app_token(tmp_path: Path, fake_api: FakeSlackAPI) -> None:
    """With a good bot token, an app-level token Slack rejects is a one-line error."""
    env = {
        "SLACK_BOT_TOKEN": fake_api.token,
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_API_URL": fake_api.url,
    }
    result = _run(["run", "slack"], env, tmp_path)
    assert result.returncode == 1
    assert result.stderr == "error: SLACK_APP_TOKEN was rejected by Slack: invalid_auth\n"
    assert [c.method for c in fake_api.calls()] == ["auth.test", "apps.connections.open"]

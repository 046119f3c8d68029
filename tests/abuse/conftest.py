"""The web process as an attacker meets it: ``python -m bot run web`` in a real subprocess on
127.0.0.1, wired to the fake Slack Web API and Telegram Bot API, its log captured to a file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.fakes.slack_api import FakeSlackAPI

ROOT = Path(__file__).resolve().parents[2]
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # a test secret
TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX"  # a test token
WEBHOOK_SECRET = "webhook-secret-for-tests"  # a test secret


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_bytes(pid: int) -> int:
    """The resident set size of process ``pid`` (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for {pid}")


@dataclass
class WebProcess:
    """A running ``python -m bot run web``."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.log()


def start_web(tmp_path: Path, env: Mapping[str, str], *, wait_ready: bool = True) -> WebProcess:
    """Start the web process with ``env`` added to a minimal environment."""
    port = free_port()
    log_path = tmp_path / f"web-{port}.log"
    full = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}",
        "LOG_LEVEL": "info",
        **env,
    }
    with log_path.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "web", "--host", "127.0.0.1"],
            cwd=ROOT,
            env=full,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    web = WebProcess(process, port, log_path)
    if wait_ready:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"web exited early:\n{web.log()}")
            try:
                if httpx.get(web.url + "/healthz", timeout=1).status_code == 200:
                    return web
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        web.stop()
        raise AssertionError(f"web did not start:\n{web.log()}")
    return web


@pytest.fixture
def slack_api() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as api:
        yield api


@pytest.fixture
def slack_web(tmp_path: Path, slack_api: FakeSlackAPI) -> Iterator[WebProcess]:
    """The web process serving Slack's HTTP mode, with a short header and body deadline."""
    web = start_web(
        tmp_path,
        {
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_BOT_TOKEN": slack_api.token,
            "SLACK_API_URL": slack_api.url,
            "WEB_HEADER_TIMEOUT": "1",
            "WEB_BODY_TIMEOUT": "2",
            "WEB_MAX_CONNECTIONS": "100",
        },
    )
    try:
        yield web
    finally:
        web.stop()

"""The shared web app: /healthz, the platform route registry, and ``run web`` errors."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import types
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from adapters import web
from bot.config import Settings, load_settings
from tests.fakes.slack_api import ServerThread

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_lists_platforms() -> None:
    """GET /healthz answers ok with the platforms being served."""
    app = web.create_app(load_settings({}), mounted={"slack": []})
    with ServerThread(app) as server:
        response = httpx.get(server.url + "/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "platforms": ["slack"]}


def test_enabled_platforms_follow_settings() -> None:
    """Slack routes need a signing secret, Telegram routes a webhook URL."""
    assert web.enabled_platforms(load_settings({})) == []
    settings = load_settings(
        {"SLACK_SIGNING_SECRET": "abcdef0123456789", "TELEGRAM_WEBHOOK_URL": "https://x.test/t"}
    )
    assert web.enabled_platforms(settings) == ["slack", "telegram"]


def test_provider_routes_and_lifespan_are_mounted(monkeypatch: pytest.MonkeyPatch) -> None:
    """An enabled provider's routes are served and its lifespan runs around the app."""
    events: list[str] = []

    async def hello(request: Request) -> PlainTextResponse:
        return PlainTextResponse("hello")

    @contextlib.asynccontextmanager
    async def lifespan(settings: Settings) -> AsyncIterator[None]:
        events.append("start")
        yield
        events.append("stop")

    module = types.ModuleType("fake_provider")
    module.routes = lambda settings: [Route("/fake/hook", hello, methods=["POST"])]  # type: ignore[attr-defined]
    module.lifespan = lifespan  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_provider", module)
    monkeypatch.setitem(web.PROVIDERS, "fake", (lambda s: True, "fake_provider:routes"))
    with ServerThread(web.create_app(load_settings({}))) as server:
        assert httpx.post(server.url + "/fake/hook").text == "hello"
        assert events == ["start"]
    assert events == ["start", "stop"]


def test_missing_provider_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """An enabled platform whose module cannot be imported is a one-line ConfigError."""
    from bot.errors import ConfigError

    monkeypatch.setitem(web.PROVIDERS, "nope", (lambda s: True, "no_such_module_xyz:routes"))
    with pytest.raises(ConfigError, match="the nope web routes are not available"):
        web.create_app(load_settings({}))


def test_run_web_with_nothing_to_serve(tmp_path: Path) -> None:
    """``run web`` without Slack or Telegram settings exits 1 with one line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "web"],
        env={**env, "BOT_DATA_DIR": str(tmp_path)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: nothing to serve")
    assert result.stderr.count("\n") == 1

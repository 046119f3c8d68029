"""``python -m bot run slack``: the bot over Socket Mode (no public URL needed).

Needs ``SLACK_BOT_TOKEN`` (``xoxb-…``) and ``SLACK_APP_TOKEN`` (``xapp-…``, with the
``connections:write`` scope); a missing, malformed or rejected one is a one-line error.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.slack.config import SlackConfig, slack_config
from bot.config import Settings, load_settings
from bot.errors import ConfigError

log = logging.getLogger(__name__)


def checked(name: str, call: Callable[[], Any]) -> Any:
    """Run a Web API call that proves the token ``name``; failures become one-line errors."""
    try:
        return call()
    except SlackApiError as exc:
        error = exc.response.get("error", "error") if exc.response is not None else "error"
        raise ConfigError(f"{name} was rejected by Slack: {error}") from None
    except (SlackClientError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(
            f"cannot reach Slack at SLACK_API_URL to check {name}: {reason}"
        ) from None


def start_app(settings: Settings, config: SlackConfig) -> App:
    """Check the bot token, then wire the bolt App to the real core (store, assistant)."""
    from adapters.services import services_from_settings
    from adapters.slack.app import build_app
    from adapters.slack.client import make_client

    client = make_client(config)
    checked("SLACK_BOT_TOKEN", client.auth_test)
    return build_app(config, services_from_settings(settings), client=client)


def main(argv: list[str] | None = None) -> int:
    """Run the Socket Mode app until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk import WebClient

    settings = load_settings()
    config = slack_config(settings, socket=True)
    logging.getLogger("adapters").setLevel(settings.log_level.upper())
    app = start_app(settings, config)
    # Prove the app-level token first: slack_sdk would log a multi-line error instead.
    app_token = config.app_token or ""
    opener = WebClient(base_url=config.api_url, timeout=10)
    checked("SLACK_APP_TOKEN", lambda: opener.apps_connections_open(app_token=app_token))
    handler = SocketModeHandler(app, app_token)
    checked("SLACK_APP_TOKEN", handler.connect)
    log.info("connected to Slack over Socket Mode; press Ctrl-C to stop")
    try:
        threading.Event().wait()
    finally:
        handler.close()
    return 0

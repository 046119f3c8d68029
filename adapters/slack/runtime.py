"""``python -m bot run slack``: the bot over Socket Mode (no public URL needed).

Needs ``SLACK_BOT_TOKEN`` (``xoxb-…``) and ``SLACK_APP_TOKEN`` (``xapp-…``, with the
``connections:write`` scope); a missing or malformed one is a one-line error.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.slack.config import SlackConfig, slack_config
from bot.config import Settings, load_settings
from bot.errors import ConfigError

log = logging.getLogger(__name__)


def start_app(settings: Settings, config: SlackConfig) -> App:
    """The bolt App wired to the real core; a token Slack rejects is a ConfigError."""
    from adapters.slack.app import build_app
    from adapters.slack.services import services_from_settings

    services = services_from_settings(settings)
    try:
        return build_app(config, services)
    except SlackApiError as exc:
        error = exc.response.get("error", "error") if exc.response is not None else "error"
        raise ConfigError(f"SLACK_BOT_TOKEN was rejected by Slack: {error}") from None
    except (BoltError, SlackClientError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(
            f"SLACK_BOT_TOKEN could not be checked at SLACK_API_URL: {reason}"
        ) from None


def main(argv: list[str] | None = None) -> int:
    """Run the Socket Mode app until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    settings = load_settings()
    config = slack_config(settings, socket=True)
    logging.getLogger().setLevel(settings.log_level.upper())
    app = start_app(settings, config)
    log.warning("Slack bot connected over Socket Mode; press Ctrl-C to stop")
    SocketModeHandler(app, config.app_token).start()
    return 0

"""Slack settings: missing or malformed values are one-line errors naming the variable."""

from __future__ import annotations

import pytest

from adapters.slack.config import slack_config
from bot.config import load_settings
from bot.errors import ConfigError

GOOD = {
    "SLACK_BOT_TOKEN": "xoxb-1-2-abc",
    "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99yyyzzz85a5",
    "SLACK_APP_TOKEN": "xapp-1-A1-2-abc",
    "RECRUITERS": "slack:U1, telegram:42, slack:U2",
}


def test_good_settings() -> None:
    """Good settings give the tokens, the default API URL and the Slack recruiters."""
    config = slack_config(load_settings(GOOD), http=True, socket=True)
    assert config.api_url == "https://slack.com/api/"
    assert config.recruiters == {"U1", "U2"}
    assert "xoxb" not in repr(config) and GOOD["SLACK_SIGNING_SECRET"] not in repr(config)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is missing"),
        ({"SLACK_BOT_TOKEN": "xapp-wrong"}, "SLACK_BOT_TOKEN is malformed"),
        ({"SLACK_APP_TOKEN": ""}, "SLACK_APP_TOKEN is missing"),
        ({"SLACK_APP_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN is malformed"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is missing"),
        ({"SLACK_SIGNING_SECRET": "not a secret"}, "SLACK_SIGNING_SECRET is malformed"),
        ({"SLACK_API_URL": "ftp://x"}, "SLACK_API_URL is malformed"),
    ],
)
def test_bad_settings(env: dict[str, str], message: str) -> None:
    """Each missing or malformed value is named in a one-line error."""
    with pytest.raises(ConfigError, match=message) as info:
        slack_config(load_settings({**GOOD, **env}), http=True, socket=True)
    assert "\n" not in str(info.value)


def test_api_url_gets_a_trailing_slash() -> None:
    """SLACK_API_URL without a trailing slash still works with slack_sdk."""
    config = slack_config(load_settings({**GOOD, "SLACK_API_URL": "http://127.0.0.1:1/api"}))
    assert config.api_url == "http://127.0.0.1:1/api/"

"""End to end over HTTP: signed requests to the running web app, real slack-bolt and slack-sdk,
answers posted to the fake Slack Web API."""

from __future__ import annotations

import json

from tests.adapters.slack.conftest import SlackWeb
from tests.fakes.slack_api import FakeSlackAPI, event_body

DM = {
    "type": "message",
    "channel_type": "im",
    "channel": "D0DM",
    "user": "U0USER",
    "text": "what's the salary?",
    "ts": "1700000001.000100",
}


def test_url_verification_is_answered(web: SlackWeb) -> None:
    """A signed url_verification request gets its challenge back."""
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "t"})
    response = web.post(body)
    assert response.status_code == 200
    assert response.json() == {"challenge": "abc123"}


def test_signed_dm_is_answered(web: SlackWeb, fake_api: FakeSlackAPI) -> None:
    """A validly signed DM event is acked and then answered in the DM."""
    response = web.post(event_body(DM))
    assert response.status_code == 200
    (call,) = fake_api.wait_for("chat.postMessage")
    assert call.channel == "D0DM"
    assert call.params.get("thread_ts") is None
    assert "You asked: what's the salary?" in call.params["text"]

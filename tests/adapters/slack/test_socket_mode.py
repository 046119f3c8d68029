"""Socket Mode: the same App without a signing secret handles envelopes from the socket."""

from __future__ import annotations

import json

from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk.socket_mode.request import SocketModeRequest

from adapters.services import Services
from adapters.slack.app import build_app
from adapters.slack.config import SlackConfig
from tests.fakes.slack_api import FakeSlackAPI, event_body


def test_socket_mode_event_is_answered(fake_api: FakeSlackAPI, services: Services) -> None:
    """An events_api envelope (no HTTP signature in Socket Mode) is acked and answered."""
    config = SlackConfig(bot_token=fake_api.token, api_url=fake_api.url, app_token="xapp-1")
    app = build_app(config, services)
    event = {"type": "app_mention", "channel": "C1", "user": "U1", "text": "<@UBOT> salary?",
             "ts": "9.9"}  # fmt: skip
    request = SocketModeRequest(
        type="events_api", envelope_id="env-1", payload=json.loads(event_body(event, "EvSock"))
    )
    response = run_bolt_app(app, request)
    assert response.status == 200
    (call,) = fake_api.wait_for("chat.postMessage")
    assert call.params["thread_ts"] == "9.9"

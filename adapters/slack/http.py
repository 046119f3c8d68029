"""Slack's HTTP mode: ``POST /slack/events`` for Events API, slash commands and actions.

Two pure conversions from slack-bolt's Starlette adapter around the framework-neutral
``App.dispatch``, which runs in a worker thread (it is synchronous and waits for the ack)
so the event loop keeps serving other requests. Signature checks (v0 HMAC, 5-minute
window) happen inside ``dispatch``: a bad request gets 401 and reaches no listener.
"""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.config import Settings

EVENTS_PATH = "/slack/events"
MAX_BODY = 1_000_000  # Slack's payloads are a few kB; refuse anything absurd before reading it


def slack_routes(app: App) -> list[BaseRoute]:
    """The Starlette routes serving ``app``."""

    async def events(request: Request) -> Response:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY:
            return Response(status_code=413)
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response(status_code=413)
        bolt_response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    return [Route(EVENTS_PATH, events, methods=["POST"])]


def routes(settings: Settings) -> list[BaseRoute]:
    """The web app's Slack routes, wired to the real core (see ``adapters.web``)."""
    from adapters.slack.config import slack_config
    from adapters.slack.runtime import start_app

    return slack_routes(start_app(settings, slack_config(settings, http=True)))

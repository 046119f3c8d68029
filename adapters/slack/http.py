"""Slack's HTTP mode: ``POST /slack/events`` for Events API, slash commands and actions.

Two pure conversions from slack-bolt's Starlette adapter around the framework-neutral
``App.dispatch``, which runs in a worker thread (it is synchronous and waits for the ack)
so the event loop keeps serving other requests.

Before bolt sees anything the request passes cheap checks, so a hostile client costs little
and never produces a traceback: the signature headers must be present (401) with a numeric
timestamp (400) inside Slack's five-minute window (401); the body is read while it streams
and refused past :data:`MAX_BODY` (413, with or without ``Content-Length``); with the signing
secret at hand the v0 HMAC is checked next (401); and the body must be what Slack sends —
UTF-8 JSON or a form whose ``payload`` is a JSON object (400). bolt then verifies the
signature again and dispatches.
"""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import parse_qsl

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.webguard import BodyRejected, read_body
from bot.config import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY = 1_000_000  # Slack's payloads are a few kB; refuse anything absurd while reading it
WINDOW = 300  # seconds: Slack's replay window for X-Slack-Request-Timestamp


def _refuse(status: int, reason: str) -> Response:
    log.info("refused a Slack request: %s (%d)", reason, status)
    return JSONResponse({"ok": False, "error": reason}, status)


def check_headers(headers: Headers, now: float) -> tuple[int, str] | None:
    """``(status, reason)`` when the signature headers are unusable, else None."""
    timestamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if not timestamp or not signature:
        return 401, "missing signature headers"
    if not timestamp.strip().isdigit() or len(timestamp) > 12:
        return 400, "malformed X-Slack-Request-Timestamp"
    if abs(now - int(timestamp)) > WINDOW:
        return 401, "stale X-Slack-Request-Timestamp"
    return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_body(body: bytes, content_type: str | None) -> str | None:
    """Why ``body`` is not something Slack sends (bolt would crash on it), else None."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    if not text:
        return None
    try:
        if content_type == "application/json" or text.startswith("{"):
            parsed = json.loads(text)
        elif "payload" in text:
            payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
            parsed = {} if payload is None else json.loads(payload)
        else:
            return None  # a plain form (slash commands): parse_qsl never fails
    except ValueError:
        return "body is not valid JSON"
    if not isinstance(parsed, dict):
        return "body is not a JSON object"
    return None


def slack_routes(
    app: App, *, signing_secret: str | None = None, body_timeout: float = 10.0
) -> list[BaseRoute]:
    """The Starlette routes serving ``app`` (``signing_secret`` checks HMACs before parsing)."""
    verifier = SignatureVerifier(signing_secret) if signing_secret else None

    async def events(request: Request) -> Response:
        bad = check_headers(request.headers, time.time())
        if bad is not None:
            return _refuse(*bad)
        try:
            body = await read_body(request, limit=MAX_BODY, timeout=body_timeout)
        except BodyRejected as exc:
            return _refuse(exc.status, exc.reason)
        if not _is_utf8(body):
            return _refuse(400, "body is not UTF-8")
        if verifier is not None and not verifier.is_valid(
            body,
            request.headers["x-slack-request-timestamp"],
            request.headers["x-slack-signature"],
        ):
            return _refuse(401, "invalid signature")
        content_type = request.headers.get("content-type", "").split(";")[0] or None  # as bolt
        why = check_body(body, content_type)
        if why is not None:
            return _refuse(400, why)
        bolt_response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    return [Route(EVENTS_PATH, events, methods=["POST"])]


def routes(settings: Settings) -> list[BaseRoute]:
    """The web app's Slack routes, wired to the real core (see ``adapters.web``)."""
    from adapters.slack.config import slack_config
    from adapters.slack.runtime import start_app

    config = slack_config(settings, http=True)
    return slack_routes(
        start_app(settings, config),
        signing_secret=config.signing_secret,
        body_timeout=settings.web_body_timeout,
    )

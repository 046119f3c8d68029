"""A local fake of the Slack Web API on 127.0.0.1, speaking the wire protocol slack_sdk uses.

``POST /api/<method>`` with a form or JSON body and ``Authorization: Bearer <token>``; replies
``{"ok": …}`` JSON. ``POST /respond/<id>`` plays a slash command's ``response_url``. Every call
is recorded; faults are injected per method (and optionally per channel): an HTTP status (429
with ``Retry-After``, 5xx), an ``ok: false`` error, or a delay (to make the client time out).

    with FakeSlackAPI() as api:
        client = WebClient(token=api.token, base_url=api.url)
        api.fail("chat.postMessage", status=429, retry_after=1)
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode


@dataclass(frozen=True)
class Call:
    """One request the fake received (faulted ones included)."""

    method: str  # "chat.postMessage", … or "response_url"
    params: dict[str, Any]
    token: str | None
    at: float  # time.monotonic() on arrival
    status: int = 200
    error: str | None = None
    path: str = ""

    @property
    def channel(self) -> str | None:
        value = self.params.get("channel")
        return str(value) if value is not None else None


@dataclass
class Fault:
    method: str
    channel: str | None = None
    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    delay: float = 0.0
    times: int = 1


@dataclass
class _State:
    calls: list[Call] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    cond: threading.Condition = field(default_factory=threading.Condition)


class FakeSlackAPI:
    """The fake server; start it with ``start()`` or as a context manager."""

    def __init__(
        self,
        token: str = "xoxb-fake-token",  # noqa: S107 (a fake token for a fake server)
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
    ) -> None:
        self.token = token
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self._state = _State()
        self._ts = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> FakeSlackAPI:
        fake = self

        class Handler(_Handler):
            api = fake

        self._server = _Server(("127.0.0.1", 0), Handler)
        server = self._server
        self._thread = threading.Thread(
            target=lambda: server.serve_forever(poll_interval=0.05), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlackAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def url(self) -> str:
        """The Web API base URL to give slack_sdk (``base_url=``, ``SLACK_API_URL``)."""
        return self.base + "/api/"

    def response_url(self, name: str = "1") -> str:
        return f"{self.base}/respond/{name}"

    # -- faults and records --------------------------------------------------------------
    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
        delay: float = 0.0,
        channel: str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (to ``channel``, if given) fail."""
        if status == 200 and error is None and not delay:
            raise ValueError("a fault needs a status, an error or a delay")
        with self._state.cond:
            self._state.faults.append(
                Fault(method, channel, status, error, retry_after, delay, times)
            )

    def calls(self, method: str | None = None, *, ok_only: bool = False) -> list[Call]:
        with self._state.cond:
            calls = list(self._state.calls)
        return [
            c
            for c in calls
            if (method is None or c.method == method)
            and (not ok_only or (c.status == 200 and c.error is None))
        ]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` successful calls of ``method`` arrived (or fail the test)."""
        deadline = time.monotonic() + timeout
        with self._state.cond:
            while True:
                got = [
                    c
                    for c in self._state.calls
                    if c.method == method and c.status == 200 and c.error is None
                ]
                if len(got) >= count:
                    return got
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} {method} call(s), got {len(got)}")
                self._state.cond.wait(left)

    def reset(self) -> None:
        with self._state.cond:
            self._state.calls.clear()
            self._state.faults.clear()

    # -- used by the handler -------------------------------------------------------------
    def _take_fault(self, method: str, channel: str | None) -> Fault | None:
        with self._state.cond:
            for fault in self._state.faults:
                if fault.method == method and fault.channel in (None, channel):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._state.faults.remove(fault)
                    return fault
        return None

    def _record(self, call: Call) -> None:
        with self._state.cond:
            self._state.calls.append(call)
            self._state.cond.notify_all()

    def _result(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        channel = params.get("channel")
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.test/",
                "team": "Fake",
                "user": "hiring-bot",
                "team_id": "T0FAKE",
                "user_id": self.bot_user_id,
                "bot_id": self.bot_id,
                "is_enterprise_install": False,
            }
        if method in ("chat.postMessage", "chat.update"):
            if not channel:
                return {"ok": False, "error": "channel_not_found"}
            ts = f"{1700000000 + next(self._ts)}.000100"
            message = {"type": "message", "text": params.get("text", ""), "ts": ts}
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{1700000000 + next(self._ts)}.000200"}
        if method == "views.open":
            if not params.get("trigger_id"):
                return {"ok": False, "error": "invalid_trigger_id"}
            return {"ok": True, "view": {"id": "V2", **_as_dict(params.get("view"))}}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V1", **_as_dict(params.get("view"))}}
        if method == "conversations.info":
            return {"ok": True, "channel": {"id": channel, "is_archived": False}}
        return {"ok": False, "error": "unknown_method"}


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default backlog of 5 drops bursts (1 s SYN retries)


class _Handler(BaseHTTPRequestHandler):
    api: FakeSlackAPI

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read the recorded calls instead."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        params = _parse_body(raw, self.headers.get("Content-Type", ""))
        auth = self.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip() or params.get("token")
        now = time.monotonic()
        if self.path.startswith("/respond/"):
            method = "response_url"
        elif self.path.startswith("/api/"):
            method = self.path.removeprefix("/api/").split("?", 1)[0]
        else:
            self._send(404, {"ok": False, "error": "not_found"})
            return
        channel = params.get("channel")
        fault = self.api._take_fault(method, str(channel) if channel else None)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and (fault.status != 200 or fault.error):
            self.api._record(Call(method, params, token, now, fault.status, fault.error, self.path))
            headers = {}
            if fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
            body: dict[str, Any] = {"ok": False, "error": fault.error or "ratelimited"}
            if fault.status >= 500:
                body = {"ok": False, "error": "fatal_error"}
            self._send(fault.status, body, headers)
            return
        if method == "response_url":
            self.api._record(Call(method, params, token, now, path=self.path))
            self._send(200, None)
            return
        if token != self.api.token:
            error = "not_authed" if not token else "invalid_auth"
            self.api._record(Call(method, params, token, now, 200, error, self.path))
            self._send(200, {"ok": False, "error": error})
            return
        result = self.api._result(method, params)
        self.api._record(Call(method, params, token, now, 200, result.get("error"), self.path))
        self._send(200, result)

    def _send(
        self, status: int, body: dict[str, Any] | None, headers: dict[str, str] | None = None
    ) -> None:
        data = b"ok" if body is None else json.dumps(body).encode()
        try:
            self.send_response(status)
            ctype = "text/plain" if body is None else "application/json; charset=utf-8"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (an injected delay made it time out)


def _parse_body(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        value = json.loads(raw)
        return value if isinstance(value, dict) else {}
    params: dict[str, Any] = dict(parse_qsl(raw, keep_blank_values=True))
    for key in ("blocks", "view", "attachments"):
        if isinstance(params.get(key), str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
    return params


# -- the other direction: requests as Slack sends them to the app ---------------------------
def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """Headers of a request signed the way Slack does (v0 HMAC-SHA256 of ``v0:ts:body``)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def event_body(event: dict[str, Any], event_id: str = "Ev0001") -> str:
    """An Events API ``event_callback`` envelope as JSON text."""
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": "T0FAKE",
            "api_app_id": "A0FAKE",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0FAKE", "user_id": "UBOT", "is_bot": True}],
        }
    )


def command_body(command: str, text: str, response_url: str, **extra: str) -> str:
    """A slash command's form body."""
    fields = {
        "token": "legacy-verification-token",
        "team_id": "T0FAKE",
        "channel_id": "C0CHAN",
        "channel_name": "general",
        "user_id": "U0USER",
        "user_name": "candidate",
        "command": command,
        "text": text,
        "response_url": response_url,
        "trigger_id": "1.2.3",
        "api_app_id": "A0FAKE",
        **extra,
    }
    return urlencode(fields)


def action_body(action_id: str, value: str, **payload: Any) -> str:
    """A ``block_actions`` interaction as its form body (``payload=<json>``)."""
    data = {
        "type": "block_actions",
        "team": {"id": "T0FAKE"},
        "user": {"id": "U0USER"},
        "api_app_id": "A0FAKE",
        "token": "legacy-verification-token",
        "trigger_id": "1.2.3",
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "value": value,
                "block_id": "b1",
                "action_ts": "1700000000.1",
            }
        ],
        **payload,
    }
    return urlencode({"payload": json.dumps(data)})


def view_submission_body(
    callback_id: str, private_metadata: str, values: dict[str, Any], user: str = "U0USER"
) -> str:
    """A ``view_submission`` (a modal's Submit) as its form body; ``values`` maps block id →
    action id → text."""
    state = {
        block: {
            action: {"type": "plain_text_input", "value": text} for action, text in inner.items()
        }
        for block, inner in values.items()
    }
    data = {
        "type": "view_submission",
        "team": {"id": "T0FAKE"},
        "user": {"id": user},
        "api_app_id": "A0FAKE",
        "token": "legacy-verification-token",
        "trigger_id": "1.2.4",
        "view": {
            "id": "V2",
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": state},
        },
    }
    return urlencode({"payload": json.dumps(data)})


class ServerThread:
    """Runs an ASGI app with uvicorn in a thread on a free 127.0.0.1 port."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so, and
        # without it every response with a body waits ~40 ms for a delayed ACK.
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self._thread.join(10)
        self._sock.close()

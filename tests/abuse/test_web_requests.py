"""Findings against the web process, reproduced on a real ``python -m bot run web``:

- (high) an unsigned chunked POST was read whole before the size check: 4 × 200 MB took the
  process from 168 MB to 1.16 GB;
- (medium) malformed requests got 500 with a full traceback in the log;
- (medium) half-sent requests stayed open for 70+ s and could exhaust file descriptors.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import socket
import time
from pathlib import Path

import httpx
import pytest

from tests.abuse.conftest import (
    SIGNING_SECRET,
    TELEGRAM_TOKEN,
    WEBHOOK_SECRET,
    WebProcess,
    rss_bytes,
    start_web,
)
from tests.fakes.slack_api import FakeSlackAPI, sign
from tests.fakes.telegram_api import FakeTelegramAPI

MB = 1024 * 1024


def _status(response: bytes) -> int:
    """The status code of a raw HTTP/1.1 response (0 when the server sent nothing)."""
    if not response.startswith(b"HTTP/1.1 "):
        return 0
    return int(response.split(b" ", 2)[1])


def _chunked_post(port: int, headers: dict[str, str], total: int) -> int:
    """POST ``total`` bytes with chunked encoding (no Content-Length) on a raw socket, as fast
    as the server takes them; stop when it stops reading or closes. Returns the status."""
    head = "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
    head += "Content-Type: application/json\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    chunk = b"x" * MB
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head.encode())
        sent = 0
        try:
            while sent < total:  # bounded: total / 1 MB frames at most
                sock.sendall(frame)
                sent += len(chunk)
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the server answered early and closed, or stopped reading
        try:
            return _status(sock.recv(4096))
        except (ConnectionResetError, TimeoutError):
            return 0


def test_huge_chunked_bodies_do_not_grow_the_process(slack_web: WebProcess) -> None:
    """4 × 200 MB chunked bodies (no Content-Length), unsigned or with forged signature
    headers, are refused while streaming (401 before the body, 413 past 1 MB): the web
    process stays within 50 MB of where it started."""
    pid = slack_web.process.pid
    httpx.get(slack_web.url + "/healthz")
    before = rss_bytes(pid)
    forged = {
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    statuses = [
        _chunked_post(slack_web.port, {} if i % 2 == 0 else forged, 200 * MB) for i in range(4)
    ]
    after = rss_bytes(pid)
    print(f"web RSS before {before / MB:.1f} MB, after 4 x 200 MB {after / MB:.1f} MB")
    assert after - before < 50 * MB
    assert all(s in (0, 401, 413) for s in statuses), statuses
    assert 413 in statuses or 0 in statuses
    assert httpx.get(slack_web.url + "/healthz").status_code == 200
    assert "Traceback" not in slack_web.log()


def _signed(body: bytes, **extra: str) -> dict[str, str]:
    ts = str(int(time.time()))
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}", **extra}


SLACK_BODIES = {
    "truncated-json": b'{"type": "event_callback", "event": {"type": "message", "te',
    "null": b"null",
    "list": b"[1, 2, 3]",
    "binary": bytes(range(256)) * 4,
    "bad-payload": b"payload=%7Bnot+json",
    "payload-not-object": b"payload=%5B1%2C2%5D",
}


def _hang_up_mid_body(port: int, path: str, headers: dict[str, str]) -> None:
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head.encode() + b'{"type": "event_')
        time.sleep(0.2)


@pytest.fixture
def both_web(tmp_path: Path) -> WebProcess:
    """The web process serving Slack and the Telegram webhook."""
    with FakeSlackAPI() as slack, FakeTelegramAPI(token=TELEGRAM_TOKEN) as telegram:
        web = start_web(
            tmp_path,
            {
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_BOT_TOKEN": slack.token,
                "SLACK_API_URL": slack.url,
                "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
                "TELEGRAM_API_URL": telegram.base_url,
                "TELEGRAM_WEBHOOK_URL": "https://bot.example.com/telegram/webhook",
                "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
                "WEB_BODY_TIMEOUT": "2",
            },
        )
        try:
            yield web
        finally:
            web.stop()


def test_malformed_requests_get_4xx_and_no_traceback(both_web: WebProcess) -> None:
    """Truncated JSON, null, binary, bad ``payload=``, a non-numeric timestamp and a client
    hanging up mid-body: each is a 4xx (signed or not), none leaves a traceback in the log,
    and the process keeps serving."""
    url = both_web.url
    statuses: dict[str, int] = {}
    with httpx.Client(base_url=url, timeout=10) as http:
        for name, body in SLACK_BODIES.items():
            form = b"payload" in body
            ctype = "application/x-www-form-urlencoded" if form else "application/json"
            for how, headers in (("signed", _signed(body)), ("unsigned", {})):
                response = http.post(
                    "/slack/events", content=body, headers={"Content-Type": ctype, **headers}
                )
                statuses[f"slack {name} {how}"] = response.status_code
        body = json.dumps({"type": "url_verification", "challenge": "c"})
        for stamp in ("soon", "-1", "1e9", "9" * 40):
            headers = {**sign(SIGNING_SECRET, body), "X-Slack-Request-Timestamp": stamp}
            response = http.post("/slack/events", content=body, headers=headers)
            statuses[f"slack timestamp {stamp[:10]}"] = response.status_code
        hook = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        for name, raw in {
            **SLACK_BODIES,
            "not-an-update": b'{"update_id": 1, "message": "hello"}',
            "bad-message": b'{"update_id": 2, "message": {"chat": 5, "date": "x"}}',
        }.items():
            response = http.post("/telegram/webhook", content=raw, headers=hook)
            statuses[f"telegram {name}"] = response.status_code
    _hang_up_mid_body(both_web.port, "/slack/events", _signed(b"x" * 5000))
    _hang_up_mid_body(both_web.port, "/telegram/webhook", hook)
    time.sleep(0.5)
    wrong = {k: v for k, v in statuses.items() if not 400 <= v < 500}
    assert not wrong, wrong
    assert httpx.get(url + "/healthz").status_code == 200
    log = both_web.stop()
    assert "Traceback" not in log
    assert " 500" not in log


def test_half_sent_requests_are_closed_and_health_still_answers(slack_web: WebProcess) -> None:
    """50 clients that never finish their headers, and 5 that never finish their body, are
    closed by the server after the header (1 s) and body (2 s) deadlines; /healthz answers
    meanwhile and afterwards."""
    slow_headers, slow_bodies = [], []
    for _ in range(50):
        sock = socket.create_connection(("127.0.0.1", slack_web.port), timeout=6)
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slack-")
        slow_headers.append(sock)
    signed = _signed(b"x" * 100)
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", slack_web.port), timeout=6)
        head = "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in signed.items()) + "\r\n"
        sock.sendall(head.encode() + b"x" * 10)
        slow_bodies.append(sock)
    try:
        started = time.monotonic()
        assert httpx.get(slack_web.url + "/healthz", timeout=3).status_code == 200
        closed = [sock.recv(4096) == b"" for sock in slow_headers]  # blocks until closed
        header_seconds = time.monotonic() - started
        answers = [sock.recv(4096) for sock in slow_bodies]
        body_seconds = time.monotonic() - started
    finally:
        for sock in slow_headers + slow_bodies:
            sock.close()
    print(f"slow headers closed after {header_seconds:.1f} s, bodies after {body_seconds:.1f} s")
    assert all(closed)
    assert header_seconds < 4
    assert all(_status(a) == 408 for a in answers), answers
    assert body_seconds < 5
    assert httpx.get(slack_web.url + "/healthz", timeout=3).status_code == 200


def test_connections_beyond_the_cap_are_closed_at_once(slack_web: WebProcess) -> None:
    """With WEB_MAX_CONNECTIONS=100, 150 idle connections leave at most 100 open."""
    socks = [
        socket.create_connection(("127.0.0.1", slack_web.port), timeout=0.5) for _ in range(150)
    ]
    try:
        time.sleep(0.3)
        shut = 0
        for sock in socks:
            with contextlib.suppress(TimeoutError):
                shut += sock.recv(1) == b""
    finally:
        for sock in socks:
            sock.close()
    assert shut >= 50

"""A local fake of the job boards' public APIs on 127.0.0.1, in each API's real JSON shape.

Routes (the base URLs the settings point at, e.g. ``GREENHOUSE_API_URL={url}/greenhouse/``):

- ``GET /greenhouse/<board>/jobs?content=true`` -> ``{"jobs": [...], "meta": {...}}``
- ``GET /lever/<site>?mode=json`` and ``/lever-eu/<site>`` -> ``[...]``
- ``GET /ashby/<board>?includeCompensation=true`` -> ``{"jobs": [...], "apiVersion": "1"}``
- ``GET /workable/<account>?details=true`` -> ``{"name": ..., "jobs": [...]}``
- ``GET /pages/<name>`` -> an HTML page (e.g. a job page with JSON-LD)

Every response carries an ``ETag``; ``If-None-Match`` with it gets ``304``. Faults are injected
per path prefix: an HTTP status (with ``Retry-After``), or a delay (to make the client time
out). Every request is recorded with its headers.

    with FakeJobBoards() as boards:
        boards.put("/greenhouse/acme/jobs", {"jobs": [...]})
        boards.fail("/greenhouse/acme", status=503, times=2, retry_after=1)
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    path: str
    query: str
    headers: dict[str, str]
    status: int


@dataclass
class Fault:
    prefix: str
    status: int = 503
    retry_after: str | None = None
    delay: float = 0.0
    times: int = 1


@dataclass
class _State:
    bodies: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeJobBoards:
    """The fake server; start it with ``start()`` or as a context manager."""

    def __init__(self) -> None:
        self._state = _State()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- content and faults ---------------------------------------------------------------

    def put(self, path: str, payload: Any) -> None:
        """Serve ``payload`` (JSON-able, or a ``str`` served as HTML) at ``path``."""
        if isinstance(payload, str):
            body, kind = payload.encode("utf-8"), "text/html; charset=utf-8"
        else:
            body, kind = json.dumps(payload).encode("utf-8"), "application/json"
        with self._state.lock:
            self._state.bodies[path.rstrip("/")] = (body, kind)

    def fail(
        self,
        prefix: str,
        *,
        status: int = 503,
        times: int = 1,
        retry_after: str | None = None,
        delay: float = 0.0,
    ) -> None:
        with self._state.lock:
            self._state.faults.append(Fault(prefix, status, retry_after, delay, times))

    @property
    def requests(self) -> list[Request]:
        with self._state.lock:
            return list(self._state.requests)

    def env(self) -> dict[str, str]:
        """The settings that point every board's client at this fake."""
        return {
            "GREENHOUSE_API_URL": f"{self.url}/greenhouse/",
            "LEVER_API_URL": f"{self.url}/lever/",
            "LEVER_EU_API_URL": f"{self.url}/lever-eu/",
            "ASHBY_API_URL": f"{self.url}/ashby/",
            "WORKABLE_API_URL": f"{self.url}/workable/",
        }

    # -- server ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeJobBoards:
        state = self._state

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                path = parts.path.rstrip("/")
                headers = {k.lower(): v for k, v in self.headers.items()}
                fault = self._fault(path)
                if fault is not None:
                    if fault.delay:
                        time.sleep(fault.delay)
                    self._reply(path, parts.query, headers, fault.status, b"", fault)
                    return
                with state.lock:
                    found = state.bodies.get(path)
                if found is None:
                    self._reply(path, parts.query, headers, 404, b'{"error":"not found"}')
                    return
                body, kind = found
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if headers.get("if-none-match") == etag:
                    self._reply(path, parts.query, headers, 304, b"", etag=etag)
                    return
                self._reply(path, parts.query, headers, 200, body, kind=kind, etag=etag)

            def _fault(self, path: str) -> Fault | None:
                with state.lock:
                    for fault in state.faults:
                        if path.startswith(fault.prefix) and fault.times > 0:
                            fault.times -= 1
                            return fault
                return None

            def _reply(
                self,
                path: str,
                query: str,
                headers: dict[str, str],
                status: int,
                body: bytes,
                fault: Fault | None = None,
                kind: str = "application/json",
                etag: str | None = None,
            ) -> None:
                with state.lock:
                    state.requests.append(Request(path, query, headers, status))
                try:
                    self.send_response(status)
                    if etag:
                        self.send_header("ETag", etag)
                    if fault is not None and fault.retry_after is not None:
                        self.send_header("Retry-After", fault.retry_after)
                    if status != 304:
                        self.send_header("Content-Type", kind)
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeJobBoards:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

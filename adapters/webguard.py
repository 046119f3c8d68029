"""Defences of the web process against hostile or broken clients, shared by every route.

- :func:`read_body` reads a request body while it streams, refusing it (413) as soon as it
  passes the limit, whether or not a ``Content-Length`` was sent, and giving up (408) when the
  whole body takes longer than the body timeout; a client that hangs up mid-body is a 400.
- :class:`CatchAll` is the outermost ASGI layer: an exception that escapes a route is logged
  once with an error id (never the request body) and answered 500 naming that id, instead
  of a framework traceback in the log and the response.
- :class:`GuardedH11Protocol` closes a connection whose request headers are not complete
  within the header timeout (slowloris), which uvicorn itself never does, and closes new
  connections at once beyond a cap (so the process never runs out of file descriptors).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)


class BodyRejected(Exception):
    """The body cannot be accepted; ``status`` is the HTTP answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def read_body(request: Request, *, limit: int, timeout: float) -> bytes:
    """The whole body, read chunk by chunk and never more than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise BodyRejected(400, "malformed Content-Length")
        if int(declared) > limit:
            raise BodyRejected(413, "body too large")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise BodyRejected(413, "body too large")
                chunks.append(chunk)
    except TimeoutError:
        raise BodyRejected(408, "body not received in time") from None
    except ClientDisconnect:
        raise BodyRejected(400, "client disconnected mid-body") from None
    return b"".join(chunks)


def error_id() -> str:
    """A short id to find one failure in the logs (also shown to the user)."""
    return uuid.uuid4().hex[:12]


class CatchAll:
    """ASGI middleware: any exception from ``app`` becomes a logged, id-tagged 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            ident = error_id()
            log.exception("error %s handling %s %s", ident, scope.get("method"), scope["path"])
            if not started:
                body = f'{{"ok": false, "error": "internal error", "error_id": "{ident}"}}'
                await send(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [(b"content-type", b"application/json")],
                    }
                )
                await send({"type": "http.response.body", "body": body.encode()})


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol plus a deadline for each request's headers.

    The deadline starts when the connection opens and again after each response; if the
    next request's headers have not arrived by then, the connection is closed.
    """

    header_timeout: float = 10.0
    max_connections: int | None = None

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()
        if self.max_connections is not None and len(self.connections) > self.max_connections:
            transport.close()  # over the cap: free the file descriptor at once

    def _arm_header_timer(self) -> None:
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _headers_late(self) -> None:
        waiting = self.cycle is None or self.cycle.response_complete
        if waiting and not self.transport.is_closing():
            log.info("closing a connection whose request headers did not arrive in time")
            self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._header_timer.cancel()
            self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._header_timer.cancel()
        super().connection_lost(exc)

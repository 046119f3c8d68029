"""A local fake of the Telegram Bot API on 127.0.0.1, in a thread, speaking the real wire protocol.

python-telegram-bot talks to it unchanged through ``base_url`` (``fake.base_url``): ``POST
/bot<token>/<method>`` with a JSON or form body, answered ``{"ok": true, "result": …}`` or
``{"ok": false, "error_code": …, "description": …, "parameters": …}`` exactly like the real
server. It validates ``sendMessage`` the way Telegram does (HTML parse mode rules, 4,096
characters, inline keyboards), serves ``getUpdates`` with offsets and long polling from updates
the test injects, records every call, and injects faults: 429 with ``retry_after``, 403 for
blocked chats, 5xx, delays.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.telegram_html import BadRequest, check_markup, check_text
from tests.fakes.telegram_updates import UpdateBuilders

JSON_PARAMS = frozenset(
    {"reply_markup", "commands", "allowed_updates", "entities", "scope", "reply_parameters"}
)
INT_PARAMS = frozenset(
    {
        "chat_id",
        "user_id",
        "offset",
        "limit",
        "timeout",
        "message_id",
        "reply_to_message_id",
        "cache_time",
    }
)
BOOL_PARAMS = frozenset({"drop_pending_updates", "show_alert", "disable_notification"})
_COMMAND_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_SECRET_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake received, with the status it answered."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when the request arrived
    status: int
    description: str | None = None


@dataclass(slots=True)
class Fault:
    """An injected failure for the next ``times`` matching calls."""

    method: str
    status: int
    description: str
    retry_after: int | None = None
    times: int = 1
    chat_id: int | None = None


class _ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


@dataclass
class _State:
    updates: list[dict[str, Any]] = field(default_factory=list)
    next_update_id: int = 1
    next_message_id: int = 1
    calls: list[Call] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    delays: dict[str, float] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    webhook_url: str = ""
    webhook_secret: str | None = None
    commands: list[dict[str, Any]] = field(default_factory=list)
    delivered: Counter[int] = field(default_factory=Counter)
    admins: dict[int, set[int]] = field(default_factory=dict)


class FakeTelegramAPI(UpdateBuilders):
    """The fake server. Use as a context manager; ``base_url`` feeds ``Bot(base_url=...)``."""

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_id: int = 4242,
        bot_username: str = "hiring_test_bot",
        record_params: bool = True,
    ) -> None:
        self.token = token
        self.bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Hiring Assistant",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.record_params = record_params
        self._state = _State()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._update_event: asyncio.Event | None = None
        self._closing: asyncio.Event | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The Bot API base URL (``…/bot``; the client appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> FakeTelegramAPI:
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self._serve, args=(ready,), name="fake-telegram-api", daemon=True
        )
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake Telegram API did not start")
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is None or self._thread is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)
        self._loop = None

    def __enter__(self) -> FakeTelegramAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        self._update_event = asyncio.Event()
        self._closing = asyncio.Event()
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        loop.run_until_complete(site.start())
        server = site._server  # aiohttp keeps the bound socket here
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _shutdown(self) -> None:
        assert self._closing is not None
        self._closing.set()
        self._wake_pollers()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- test controls (thread-safe) ---------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update for ``getUpdates``; returns its ``update_id``."""
        with self._lock:
            update = {**update, "update_id": self._state.next_update_id}
            self._state.next_update_id += 1
            self._state.updates.append(update)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake_pollers)
        return int(update["update_id"])

    def new_update(self, body: dict[str, Any]) -> dict[str, Any]:
        """An update with the next ``update_id`` but not queued (for webhook deliveries)."""
        with self._lock:
            update = {**body, "update_id": self._state.next_update_id}
            self._state.next_update_id += 1
        return update

    def block(self, chat_ids: Iterable[int]) -> None:
        """Answer 403 "bot was blocked by the user" for these chats from now on."""
        with self._lock:
            self._state.blocked.update(chat_ids)

    def fail(
        self,
        method: str,
        status: int,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (for ``chat_id``) with an error."""
        if description is None:
            description = {
                429: f"Too Many Requests: retry after {retry_after}",
                500: "Internal Server Error",
                502: "Bad Gateway",
                403: "Forbidden: bot was blocked by the user",
            }.get(status, "Bad Request")
        with self._lock:
            self._state.faults.append(
                Fault(method.lower(), status, description, retry_after, times, chat_id)
            )

    def delay(self, method: str, seconds: float) -> None:
        """Wait ``seconds`` before answering each ``method`` call."""
        with self._lock:
            self._state.delays[method.lower()] = seconds

    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._state.calls if method is None or c.method == method.lower()]

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Parameters of every accepted ``sendMessage`` (optionally to one chat)."""
        return [
            c.params
            for c in self.calls("sendmessage")
            if c.status == 200 and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def delivered(self) -> Counter[int]:
        """Accepted ``sendMessage`` calls per chat id."""
        with self._lock:
            return Counter(self._state.delivered)

    @property
    def webhook(self) -> tuple[str, str | None]:
        with self._lock:
            return self._state.webhook_url, self._state.webhook_secret

    @property
    def commands(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._state.commands)

    def wait_for(self, predicate: Callable[[FakeTelegramAPI], bool], timeout: float = 5) -> bool:
        """Block until ``predicate(self)`` holds (re-checked on every call) or ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            if predicate(self):
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self._changed:
                self._changed.wait(min(remaining, 0.05))

    def _take_message_id(self) -> int:
        with self._lock:
            message_id = self._state.next_message_id
            self._state.next_message_id += 1
        return message_id

    # -- the wire protocol -------------------------------------------------------------------

    def _wake_pollers(self) -> None:
        if self._update_event is not None:
            self._update_event.set()
            self._update_event = asyncio.Event()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            body = await request.json()
            return dict(body) if isinstance(body, dict) else {}
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            raw = value if isinstance(value, str) else str(value)
            if key in JSON_PARAMS or key in BOOL_PARAMS:
                params[key] = json.loads(raw)
            elif key in INT_PARAMS:
                params[key] = int(raw) if raw.lstrip("-").isdigit() else raw
            else:
                params[key] = raw
        return params

    def _record(self, method: str, params: dict[str, Any], status: int, desc: str | None) -> None:
        with self._changed:
            kept = params if self.record_params else {"chat_id": params.get("chat_id")}
            self._state.calls.append(Call(method, kept, time.monotonic(), status, desc))
            self._changed.notify_all()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        arrived = time.monotonic()
        if self.token is not None and request.match_info["token"] != self.token:
            return self._error(method, {}, _ApiError(401, "Unauthorized"))
        try:
            params = await self._params(request)
        except (ValueError, json.JSONDecodeError):
            return self._error(method, {}, _ApiError(400, "Bad Request: invalid JSON"))
        # Like the real Bot API, a request received in full is carried out even if the client
        # goes away meanwhile (aiohttp cancels the handler on disconnect: shield the work).
        return await asyncio.shield(self._process(method, params, arrived))

    async def _process(self, method: str, params: dict[str, Any], arrived: float) -> web.Response:
        delay = self._state.delays.get(method)
        if delay:
            await asyncio.sleep(delay)
        try:
            self._inject_fault(method, params)
            result = await self._dispatch(method, params)
        except _ApiError as exc:
            return self._error(method, params, exc)
        with self._changed:
            kept = params if self.record_params else {"chat_id": params.get("chat_id")}
            self._state.calls.append(Call(method, kept, arrived, 200))
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    def _error(self, method: str, params: dict[str, Any], exc: _ApiError) -> web.Response:
        self._record(method, params, exc.status, exc.description)
        body: dict[str, Any] = {
            "ok": False,
            "error_code": exc.status,
            "description": exc.description,
        }
        if exc.retry_after is not None:
            body["parameters"] = {"retry_after": exc.retry_after}
        return web.json_response(body, status=exc.status)

    def _inject_fault(self, method: str, params: dict[str, Any]) -> None:
        with self._lock:
            chat_id = params.get("chat_id")
            if method in ("sendmessage", "editmessagetext") and chat_id in self._state.blocked:
                raise _ApiError(403, "Forbidden: bot was blocked by the user")
            for fault in self._state.faults:
                if fault.method == method and fault.times > 0:
                    if fault.chat_id is not None and fault.chat_id != chat_id:
                        continue
                    fault.times -= 1
                    raise _ApiError(fault.status, fault.description, fault.retry_after)

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        handler = _HANDLERS.get(method)
        if handler is None:
            raise _ApiError(404, "Not Found: method not found")
        return await handler(self, params)

    async def _get_me(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    def set_admins(self, chat_id: int, user_ids: Iterable[int]) -> None:
        """Make ``user_ids`` the administrators of group ``chat_id`` (others are members)."""
        with self._lock:
            self._state.admins[chat_id] = set(user_ids)

    async def _get_chat_member(self, params: dict[str, Any]) -> Any:
        chat_id, user_id = params.get("chat_id"), params.get("user_id")
        if not isinstance(chat_id, int) or not isinstance(user_id, int):
            raise _ApiError(400, "Bad Request: chat_id and user_id must be numbers")
        with self._lock:
            admin = user_id in self._state.admins.get(chat_id, set())
        user = {"id": user_id, "is_bot": False, "first_name": "Member"}
        if admin:
            rights = [
                "can_manage_chat",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_promote_members",
                "can_change_info",
                "can_invite_users",
                "can_post_stories",
                "can_edit_stories",
                "can_delete_stories",
            ]
            flags = dict.fromkeys(rights, True)
            return {
                "status": "administrator",
                "user": user,
                "can_be_edited": False,
                "is_anonymous": False,
                **flags,
            }
        return {"status": "member", "user": user}

    async def _get_updates(self, params: dict[str, Any]) -> Any:
        with self._lock:
            if self._state.webhook_url:
                raise _ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 50)
        while True:
            with self._lock:
                if offset:
                    self._state.updates = [
                        u for u in self._state.updates if u["update_id"] >= offset
                    ]
                pending = self._state.updates[:limit]
            remaining = deadline - time.monotonic()
            if pending or remaining <= 0 or (self._closing and self._closing.is_set()):
                return pending
            event = self._update_event
            assert event is not None
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return []

    async def _delete_webhook(self, params: dict[str, Any]) -> Any:
        with self._lock:
            self._state.webhook_url = ""
            self._state.webhook_secret = None
            if params.get("drop_pending_updates"):
                self._state.updates.clear()
        return True

    async def _set_webhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if url and not url.startswith("https://"):
            raise _ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        if secret is not None and not (1 <= len(secret) <= 256 and set(secret) <= _SECRET_CHARS):
            raise _ApiError(400, "Bad Request: secret token contains unallowed characters")
        with self._lock:
            self._state.webhook_url = url
            self._state.webhook_secret = secret
            if params.get("drop_pending_updates"):
                self._state.updates.clear()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> Any:
        with self._lock:
            return {
                "url": self._state.webhook_url,
                "has_custom_certificate": False,
                "pending_update_count": len(self._state.updates),
            }

    async def _send_message(self, params: dict[str, Any]) -> Any:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise _ApiError(400, "Bad Request: chat not found")
        text = _checked(check_text, params)
        _checked(check_markup, params.get("reply_markup"))
        with self._lock:
            message_id = self._state.next_message_id
            self._state.next_message_id += 1
            self._state.delivered[chat_id] += 1
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": self.bot_user,
            "text": text,
        }

    async def _edit_message_text(self, params: dict[str, Any]) -> Any:
        chat_id = params.get("chat_id")
        text = _checked(check_text, params)
        _checked(check_markup, params.get("reply_markup"))
        return {
            "message_id": int(params.get("message_id") or 0),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": self.bot_user,
            "text": text,
        }

    async def _answer_callback_query(self, params: dict[str, Any]) -> Any:
        if not params.get("callback_query_id"):
            raise _ApiError(400, "Bad Request: query is too old and response timeout expired")
        if len(str(params.get("text") or "")) > 200:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def _set_my_commands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _ApiError(400, "Bad Request: commands must be a list of at most 100 items")
        for command in commands:
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not (1 <= len(name) <= 32 and set(name) <= _COMMAND_CHARS):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise _ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        with self._lock:
            self._state.commands = list(commands)
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> Any:
        with self._lock:
            return list(self._state.commands)

    async def _true(self, params: dict[str, Any]) -> Any:
        return True


def _checked(check: Callable[[Any], Any], value: Any) -> Any:
    try:
        return check(value)
    except BadRequest as exc:
        raise _ApiError(400, str(exc)) from None


_HANDLERS: dict[str, Callable[[FakeTelegramAPI, dict[str, Any]], Any]] = {
    "getme": FakeTelegramAPI._get_me,
    "getchatmember": FakeTelegramAPI._get_chat_member,
    "getupdates": FakeTelegramAPI._get_updates,
    "deletewebhook": FakeTelegramAPI._delete_webhook,
    "setwebhook": FakeTelegramAPI._set_webhook,
    "getwebhookinfo": FakeTelegramAPI._get_webhook_info,
    "sendmessage": FakeTelegramAPI._send_message,
    "editmessagetext": FakeTelegramAPI._edit_message_text,
    "answercallbackquery": FakeTelegramAPI._answer_callback_query,
    "setmycommands": FakeTelegramAPI._set_my_commands,
    "getmycommands": FakeTelegramAPI._get_my_commands,
    "deletemycommands": FakeTelegramAPI._true,
    "close": FakeTelegramAPI._true,
    "logout": FakeTelegramAPI._true,
}

"""``POST /telegram/webhook`` for the shared web app (``adapters/web.py``).

Every request must carry ``X-Telegram-Bot-Api-Secret-Token`` equal to
``TELEGRAM_WEBHOOK_SECRET`` (compared in constant time): missing → 401, wrong → 403, and the
update is not read. Accepted updates go through ``Update.de_json`` into the same Application
the polling runtime uses, and are answered before the response (Telegram redelivers on a
non-2xx answer; the app's dedupe by ``update_id`` makes a redelivery harmless).

``routes(settings)`` is the web app's provider; ``lifespan(settings)`` initializes the bot,
sets the command menu and registers the webhook when the web process starts, and shuts the
bot down when it stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from telegram import Update
from telegram.error import TelegramError

from adapters.telegram.config import SECRET_HEADER, WEBHOOK_PATH, telegram_config
from adapters.webguard import BodyRejected, read_body
from bot.config import Settings

log = logging.getLogger(__name__)
MAX_BODY = 1_000_000  # an update is a few kB; refuse anything absurd while reading it


class TelegramWebhook:
    """The webhook endpoint and the lazily initialized Application behind it."""

    def __init__(self, settings: Settings, application: Any = None) -> None:
        self.settings = settings
        secret = settings.telegram_webhook_secret
        self._secret = secret.get_secret_value().encode() if secret else None
        self._app = application
        self._lock: asyncio.Lock | None = None
        self._initialized = False

    async def application(self) -> Any:
        """The Application, built (from settings) and initialized on first use."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._app is None:
                from adapters.services import services_from_settings
                from adapters.telegram.app import build_application

                services = await asyncio.to_thread(services_from_settings, self.settings)
                self._app = build_application(self.settings, services, polling=False)
            if not self._initialized:
                try:
                    await self._app.initialize()
                except BaseException:
                    await self._app.bot.shutdown()  # PTB leaves it open when getMe fails
                    raise
                self._initialized = True
            return self._app

    def check_secret(self, request: Request) -> Response | None:
        """None when the secret header matches; else the response that rejects the request."""
        given = request.headers.get(SECRET_HEADER)
        if self._secret is None:
            log.error("rejected a Telegram webhook request: TELEGRAM_WEBHOOK_SECRET is not set")
            return JSONResponse({"ok": False, "error": "webhook secret not configured"}, 403)
        if given is None:
            log.warning("rejected a Telegram webhook request without the secret header")
            return JSONResponse({"ok": False, "error": "missing secret token"}, 401)
        if not hmac.compare_digest(given.encode(), self._secret):
            log.warning("rejected a Telegram webhook request with a wrong secret token")
            return JSONResponse({"ok": False, "error": "wrong secret token"}, 403)
        return None

    async def endpoint(self, request: Request) -> Response:
        rejected = self.check_secret(request)
        if rejected is not None:
            return rejected
        try:
            body = await read_body(request, limit=MAX_BODY, timeout=self.settings.web_body_timeout)
        except BodyRejected as exc:
            return JSONResponse({"ok": False, "error": exc.reason}, exc.status)
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return JSONResponse({"ok": False, "error": "body is not JSON"}, 400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return JSONResponse({"ok": False, "error": "not a Telegram update"}, 400)
        app = await self.application()
        try:
            update = Update.de_json(data, app.bot)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            log.info("refused a malformed Telegram update: %s", type(exc).__name__)
            return JSONResponse({"ok": False, "error": "not a Telegram update"}, 400)
        await app.process_update(update)
        return JSONResponse({"ok": True})

    async def startup(self) -> None:
        """Register the webhook. A Bot API failure is logged, not fatal: the web process also
        serves Slack and /healthz, and a webhook registered earlier keeps working."""
        from adapters.telegram.outgoing import set_commands
        from adapters.telegram.runtime import register_webhook

        try:
            app = await self.application()
            await set_commands(app)
            await register_webhook(app, telegram_config(self.settings))
        except TelegramError as exc:
            log.error("could not register the Telegram webhook: %s", exc.message)

    async def shutdown(self) -> None:
        if self._app is not None and self._initialized:
            await self._app.shutdown()
            self._initialized = False


_HOOKS: dict[int, TelegramWebhook] = {}


def routes(settings: Settings, *, application: Any = None) -> list[BaseRoute]:
    """The web app's provider: ``POST /telegram/webhook`` (``application`` for tests)."""
    telegram_config(settings, need_token=application is None)
    hook = TelegramWebhook(settings, application)
    _HOOKS[id(settings)] = hook
    return [Route(WEBHOOK_PATH, hook.endpoint, methods=["POST"])]


@contextlib.asynccontextmanager
async def lifespan(settings: Settings) -> AsyncIterator[None]:
    """Register the webhook when the web process starts; close the bot when it stops."""
    hook = _HOOKS.get(id(settings))
    if hook is None:
        yield
        return
    await hook.startup()
    try:
        yield
    finally:
        await hook.shutdown()

"""``python -m bot run telegram``: long polling by default, webhook registration otherwise.

- Long polling (no ``TELEGRAM_WEBHOOK_URL``): deletes any webhook, sets the command menu and
  polls until SIGINT/SIGTERM.
- Webhook mode (``TELEGRAM_WEBHOOK_URL`` and the required ``TELEGRAM_WEBHOOK_SECRET``):
  registers the webhook with its ``secret_token`` and the command menu, then exits; updates are
  served at ``POST /telegram/webhook`` by the web process (``python -m bot run web``), which
  also re-registers the webhook whenever it starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Sequence
from typing import Any

from telegram.error import InvalidToken, TelegramError

from adapters.telegram.app import build_application
from adapters.telegram.config import TelegramConfig, telegram_config
from adapters.telegram.outgoing import set_commands
from bot.config import Settings, load_settings
from bot.errors import BotError, ConfigError, UsageError

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ("message", "callback_query")
App = Any  # telegram.ext.Application[...]


def _wrap(exc: TelegramError, config: TelegramConfig) -> BotError:
    if isinstance(exc, InvalidToken):
        return ConfigError("TELEGRAM_BOT_TOKEN was rejected by the Bot API")
    return BotError(f"the Telegram Bot API at {config.api_url} failed: {exc.message}")


@contextlib.asynccontextmanager
async def initialized(app: App) -> AsyncIterator[App]:
    """``app`` initialized for the block, shut down after it.

    When ``getMe`` fails (a rejected token, an unreachable server) python-telegram-bot leaves
    the bot's HTTP clients open; they are closed here before the error propagates.
    """
    try:
        await app.initialize()
    except BaseException:
        await app.bot.shutdown()
        raise
    try:
        yield app
    finally:
        await app.shutdown()


async def serve_polling(
    app: App,
    stop: asyncio.Event,
    *,
    poll_timeout: float = 10.0,
    ready: asyncio.Event | None = None,
) -> None:
    """Run ``app`` with long polling until ``stop`` is set."""
    async with initialized(app):
        await set_commands(app)
        await app.start()
        await app.updater.start_polling(timeout=poll_timeout, allowed_updates=list(ALLOWED_UPDATES))
        log.info("Telegram bot @%s is polling for updates", app.bot.username)
        if ready is not None:
            ready.set()
        try:
            await stop.wait()
        finally:
            await app.updater.stop()
            await app.stop()


async def register_webhook(app: App, config: TelegramConfig) -> None:
    """``setWebhook`` with the secret token Telegram will echo in every request."""
    await app.bot.set_webhook(
        url=config.webhook_url,
        secret_token=config.webhook_secret,
        allowed_updates=list(ALLOWED_UPDATES),
    )
    log.info("Telegram webhook registered for @%s", app.bot.username)


async def _polling_until_signal(app: App) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve_polling(app, stop)


async def _register_only(app: App, config: TelegramConfig) -> None:
    async with initialized(app):
        await set_commands(app)
        await register_webhook(app, config)


def run(settings: Settings, config: TelegramConfig) -> int:
    from adapters.services import services_from_settings

    services = services_from_settings(settings)
    try:
        if config.webhook_mode:
            app = build_application(settings, services, polling=False)
            asyncio.run(_register_only(app, config))
            print("Telegram webhook registered; updates are served by `python -m bot run web`.")
            return 0
        asyncio.run(_polling_until_signal(build_application(settings, services)))
    except TelegramError as exc:
        raise _wrap(exc, config) from None
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m bot run telegram``."""
    if argv:
        raise UsageError(f"run telegram takes no options (got {' '.join(argv)})")
    settings = load_settings()
    config = telegram_config(settings)
    logging.getLogger().setLevel(settings.log_level.upper())
    return run(settings, config)

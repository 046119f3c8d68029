"""``TelegramSender``: the outbox's :class:`~bot.ports.Sender` for ``telegram:<chat id>``.

The core's port is synchronous; python-telegram-bot is async. The sender owns one event loop
in a background thread and runs every send there, so it can be called from any thread, and
calls from several threads at once share the one limiter (an outbox with worker threads).
:meth:`TelegramSender.send_many` is the async batch path for high fan-out.

Results are classified, never raised: a 429 → ``RETRY`` with its ``retry_after`` (and every
send pauses that long); blocked / kicked / deactivated (403) and "chat not found" →
``PERMANENT`` so the subscriber is deactivated; 5xx are retried briefly in place and then
``RETRY``; ``TimedOut`` → ``RETRY`` at once (the message may have arrived, so no blind resend).
"can't parse entities" resends the same content as plain text.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest

from adapters.telegram.limits import Limiter, RateLimits
from adapters.telegram.translate import Outgoing, render_digest
from bot.config import Settings
from bot.errors import ConfigError
from bot.ports import Destination, DigestMessage, Outcome, SendResult, Started

log = logging.getLogger(__name__)
T = TypeVar("T")

SENT = SendResult(Outcome.SENT)
_NETWORK_RETRIES = (0.25, 0.5)  # in-place backoff for 5xx before handing back RETRY


def seconds(value: int | float | dt.timedelta) -> float:
    """A python-telegram-bot time period in seconds (int or timedelta, by PTB_TIMEDELTA)."""
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def is_parse_error(exc: TelegramError) -> bool:
    return "can't parse entities" in str(exc).lower()


class LoopThread:
    """An event loop in a daemon thread; :meth:`run` executes a coroutine there and waits."""

    def __init__(self, name: str = "telegram-sender") -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()


def make_bot(settings: Settings, *, pool_size: int = 64, timeout: float = 10.0) -> Bot:
    """A ``Bot`` for ``TELEGRAM_BOT_TOKEN`` pointed at ``TELEGRAM_API_URL``."""
    token = settings.require("TELEGRAM_BOT_TOKEN")
    request = HTTPXRequest(
        connection_pool_size=pool_size,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
        pool_timeout=timeout,
    )
    return Bot(token, base_url=settings.telegram_api_url, request=request)


def limits_from_settings(settings: Settings) -> RateLimits:
    """``TELEGRAM_MAX_RATE`` messages/s overall (default 30); 0 turns every limit off."""
    rate = settings.telegram_max_rate
    return RateLimits.off() if rate == 0 else RateLimits(overall_per_second=rate)


class TelegramSender:
    """Sends digests to Telegram chats within the flood limits."""

    platform = "telegram"

    def __init__(
        self,
        settings: Settings,
        *,
        limits: RateLimits | None = None,
        pool_size: int = 64,
        timeout: float = 10.0,
        network_retries: Sequence[float] = _NETWORK_RETRIES,
    ) -> None:
        self._bot = make_bot(settings, pool_size=pool_size, timeout=timeout)
        self.limits = limits if limits is not None else limits_from_settings(settings)
        self._network_retries = tuple(network_retries)
        self._portal: LoopThread | None = None
        self._portal_lock = threading.Lock()  # send() may be called from several threads
        self._start_lock: asyncio.Lock | None = None
        self._limiter: Limiter | None = None
        self._started = False

    # -- the synchronous port ----------------------------------------------------------------

    def send(
        self, destination: Destination, message: DigestMessage, started: Started | None = None
    ) -> SendResult:
        """Deliver one digest (one or more messages) to ``telegram:<chat id>``; ``started``
        is called once the flood limiter lets the first message go, just before it leaves."""
        chat_id = _chat_id(destination)
        if chat_id is None:
            return SendResult(Outcome.PERMANENT, error=f"not a Telegram chat: {destination}")
        return self._run(self.deliver(chat_id, render_digest(message), started))

    def send_many(
        self, items: Sequence[tuple[Destination, DigestMessage]], *, concurrency: int = 32
    ) -> list[SendResult]:
        """Deliver many digests concurrently (the limiter still applies); results in order."""
        return self._run(self.deliver_many(items, concurrency=concurrency))

    def close(self) -> None:
        if self._portal is None:
            return
        self._portal.run(self._bot.shutdown(), timeout=10)  # a no-op if never initialized
        self._portal.close()
        self._portal = None

    def __enter__(self) -> TelegramSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        with self._portal_lock:
            if self._portal is None:
                self._portal = LoopThread()
            portal = self._portal
        return portal.run(coro)

    # -- the async path ----------------------------------------------------------------------

    async def _ensure_started(self) -> None:
        if self._started:
            return
        if self._start_lock is None:
            self._start_lock = asyncio.Lock()
        async with self._start_lock:
            if self._limiter is None:
                self._limiter = Limiter(self.limits)
            if not self._started:
                try:
                    await self._bot.initialize()
                except InvalidToken:
                    raise ConfigError("TELEGRAM_BOT_TOKEN was rejected by the Bot API") from None
                self._started = True

    async def deliver_many(
        self, items: Sequence[tuple[Destination, DigestMessage]], *, concurrency: int = 32
    ) -> list[SendResult]:
        await self._ensure_started()
        gate = asyncio.Semaphore(concurrency)

        async def one(destination: Destination, message: DigestMessage) -> SendResult:
            chat_id = _chat_id(destination)
            if chat_id is None:
                return SendResult(Outcome.PERMANENT, error=f"not a Telegram chat: {destination}")
            async with gate:
                return await self.deliver(chat_id, render_digest(message))

        return list(await asyncio.gather(*(one(d, m) for d, m in items)))

    async def deliver(
        self, chat_id: int, outgoing: Sequence[Outgoing], started: Started | None = None
    ) -> SendResult:
        """Send ``outgoing`` in order; a failure after the first part is retried in place."""
        await self._ensure_started()
        for index, part in enumerate(outgoing):
            result = await self._send_part(chat_id, part, started if index == 0 else None)
            attempts = 0
            while index > 0 and result.outcome is Outcome.RETRY and attempts < 3:
                # Re-sending the whole digest later would repeat the parts already delivered.
                attempts += 1
                await asyncio.sleep(min(result.retry_after or 2.0**attempts, 30.0))
                result = await self._send_part(chat_id, part)
            if result.outcome is not Outcome.SENT:
                return result
        return SENT

    async def _send_part(
        self, chat_id: int, part: Outgoing, started: Started | None = None
    ) -> SendResult:
        assert self._limiter is not None
        plain = False
        backoff = list(self._network_retries)
        while True:
            await self._limiter.acquire(chat_id)
            if started is not None:
                # After the limiter's wait, right before the request: the outbox records that
                # this delivery may now reach the chat (a DB commit, off the event loop).
                if not await asyncio.to_thread(started):
                    return SendResult(Outcome.RETRY, error="lease lost")
                started = None
            try:
                await self._bot.send_message(
                    chat_id,
                    part.plain if plain else part.html,
                    parse_mode=None if plain else ParseMode.HTML,
                    reply_markup=part.keyboard,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
                return SENT
            except RetryAfter as exc:
                wait = seconds(exc.retry_after)
                self._limiter.pause(wait)
                return SendResult(Outcome.RETRY, retry_after=wait, error="RetryAfter")
            except Forbidden as exc:
                return SendResult(Outcome.PERMANENT, error=exc.message[:200])
            except ChatMigrated as exc:
                return SendResult(Outcome.PERMANENT, error=f"migrated to {exc.new_chat_id}")
            except BadRequest as exc:
                if is_parse_error(exc) and not plain:
                    log.warning("Telegram refused the HTML of a message (%s); sending plain", exc)
                    plain = True
                    continue
                # "chat not found", "message is too long", …: resending cannot help.
                return SendResult(Outcome.PERMANENT, error=f"BadRequest: {exc.message}"[:200])
            except InvalidToken:
                raise ConfigError("TELEGRAM_BOT_TOKEN was rejected by the Bot API") from None
            except TimedOut:
                return SendResult(Outcome.RETRY, error="TimedOut")
            except NetworkError as exc:
                if backoff:
                    await asyncio.sleep(backoff.pop(0))
                    continue
                return SendResult(Outcome.RETRY, error=f"NetworkError: {exc.message}"[:200])


def _chat_id(destination: Destination) -> int | None:
    if destination.platform != "telegram":
        return None
    try:
        return int(destination.address)
    except ValueError:
        return None

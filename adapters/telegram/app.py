"""The python-telegram-bot Application: handlers that translate updates to the chat core.

The core is synchronous, so every core call runs in a worker thread (``asyncio.to_thread``)
and the event loop keeps serving other chats. What a message, command or button means is
decided by :class:`bot.chat.Chat` (which also owns the one catch point per update); this
module only turns updates into :class:`~bot.chat.Incoming` and replies into Telegram HTML.
If Telegram refuses the HTML entities the same content goes out as plain text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from adapters.services import Services
from adapters.telegram.outgoing import send
from adapters.telegram.translate import (
    callback_incoming,
    command_incoming,
    message_incoming,
    render_reply,
    render_text,
)
from bot.chat import Chat, Reply
from bot.chat.texts import APOLOGY, REFUSAL, UNKNOWN_BUTTON
from bot.config import Settings

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
COMMANDS = ("start", "help", "ask", "role", "openings", "subscribe", "unsubscribe", "digest")
PRIVACY_COMMANDS = ("mydata", "forget")
ADMIN_COMMANDS = ("subscribe", "unsubscribe")  # in a group: admins, the subscriber, recruiters
__all__ = ["APOLOGY", "REFUSAL", "Handlers", "build_application"]


def build_application(
    settings: Settings, services: Services, *, polling: bool = True
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The Application for ``TELEGRAM_BOT_TOKEN`` at ``TELEGRAM_API_URL`` over ``services``.

    ``polling=False`` builds it without an Updater, for webhook mode. The runtime (polling)
    or the web process (webhook) calls :func:`~adapters.telegram.outgoing.set_commands` once
    the bot is initialized.
    """
    builder = (
        ApplicationBuilder()
        .token(settings.require("TELEGRAM_BOT_TOKEN"))
        .base_url(settings.telegram_api_url)
        .rate_limiter(AIORateLimiter(max_retries=1))
        .concurrent_updates(8)
    )
    if not polling:
        builder = builder.updater(None)
    app = builder.build()
    Handlers(services.chat(settings.recruiters), services).register(app)
    return app


class Handlers:
    """The handlers, bound to the chat core."""

    def __init__(self, chat: Chat, services: Services) -> None:
        self.chat = chat
        self.deduper = services.deduper

    def register(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        app.add_handler(TypeHandler(Update, self.dedupe), group=-1)
        commands = COMMANDS + (PRIVACY_COMMANDS if self.chat.journal else ())
        commands += ("human",) if self.chat.handoffs else ()
        commands += ("inbox", "answer", "dismiss") if self.chat.inbox else ()  # recruiters
        for name in commands:
            app.add_handler(CommandHandler(name, self.on_command))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_error_handler(self.on_error)

    async def dedupe(self, update: Update, context: Context) -> None:
        """Stop an update seen before (a webhook redelivery, a second replica)."""
        key = f"telegram:update:{context.bot.id}:{update.update_id}"
        if not await asyncio.to_thread(self.deduper.first_time, key):
            log.info("update %s already handled", update.update_id)
            raise ApplicationHandlerStop

    async def _handle(
        self, update: Update, context: Context, incoming: Any, *, quote: bool = True
    ) -> None:
        if incoming is None:
            return
        replies = await asyncio.to_thread(self.chat.handle, incoming)
        await self._deliver(update, context, replies, quote=quote)

    async def _deliver(
        self, update: Update, context: Context, replies: Sequence[Reply], *, quote: bool
    ) -> None:
        chat, message = update.effective_chat, update.effective_message
        # In groups, answers quote the question; in private chats they need not.
        reply_to = None
        if quote and chat and message and chat.type != ChatType.PRIVATE:
            reply_to = message.message_id
        for reply in replies:
            if reply.to is not None:
                platform, _, target = reply.to.partition(":")
                if platform != "telegram":
                    log.warning("cannot deliver to %s from Telegram", platform)
                    continue
                thread = int(reply.thread) if reply.thread else None
                sent = await send(context.bot, int(target), render_reply(reply), thread)
                if reply.handoff is not None and sent is not None:
                    await asyncio.to_thread(self.chat.posted, reply, str(sent))
            elif chat is not None:
                await send(context.bot, chat.id, render_reply(reply), reply_to)

    async def on_text(self, update: Update, context: Context) -> None:
        incoming = message_incoming(
            update.effective_message, bot_username=context.bot.username, bot_id=context.bot.id
        )
        await self._handle(update, context, incoming)

    async def on_command(self, update: Update, context: Context) -> None:
        incoming = command_incoming(update.effective_message)
        if incoming is not None and incoming.command in ADMIN_COMMANDS and incoming.in_group:
            incoming = replace(incoming, admin=await self._is_admin(update, context))
        await self._handle(update, context, incoming)

    async def _is_admin(self, update: Update, context: Context) -> bool:
        """Whether the sender administers the group (``getChatMember``); False when the
        Bot API cannot say (the change is refused rather than allowed)."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            return False
        try:
            member = await context.bot.get_chat_member(chat.id, user.id)
        except TelegramError as exc:
            log.warning("getChatMember failed for chat %s: %s", chat.id, exc)
            return False
        return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)

    async def on_button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        incoming = callback_incoming(query)
        try:
            await query.answer(None if incoming else UNKNOWN_BUTTON)
        except BadRequest as exc:  # e.g. "query is too old": still answer in the chat
            log.info("answerCallbackQuery failed: %s", exc)
        await self._handle(update, context, incoming, quote=False)

    async def on_error(self, update: object, context: Context) -> None:
        """Failures outside the core (sending, PTB itself): log them, apologise if we can."""
        reply = self.chat.apology("a Telegram update", context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await send(context.bot, update.effective_chat.id, render_text(reply.text))
            except Exception:
                log.exception("could not send the apology")

"""The python-telegram-bot Application: handlers that translate at the edge and call the core.

The core is synchronous, so every core call runs in a worker thread (``asyncio.to_thread``)
and the event loop keeps serving other chats. Each incoming update has one catch point: any
failure is logged and the user gets a fixed apology. Replies use HTML parse mode with every
value escaped; if Telegram still refuses the entities the same content goes out as plain text.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
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
    Outgoing,
    command_question,
    conversation_key,
    parse_callback,
    render_answer,
    render_openings,
    render_text,
    role_keyboard,
    to_question,
    topic_keyboard,
    user_key,
)
from bot.config import Settings
from bot.errors import BotError
from bot.models import Answer, Question

log = logging.getLogger(__name__)
T = TypeVar("T")
Context = ContextTypes.DEFAULT_TYPE

APOLOGY = "Sorry, something went wrong on my side. Please try again in a minute."
REFUSAL = (
    "Sorry, /digest is for the hiring team only, in a private chat with me. "
    "If you need a digest, please ask one of the recruiters."
)
ASK_USAGE = "Ask me about the role, for example: /ask what's the salary?"
HELP = (
    "I answer questions about our open roles, using only what the job posting says.\n\n"
    "Just write your question (in a group, mention me or reply to me), or use:\n"
    "/start – welcome and topics\n"
    "/ask <question> – ask about the role\n"
    "/role – choose which role you're asking about\n"
    "/openings [filter] – list open roles\n"
    "/subscribe [filters] – get a digest of new openings here\n"
    "/unsubscribe – stop the digest\n"
    "/help – this message"
)


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
    Handlers(settings, services).register(app)
    return app


def _args_text(message: Message | None) -> str:
    """Everything after the command word, as written (keeps quotes for shlex)."""
    text = (message.text or "") if message else ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


class Handlers:
    """The handlers, bound to the core services."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings = settings
        self.assistant = services.assistant
        self.commands = services.commands
        self.deduper = services.deduper

    def register(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        app.add_handler(TypeHandler(Update, self.dedupe), group=-1)
        app.add_handler(CommandHandler("start", self.on_start))
        app.add_handler(CommandHandler("help", self.on_help))
        app.add_handler(CommandHandler("ask", self.on_ask))
        app.add_handler(CommandHandler("role", self.on_role))
        app.add_handler(CommandHandler("openings", self.on_openings))
        app.add_handler(CommandHandler("subscribe", self.on_subscribe))
        app.add_handler(CommandHandler("unsubscribe", self.on_unsubscribe))
        app.add_handler(CommandHandler("digest", self.on_digest))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_error_handler(self.on_error)

    # -- helpers -------------------------------------------------------------------------

    async def _core(self, func: Callable[[], T]) -> T:
        return await asyncio.to_thread(func)

    async def _answer_parts(
        self, produce: Callable[[], Answer], *, start: bool = False
    ) -> list[Outgoing]:
        """The one catch point per message: any failure becomes the fixed apology."""

        def work() -> list[Outgoing]:
            answer = produce()
            try:
                topics = list(self.assistant.topics(answer.role))
            except Exception:
                log.exception("listing topics failed")
                topics = []
            if start:
                keyboard = (
                    role_keyboard(answer.choices)
                    if answer.choices
                    else topic_keyboard(topics, answer.apply_url)
                )
                return render_answer(answer, topics, keyboard=keyboard, show_sources=False)
            return render_answer(answer, topics)

        try:
            return await self._core(work)
        except Exception:
            log.exception("answering failed")
            return render_text(APOLOGY)

    async def _text_parts(self, produce: Callable[[], str]) -> list[Outgoing]:
        try:
            return render_text(await self._core(produce))
        except BotError as exc:
            return render_text(str(exc))
        except Exception:
            log.exception("command failed")
            return render_text(APOLOGY)

    @staticmethod
    def _reply_to(update: Update) -> int | None:
        """In groups, answers quote the question; in private chats they need not."""
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None or chat.type == ChatType.PRIVATE:
            return None
        return message.message_id

    async def _reply(self, update: Update, context: Context, parts: Sequence[Outgoing]) -> None:
        chat = update.effective_chat
        if chat is not None:
            await send(context.bot, chat.id, parts, self._reply_to(update))

    # -- middleware ----------------------------------------------------------------------

    async def dedupe(self, update: Update, context: Context) -> None:
        """Stop an update seen before (a webhook redelivery, a second replica)."""
        key = f"telegram:update:{context.bot.id}:{update.update_id}"
        if not await self._core(lambda: self.deduper.first_time(key)):
            log.info("update %s already handled", update.update_id)
            raise ApplicationHandlerStop

    # -- candidates ----------------------------------------------------------------------

    async def on_start(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        conversation = conversation_key(chat.id)
        parts = await self._answer_parts(lambda: self.assistant.summary(conversation), start=True)
        await self._reply(update, context, parts)

    async def on_help(self, update: Update, context: Context) -> None:
        await self._reply(update, context, render_text(HELP))

    async def on_text(self, update: Update, context: Context) -> None:
        question = to_question(
            update.effective_message, bot_username=context.bot.username, bot_id=context.bot.id
        )
        if question is None:
            return
        if not question.text:
            await self.on_start(update, context)
            return
        await self._ask(update, context, question)

    async def on_ask(self, update: Update, context: Context) -> None:
        question = command_question(update.effective_message, context.args or [])
        if question is None:
            return
        if not question.text:
            await self._reply(update, context, render_text(ASK_USAGE))
            return
        await self._ask(update, context, question)

    async def _ask(self, update: Update, context: Context, question: Question) -> None:
        parts = await self._answer_parts(lambda: self.assistant.ask(question))
        await self._reply(update, context, parts)

    async def on_role(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        slug = " ".join(context.args or []).strip()
        conversation = conversation_key(chat.id)
        if slug:
            parts = await self._answer_parts(lambda: self.assistant.choose_role(conversation, slug))
        else:
            try:
                roles = list(await self._core(self.assistant.roles))
                parts = render_text(
                    "Which role would you like to ask about?" if roles else "No roles are loaded.",
                    role_keyboard(roles),
                )
            except Exception:
                log.exception("listing roles failed")
                parts = render_text(APOLOGY)
        await self._reply(update, context, parts)

    async def on_button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        chat = update.effective_chat
        if query is None:
            return
        parsed = parse_callback(query.data)
        try:
            await query.answer(None if parsed else "This button has expired.")
        except BadRequest as exc:  # e.g. "query is too old": still answer in the chat
            log.info("answerCallbackQuery failed: %s", exc)
        if parsed is None or chat is None:
            return
        kind, value = parsed
        conversation = conversation_key(chat.id)
        if kind == "topic":
            parts = await self._answer_parts(
                lambda: self.assistant.answer_topic(conversation, value)
            )
        elif kind == "role":
            parts = await self._answer_parts(
                lambda: self.assistant.choose_role(conversation, value)
            )
        else:
            user = query.from_user
            question = Question(
                text=value, conversation=conversation, user=user_key(user.id) if user else None
            )
            parts = await self._answer_parts(lambda: self.assistant.ask(question))
        await send(context.bot, chat.id, parts)

    # -- openings and subscriptions ------------------------------------------------------

    async def on_openings(self, update: Update, context: Context) -> None:
        filter_text = _args_text(update.effective_message)
        try:
            items = list(await self._core(lambda: self.commands.openings(filter_text)))
            if items:
                heading = f"Open roles matching “{filter_text}”" if filter_text else "Open roles"
                parts = render_openings(heading, items)
            else:
                parts = render_text(
                    f"No open roles match “{filter_text}”." if filter_text else "No open roles."
                )
        except BotError as exc:
            parts = render_text(str(exc))
        except Exception:
            log.exception("/openings failed")
            parts = render_text(APOLOGY)
        await self._reply(update, context, parts)

    async def on_subscribe(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        filters_text = _args_text(update.effective_message)
        destination = conversation_key(chat.id)
        parts = await self._text_parts(lambda: self.commands.subscribe(destination, filters_text))
        await self._reply(update, context, parts)

    async def on_unsubscribe(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        destination = conversation_key(chat.id)
        parts = await self._text_parts(lambda: self.commands.unsubscribe(destination))
        await self._reply(update, context, parts)

    # -- recruiters ----------------------------------------------------------------------

    def is_recruiter(self, update: Update) -> bool:
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or chat.type != ChatType.PRIVATE:
            return False
        return user_key(user.id) in self.settings.recruiters

    async def on_digest(self, update: Update, context: Context) -> None:
        user = update.effective_user
        if not self.is_recruiter(update):
            chat = update.effective_chat
            log.warning(
                "refused /digest from %s in chat %s",
                user_key(user.id) if user else "unknown user",
                chat.id if chat else "?",
            )
            await self._reply(update, context, render_text(REFUSAL))
            return
        assert user is not None
        try:
            args = shlex.split(_args_text(update.effective_message))
        except ValueError as exc:
            await self._reply(update, context, render_text(f"Could not read the arguments: {exc}"))
            return
        actor = user_key(user.id)
        parts = await self._text_parts(lambda: self.commands.digest(args, actor))
        await self._reply(update, context, parts)

    # -- errors --------------------------------------------------------------------------

    async def on_error(self, update: object, context: Context) -> None:
        log.error("handling a Telegram update failed", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await send(context.bot, update.effective_chat.id, render_text(APOLOGY))
            except Exception:
                log.exception("could not send the apology")

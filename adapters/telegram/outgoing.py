"""Sending to Telegram from the app: HTML with a plain-text fallback, and the command menu."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import Application

from adapters.telegram.formatting import plain_pieces
from adapters.telegram.sender import is_parse_error
from adapters.telegram.translate import Outgoing

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", "Welcome and topics"),
    ("ask", "Ask a question about the role"),
    ("role", "Choose the role you're asking about"),
    ("openings", "List open roles"),
    ("subscribe", "Get a digest of new openings"),
    ("unsubscribe", "Stop the digest"),
    ("human", "Talk to a person from the hiring team"),
    ("mydata", "What I store about you"),
    ("forget", "Erase what I store about you"),
    ("help", "What I can do"),
)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def set_commands(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """``setMyCommands`` so Telegram shows the command menu (a failure is only logged)."""
    try:
        await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
    except Exception:
        log.exception("setMyCommands failed; the command menu may be out of date")


async def send(
    message_bot: Any, chat_id: int, parts: Sequence[Outgoing], reply_to: int | None = None
) -> int | None:
    """Send ``parts`` to ``chat_id`` as HTML; refused entities are resent as plain text.

    Returns the id of the first message sent (what replies to the whole answer refer to).
    """
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    first: int | None = None
    for part in parts:
        try:
            sent = await message_bot.send_message(
                chat_id,
                part.html,
                parse_mode=ParseMode.HTML,
                reply_markup=part.keyboard,
                link_preview_options=NO_PREVIEW,
                reply_parameters=reply,
            )
        except BadRequest as exc:
            too_long = "too long" in str(exc).lower()
            if not (is_parse_error(exc) or too_long):
                raise
            log.warning("Telegram refused a message (%s); resending it as plain text", exc)
            pieces = plain_pieces(part.plain)
            for i, piece in enumerate(pieces):
                sent = await message_bot.send_message(
                    chat_id,
                    piece,
                    reply_markup=part.keyboard if i == len(pieces) - 1 else None,
                    link_preview_options=NO_PREVIEW,
                    reply_parameters=reply,
                )
        reply = None
        if first is None:
            first = getattr(sent, "message_id", None)
    return first

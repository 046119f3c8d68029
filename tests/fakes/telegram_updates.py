"""Update bodies as Telegram sends them (messages, mentions, button presses), for the fake."""

from __future__ import annotations

import time
from typing import Any

from tests.fakes.telegram_html import utf16_length


class UpdateBuilders:
    """Builders mixed into the fake Bot API; they need ``bot_user`` and ``_take_message_id``."""

    bot_user: dict[str, Any]

    def _take_message_id(self) -> int:
        raise NotImplementedError

    def message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        reply_to_bot: bool = False,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """An update body with a text message (``update_id`` added when pushed)."""
        uid = user_id if user_id is not None else abs(chat_id)
        message_id = self._take_message_id()
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = "Candidate"
        else:
            chat["title"] = "Hiring group"
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": uid, "is_bot": False, "first_name": "Candidate"},
            "text": text,
        }
        if entities is None and text.startswith("/"):
            command = text.split()[0]
            entities = [{"type": "bot_command", "offset": 0, "length": utf16_length(command)}]
        if entities:
            message["entities"] = entities
        if reply_to_bot:
            message["reply_to_message"] = {
                "message_id": max(message_id - 1, 1),
                "date": int(time.time()),
                "chat": chat,
                "from": self.bot_user,
                "text": "earlier answer",
            }
        return {"message": message}

    def mention(self, chat_id: int, text: str, **kwargs: Any) -> dict[str, Any]:
        """A group message that @mentions the bot (the mention is prepended to ``text``)."""
        handle = f"@{self.bot_user['username']}"
        entity = {"type": "mention", "offset": 0, "length": utf16_length(handle)}
        return self.message(
            chat_id, f"{handle} {text}", chat_type="supergroup", entities=[entity], **kwargs
        )

    def callback(self, chat_id: int, data: str, *, user_id: int | None = None) -> dict[str, Any]:
        """An update body for a press of an inline button with ``data``."""
        uid = user_id if user_id is not None else abs(chat_id)
        message_id = self._take_message_id()
        query_id = f"cq{message_id}"
        chat_type = "private" if chat_id > 0 else "supergroup"
        return {
            "callback_query": {
                "id": query_id,
                "from": {"id": uid, "is_bot": False, "first_name": "Candidate"},
                "chat_instance": f"ci{chat_id}",
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": chat_id, "type": chat_type},
                    "from": self.bot_user,
                    "text": "topics",
                },
            }
        }

"""The platform-neutral chat core (``Chat.handle(Incoming) -> list[Reply]``)."""

from bot.chat.core import Chat
from bot.chat.messages import Button, Home, InboxItem, Incoming, Reply

__all__ = ["Button", "Chat", "Home", "InboxItem", "Incoming", "Reply"]

"""What the chat adapters (Slack, Telegram) need from the core, as small Protocols, and the
one place that wires the real core pieces (assistant, store, command functions) from settings.

Tests pass fakes that satisfy these Protocols; production calls :func:`services_from_settings`.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from bot.chat import Chat
from bot.chat.ports import AssistantPort, CommandsPort, HandoffPort, InboxPort, JournalPort
from bot.config import Settings
from bot.ports import EventDeduper, OpeningItem

__all__ = ["AssistantPort", "CommandsPort", "MemoryDeduper", "Services", "StoreCommands"]


@dataclass(frozen=True, slots=True)
class Services:
    assistant: AssistantPort
    deduper: EventDeduper
    commands: CommandsPort
    journal: JournalPort | None = None
    handoffs: HandoffPort | None = None
    inbox: InboxPort | None = None

    def chat(self, recruiters: Collection[str]) -> Chat:
        """The chat core over these services, with ``recruiters`` (``platform:id``)."""
        return Chat(
            self.assistant,
            self.commands,
            recruiters=recruiters,
            journal=self.journal,
            handoffs=self.handoffs,
            inbox=self.inbox,
        )


class MemoryDeduper:
    """In-process :class:`~bot.ports.EventDeduper` for tests and benchmarks only: replicas
    need the shared store's ``first_time``."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        with self._lock:
            if key in self._seen:
                return False
            self._seen.add(key)
            return True


class StoreCommands:
    """:class:`CommandsPort` over the shared store and the core's command functions."""

    def __init__(self, store: Any, settings: Settings) -> None:
        self._store = store
        self._settings = settings

    def openings(self, filter_text: str) -> Sequence[OpeningItem]:
        from bot.openings import list_for_chat

        return list(list_for_chat(self._store, filter_text, 10))

    def subscribe(self, destination: str, filters_text: str, by: str | None = None) -> str:
        from bot.subscriptions import subscribe

        return str(subscribe(self._store, destination, filters_text, by))

    def subscriber(self, destination: str) -> str | None:
        from bot.subscriptions import subscriber

        return subscriber(self._store, destination)

    def unsubscribe(self, destination: str) -> str:
        from bot.subscriptions import unsubscribe

        return str(unsubscribe(self._store, destination))

    def digest(self, args: list[str], actor: str) -> str:
        from bot.digests import run_command

        return str(run_command(self._store, self._settings, args, actor))


def services_from_settings(settings: Settings) -> Services:
    """The real core: the shared store (migrated), the assistant, the command functions, the
    conversation log and (with ``HANDOFF_CHANNEL``) handoffs."""
    from bot.assistant import Assistant
    from bot.handoff import Handoffs
    from bot.inbox import Inbox
    from bot.journal import Journal
    from bot.storage import open_store

    store = open_store(settings.database_url)
    assistant = Assistant.from_settings(settings, conversations=store)
    journal = Journal.from_settings(settings, store)
    channel = settings.handoff_channel
    return Services(
        assistant=assistant,
        deduper=store,
        commands=StoreCommands(store, settings),
        journal=journal,
        handoffs=Handoffs(store, channel, journal.key_of) if channel else None,
        inbox=Inbox(
            store,
            settings.knowledge_dir,
            flush=journal.flush,
            answered=lambda slugs: [assistant.index.reload(slug) for slug in slugs],
        ),
    )

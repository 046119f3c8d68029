"""Fixtures for the Telegram adapter: the fake Bot API, settings pointing at it, and small
in-memory stand-ins for the core services (the real core is exercised in test_end_to_end)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

import adapters.telegram  # noqa: F401 (sets PTB_TIMEDELTA before python-telegram-bot is used)
from adapters.services import MemoryDeduper, Services
from adapters.telegram.app import build_application
from adapters.telegram.runtime import serve_polling
from bot.config import Settings, load_settings
from bot.models import Answer, Question
from bot.ports import OpeningItem
from tests.fakes.telegram_api import FakeTelegramAPI

TOKEN = "123456:TEST-token_abc"
SECRET = "s3cret-Token_1"
RECRUITER = 777
HOSTILE = "<b>bold & </i> unclosed <script>alert(1)</script> &amp;x; &nbsp; \"quote\" 'q'"
TOPICS = (("salary", "Salary"), ("remote", "Remote work"), ("visa", "Visa & relocation"))


@dataclass
class FakeAssistant:
    """Answers from canned text; records the questions. ``fact`` is echoed into answers."""

    fact: str = "£95,000 – £150,000 base salary"
    questions: list[Question] = field(default_factory=list)
    roles_chosen: dict[str, str] = field(default_factory=dict)
    fail: bool = False

    def ask(self, question: Question) -> Answer:
        if self.fail:
            raise RuntimeError("core exploded")
        self.questions.append(question)
        return Answer(
            answered=True,
            text=f"About “{question.text}”: {self.fact}",
            intent="salary",
            role="senior-backend",
            sources=(self.fact,),
            suggestions=("Remote work", "Unknown topic"),
            apply_url="https://example.com/apply?a=1&b=2",
        )

    def topics(self, role: str | None) -> Sequence[tuple[str, str]]:
        return TOPICS

    def answer_topic(self, conversation: str, intent_id: str) -> Answer:
        return Answer(answered=True, text=f"Topic {intent_id}: {self.fact}", intent=intent_id)

    def roles(self) -> Sequence[tuple[str, str]]:
        return (("senior-backend", "Senior Backend Engineer"), ("sre", "SRE <ops>"))

    def choose_role(self, conversation: str, slug: str) -> Answer:
        self.roles_chosen[conversation] = slug
        return Answer(answered=True, text=f"Now answering about {slug}.", role=slug)

    def summary(self, conversation: str) -> Answer:
        return Answer(
            answered=True,
            text=f"Hi! I answer questions about Senior Backend Engineer.\n\n{self.fact}",
            role="senior-backend",
            apply_url="https://example.com/apply",
        )


@dataclass
class FakeCommands:
    """Records command calls; returns fixed replies."""

    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    items: tuple[OpeningItem, ...] = ()
    owners: dict[str, str | None] = field(default_factory=dict)

    def openings(self, filter_text: str) -> Sequence[OpeningItem]:
        self.calls.append(("openings", (filter_text,)))
        return self.items

    def subscribe(self, destination: str, filters_text: str, by: str | None = None) -> str:
        self.calls.append(("subscribe", (destination, filters_text)))
        self.owners[destination] = by
        return f"Subscribed {destination} to <{filters_text or 'everything'}>."

    def subscriber(self, destination: str) -> str | None:
        return self.owners.get(destination)

    def unsubscribe(self, destination: str) -> str:
        self.calls.append(("unsubscribe", (destination,)))
        return "Unsubscribed."

    def digest(self, args: list[str], actor: str) -> str:
        self.calls.append(("digest", (args, actor)))
        return f"digest {' '.join(args)} by {actor}"


@pytest.fixture
def fake_api() -> Iterator[FakeTelegramAPI]:
    """A running fake Bot API that only accepts the test token."""
    with FakeTelegramAPI(token=TOKEN) as fake:
        yield fake


@pytest.fixture
def settings(fake_api: FakeTelegramAPI) -> Settings:
    return load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": fake_api.base_url,
            "RECRUITERS": f"telegram:{RECRUITER},slack:U1",
        }
    )


@pytest.fixture
def assistant() -> FakeAssistant:
    return FakeAssistant()


@pytest.fixture
def commands() -> FakeCommands:
    return FakeCommands()


@pytest.fixture
def services(assistant: FakeAssistant, commands: FakeCommands) -> Services:
    return Services(assistant=assistant, deduper=MemoryDeduper(), commands=commands)


@contextlib.asynccontextmanager
async def polling(settings: Settings, services: Services) -> AsyncIterator[Any]:
    """The real Application long-polling the fake until the block ends."""
    app = build_application(settings, services)
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve_polling(app, stop, poll_timeout=5, ready=ready))
    await asyncio.wait_for(ready.wait(), 10)
    try:
        yield app
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


async def wait_for(fake: FakeTelegramAPI, predicate: Any, timeout: float = 5) -> bool:
    return await asyncio.to_thread(fake.wait_for, predicate, timeout)

"""Fixtures for the Slack adapter: the fake Web API, fake core services and the running web app."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from adapters.services import MemoryDeduper, Services
from adapters.slack.config import SlackConfig
from bot.models import Answer, Question
from bot.ports import OpeningItem
from tests.fakes.slack_api import FakeSlackAPI, ServerThread, sign

# The storage contract fixtures (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).
from tests.storage.conftest import backend, clock, postgres_target, store_factory  # noqa: F401

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
RECRUITER = "U0BOSS"


@dataclass
class FakeAssistant:
    """Echoes the question back (the hostile case for escaping) and records every call."""

    asked: list[Question] = field(default_factory=list)
    calls: list[tuple[str, str, str]] = field(default_factory=list)
    fail: bool = False
    gate: threading.Event | None = None  # when set, ask() waits for it (a slow answer)

    def ask(self, question: Question) -> Answer:
        self.asked.append(question)
        if self.gate is not None:
            self.gate.wait(10)
        if self.fail:
            raise RuntimeError("boom")
        return Answer(
            answered=True,
            text=f"You asked: {question.text}",
            intent="salary",
            role="backend",
            sources=("The salary is £95,000 & <b>equity</b>.",),
            suggestions=("Salary", "Remote work", "Visa"),
            apply_url="https://jobs.example.com/apply?id=1&src=slack",
        )

    def topics(self, role: str | None) -> Sequence[tuple[str, str]]:
        return [("salary", "Salary"), ("remote", "Remote work")]

    def answer_topic(self, conversation: str, intent_id: str) -> Answer:
        self.calls.append(("topic", conversation, intent_id))
        return Answer(answered=True, text=f"Topic {intent_id}", intent=intent_id, role="backend")

    def roles(self) -> Sequence[tuple[str, str]]:
        return [("backend", "Backend Engineer"), ("ios", "iOS Engineer")]

    def choose_role(self, conversation: str, slug: str) -> Answer:
        self.calls.append(("role", conversation, slug))
        return Answer(answered=True, text=f"Now talking about {slug}", role=slug)

    def summary(self, conversation: str) -> Answer:
        self.calls.append(("summary", conversation, ""))
        return Answer(answered=True, text="Backend Engineer at Monzo <London>", role="backend")


@dataclass
class FakeCommands:
    """Records chat commands and answers with predictable text."""

    calls: list[tuple[Any, ...]] = field(default_factory=list)
    owners: dict[str, str | None] = field(default_factory=dict)

    def openings(self, filter_text: str) -> Sequence[OpeningItem]:
        self.calls.append(("openings", filter_text))
        return [OpeningItem("Backend <Engineer>", "Monzo", "London", "£95k", "https://x.test/1")]

    def subscribe(self, destination: str, filters_text: str, by: str | None = None) -> str:
        self.calls.append(("subscribe", destination, filters_text))
        self.owners[destination] = by
        return f"Subscribed {destination} to {filters_text or 'all openings'}."

    def subscriber(self, destination: str) -> str | None:
        return self.owners.get(destination)

    def unsubscribe(self, destination: str) -> str:
        self.calls.append(("unsubscribe", destination))
        return f"Unsubscribed {destination}."

    def digest(self, args: list[str], actor: str) -> str:
        self.calls.append(("digest", args, actor))
        return f"digest {' '.join(args)} by {actor}"


@pytest.fixture
def fake_api() -> Iterator[FakeSlackAPI]:
    """The fake Slack Web API, running."""
    with FakeSlackAPI() as api:
        yield api


@pytest.fixture
def assistant() -> FakeAssistant:
    return FakeAssistant()


@pytest.fixture
def commands() -> FakeCommands:
    return FakeCommands()


@pytest.fixture
def services(assistant: FakeAssistant, commands: FakeCommands) -> Services:
    return Services(assistant=assistant, deduper=MemoryDeduper(), commands=commands)


@pytest.fixture
def config(fake_api: FakeSlackAPI) -> SlackConfig:
    return SlackConfig(
        bot_token=fake_api.token,
        api_url=fake_api.url,
        signing_secret=SECRET,
        recruiters=frozenset({RECRUITER}),
    )


class SlackWeb:
    """The running web app plus a way to post signed requests to it."""

    def __init__(self, server: ServerThread) -> None:
        self.server = server
        self.http = httpx.Client(base_url=server.url, timeout=10)

    def post(
        self,
        body: str,
        *,
        form: bool = False,
        secret: str = SECRET,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
        tamper: bool = False,
    ) -> httpx.Response:
        signed = sign(secret, body, timestamp)
        ctype = "application/x-www-form-urlencoded" if form else "application/json"
        sent = body + " " if tamper else body
        return self.http.post(
            "/slack/events",
            content=sent.encode(),
            headers={"Content-Type": ctype, **signed, **(headers or {})},
        )


@pytest.fixture
def web(config: SlackConfig, services: Services) -> Iterator[SlackWeb]:
    """The real web app (adapters.web) serving the real bolt App over uvicorn on 127.0.0.1."""
    from adapters.slack.app import build_app
    from adapters.slack.http import slack_routes
    from adapters.web import create_app
    from bot.config import load_settings

    app = build_app(config, services)
    asgi = create_app(load_settings({}), mounted={"slack": slack_routes(app)})
    with ServerThread(asgi) as server:
        client = SlackWeb(server)
        try:
            yield client
        finally:
            client.http.close()

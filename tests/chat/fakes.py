"""In-memory stand-ins for the chat core's ports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.models import Answer, Question
from bot.ports import OpeningItem


@dataclass
class FakeAssistant:
    """Answers every question with a fixed text; ``fail`` makes it raise ``error``."""

    asked: list[Question] = field(default_factory=list)
    error: Exception | None = None
    answered: bool = True

    def ask(self, question: Question) -> Answer:
        self.asked.append(question)
        if self.error is not None:
            raise self.error
        return Answer(
            answered=self.answered, text=f"About {question.text}", intent="salary", role="be",
            confidence=0.9 if self.answered else 0.2,
        )  # fmt: skip

    def topics(self, role: str | None) -> Sequence[tuple[str, str]]:
        return [("salary", "Salary")]

    def answer_topic(self, conversation: str, intent_id: str) -> Answer:
        return Answer(answered=True, text=f"Topic {intent_id}", intent=intent_id, role="be")

    def roles(self) -> Sequence[tuple[str, str]]:
        return [("be", "Backend"), ("ios", "iOS")]

    def choose_role(self, conversation: str, slug: str) -> Answer:
        return Answer(answered=True, text=f"Now {slug}", role=slug)

    def summary(self, conversation: str) -> Answer:
        return Answer(answered=True, text="Hi!", role="be")


@dataclass
class FakeCommands:
    """Records calls; ``error`` is raised by every command when set."""

    calls: list[tuple[Any, ...]] = field(default_factory=list)
    error: Exception | None = None
    owners: dict[str, str | None] = field(default_factory=dict)

    def _call(self, *args: Any) -> None:
        self.calls.append(args)
        if self.error is not None:
            raise self.error

    def openings(self, filter_text: str) -> Sequence[OpeningItem]:
        self._call("openings", filter_text)
        return [OpeningItem("Backend", "Monzo", None, None, None)] if filter_text != "none" else []

    def subscribe(self, destination: str, filters_text: str, by: str | None = None) -> str:
        self._call("subscribe", destination, filters_text)
        self.owners[destination] = by
        return f"subscribed {destination}"

    def subscriber(self, destination: str) -> str | None:
        return self.owners.get(destination)

    def unsubscribe(self, destination: str) -> str:
        self._call("unsubscribe", destination)
        return f"unsubscribed {destination}"

    def digest(self, args: list[str], actor: str) -> str:
        self._call("digest", args, actor)
        return "digest ok"

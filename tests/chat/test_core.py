"""The chat core: one dispatch for every platform, one recruiter check, one catch point."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.chat import Chat, Incoming, texts
from bot.errors import StorageError, UsageError
from tests.chat.fakes import FakeAssistant, FakeCommands

SECRET = "connection to server at 10.1.2.3 port 5432 failed: password authentication"


def _chat(assistant: FakeAssistant | None = None, commands: FakeCommands | None = None) -> Chat:
    return Chat(
        assistant or FakeAssistant(),
        commands or FakeCommands(),
        recruiters={"slack:UBOSS", "telegram:7"},
    )


def test_message_is_answered_with_topics() -> None:
    """A plain message is asked as a question in its conversation, by its user."""
    assistant = FakeAssistant()
    (reply,) = _chat(assistant).handle(Incoming("telegram:1", "telegram:1", "salary?"))
    assert reply.answer is not None and reply.text == "About salary?"
    assert reply.topics == (("salary", "Salary"),)
    assert assistant.asked[0].conversation == "telegram:1"
    assert assistant.asked[0].user == "telegram:1"


@pytest.mark.parametrize(
    "error",
    [RuntimeError(SECRET), StorageError(SECRET), KeyError(SECRET)],
)
def test_no_internal_error_text_reaches_a_user(
    error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    """Any error but UsageError becomes the apology with an id that is also in the log."""
    commands = FakeCommands(error=error)
    chat = _chat(FakeAssistant(error=error), commands)
    caplog.set_level(logging.ERROR)
    messages = [
        Incoming("slack:U1", "slack:U1", "salary?"),
        Incoming("slack:U1", "slack:C1", "python", command="subscribe"),
        Incoming("slack:U1", "slack:C1", "", command="openings"),
        Incoming("slack:UBOSS", "slack:UBOSS", "list", command="digest"),
        Incoming("slack:U1", "slack:U1", button=("ask", "visa?")),
    ]
    for msg in messages:
        (reply,) = chat.handle(msg)
        assert SECRET not in reply.text and "10.1.2.3" not in reply.text
        prefix = texts.APOLOGY.partition("{error_id}")[0]
        assert reply.text.startswith(prefix)
        error_id = re.search(r"error ([0-9a-f]{8})", reply.text)
        assert error_id is not None and error_id.group(1) in caplog.text
    assert SECRET in caplog.text  # the traceback is logged for the team


def test_usage_errors_are_shown_as_written() -> None:
    """A UsageError is the user's own mistake: its text is the reply."""
    chat = _chat(commands=FakeCommands(error=UsageError("remote=maybe is not yes or no")))
    (reply,) = chat.handle(
        Incoming("telegram:1", "telegram:1", "remote=maybe", command="subscribe")
    )
    assert reply.text == "remote=maybe is not yes or no"


@pytest.mark.parametrize(
    ("user", "private", "allowed"),
    [("telegram:7", True, True), ("telegram:7", False, False), ("telegram:8", True, False),
     ("slack:UBOSS", True, True), ("", True, False)],
)  # fmt: skip
def test_digest_only_for_recruiters_in_private(user: str, private: bool, allowed: bool) -> None:
    """/digest runs for a listed recruiter where only they see the reply; others are refused."""
    commands = FakeCommands()
    msg = Incoming(user, "telegram:-5", 'schedule w "mon 09:00"', command="digest", private=private)
    (reply,) = _chat(commands=commands).handle(msg)
    if allowed:
        assert commands.calls == [("digest", ["schedule", "w", "mon 09:00"], user)]
    else:
        assert commands.calls == [] and reply.text == texts.REFUSAL


def test_unbalanced_quotes_are_a_usage_error() -> None:
    """Arguments that cannot be split say so instead of apologising."""
    msg = Incoming("telegram:7", "telegram:7", 'schedule "mon', command="digest")
    (reply,) = _chat().handle(msg)
    assert reply.text.startswith("Could not read the arguments")


def test_commands_use_the_chat_destination() -> None:
    """/subscribe goes to the chat's destination, not the user's DM."""
    commands = FakeCommands()
    chat = _chat(commands=commands)
    msg = Incoming("slack:U1", "slack:U1", "go", command="subscribe", destination="slack:C9")
    assert chat.handle(msg)[0].text == "subscribed slack:C9"
    (none,) = chat.handle(Incoming("slack:U1", "slack:U1", "none", command="openings"))
    assert none.text == "No open roles match “none”." and not none.openings
    (some,) = chat.handle(Incoming("slack:U1", "slack:U1", "", command="openings"))
    assert some.openings and some.text == texts.OPENINGS


def test_buttons_and_unknown_input() -> None:
    """Topic and role buttons reach the assistant; unknown buttons and commands are polite."""
    chat = _chat()
    assert chat.handle(Incoming("t:1", "t:1", button=("topic", "visa")))[0].text == "Topic visa"
    assert chat.handle(Incoming("t:1", "t:1", button=("role", "ios")))[0].text == "Now ios"
    assert (
        chat.handle(Incoming("t:1", "t:1", button=("bogus", "x")))[0].text == texts.UNKNOWN_BUTTON
    )
    assert "/nope" in chat.handle(Incoming("t:1", "t:1", command="nope"))[0].text
    (roles,) = chat.handle(Incoming("t:1", "t:1", command="role"))
    assert [b.value for b in roles.buttons] == ["be", "ios"]
    (usage,) = chat.handle(Incoming("t:1", "t:1", command="ask"))
    assert usage.text == texts.ASK_USAGE


def test_empty_message_is_a_welcome() -> None:
    """A mention without a question gets the welcome (the summary, marked as such)."""
    (reply,) = _chat().handle(Incoming("telegram:1", "telegram:-1", "  "))
    assert reply.welcome and reply.text == "Hi!"


class FakeInbox:
    """Records answers and dismissals of a one-group inbox."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, str]] = []

    def items(self, limit: int = 10) -> list[Any]:
        from bot.inbox import InboxGroup

        now = datetime(2026, 1, 1, tzinfo=UTC)
        return [InboxGroup(3, 2, "gym?", ("gym?", "a gym?"), ("be",), now, now, ("no",), 0)]

    def answer(self, group_id: int, text: str) -> str:
        self.calls.append(("answer", group_id, text))
        return f"answered {group_id}"

    def dismiss(self, group_id: int) -> str:
        self.calls.append(("dismiss", group_id, ""))
        return f"dismissed {group_id}"


def test_inbox_commands_are_for_recruiters_in_private() -> None:
    """/inbox, /answer and /dismiss run for listed recruiters where only they see it; the
    home screen lists the inbox only for them."""
    inbox = FakeInbox()
    chat = Chat(FakeAssistant(), FakeCommands(), recruiters={"telegram:7"}, inbox=inbox)
    boss = Incoming("telegram:7", "telegram:7", command="inbox")
    assert "#3 2× “gym?” (be)" in chat.handle(boss)[0].text
    answer = Incoming("telegram:7", "telegram:7", "#3 Yes, a gym.", command="answer")
    assert chat.handle(answer)[0].text == "answered 3"
    assert chat.handle(Incoming("telegram:7", "telegram:7", "3", command="dismiss"))
    assert inbox.calls == [("answer", 3, "Yes, a gym."), ("dismiss", 3, "")]
    bad = Incoming("telegram:7", "telegram:7", "three", command="answer")
    assert chat.handle(bad)[0].text == texts.ANSWER_USAGE
    for msg in (
        Incoming("telegram:8", "telegram:8", "3 no", command="answer"),
        Incoming("telegram:7", "telegram:-1", "3 no", command="answer", private=False),
    ):
        assert chat.handle(msg)[0].text == texts.RECRUITERS_ONLY
    assert len(inbox.calls) == 2
    assert [i.id for i in chat.home("telegram:7").inbox] == [3]
    assert chat.home("telegram:8").inbox == ()


def test_forget_keeps_a_channel_subscription() -> None:
    """/forget in a channel (shown only to the user) erases the user, not the channel's
    subscription; in a direct chat the DM's subscription goes too."""
    erased: list[list[str]] = []

    class Journal:
        retention_days = 90

        def forget(self, user: str, destinations: list[str]) -> str:
            erased.append(destinations)
            return "0 question(s)"

    chat = Chat(FakeAssistant(), FakeCommands(), journal=Journal())  # type: ignore[arg-type]
    button = ("forget", "yes")
    chat.handle(Incoming("slack:U1", "slack:C1", button=button, destination="slack:C1"))
    chat.handle(Incoming("slack:U1", "slack:U1", button=button, destination="slack:D1"))
    assert erased == [["slack:U1"], ["slack:U1", "slack:D1"]]

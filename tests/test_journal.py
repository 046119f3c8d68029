"""The conversation log: pseudonymous rows, what goes to the inbox, /mydata and /forget."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.journal import Journal, needs_review
from bot.models import Answer
from bot.privacy import pseudonym
from bot.storage import Store, open_store

KEY = b"k" * 32


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(f"sqlite:///{tmp_path / 'bot.db'}")


def _declined(text: str = "no idea") -> Answer:
    return Answer(answered=False, text=text, intent=None, confidence=0.3, role="be")


def test_rows_hold_pseudonyms_not_ids(store: Store) -> None:
    """The log stores keyed HMACs of the user and chat, never the raw ids."""
    journal = Journal(store, KEY)
    entry = journal.record("telegram:42", "telegram:-100", "gym?", _declined(), 0.012)
    journal.flush()
    (row,) = store.questions.for_user(pseudonym(KEY, "telegram:42"))
    assert row.ref == entry and row.platform == "telegram" and row.latency_ms == pytest.approx(12)
    assert row.conversation_key == pseudonym(KEY, "telegram:-100")
    assert "42" not in row.user_key + row.conversation_key
    assert pseudonym(b"other" * 8, "telegram:42") != row.user_key


@pytest.mark.parametrize(
    ("answer", "review"),
    [
        (Answer(answered=False, text="?", intent="wellbeing", confidence=1.0), True),
        (Answer(answered=True, text="x", intent="salary", confidence=0.3), True),
        (Answer(answered=True, text="x", intent="salary", confidence=0.9), False),
        (Answer(answered=False, text="weather", intent="oos_weather", confidence=0.9), False),
        (Answer(answered=False, text="help", intent="help"), False),
        (Answer(answered=False, text="which?", choices=(("a", "A"),)), False),
    ],
)
def test_what_goes_to_the_inbox(answer: Answer, review: bool) -> None:
    """Declined or unsure job questions, not small talk, help or role prompts."""
    assert needs_review(answer) is review


def test_mydata_and_forget(store: Store) -> None:
    """/mydata lists the user's questions; /forget erases them and their subscription."""
    journal = Journal(store, KEY, retention_days=30)
    journal.record("telegram:42", "telegram:42", "gym?", _declined(), 0.01)
    journal.record("telegram:7", "telegram:7", "dog?", _declined(), 0.01)
    store.subscriptions.upsert("telegram:42", {})
    lines = journal.describe("telegram:42")
    assert "1 of your questions" in lines[0] and "30 days" in lines[0]
    assert any("gym?" in line for line in lines) and not any("dog?" in x for x in lines)
    summary = journal.forget("telegram:42", ["telegram:42"])
    assert summary == "1 question(s) and 1 subscription(s)"
    assert journal.describe("telegram:42") == [] and journal.export("telegram:42") == []
    assert [q["question"] for q in journal.export("telegram:7")] == ["dog?"]


def test_key_from_settings_or_generated_once(store: Store) -> None:
    """PRIVACY_KEY is used when set; otherwise one generated key is kept in the database."""
    with_key = Journal.from_settings(load_settings({"PRIVACY_KEY": "s" * 20}), store)
    assert with_key.key_of("slack:U1") == pseudonym(b"s" * 20, "slack:U1")
    first = Journal.from_settings(load_settings({}), store).key_of("slack:U1")
    second = Journal.from_settings(load_settings({}), store).key_of("slack:U1")
    assert first == second != with_key.key_of("slack:U1")

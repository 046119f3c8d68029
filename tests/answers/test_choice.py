"""Choosing a role in conversation: the reply to "which role?" answers the waiting question."""

from __future__ import annotations

import pytest

from bot.answers.choice import pick
from bot.knowledge.index import RoleEntry
from bot.models import Question
from bot.ports import MemoryConversations, Pending
from tests.answers.support import HOURLY, SEED, US, assistant

OFFERED = (
    RoleEntry("staff-backend", "Staff Backend Engineer", "Monzo"),
    RoleEntry("senior-backend", "Senior Backend Engineer", "Monzo"),
    RoleEntry("data", "Data Scientist", "Globex"),
)


@pytest.mark.parametrize(
    ("reply", "slug"),
    [
        ("2", "senior-backend"),
        ("#3", "data"),
        ("number 1", "staff-backend"),
        ("the second one", "senior-backend"),
        ("last", "data"),
        ("Globex", "data"),
        ("the data scientist one", "data"),
        ("staff backend", "staff-backend"),
        ("Data Scintist at Globex", "data"),  # a typo
        ("senior-backend", "senior-backend"),
    ],
)
def test_pick_by_number_title_or_company(reply: str, slug: str) -> None:
    """The number shown, an ordinal, the title, the company or the slug picks one role."""
    picked = pick(reply, OFFERED)
    assert picked is not None and picked.role is not None and picked.role.slug == slug


def test_pick_narrows_when_the_reply_fits_several() -> None:
    """ "Monzo" fits two of the three: no pick, the two are returned."""
    picked = pick("Monzo", OFFERED)
    assert picked is not None and picked.role is None
    assert [e.slug for e in picked.fits] == ["staff-backend", "senior-backend"]


@pytest.mark.parametrize("reply", ["is it remote?", "4", "0", "what about visas", "thanks"])
def test_a_new_question_or_out_of_range_number_is_not_a_choice(reply: str) -> None:
    """Questions and numbers that were not offered pick nothing."""
    assert pick(reply, OFFERED) is None


@pytest.mark.parametrize("reply", ["2", "Salesforce Developer", "Twin Health"])
def test_reply_with_number_title_or_company_answers_the_waiting_question(reply: str) -> None:
    """After "which role?", the number, title or company picks it and answers the salary."""
    bot = assistant("monzo", "us_remote", "hourly_contract")
    first = bot.ask(Question("what's the salary?", conversation="c"))
    assert [s for s, _ in first.choices] == [SEED, US, HOURLY]
    answer = bot.ask(Question(reply, conversation="c"))
    assert answer.role == US and answer.answered and "$125,000 - $135,000" in answer.text
    assert bot.conversations.get_role("c") == US
    assert bot.conversations.get_pending("c") is None
    follow_up = bot.ask(Question("is it remote?", conversation="c"))
    assert follow_up.role == US


def test_choose_role_answers_the_waiting_question() -> None:
    """/role SLUG (and a role button) after "which role?" answers the waiting question."""
    bot = assistant("monzo", "us_remote", "hourly_contract")
    bot.ask(Question("do you sponsor visas?", conversation="c"))
    answer = bot.choose_role("c", SEED)
    assert answer.role == SEED and answer.answered and "sponsor" in answer.text
    assert answer.sources  # the posting sentence, as for the question asked directly


def test_a_new_question_drops_the_waiting_one() -> None:
    """A reply that is not a choice is answered as itself; the waiting question is dropped."""
    bot = assistant("monzo", "us_remote", "hourly_contract")
    bot.ask(Question("what's the salary?", conversation="c"))
    answer = bot.ask(Question("salary for the salesforce developer role?", conversation="c"))
    assert answer.role == US
    assert bot.conversations.get_pending("c") is None
    assert bot.ask(Question("2", conversation="c")).intent != "salary"


def test_the_waiting_question_lives_in_the_conversation_store() -> None:
    """The state is in the store, so another process (a second web replica) can finish it."""
    store = MemoryConversations()
    first = assistant("monzo", "us_remote", "hourly_contract")
    first.conversations = store
    first.ask(Question("what's the salary?", conversation="slack:C1"))
    assert store.get_pending("slack:C1") == Pending("what's the salary?", (SEED, US, HOURLY))
    second = assistant("monzo", "us_remote", "hourly_contract")
    second.conversations = store
    answer = second.ask(Question("1", conversation="slack:C1"))
    assert answer.role == SEED and "£95,000" in answer.text

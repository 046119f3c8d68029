"""The conversation log's storage contract, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.ports import Pending
from bot.storage import Store
from tests.storage.conftest import FakeClock


def _values(user: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "user_key": user, "conversation_key": "c1", "platform": "telegram", "text": text,
        "answer": "no idea", "intent": None, "confidence": 0.2, "role": "be",
        "answered": False, "latency_ms": 3.5, "review": True, **extra,
    }  # fmt: skip


def _add(store: Store, user: str = "u1", text: str = "gym?", **extra: Any) -> int:
    return store.questions.add(**_values(user, text, **extra))


def test_add_read_feedback_and_erase(store: Store) -> None:
    """Rows come back per user in order; feedback only on one's own; erase is per user."""
    _add(store, text="gym?", review=False, ref="r1")
    _add(store, text="dog?")
    store.questions.add_many([{**_values("u2", "car?"), "ref": "r3"}])
    assert [q.text for q in store.questions.for_user("u1")] == ["gym?", "dog?"]
    assert not store.questions.set_feedback("r1", "u2", "down")  # not theirs
    assert store.questions.set_feedback("r1", "u1", "down")
    row = store.questions.for_user("u1")[0]
    assert row.feedback == "down" and row.review  # a 👎 goes to the inbox
    assert [q.text for q in store.questions.recent("c1", 2)] == ["dog?", "car?"]
    assert store.questions.erase_user("u1") == 2
    assert store.questions.for_user("u1") == [] and store.questions.count() == 1


def test_purge_keeps_rows_inside_the_window(store: Store, clock: FakeClock) -> None:
    """Rows asked before the cut-off go; rows at or after it stay untouched."""
    _add(store, text="old")
    clock.advance(timedelta(days=10).total_seconds())
    _add(store, text="new")
    assert store.questions.purge(clock.now() - timedelta(days=5)) == 1
    assert [q.text for q in store.questions.iter()] == ["new"]


def test_groups_assign_resolve_and_drop_when_empty(store: Store) -> None:
    """New groups are created on assignment; resolved groups leave the open list; a group
    whose questions are all erased disappears."""
    a, b, c = _add(store, text="gym?"), _add(store, text="a gym?"), _add(store, text="dog?")
    assert [q.id for q in store.questions.ungrouped()] == [a, b, c]
    created = store.questions.assign([(a, -1), (b, -1), (c, None)])
    gym, dog = created[-1], created[-c]
    assert store.questions.ungrouped() == []
    assert {q.group_id for q in store.questions.grouped()} == {gym, dog}
    assert store.questions.resolve(dog, "dismissed") and not store.questions.resolve(
        dog, "answered"
    )
    assert store.questions.group_status(dog) == "dismissed"
    assert [q.id for q in store.questions.grouped()] == [a, b]
    store.questions.erase_user("u1")
    assert store.questions.group_status(gym) is None


def test_generated_secret_is_stable(store_factory: Any) -> None:
    """The first caller creates the secret; later ones (other processes) get the same."""
    one, two = store_factory(), store_factory()
    value, created = one.secret("k", lambda: "first")
    again, created_again = two.secret("k", lambda: "second")
    assert (value, created) == ("first", True) and (again, created_again) == ("first", False)


def test_forget_chats(store: Store) -> None:
    """Subscriptions, chosen roles and handoff rows of the given chats are erased."""
    store.subscriptions.upsert("telegram:42", {})
    store.subscriptions.upsert("telegram:-100", {}, subscribed_by="telegram:42")
    store.set_role("telegram:42", "be")
    store.set_pending("telegram:42", Pending("gym?", ("a", "b")))
    counts = store.forget_chats(["telegram:42"])
    assert counts["subscriptions"] == 1
    group = store.subscriptions.get("telegram:-100")
    assert group is not None and group.subscribed_by is None
    assert store.get_role("telegram:42") is None
    assert store.get_pending("telegram:42") is None

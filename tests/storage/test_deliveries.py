"""Contract tests of the outbox table, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.storage import NewDelivery, Store
from tests.storage.conftest import FakeClock

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _new(n: int, prefix: str = "s1") -> list[NewDelivery]:
    return [
        NewDelivery(
            key=f"{prefix}:{WHEN.isoformat()}:telegram:{i}",
            destination=f"telegram:{i}",
            scheduled_for=WHEN,
            content={"heading": "h", "items": []},
            schedule_id=1,
        )
        for i in range(n)
    ]


def test_enqueue_ignores_duplicate_keys(store: Store) -> None:
    """Enqueuing the same keys again adds nothing."""
    assert store.deliveries.enqueue(_new(3)) == 3
    assert store.deliveries.enqueue(_new(4)) == 1
    assert store.deliveries.counts() == {"pending": 4}


def test_enqueue_streams_large_generators(store: Store) -> None:
    """A generator of more rows than one batch is inserted completely."""
    assert store.deliveries.enqueue(x for x in _new(1203)) == 1203


def test_claim_takes_a_batch_with_a_lease(store: Store, clock: FakeClock) -> None:
    """Claiming sets sending, the worker, the lease and counts the attempt."""
    store.deliveries.enqueue(_new(5))
    got = store.deliveries.claim("w1", limit=2, lease=timedelta(seconds=60))
    assert [d.destination for d in got] == ["telegram:0", "telegram:1"]
    assert all(d.status == "sending" and d.claimed_by == "w1" and d.attempts == 1 for d in got)
    assert got[0].lease_until == clock.value + timedelta(seconds=60)
    assert len(store.deliveries.claim("w2", limit=10, lease=timedelta(seconds=60))) == 3
    assert store.deliveries.claim("w3", limit=10, lease=timedelta(seconds=60)) == []


def test_expired_lease_is_reclaimed(store: Store, clock: FakeClock) -> None:
    """A delivery whose sender died is claimable again once its lease expires."""
    store.deliveries.enqueue(_new(1))
    store.deliveries.claim("dead-worker", limit=1, lease=timedelta(seconds=60))
    clock.advance(59)
    assert store.deliveries.claim("w2", limit=1, lease=timedelta(seconds=60)) == []
    clock.advance(2)
    again = store.deliveries.claim("w2", limit=1, lease=timedelta(seconds=60))
    assert [(d.claimed_by, d.attempts) for d in again] == [("w2", 2)]
    assert store.deliveries.mark_sent(again[0].id, "dead-worker") is False
    assert store.deliveries.mark_sent(again[0].id, "w2") is True


def test_retry_waits_until_next_attempt(store: Store, clock: FakeClock) -> None:
    """A failed delivery is not claimable before its next attempt time."""
    store.deliveries.enqueue(_new(1))
    (d,) = store.deliveries.claim("w", limit=1, lease=timedelta(seconds=60))
    store.deliveries.mark_retry(d.id, "w", at=clock.value + timedelta(seconds=30), error="429")
    assert store.deliveries.claim("w", limit=1, lease=timedelta(seconds=60)) == []
    assert store.deliveries.next_due() == clock.value + timedelta(seconds=30)
    clock.advance(30)
    (again,) = store.deliveries.claim("w", limit=1, lease=timedelta(seconds=60))
    assert again.last_error == "429" and again.attempts == 2


def test_release_undoes_the_claim(store: Store) -> None:
    """Released deliveries are pending again with the attempt undone."""
    store.deliveries.enqueue(_new(2))
    got = store.deliveries.claim("w", limit=2, lease=timedelta(seconds=60))
    assert store.deliveries.release([d.id for d in got], "w") == 2
    assert [(d.status, d.attempts) for d in store.deliveries.list()] == [("pending", 0)] * 2


def test_kill_destination_drops_waiting_deliveries(store: Store) -> None:
    """Killing a destination marks its waiting deliveries dead and leaves others alone."""
    store.deliveries.enqueue(_new(2, "a") + _new(1, "b"))
    assert store.deliveries.kill_destination("telegram:0", "blocked") == 2
    statuses = {(d.destination, d.status) for d in store.deliveries.list()}
    assert statuses == {("telegram:0", "dead"), ("telegram:1", "pending")}


def test_claims_filter_by_platform(store: Store) -> None:
    """A sender serving only Slack does not claim Telegram deliveries."""
    store.deliveries.enqueue(_new(2))
    assert store.deliveries.claim("w", limit=5, lease=timedelta(60), platforms=["slack"]) == []
    assert (
        len(store.deliveries.claim("w", limit=5, lease=timedelta(60), platforms=["telegram"])) == 2
    )


def test_racing_claims_never_share_a_delivery(store_factory: Callable[[], Store]) -> None:
    """Four senders on separate connections claim concurrently: each row goes to one."""
    first = store_factory()
    first.deliveries.enqueue(_new(200))
    stores = [store_factory() for _ in range(4)]
    claimed: dict[str, list[int]] = {}
    barrier = threading.Barrier(len(stores))

    def worker(name: str, s: Store) -> None:
        barrier.wait()
        mine: list[int] = []
        while batch := s.deliveries.claim(name, limit=7, lease=timedelta(seconds=300)):
            mine.extend(d.id for d in batch)
        claimed[name] = mine

    threads = [threading.Thread(target=worker, args=(f"w{i}", s)) for i, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [i for ids in claimed.values() for i in ids]
    assert len(everything) == 200
    assert len(set(everything)) == 200

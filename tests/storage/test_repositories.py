"""Contract tests of the openings, subscriptions and schedules repositories."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import StorageError
from bot.storage import OpeningData, Rejection, Store
from tests.storage.conftest import FakeClock

T0 = datetime(2024, 7, 1, tzinfo=UTC)


def _opening(i: int, **kw: object) -> OpeningData:
    data: dict[str, object] = {
        "slug": f"role-{i}",
        "title": f"Role {i}",
        "company": "Acme",
        "skill": "Python",
        "location": "Remote",
        "remote": "remote",
        "salary": None,
        "salary_min": None,
        "salary_max": None,
        "salary_currency": None,
        "salary_period": None,
        "apply_url": f"https://x.test/{i}",
        "content_hash": f"h{i}",
        "source_path": f"/feed/role-{i}.md",
        "first_seen": T0 + timedelta(days=i),
        "role_json": {"identity": {"slug": f"role-{i}"}},
    }
    data.update(kw)
    return OpeningData(**data)  # type: ignore[arg-type]


def test_openings_window_and_closing(store: Store) -> None:
    """iter() selects (since, until], skips closed ones unless asked, and streams in order."""
    store.openings.add([_opening(i) for i in range(1, 6)])
    known = store.openings.known()
    store.openings.close([known["/feed/role-2.md"].id])
    got = store.openings.list(since=T0 + timedelta(days=1), until=T0 + timedelta(days=4))
    assert [o.slug for o in got] == ["role-3", "role-4"]
    assert len(store.openings.list(include_closed=True)) == 5
    assert [o.slug for o in store.openings.list(newest_first=True, limit=2)] == ["role-5", "role-4"]
    assert store.openings.count() == 4
    store.openings.reopen([known["/feed/role-2.md"].id])
    assert store.openings.count() == 5


def test_openings_record_when_they_were_stored(store: Store, clock: FakeClock) -> None:
    """recorded_at is the store's time of the insert, kept when the posting is updated."""
    store.openings.add([_opening(1)])
    clock.advance(3600)
    store.openings.add([_opening(2)])
    first = store.openings.get("role-1")
    assert first is not None and first.recorded_at == clock.value - timedelta(hours=1)
    clock.advance(60)
    store.openings.replace([(first.id, _opening(1, title="Renamed"))])
    again = store.openings.get("role-1")
    assert again is not None and again.recorded_at == first.recorded_at


def test_openings_for_digest_take_late_syncs_after_the_read(store: Store, clock: FakeClock) -> None:
    """for_digest() selects first seen in (since, until] or recorded after the previous
    read (first seen by until), and returns the time of its own read."""
    since, until = T0 + timedelta(days=2), T0 + timedelta(days=4)
    store.openings.add([_opening(i) for i in (1, 3, 5)])  # days 1, 3, 5
    read = clock.value
    clock.advance(60)
    store.openings.add([_opening(0), _opening(9)])  # a late day-0 and a future day-9 posting
    found, read_at = store.openings.for_digest(since, until)
    assert [o.slug for o in found] == ["role-3"] and read_at == clock.value
    found, _ = store.openings.for_digest(since, until, recorded_after=read)
    assert [o.slug for o in found] == ["role-0", "role-3"]


def test_a_sync_waits_for_a_digest_read_and_records_after_it(
    store_factory: Callable[[], Store], clock: FakeClock
) -> None:
    """An insert racing a digest's read waits for it and is recorded after it, so the next
    run's "recorded after the last read" sees it (two connections, like two processes)."""
    digest, sync = store_factory(), store_factory()
    done = threading.Event()

    def add() -> None:
        sync.openings.add([_opening(1)])
        done.set()

    with digest.db.write() as conn:
        digest.openings._lock(conn, "SHARE")  # what for_digest() holds while it reads
        read_at = digest.now()
        thread = threading.Thread(target=add)
        thread.start()
        assert not done.wait(0.3)  # held back by the read
        clock.advance(1)
    thread.join(10)
    got = digest.openings.get("role-1")
    assert got is not None and got.recorded_at is not None and got.recorded_at > read_at


def test_openings_replace_keeps_first_seen_and_role_json(store: Store) -> None:
    """Replacing an opening rewrites its facts, keeps first_seen, stores the role JSON."""
    store.openings.add([_opening(1)])
    old = store.openings.known()["/feed/role-1.md"]
    store.openings.replace([(old.id, _opening(1, title="Renamed", first_seen=T0))])
    got = store.openings.get("role-1")
    assert got is not None and got.title == "Renamed"
    assert got.first_seen == T0 + timedelta(days=1)
    assert store.openings.role_json("role-1") == {"identity": {"slug": "role-1"}}


def test_rejections_are_remembered_and_forgotten(store: Store) -> None:
    """A rejection is stored with its hash, replaced on upsert and can be forgotten."""
    store.openings.remember_rejections([Rejection("/feed/x.md", "a", "too short", T0)])
    store.openings.remember_rejections([Rejection("/feed/x.md", "b", "too short", T0)])
    assert store.openings.rejections() == {"/feed/x.md": "b"}
    store.openings.forget_rejections(["/feed/x.md"])
    assert store.openings.rejections() == {}


def test_subscriptions_stream_active_only(store: Store) -> None:
    """iter() yields active subscriptions in creation order; deactivation hides one."""
    for i in range(5):
        store.subscriptions.upsert(f"telegram:{i}", {"keywords": ["go"]})
    assert store.subscriptions.deactivate("telegram:1", "blocked") is True
    assert store.subscriptions.deactivate("telegram:1", "blocked") is False
    assert [s.destination for s in store.subscriptions.iter()] == [
        "telegram:0",
        "telegram:2",
        "telegram:3",
        "telegram:4",
    ]
    assert len(store.subscriptions.list()) == 5


def test_schedules_crud(store: Store) -> None:
    """Create, read by id and name, update, list and delete a schedule."""
    s = store.schedules.create(
        "weekly",
        cron="0 9 * * 1",
        timezone="Europe/London",
        destinations=["console", "slack:C1"],
        filters={"keywords": ["go"]},
    )
    assert s.destinations == ("console", "slack:C1") and not s.paused
    assert store.schedules.get_by_name("weekly") == s
    changed = store.schedules.update(s.id, paused=True, destinations=["console"])
    assert changed is not None and changed.paused and changed.destinations == ("console",)
    assert store.schedules.list(include_paused=False) == []
    with pytest.raises(StorageError, match="already exists"):
        store.schedules.create("weekly", cron="0 9 * * *", timezone="UTC", destinations=[])
    with pytest.raises(StorageError, match="cannot update"):
        store.schedules.update(s.id, name="x")
    assert store.schedules.delete(s.id) is True
    assert store.schedules.get(s.id) is None


def test_deleted_schedule_ids_are_never_reused(store: Store) -> None:
    """A new schedule never takes a deleted one's id (delivery keys start with it)."""
    first = store.schedules.create("a", cron="0 9 * * *", timezone="UTC", destinations=[])
    store.schedules.delete(first.id)
    second = store.schedules.create("b", cron="0 9 * * *", timezone="UTC", destinations=[])
    assert second.id != first.id


def test_mark_run_only_moves_forward(store: Store) -> None:
    """Recording an older run than the last one is refused (two racing runs)."""
    s = store.schedules.create("d", cron="30 8 * * *", timezone="UTC", destinations=["console"])
    later, earlier = T0 + timedelta(days=2), T0 + timedelta(days=1)
    assert store.schedules.mark_run(s.id, last_run_at=later, next_run_at=later + timedelta(1))
    assert not store.schedules.mark_run(s.id, last_run_at=earlier, next_run_at=later)
    got = store.schedules.get(s.id)
    assert got is not None and got.last_run_at == later

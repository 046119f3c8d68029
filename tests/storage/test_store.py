"""Contract tests of the Store itself, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.ports import Pending
from bot.storage import Store, open_store
from bot.storage.engine import normalise_url
from tests.storage.conftest import FakeClock


def test_first_time_is_true_once(store: Store) -> None:
    """An event key is new the first time and only then."""
    assert store.first_time("slack:Ev1") is True
    assert store.first_time("slack:Ev1") is False
    assert store.first_time("slack:Ev2") is True


def test_first_time_is_atomic_across_connections(store_factory: Callable[[], Store]) -> None:
    """Several stores racing on the same key: exactly one sees it first."""
    stores = [store_factory() for _ in range(4)]
    results: list[bool] = []
    barrier = threading.Barrier(len(stores))

    def worker(s: Store) -> None:
        barrier.wait()
        results.append(s.first_time("telegram:update:7"))

    threads = [threading.Thread(target=worker, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, False, False, True]


def test_prune_forgets_old_events(store: Store, clock: FakeClock) -> None:
    """Pruning removes only events older than the retention."""
    store.first_time("old")
    clock.advance(3600 * 24 * 4)
    store.first_time("new")
    assert store.prune_events(timedelta(days=3)) == 1
    assert store.first_time("old") is True
    assert store.first_time("new") is False


def test_conversation_roles_round_trip(store: Store) -> None:
    """set_role then get_role returns the latest slug; unknown conversations give None."""
    assert store.get_role("slack:C1") is None
    store.set_role("slack:C1", "monzo-backend")
    store.set_role("slack:C1", "other-role")
    store.set_role("telegram:5", "monzo-backend")
    assert store.get_role("slack:C1") == "other-role"
    assert store.get_role("telegram:5") == "monzo-backend"


def test_datetimes_come_back_utc_aware(store: Store) -> None:
    """A time written in another zone is read back as the same instant in UTC."""
    local = datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=2)))
    sched = store.schedules.create(
        "tz", cron="30 1 * * *", timezone="Europe/London", destinations=["console"]
    )
    store.schedules.update(sched.id, next_run_at=local)
    got = store.schedules.get(sched.id)
    assert got is not None and got.next_run_at == local
    assert got.next_run_at.tzinfo is not None and got.next_run_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(store: Store) -> None:
    """Writing a naive datetime is a StorageError, not a silent local-time bug."""
    sched = store.schedules.create("n", cron="0 9 * * 1", timezone="UTC", destinations=[])
    with pytest.raises(StorageError):
        store.schedules.update(sched.id, next_run_at=datetime(2026, 1, 1, 9, 0))


def test_migrations_are_idempotent(store_factory: Callable[[], Store]) -> None:
    """Opening the same database again (migrations re-run) keeps the data."""
    first = store_factory()
    first.set_role("console", "x")
    second = store_factory()
    assert second.get_role("console") == "x"


def test_concurrent_open_migrates_once(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Two processes starting together on a fresh database both end up with the schema."""
    if backend == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'race.db'}", None
    else:
        url, base = request.getfixturevalue("postgres_target")
        schema = f"{base}_race"
    errors: list[BaseException] = []
    stores: list[Store] = []

    def worker() -> None:
        try:
            stores.append(open_store(url, schema=schema))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert all(s.get_role("x") is None for s in stores)
    finally:
        if schema is not None and stores:
            with stores[0].db.engine.connect() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
                conn.commit()
        for s in stores:
            s.close()


def test_sqlite_default_creates_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The data folder of the default SQLite file is created on first use (only that one:
    an explicit path's missing folder is an error, see tests/cli/test_terminal.py)."""
    from bot.config import default_database_url

    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "data" / "nested"))
    target = tmp_path / "data" / "nested" / "bot.db"
    assert default_database_url() == f"sqlite:///{target}"
    store = open_store(default_database_url())
    try:
        assert target.exists()
    finally:
        store.close()


def test_postgres_urls_are_normalised_to_psycopg() -> None:
    """postgres:// and postgresql:// both select the psycopg 3 driver."""
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite"


def test_unsupported_url_is_a_clear_error() -> None:
    """A MySQL URL is refused with a one-line StorageError."""
    with pytest.raises(StorageError, match="only sqlite and postgresql"):
        normalise_url("mysql://u@h/db")


def test_utc_constant_is_used() -> None:
    """Sanity: the fixture clock is timezone-aware (naive clocks are refused by the store)."""
    assert FakeClock().now().tzinfo is UTC


def test_pending_question_round_trip(store: Store) -> None:
    """A pending question is kept per conversation, replaced, and forgotten with None."""
    assert store.get_pending("slack:C1") is None
    store.set_pending("slack:C1", Pending("what's the salary?", ("a-role", "b-role")))
    store.set_pending("slack:C1", Pending("is it remote?", ("b-role", "c-role")))
    store.set_pending("telegram:5", Pending("visa?", ("a-role",)))
    assert store.get_pending("slack:C1") == Pending("is it remote?", ("b-role", "c-role"))
    store.set_pending("slack:C1", None)
    assert store.get_pending("slack:C1") is None
    assert store.get_pending("telegram:5") == Pending("visa?", ("a-role",))

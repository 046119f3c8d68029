"""Storage backends for the contract suite: every ``store`` test runs on SQLite and PostgreSQL.

PostgreSQL comes from ``TEST_DATABASE_URL``. Unset: its tests skip with a message (or fail
when ``REQUIRE_POSTGRES=1``, as in CI). Set but unreachable: they fail. The suite works in a
fresh schema ``test_<random>`` (other people use the same database) dropped at the end.

Other test modules use these fixtures with ``from tests.storage.conftest import ...``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage import Store, open_store

BACKENDS = ("sqlite", "postgres")
TABLES = (
    "openings",
    "rejected_postings",
    "subscriptions",
    "schedules",
    "deliveries",
    "processed_events",
    "conversation_roles",
    "pending_questions",
    "questions",
    "inbox_groups",
    "handoffs",
    "secrets",
)


class FakeClock:
    """A settable clock for stores and the outbox."""

    def __init__(self, start: datetime | None = None) -> None:
        self.value = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.value

    def now(self) -> datetime:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += timedelta(seconds=seconds)


@pytest.fixture(scope="session")
def postgres_target() -> Iterator[tuple[str, str]]:
    """(URL, schema) of a fresh PostgreSQL schema for this session, dropped afterwards."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL storage tests skipped")
    from sqlalchemy import text

    from bot.storage.engine import make_engine

    schema = f"test_{secrets.token_hex(6)}"
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            conn.commit()
    except Exception as exc:
        pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {exc}")
    try:
        yield url, schema
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.commit()
        engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at 2026-03-02 09:00 UTC."""
    return FakeClock()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend name for this run of the test."""
    return str(request.param)


@pytest.fixture
def store_factory(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, clock: FakeClock
) -> Iterator[Callable[[], Store]]:
    """Opens further stores on the same empty database (separate engines, like processes)."""
    opened: list[Store] = []
    if backend == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'bot.db'}", None
    else:
        url, schema = request.getfixturevalue("postgres_target")
        _truncate(url, schema)

    def factory() -> Store:
        store = open_store(url, schema=schema, clock=clock)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def store(store_factory: Callable[[], Store]) -> Store:
    """An empty store on the backend of this run."""
    return store_factory()


def _truncate(url: str, schema: str) -> None:
    from sqlalchemy import text

    from bot.storage.engine import make_engine, migrate

    engine = make_engine(url, schema=schema)
    migrate(engine, schema=schema)
    with engine.connect() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY"))
        conn.commit()
    engine.dispose()

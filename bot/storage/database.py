"""The engine plus the two kinds of transaction the repositories use, and the injected clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import StorageError


def utc_now() -> datetime:
    return datetime.now(UTC)


class Database:
    """Wraps the engine: ``write()``/``read()`` transactions that turn driver errors into
    :class:`StorageError`, dialect-aware ``INSERT … ON CONFLICT DO NOTHING`` and ``now()``."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self._clock = clock

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def now(self) -> datetime:
        value = self._clock()
        if value.tzinfo is None:
            raise StorageError("the clock returned a naive datetime")
        return value.astimezone(UTC)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite), committed on success."""
        with self._transaction({"sqlite_immediate": True}) as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One read-only transaction."""
        with self._transaction({}) as conn:
            yield conn

    @contextmanager
    def _transaction(self, options: dict[str, Any]) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                if options:
                    conn = conn.execution_options(**options)
                with conn.begin():
                    yield conn
        except SQLAlchemyError as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StorageError(f"database error: {message[:300]}") from exc

    def insert_ignore(self, table: Table, index_elements: list[str]) -> Any:
        """``INSERT … ON CONFLICT (index_elements) DO NOTHING`` for this dialect."""
        if self.is_postgres:
            return postgresql.insert(table).on_conflict_do_nothing(index_elements=index_elements)
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=index_elements)

    def upsert(self, table: Table, index_elements: list[str], update: list[str]) -> Any:
        """``INSERT … ON CONFLICT (index_elements) DO UPDATE SET update = excluded.update``."""
        stmt: Any = postgresql.insert(table) if self.is_postgres else sqlite.insert(table)
        return stmt.on_conflict_do_update(
            index_elements=index_elements, set_={c: stmt.excluded[c] for c in update}
        )

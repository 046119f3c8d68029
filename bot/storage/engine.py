"""Engines for SQLite (embedded default) and PostgreSQL, and migrations at start-up."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.errors import ConfigError, StorageError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# pg_advisory_lock key for migrations: any fixed 64-bit number shared by all processes.
_MIGRATION_LOCK = 0x626F745F6D6967  # "bot_mig"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def normalise_url(database_url: str) -> URL:
    """Parse a database URL; ``postgres://`` and ``postgresql://`` use the psycopg 3 driver."""
    raw = database_url.strip()
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://") :]
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise StorageError(f"DATABASE_URL is malformed: {exc}") from None
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StorageError(
            f"DATABASE_URL uses {url.get_backend_name()!r}: only sqlite and postgresql work"
        )
    return url


def make_engine(database_url: str, *, schema: str | None = None) -> Engine:
    """An engine for ``database_url``; ``schema`` (PostgreSQL only) sets the search_path."""
    url = normalise_url(database_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    connect_args: dict[str, Any] = {"connect_timeout": 10}
    if schema is not None:
        if not _SCHEMA_NAME.match(schema):
            raise StorageError(f"invalid schema name {schema!r}")
        connect_args["options"] = f"-csearch_path={schema}"
    try:
        return create_engine(
            url, connect_args=connect_args, pool_pre_ping=True, pool_size=5, max_overflow=5
        )
    except SQLAlchemyError as exc:  # pragma: no cover - create_engine rarely fails
        raise StorageError(f"cannot use the database: {exc}") from exc


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        _check_sqlite_path(Path(database).expanduser())
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (the pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        _set_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front so two processes never deadlock upgrading a
        # read transaction; plain readers do not block anyone in WAL mode.
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _check_sqlite_path(path: Path) -> None:
    """Create the data folder of the default SQLite file; a path that cannot hold the
    database (its folder missing, a folder, unwritable) is a one-line
    :class:`ConfigError` naming ``DATABASE_URL`` (not a storage error a process would retry)."""
    if not path.parent.is_dir():
        from bot.config import default_data_dir

        # Only the data folder is created; a missing folder in an explicit DATABASE_URL is
        # most likely a typo, which must not silently start an empty database.
        if path.parent.exists() or path.parent.resolve() != default_data_dir().resolve():
            what = "is not a folder" if path.parent.exists() else "does not exist"
            raise ConfigError(
                f"DATABASE_URL is unusable: the folder of the SQLite file, {path.parent}, "
                f"{what} (create it, or fix DATABASE_URL)"
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"DATABASE_URL is unusable: cannot create the folder {path.parent} for the SQLite "
            f"file ({exc.strerror or exc})"
        ) from None
    if path.is_dir():
        raise ConfigError(f"DATABASE_URL is unusable: {path} is a folder, not a SQLite file")
    wanted = os.R_OK | os.W_OK
    if not os.access(path if path.exists() else path.parent, wanted):
        where = path if path.exists() else path.parent
        raise ConfigError(f"DATABASE_URL is unusable: {where} is not readable and writable")


def _set_wal(cursor: Any) -> None:
    """Switch to WAL; on a brand-new file racing processes may see "locked" (no busy wait)."""
    for attempt in range(100):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 99:
                raise
            time.sleep(0.05)


def migrate(engine: Engine, *, schema: str | None = None) -> None:
    """Bring the schema to the newest revision; idempotent and safe for concurrent starts.

    On PostgreSQL a session advisory lock serialises processes that start together; on
    SQLite the migration runs inside one ``BEGIN IMMEDIATE`` transaction, which does the same.
    ``schema`` (PostgreSQL) is created first when missing.
    """
    quiet = logging.getLogger("alembic")  # its INFO lines would clutter every process start
    level = quiet.level
    quiet.setLevel(max(level, logging.WARNING))
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    is_pg = engine.dialect.name == "postgresql"
    options = {} if is_pg else {"sqlite_immediate": True}
    try:
        with engine.connect().execution_options(**options) as conn:
            if is_pg:
                conn.exec_driver_sql(f"SELECT pg_advisory_lock({_MIGRATION_LOCK})")
                conn.commit()
            try:
                if schema is not None and is_pg:
                    conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
                    conn.commit()
                with conn.begin():
                    if MigrationContext.configure(conn).get_current_revision() != head:
                        config.attributes["connection"] = conn
                        command.upgrade(config, "head")
            finally:
                if is_pg:
                    conn.rollback()
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_MIGRATION_LOCK})")
                    conn.commit()
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot migrate the database: {_short(exc)}") from exc
    finally:
        quiet.setLevel(level)


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:300]

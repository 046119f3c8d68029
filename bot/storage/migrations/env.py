"""Alembic environment: run with the connection ``bot.storage.engine.migrate`` passes in."""

from __future__ import annotations

from alembic import context

from bot.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
context.run_migrations()

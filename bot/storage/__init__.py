"""Persistence: SQLAlchemy 2 models, Alembic migrations shipped in the package, repositories.

``open_store(database_url)`` connects (SQLite file by default, PostgreSQL through
``DATABASE_URL``), runs the migrations and returns a :class:`Store`.
"""

from __future__ import annotations

from bot.storage.records import (
    Delivery,
    Listing,
    NewDelivery,
    Opening,
    OpeningData,
    Rejection,
    Schedule,
    Subscription,
)
from bot.storage.store import Store, open_store

__all__ = [
    "Delivery",
    "Listing",
    "NewDelivery",
    "Opening",
    "OpeningData",
    "Rejection",
    "Schedule",
    "Store",
    "Subscription",
    "open_store",
]

"""``python -m bot where``: where the bot keeps its data, knowledge and caches."""

from __future__ import annotations

import argparse
import os
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``where``."""
    where = sub.add_parser(
        "where", help="print where the database, knowledge, role index and caches live"
    )
    where.set_defaults(func=run_where)


def run_where(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from bot.config import default_data_dir, load_settings
    from bot.knowledge.index import INDEX_NAME
    from bot.matching.cache import default_cache_dir

    del args
    settings = load_settings()
    database = make_url(settings.database_url.strip()).render_as_string(hide_password=True)
    origin = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "default"
    knowledge_origin = "KNOWLEDGE_DIR" if os.environ.get("KNOWLEDGE_DIR") else "default"
    cache = default_cache_dir()
    data_origin = "BOT_DATA_DIR" if os.environ.get("BOT_DATA_DIR") else "per-user default"
    rows = [
        ("data folder", f"{default_data_dir()} ({data_origin})"),
        ("database", f"{database} ({origin})"),
        ("knowledge", f"{settings.knowledge_dir} ({knowledge_origin})"),
        ("role index", str(settings.knowledge_dir / INDEX_NAME)),
        ("caches", str(cache) if cache is not None else "off (BOT_CACHE_DIR)"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0

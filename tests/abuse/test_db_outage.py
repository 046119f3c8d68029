"""Finding (medium): ``run sender`` exited on its first database error and never retried (so
honcho stopped every process). Now every storage step of the long-running processes is
retried with backoff: a sender survives a 30 s PostgreSQL outage and drains afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import make_url

from bot.outbox import enqueue, new_delivery
from bot.ports import DigestMessage, OpeningItem
from bot.storage import open_store
from tests.fakes.tcp_proxy import TcpProxy

# The PostgreSQL fixtures (a fresh schema; skip or fail without TEST_DATABASE_URL).
from tests.storage.conftest import postgres_target  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
OUTAGE_SECONDS = 30
N = 20


def _via(url: str, port: int, schema: str) -> str:
    """``url`` through the proxy on ``port``, with ``schema`` on the search_path."""
    parsed = make_url(url).set(host="127.0.0.1", port=port)
    rendered = parsed.render_as_string(hide_password=False)
    glue = "&" if "?" in rendered else "?"
    return f"{rendered}{glue}options={quote(f'-csearch_path={schema}')}"


def _wait(predicate: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # bounded
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def test_sender_survives_a_database_outage_and_drains(
    postgres_target: tuple[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The sender runs through a proxy to PostgreSQL; the proxy is cut for 30 s while
    deliveries are queued directly; the sender keeps running, then sends each exactly once."""
    url, schema = postgres_target
    direct = open_store(url, schema=schema)
    target = make_url(url)
    out = tmp_path / "sender.out"
    with TcpProxy(target.host or "127.0.0.1", target.port or 5432) as proxy:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": _via(url, proxy.port, schema),
            "STORAGE_RETRY_MAX_SECONDS": "2",
            "LOG_LEVEL": "INFO",
        }
        with out.open("wb") as sink:
            sender = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "sender", "--poll", "0.2"],
                cwd=ROOT,
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        try:
            assert _wait(lambda: "started" in out.read_text(), 30), out.read_text()
            proxy.cut()
            when = datetime.now(UTC)
            item = OpeningItem("Go Engineer", "Acme", "London", None, None)
            message = DigestMessage("New roles", (item,))
            enqueue(
                direct,
                [new_delivery(f"console:c{i}", message, scheduled_for=when) for i in range(N)],
            )
            time.sleep(OUTAGE_SECONDS)
            assert sender.poll() is None, out.read_text()
            proxy.restore()
            assert _wait(lambda: out.read_text().count("Go Engineer") >= N, 30), out.read_text()
            time.sleep(1)
            assert sender.poll() is None
        finally:
            sender.terminate()
            sender.wait(15)
    log = out.read_text()
    counts = {k: v for k, v in direct.deliveries.counts().items() if v}
    direct.close()
    assert log.count("Go Engineer") == N  # each delivery exactly once
    assert "retrying in" in log
    assert "Traceback" not in log
    assert counts == {"sent": N}
    print(f"sender survived a {OUTAGE_SECONDS} s outage; then sent {N} deliveries once each")

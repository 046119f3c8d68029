"""``python -m bot outbox``: counts and the deliveries that need a look."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.outbox import OutboxWorker, enqueue, new_delivery
from bot.ports import DigestMessage, Outcome, SendResult
from bot.senders import FakeSender, SenderRegistry
from bot.storage import Delivery, open_store

MESSAGE = DigestMessage("1 new opening", ())


class Crash(BaseException):
    """kill -9 of the sender."""


def test_outbox_lists_unconfirmed_and_dead_deliveries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A send cut short by a crash shows as unconfirmed, a blocked chat as dead."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    now = [datetime.now(UTC) - timedelta(hours=2)]
    store = open_store(url, clock=lambda: now[0])
    when = datetime(2026, 11, 30, 9, tzinfo=UTC)
    enqueue(
        store, (new_delivery(d, MESSAGE, scheduled_for=when) for d in ("telegram:1", "telegram:2"))
    )
    fake = FakeSender(script={"telegram:2": [SendResult(Outcome.PERMANENT, error="Forbidden")]})
    registry = SenderRegistry(senders={"telegram": fake})

    def crash(step: str, d: Delivery) -> None:
        if step == "sent" and d.destination == "telegram:1":
            raise Crash(step)

    with pytest.raises(Crash):
        OutboxWorker(store, registry, worker="a", batch=1, hook=crash).drain()
    now[0] += timedelta(hours=1)  # the dead sender's lease runs out
    OutboxWorker(store, registry, worker="b").drain()
    store.close()

    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["outbox"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "dead 1, unconfirmed 1"
    assert "unconfirmed: telegram:1" in out and "dead: telegram:2" in out
    assert main(["outbox", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"dead": 1, "unconfirmed": 1}
    assert [d["destination"] for d in data["unconfirmed"]] == ["telegram:1"]

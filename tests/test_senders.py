"""Senders: the console sender, the scripted fake and the lazy registry."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from bot.errors import DeliveryError
from bot.ports import Destination, DigestMessage, OpeningItem, Outcome, SendResult
from bot.senders import ConsoleSender, FakeSender, SenderRegistry

MESSAGE = DigestMessage(
    heading="3 new openings",
    items=(OpeningItem("Data Engineer", "Initech", None, None, "https://x.test/a"),),
    more=2,
)


def test_console_sender_prints_the_plain_rendering() -> None:
    """The console sender writes the heading, each item and the "more" line."""
    out = io.StringIO()
    result = ConsoleSender(stream=out).send(Destination.parse("console"), MESSAGE)
    assert result.outcome is Outcome.SENT
    assert out.getvalue().splitlines()[:3] == [
        "3 new openings",
        "- Data Engineer at Initech https://x.test/a",
        "… and 2 more",
    ]


def test_fake_sender_follows_its_script_then_succeeds() -> None:
    """Scripted outcomes come first, per destination; later calls succeed and are recorded."""
    fake = FakeSender().then("slack:C1", SendResult(Outcome.RETRY, 3.0), TimeoutError())
    dest = Destination.parse("slack:C1")
    assert fake.send(dest, MESSAGE).retry_after == 3.0
    with pytest.raises(TimeoutError):
        fake.send(dest, MESSAGE)
    assert fake.send(dest, MESSAGE).outcome is Outcome.SENT
    assert fake.send(Destination.parse("telegram:1"), MESSAGE).outcome is Outcome.SENT
    assert fake.calls == ["slack:C1", "slack:C1", "slack:C1", "telegram:1"]
    assert fake.sent_to("slack:C1") == [MESSAGE]


def test_registry_loads_console_lazily_and_caches() -> None:
    """The console sender is built on first use and reused."""
    registry = SenderRegistry()
    sender = registry.for_platform("console")
    assert isinstance(sender, ConsoleSender)
    assert registry.for_platform("console") is sender


def test_registry_does_not_import_adapters_until_asked() -> None:
    """Importing the outbox and building a registry loads no adapter or platform library."""
    code = (
        "import sys, bot.outbox, bot.senders; bot.senders.SenderRegistry()"
        ".for_platform('console'); print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('adapters', 'slack_sdk', 'slack_bolt', 'telegram')))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter running a literal snippet
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_missing_sender_is_a_delivery_error() -> None:
    """An unknown platform or an unimportable adapter is a DeliveryError with the reason."""
    registry = SenderRegistry(classes={"slack": "no_such_module_xyz:SlackSender"})
    with pytest.raises(DeliveryError, match="not available"):
        registry.for_platform("slack")
    with pytest.raises(DeliveryError, match="no sender"):
        registry.for_platform("irc")

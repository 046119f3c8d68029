"""TelegramSender against the fake Bot API: outcomes of every failure, and the real outbox."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest

from adapters.telegram.limits import RateLimits
from adapters.telegram.sender import TelegramSender
from bot.config import Settings, load_settings
from bot.errors import ConfigError
from bot.outbox import OutboxWorker, enqueue, new_delivery
from bot.ports import Destination, DigestMessage, OpeningItem, Outcome
from bot.senders import SenderRegistry
from bot.storage import open_store
from tests.adapters.telegram.conftest import TOKEN
from tests.fakes.telegram_api import FakeTelegramAPI

DIGEST = DigestMessage(
    "New roles <this week> & more",
    (OpeningItem("Go <b>Engineer", "Acme & Co", "London", "£90k+", "https://x.test/a?b&c"),),
)
CHAT = Destination("telegram", "42")


@pytest.fixture
def sender(settings: Settings) -> Iterator[TelegramSender]:
    with TelegramSender(settings, limits=RateLimits.off(), network_retries=(0.0, 0.0)) as s:
        yield s


def test_sends_escaped_html(fake_api: FakeTelegramAPI, sender: TelegramSender) -> None:
    """A digest with hostile text is accepted by the Bot API's HTML rules."""
    result = sender.send(CHAT, DIGEST)
    assert result.outcome is Outcome.SENT
    [sent] = fake_api.sent(42)
    assert sent["parse_mode"] == "HTML"
    assert sent["text"].startswith("<b>New roles &lt;this week&gt; &amp; more</b>")


def test_blocked_chat_is_permanent(fake_api: FakeTelegramAPI, sender: TelegramSender) -> None:
    """403 "bot was blocked by the user" → PERMANENT (the outbox deactivates the subscriber)."""
    fake_api.block([42])
    result = sender.send(CHAT, DIGEST)
    assert (result.outcome, result.error) == (
        Outcome.PERMANENT,
        "Forbidden: bot was blocked by the user",
    )


def test_flood_limit_is_retry_with_retry_after(
    fake_api: FakeTelegramAPI, sender: TelegramSender
) -> None:
    """429 with parameters.retry_after → RETRY carrying that many seconds."""
    fake_api.fail("sendMessage", 429, retry_after=7)
    result = sender.send(CHAT, DIGEST)
    assert (result.outcome, result.retry_after) == (Outcome.RETRY, 7.0)
    assert fake_api.sent(42) == []


def test_server_errors_are_retried_in_place_then_handed_back(
    fake_api: FakeTelegramAPI, sender: TelegramSender
) -> None:
    """Two 5xx are absorbed by the in-place backoff; a third makes the result RETRY."""
    fake_api.fail("sendMessage", 502, times=2)
    assert sender.send(CHAT, DIGEST).outcome is Outcome.SENT
    fake_api.fail("sendMessage", 500, times=3)
    result = sender.send(CHAT, DIGEST)
    assert result.outcome is Outcome.RETRY and "NetworkError" in (result.error or "")
    assert len(fake_api.sent(42)) == 1


def test_timeout_is_retry(fake_api: FakeTelegramAPI, settings: Settings) -> None:
    """A request that times out → RETRY (it may have arrived, so no blind resend in place)."""
    with TelegramSender(settings, limits=RateLimits.off(), timeout=0.2) as sender:
        assert sender.send(CHAT, DIGEST).outcome is Outcome.SENT  # initialize first
        fake_api.delay("sendMessage", 0.6)
        result = sender.send(CHAT, DIGEST)
    assert (result.outcome, result.error) == (Outcome.RETRY, "TimedOut")


def test_refused_entities_fall_back_to_plain(
    fake_api: FakeTelegramAPI, sender: TelegramSender
) -> None:
    """ "can't parse entities" → the same digest as plain text."""
    fake_api.fail("sendMessage", 400, "Bad Request: can't parse entities: oops")
    assert sender.send(CHAT, DIGEST).outcome is Outcome.SENT
    [sent] = fake_api.sent(42)
    assert "parse_mode" not in sent
    assert "Go <b>Engineer" in sent["text"]


def test_other_bad_requests_are_permanent(
    fake_api: FakeTelegramAPI, sender: TelegramSender
) -> None:
    """ "chat not found" cannot get better by retrying."""
    fake_api.fail("sendMessage", 400, "Bad Request: chat not found")
    result = sender.send(CHAT, DIGEST)
    assert result.outcome is Outcome.PERMANENT and "chat not found" in (result.error or "").lower()
    assert sender.send(Destination("slack", "C1"), DIGEST).outcome is Outcome.PERMANENT


def test_rejected_token_is_a_config_error(fake_api: FakeTelegramAPI) -> None:
    """A token the Bot API rejects is a ConfigError that does not show the token."""
    bad = load_settings({"TELEGRAM_BOT_TOKEN": "1:wrong", "TELEGRAM_API_URL": fake_api.base_url})
    with TelegramSender(bad) as sender, pytest.raises(ConfigError) as info:
        sender.send(CHAT, DIGEST)
    assert "1:wrong" not in str(info.value)


def test_send_many_keeps_order(fake_api: FakeTelegramAPI, sender: TelegramSender) -> None:
    """The async batch path returns one result per destination, in order."""
    fake_api.block([3])
    items = [(Destination("telegram", str(i)), DIGEST) for i in range(1, 6)]
    results = sender.send_many(items, concurrency=3)
    assert [r.outcome for r in results] == [
        Outcome.SENT,
        Outcome.SENT,
        Outcome.PERMANENT,
        Outcome.SENT,
        Outcome.SENT,
    ]


def test_outbox_delivers_once_and_deactivates_blocked(
    fake_api: FakeTelegramAPI, settings: Settings, tmp_path: Path
) -> None:
    """Through the real outbox and store: one message per chat, blocked subscribers stopped."""
    store = open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    chats = list(range(100, 120))
    for chat in chats:
        store.subscriptions.upsert(f"telegram:{chat}", {})
    fake_api.block([105, 111])
    when = datetime(2026, 11, 30, 9, tzinfo=UTC)
    enqueue(store, [new_delivery(f"telegram:{c}", DIGEST, scheduled_for=when) for c in chats])
    registry = SenderRegistry(settings)  # loads adapters.telegram.sender:TelegramSender
    worker = OutboxWorker(store, registry, batch=7)
    try:
        worker.drain()
    finally:
        registry.for_platform("telegram").close()  # type: ignore[attr-defined]
    delivered = fake_api.delivered()
    assert {c: delivered[c] for c in chats if c not in (105, 111)} == {
        c: 1 for c in chats if c not in (105, 111)
    }
    active = {s.destination for s in store.subscriptions.list(include_inactive=False)}
    assert active == {f"telegram:{c}" for c in chats if c not in (105, 111)}
    store.close()


def test_threads_share_one_sender(fake_api: FakeTelegramAPI, sender: TelegramSender) -> None:
    """send() from several threads at once delivers each message once on one event loop."""
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(
            pool.map(lambda c: sender.send(Destination("telegram", str(c)), DIGEST), range(1, 31))
        )
    assert all(r.outcome is Outcome.SENT for r in results)
    assert fake_api.delivered() == dict.fromkeys(range(1, 31), 1)
    assert len(fake_api.calls("getMe")) == 1


def test_the_token_is_never_logged(
    fake_api: FakeTelegramAPI, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """Even at DEBUG, no log record carries the bot token (PTB and httpx log API URLs)."""
    caplog.set_level(logging.DEBUG)
    logging.getLogger("httpx").setLevel(logging.DEBUG)  # even if someone turns httpx up
    try:
        fake_api.block([42])
        with TelegramSender(settings, limits=RateLimits.off()) as sender:
            sender.send(CHAT, DIGEST)
    finally:
        logging.getLogger("httpx").setLevel(logging.WARNING)
    messages = [r.getMessage() for r in caplog.records]
    assert any("bot<token>" in m for m in messages)
    assert not [m for m in messages if TOKEN in m]


def test_threads_share_one_rate_limiter(fake_api: FakeTelegramAPI, settings: Settings) -> None:
    """Outbox threads calling send() at once stay within the overall and per-chat limits:
    one limiter on one event loop serves them all."""
    limits = RateLimits(overall_per_second=20, per_chat_interval=0.3, group_per_minute=None)
    chats = [c for c in range(1, 9) for _ in range(3)]  # 24 messages, 3 per chat
    with (
        TelegramSender(settings, limits=limits) as limited,
        ThreadPoolExecutor(max_workers=8) as pool,
    ):
        results = list(
            pool.map(lambda c: limited.send(Destination("telegram", str(c)), DIGEST), chats)
        )
    assert all(r.outcome is Outcome.SENT for r in results)
    assert fake_api.delivered() == dict.fromkeys(range(1, 9), 3)
    arrivals = sorted(c.at for c in fake_api.calls("sendmessage"))
    assert max(sum(1 for t in arrivals if s <= t < s + 1.0) for s in arrivals) <= 20
    for chat in range(1, 9):
        times = sorted(
            c.at for c in fake_api.calls("sendmessage") if c.params.get("chat_id") == chat
        )
        # Paced from one shared schedule (unshared, all three would go out together). The
        # gap can fall short of 0.3 s by the overall pacing's wait: the limiter spaces a
        # chat's reservations, not its actual sends.
        assert min(b - a for a, b in pairwise(times)) >= 0.15


def test_started_is_called_once_before_the_request(
    fake_api: FakeTelegramAPI, sender: TelegramSender
) -> None:
    """``started`` runs once, before sendMessage reaches the API; ``False`` sends nothing."""
    seen: list[int] = []

    def started() -> bool:
        seen.append(len(fake_api.sent(42)))
        return True

    assert sender.send(CHAT, DIGEST, started=started).outcome is Outcome.SENT
    assert seen == [0] and len(fake_api.sent(42)) == 1
    result = sender.send(CHAT, DIGEST, started=lambda: False)
    assert (result.outcome, result.error) == (Outcome.RETRY, "lease lost")
    assert len(fake_api.sent(42)) == 1

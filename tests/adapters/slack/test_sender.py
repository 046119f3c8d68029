"""SlackSender against the fake Slack Web API: rendering, pacing, retries, classification."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest

from adapters.slack.config import SlackConfig
from adapters.slack.sender import SlackSender
from bot.config import load_settings
from bot.ports import Destination, DigestMessage, OpeningItem, Outcome
from tests.fakes.slack_api import FakeSlackAPI

DIGEST = DigestMessage(
    heading="New openings this week",
    items=(
        OpeningItem(
            "Senior <Backend> Engineer", "Monzo & Co", "London", "£95k", "https://x.test/1"
        ),
        OpeningItem("iOS Engineer <!channel>", None, None, None, None),
    ),
    more=3,
)
CHANNEL = Destination("slack", "C0DIGEST")


def _sender(api: FakeSlackAPI, **kwargs: object) -> SlackSender:
    config = SlackConfig(bot_token=api.token, api_url=api.url)
    options: dict[str, object] = {"interval": 0.0, "timeout": 2, "backoff": 0.01, **kwargs}
    return SlackSender(load_settings({}), config=config, **options)  # type: ignore[arg-type]


def test_digest_is_posted_as_escaped_blocks(fake_api: FakeSlackAPI) -> None:
    """A digest becomes one chat.postMessage with a header and escaped, linked items."""
    result = _sender(fake_api).send(CHANNEL, DIGEST)
    assert result.outcome is Outcome.SENT
    (call,) = fake_api.calls("chat.postMessage")
    assert call.channel == "C0DIGEST"
    blocks = json.dumps(call.params["blocks"])
    assert "<https://x.test/1|Senior &lt;Backend&gt; Engineer>" in blocks
    assert "Monzo &amp; Co" in blocks
    assert "<!channel>" not in blocks and "<!channel>" not in call.params["text"]
    assert "and 3 more" in blocks


def test_short_rate_limit_is_waited_out(fake_api: FakeSlackAPI) -> None:
    """A 429 with Retry-After: 1 is honoured (the retry comes at least a second later)."""
    fake_api.fail("chat.postMessage", status=429, retry_after=1)
    result = _sender(fake_api).send(CHANNEL, DIGEST)
    assert result.outcome is Outcome.SENT
    first, second = fake_api.calls("chat.postMessage")
    assert first.status == 429 and second.status == 200
    assert second.at - first.at >= 1.0


def test_long_rate_limit_is_handed_back_to_the_outbox(fake_api: FakeSlackAPI) -> None:
    """A 429 asking for more than the in-process limit comes back as RETRY with its wait."""
    fake_api.fail("chat.postMessage", status=429, retry_after=30)
    result = _sender(fake_api, max_wait=5.0).send(CHANNEL, DIGEST)
    assert result.outcome is Outcome.RETRY
    assert result.retry_after == 30
    assert len(fake_api.calls("chat.postMessage")) == 1


@pytest.mark.parametrize(
    "error", ["channel_not_found", "is_archived", "not_in_channel", "account_inactive"]
)
def test_gone_destinations_are_permanent(fake_api: FakeSlackAPI, error: str) -> None:
    """Errors meaning the destination is gone come back PERMANENT (deactivate), not retried."""
    fake_api.fail("chat.postMessage", error=error, channel="C0DIGEST")
    result = _sender(fake_api).send(CHANNEL, DIGEST)
    assert result.outcome is Outcome.PERMANENT
    assert result.error == error
    assert len(fake_api.calls("chat.postMessage")) == 1


def test_server_error_is_retried_with_backoff(fake_api: FakeSlackAPI) -> None:
    """One 502 is retried by the client and the digest is delivered."""
    fake_api.fail("chat.postMessage", status=502)
    assert _sender(fake_api).send(CHANNEL, DIGEST).outcome is Outcome.SENT
    assert [c.status for c in fake_api.calls("chat.postMessage")] == [502, 200]


def test_persistent_server_error_is_retry(fake_api: FakeSlackAPI) -> None:
    """5xx after the client's retries comes back as RETRY."""
    fake_api.fail("chat.postMessage", status=503, times=10)
    result = _sender(fake_api).send(CHANNEL, DIGEST)
    assert result.outcome is Outcome.RETRY
    assert result.error == "http_503"
    assert len(fake_api.calls("chat.postMessage")) == 3


def test_timeout_is_retry(fake_api: FakeSlackAPI) -> None:
    """A call that times out comes back as RETRY (the outbox tries again later)."""
    fake_api.fail("chat.postMessage", delay=1.0)
    result = _sender(fake_api, timeout=0.3).send(CHANNEL, DIGEST)
    assert result.outcome is Outcome.RETRY


def test_invalid_auth_does_not_deactivate(fake_api: FakeSlackAPI) -> None:
    """A bad token is our problem, not the subscriber's: RETRY, never PERMANENT."""
    config = SlackConfig(bot_token="xoxb-wrong", api_url=fake_api.url)
    sender = SlackSender(load_settings({}), config=config, interval=0.0)
    result = sender.send(CHANNEL, DIGEST)
    assert result.outcome is Outcome.RETRY
    assert result.error == "invalid_auth"


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_posts_to_one_channel_are_paced(fake_api: FakeSlackAPI) -> None:
    """Back-to-back posts to one channel wait a second; another channel does not wait."""
    clock = FakeClock()
    sender = _sender(fake_api, interval=1.0, sleep=clock.sleep, monotonic=clock.monotonic)
    for destination in (CHANNEL, CHANNEL, Destination("slack", "C0OTHER"), CHANNEL):
        assert sender.send(destination, DIGEST).outcome is Outcome.SENT
    assert clock.slept == [1.0, 1.0]


def test_sender_needs_the_bot_token() -> None:
    """SlackSender(settings) without SLACK_BOT_TOKEN is a one-line ConfigError naming it."""
    from bot.errors import ConfigError

    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN is missing"):
        SlackSender(load_settings({}))


def test_sender_reads_settings() -> None:
    """SlackSender(settings) takes the token and SLACK_API_URL from settings."""
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": "http://127.0.0.1:9/api"}
    sender = SlackSender(load_settings(env))
    assert sender.client.base_url == "http://127.0.0.1:9/api/"


def test_outbox_delivers_through_slack_sender(fake_api: FakeSlackAPI, tmp_path: Path) -> None:
    """Through H5's outbox and sender registry: a 429 is honoured and the digest delivered;
    an archived channel's delivery dies and its subscription is deactivated."""
    from bot.outbox import OutboxWorker, enqueue, new_delivery
    from bot.senders import SenderRegistry
    from bot.storage import open_store

    settings = load_settings({"SLACK_BOT_TOKEN": fake_api.token, "SLACK_API_URL": fake_api.url})
    store = open_store(f"sqlite:///{tmp_path / 'outbox.db'}")
    try:
        for channel in ("C0OK", "C0ARCH"):
            store.subscriptions.upsert(f"slack:{channel}", {})
        when = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
        enqueue(
            store,
            [new_delivery(f"slack:{c}", DIGEST, scheduled_for=when) for c in ("C0OK", "C0ARCH")],
        )
        fake_api.fail("chat.postMessage", status=429, retry_after=1, channel="C0OK")
        fake_api.fail("chat.postMessage", error="is_archived", channel="C0ARCH")
        worker = OutboxWorker(store, SenderRegistry(settings))
        worker.drain()
        by_destination = {d.destination: d for d in store.deliveries.list()}
        assert by_destination["slack:C0OK"].status == "sent"
        assert by_destination["slack:C0ARCH"].status == "dead"
        archived = store.subscriptions.get("slack:C0ARCH")
        assert archived is not None and not archived.active
        assert "is_archived" in (archived.deactivated_reason or "")
        ok = store.subscriptions.get("slack:C0OK")
        assert ok is not None and ok.active
    finally:
        store.close()
    statuses = [(c.channel, c.status) for c in fake_api.calls("chat.postMessage")]
    assert statuses.count(("C0OK", 429)) == 1 and statuses.count(("C0OK", 200)) == 1
    limited, delivered = [c for c in fake_api.calls("chat.postMessage") if c.channel == "C0OK"]
    assert delivered.at - limited.at >= 1.0


def test_pacing_holds_across_threads(fake_api: FakeSlackAPI) -> None:
    """Outbox threads sharing one sender: posts to one channel stay an interval apart,
    while another channel is not held up by them."""
    from concurrent.futures import ThreadPoolExecutor

    sender = _sender(fake_api, interval=0.2)
    other = Destination("slack", "C0OTHER")
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda d: sender.send(d, DIGEST), [CHANNEL] * 4 + [other] * 2))
    assert all(r.outcome is Outcome.SENT for r in results)
    posts = fake_api.calls("chat.postMessage", ok_only=True)
    times = sorted(c.at for c in posts if c.channel == CHANNEL.address)
    assert len(times) == 4
    assert min(b - a for a, b in pairwise(times)) >= 0.15
    first_other = min(c.at for c in posts if c.channel == "C0OTHER")
    assert first_other - times[0] < 0.15


def test_started_is_called_after_pacing_and_can_stop_the_send(fake_api: FakeSlackAPI) -> None:
    """The outbox's ``started`` runs after the channel's pacing wait, just before the post;
    when it says the lease is lost, nothing is posted."""
    clock = FakeClock()
    sender = _sender(fake_api, interval=1.0, sleep=clock.sleep, monotonic=clock.monotonic)
    assert sender.send(CHANNEL, DIGEST).outcome is Outcome.SENT
    seen: list[list[float]] = []

    def started() -> bool:
        seen.append(list(clock.slept))
        return True

    assert sender.send(CHANNEL, DIGEST, started=started).outcome is Outcome.SENT
    assert seen == [[1.0]]  # called once, after the pacing wait
    result = sender.send(CHANNEL, DIGEST, started=lambda: False)
    assert (result.outcome, result.error) == (Outcome.RETRY, "lease lost")
    assert len(fake_api.calls("chat.postMessage")) == 2

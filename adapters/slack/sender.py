"""The outbox's Slack sender: renders a digest to Block Kit, paces, posts, classifies.

Pacing is about one message per second per channel (Slack's posting limit). A 429 with a
short ``Retry-After`` is waited out in-process by slack_sdk's retry handler; a longer one, 5xx
after retries, and timeouts come back as ``RETRY`` (with ``retry_after`` when Slack said so).
A channel that is gone, archived, left, or a deactivated user comes back as ``PERMANENT``
so the outbox deactivates the subscription.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.slack.client import make_client, retry_after
from adapters.slack.config import SlackConfig, slack_config
from adapters.slack.render import render_digest
from bot.config import Settings
from bot.ports import Destination, DigestMessage, Outcome, SendResult, Started

log = logging.getLogger(__name__)

PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "account_inactive",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "restricted_action",
    }
)


def classify(exc: SlackApiError) -> SendResult:
    """The outcome of a failed Web API call."""
    response = exc.response
    status = int(getattr(response, "status_code", 200) or 200)
    error = str(response.get("error", "") if response is not None else "") or f"http_{status}"
    if status == 429 or error == "ratelimited":
        wait = retry_after(getattr(response, "headers", None))
        return SendResult(Outcome.RETRY, retry_after=wait if wait is not None else 1.0, error=error)
    if error in PERMANENT_ERRORS:
        return SendResult(Outcome.PERMANENT, error=error)
    if status >= 500:
        return SendResult(Outcome.RETRY, error=f"http_{status}")
    # Anything else (invalid_auth, msg_too_long, …) is our problem, not the destination's:
    # retry later rather than deactivate a subscriber.
    return SendResult(Outcome.RETRY, error=error)


class SlackSender:
    """:class:`bot.ports.Sender` for ``slack:C…`` channels and ``slack:U…`` users."""

    platform = "slack"

    def __init__(
        self,
        settings: Settings,
        *,
        config: SlackConfig | None = None,
        client: WebClient | None = None,
        interval: float = 1.0,
        timeout: float = 10,
        max_wait: float = 5.0,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config or slack_config(settings)
        self.client = client or make_client(
            self.config, timeout=timeout, max_wait=max_wait, backoff=backoff
        )
        self.interval = interval
        self._sleep = sleep
        self._monotonic = monotonic
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def _pace(self, channel: str) -> None:
        """Wait until ``interval`` seconds have passed since the last post to ``channel``."""
        with self._lock:
            last = self._last.get(channel)
            now = self._monotonic()
            wait = 0.0 if last is None else last + self.interval - now
            self._last[channel] = now + max(0.0, wait)
        if wait > 0:
            self._sleep(wait)

    def send(
        self, destination: Destination, message: DigestMessage, started: Started | None = None
    ) -> SendResult:
        if destination.platform != "slack" or not destination.address:
            return SendResult(Outcome.PERMANENT, error=f"not a Slack destination: {destination}")
        channel = destination.address
        for blocks, text in render_digest(message):
            self._pace(channel)
            if started is not None:
                if not started():  # the outbox lost this delivery's lease: don't send
                    return SendResult(Outcome.RETRY, error="lease lost")
                started = None
            try:
                self.client.chat_postMessage(
                    channel=channel,
                    blocks=blocks,
                    text=text,
                    unfurl_links=False,
                    unfurl_media=False,
                )
            except SlackApiError as exc:
                result = classify(exc)
                log.warning("slack send to %s failed: %s", destination, result.error)
                return result
            except (TimeoutError, URLError, ConnectionError, SlackClientError) as exc:
                log.warning("slack send to %s failed: %s", destination, type(exc).__name__)
                return SendResult(Outcome.RETRY, error=type(exc).__name__)
        return SendResult(Outcome.SENT)

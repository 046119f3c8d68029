"""The slack_sdk WebClient as this bot uses it: base URL from settings, retries with backoff.

429 honours ``Retry-After`` (slack_sdk's RateLimitErrorRetryHandler), 5xx and connection
failures are retried with exponential backoff. Read timeouts are *not* retried here: the
message may have been posted already, and a double answer is worse than a late one.
"""

from __future__ import annotations

import random
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from adapters.slack.config import SlackConfig


def retry_after(headers: Any) -> float | None:
    """The ``Retry-After`` seconds in a response's headers (any case), if present."""
    if not headers:
        return None
    for key, value in dict(headers).items():
        if key.lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                return None
    return None


class BoundedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Waits out a 429 in-process only when ``Retry-After`` is short; a longer wait is left
    to the caller (the outbox reschedules the delivery)."""

    def __init__(self, max_retry_count: int = 1, max_wait: float = 5.0) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = retry_after(response.headers)
        return wait is None or wait <= self.max_wait


class AnyServerErrorRetryHandler(ServerErrorRetryHandler):
    """Retries every 5xx (slack_sdk's own handler covers 500 and 503 only)."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code < 600


class ProportionalJitter(Jitter):
    """Adds up to half the interval at random (slack_sdk's default adds up to a whole
    second, whatever the interval)."""

    def recalculate(self, duration: float) -> float:
        return duration * (1 + random.random() / 2)  # noqa: S311 (jitter, not security)


def retry_handlers(*, max_wait: float = 30.0, backoff: float = 0.5) -> list[RetryHandler]:
    """429 (short waits), any 5xx and connection failures, twice each; backoff doubles."""
    interval = BackoffRetryIntervalCalculator(backoff_factor=backoff, jitter=ProportionalJitter())
    return [
        BoundedRateLimitRetryHandler(max_retry_count=2, max_wait=max_wait),
        AnyServerErrorRetryHandler(max_retry_count=2, interval_calculator=interval),
        ConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=interval),
    ]


def make_client(
    config: SlackConfig, *, timeout: float = 10, max_wait: float = 30.0, backoff: float = 0.5
) -> WebClient:
    """A WebClient for ``config`` (token, ``SLACK_API_URL``) with the retry handlers above."""
    return WebClient(
        token=config.bot_token,
        base_url=config.api_url,
        timeout=timeout,  # type: ignore[arg-type]  # urllib takes float seconds
        retry_handlers=retry_handlers(max_wait=max_wait, backoff=backoff),
    )

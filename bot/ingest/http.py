"""The HTTP client of the sources: httpx with timeouts, retries and conditional requests.

Retries: a connection error, a timeout, 429 or 5xx is retried up to ``retries`` times with
exponential backoff (``backoff`` · 2ⁿ seconds), waiting what ``Retry-After`` asks instead when
the server says (seconds or an HTTP date; capped at ``max_wait``). Conditional requests: the
``ETag`` / ``Last-Modified`` of the last good fetch of a URL (``validators``, kept in the
database by the caller) go out as ``If-None-Match`` / ``If-Modified-Since``; a ``304`` is
"nothing changed". Every failure is a :class:`~bot.errors.SourceError` naming the URL.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from bot.errors import SourceError

USER_AGENT = "hiring-assistant-bot/0.1 (syncs public job postings for a hiring assistant)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
Validators = tuple[str | None, str | None]  # (ETag, Last-Modified)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful response: ``text`` is ``None`` when the server said 304 Not Modified."""

    url: str
    text: str | None
    validators: Validators = (None, None)

    @property
    def not_modified(self) -> bool:
        return self.text is None


@dataclass(slots=True)
class Fetcher:
    """GETs with retries; ``validators`` in (from the last good sync), ``seen`` out."""

    timeout: float = 20.0
    retries: int = 3
    backoff: float = 0.5
    max_wait: float = 60.0
    validators: Mapping[str, Validators] = field(default_factory=dict)
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    seen: dict[str, Validators] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout),
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
                follow_redirects=True,
                transport=self.transport,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        accept: str = "application/json",
        conditional: bool = True,
    ) -> Fetched:
        """GET ``url``; a :class:`SourceError` after the retries are used up."""
        headers = {"Accept": accept}
        etag, modified = self.validators.get(url, (None, None)) if conditional else (None, None)
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        attempt = 0
        while True:
            problem, wait = self._attempt(url, params, headers)
            if isinstance(problem, Fetched):
                if problem.validators != (None, None):
                    self.seen[url] = problem.validators
                return problem
            if attempt >= self.retries or wait is None:
                raise SourceError(f"{url}: {problem}")
            self.sleep(min(self.max_wait, wait if wait >= 0 else self.backoff * 2**attempt))
            attempt += 1

    def _attempt(
        self, url: str, params: Mapping[str, str] | None, headers: dict[str, str]
    ) -> tuple[Fetched | str, float | None]:
        """One try: the result, or (why it failed, how long to wait; ``None``: do not retry,
        negative: the usual backoff)."""
        try:
            response = self.client().get(url, params=params, headers=headers)
        except httpx.TimeoutException:
            return f"timed out after {self.timeout:g} s", -1.0
        except httpx.TransportError as exc:
            return f"cannot connect: {type(exc).__name__}: {exc}"[:200], -1.0
        status = response.status_code
        if status == 304:
            return Fetched(url, None, _validators(response.headers)), None
        if 200 <= status < 300:
            try:
                text = response.text
            except (UnicodeDecodeError, httpx.DecodingError) as exc:
                return f"unreadable response: {exc}"[:200], None
            return Fetched(url, text, _validators(response.headers)), None
        why = f"HTTP {status} {response.reason_phrase}".strip()
        if status in RETRY_STATUSES:
            return why, retry_after(response.headers.get("Retry-After"))
        return why, None


def _validators(headers: httpx.Headers) -> Validators:
    return headers.get("ETag"), headers.get("Last-Modified")


def retry_after(value: str | None, now: datetime | None = None) -> float:
    """Seconds to wait from a ``Retry-After`` header (``-1``: none given, use the backoff)."""
    if not value:
        return -1.0
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return -1.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def parse_json(fetched: Fetched, source: str) -> Any:
    """The JSON body of a response, or a :class:`SourceError` naming the source."""
    import json

    try:
        return json.loads(fetched.text or "")
    except ValueError as exc:
        raise SourceError(f"{source}: {fetched.url} did not return JSON ({exc})") from None

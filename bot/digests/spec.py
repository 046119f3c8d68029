"""A stored schedule read as a digest specification, and how one is stored.

The ``schedules`` row (``bot.storage``) keeps the canonical cron, the zone, destinations and
``filters``: the JSON of the subscription filters (``bot.subscriptions``, the same syntax
as ``subscribe``), plus the digest's own options under the reserved key ``_digest``
(``empty_line``, ``top_n``), so options need no extra column.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.digests.content import MAX_TOP_N, TOP_N
from bot.errors import UsageError
from bot.ports import Destination
from bot.schedule import ScheduleError, parse_timezone, parse_when
from bot.storage import Opening, Schedule
from bot.subscriptions import Filters
from bot.subscriptions import parse_filters as parse_filter_text

SUBSCRIBERS = "subscribers"  # destination keyword: every active subscription, own filters
OPTIONS_KEY = "_digest"
OPENINGS, REPORT = "openings", "report"  # what a schedule sends (``--kind``)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
OpeningFilter = Callable[[Opening], bool]


@dataclass(frozen=True, slots=True)
class DigestSpec:
    """What a schedule means, parsed and validated."""

    cron: str
    tz: ZoneInfo
    destinations: tuple[str, ...]
    filters: dict[str, Any]
    filter: OpeningFilter
    empty_line: str | None
    top_n: int
    kind: str = OPENINGS  # or REPORT: the recruiters' report instead of openings


@dataclass(frozen=True, slots=True)
class NewSchedule:
    """A validated ``digest schedule`` request, ready for the schedules table."""

    name: str
    cron: str
    timezone: str
    destinations: tuple[str, ...]
    filters: dict[str, Any]


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise UsageError(f"schedule name {name!r} must be 1-64 letters, digits, '.', '_' or '-'")
    return name


def check_destinations(values: Sequence[str]) -> tuple[str, ...]:
    """Canonical destinations (``slack:C1``, ``telegram:42``, ``console``, ``subscribers``)."""
    if not values:
        raise UsageError(
            "a digest needs at least one --to DEST (console, slack:C…, "
            "telegram:<chat id> or subscribers)"
        )
    out: list[str] = []
    for value in values:
        text = value.strip()
        canonical = SUBSCRIBERS if text.lower() == SUBSCRIBERS else _destination(text)
        if canonical not in out:
            out.append(canonical)
    return tuple(out)


def _destination(text: str) -> str:
    from bot.errors import BotError

    try:
        return str(Destination.parse(text))
    except BotError as exc:
        raise UsageError(f"{exc} (or 'subscribers')") from None


def new_schedule(
    name: str,
    when: str,
    *,
    timezone: str | None,
    destinations: Sequence[str],
    filter_words: Sequence[str] = (),
    empty_line: str | None = None,
    top_n: int | None = None,
    kind: str = "openings",
) -> NewSchedule:
    """Validate a ``digest schedule`` request; one-line :class:`UsageError` on bad input."""
    zone = parse_timezone(timezone)
    cron = parse_when(when)
    options: dict[str, Any] = {}
    if empty_line is not None and empty_line.strip():
        options["empty_line"] = " ".join(empty_line.split())[:300]
    if top_n is not None:
        if not 1 <= top_n <= MAX_TOP_N:
            raise UsageError(f"--top must be 1-{MAX_TOP_N}")
        options["top_n"] = top_n
    if kind == REPORT:
        if SUBSCRIBERS in destinations:
            raise UsageError("a report goes to explicit destinations, not to subscribers")
        if filter_words:
            raise UsageError("a report takes no filters")
        options["kind"] = REPORT
    filters = parse_filters(filter_words)
    if options:
        filters[OPTIONS_KEY] = options
    return NewSchedule(check_name(name), cron, zone.key, check_destinations(destinations), filters)


def spec_of(schedule: Schedule) -> DigestSpec:
    """Read a stored schedule (raises :class:`ScheduleError` if it became invalid)."""
    options = dict(schedule.filters.get(OPTIONS_KEY) or {})
    filters = {k: v for k, v in schedule.filters.items() if k != OPTIONS_KEY}
    try:
        top_n = int(options.get("top_n") or TOP_N)
    except (TypeError, ValueError):
        raise ScheduleError(f"schedule {schedule.name!r} has a bad top_n") from None
    empty = options.get("empty_line")
    return DigestSpec(
        cron=parse_when(schedule.cron),
        tz=parse_timezone(schedule.timezone),
        destinations=tuple(schedule.destinations),
        filters=filters,
        filter=subscription_filter(filters),
        empty_line=str(empty) if empty else None,
        top_n=top_n,
        kind=REPORT if options.get("kind") == REPORT else OPENINGS,
    )


def options_of(schedule: Schedule) -> dict[str, Any]:
    return dict(schedule.filters.get(OPTIONS_KEY) or {})


# ----------------------------------------------------------------- filters (bot.subscriptions)


def parse_filters(words: Sequence[str]) -> dict[str, Any]:
    """The JSON of the filter words, parsed by the subscriptions' own parser."""
    return parse_filter_text(shlex.join(words)).to_json() if words else {}


def describe_filters(filters: dict[str, Any]) -> str:
    """A short summary of a schedule's filters ("" when it has none)."""
    plain = {k: v for k, v in filters.items() if k != OPTIONS_KEY}
    return Filters.from_json(plain).describe() if plain else ""


def subscription_filter(filters: dict[str, Any]) -> OpeningFilter:
    """A predicate for openings from a filters JSON (a subscription's or a schedule's)."""
    plain = {k: v for k, v in filters.items() if k != OPTIONS_KEY}
    return Filters.from_json(plain).matches if plain else _everything


def _everything(_opening: Opening) -> bool:
    return True

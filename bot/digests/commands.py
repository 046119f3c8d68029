"""The recruiter controls, shared by the CLI (``python -m bot digest …``) and chat (``/digest``).

``schedule NAME WHEN [--tz ZONE] --to DEST [--to DEST …] [filters…] [--empty-line TEXT]
[--top N]``, ``list``, ``pause NAME``, ``resume NAME``, ``delete NAME``, ``run-now NAME
[--since ISO]``, ``preview NAME [--since ISO]``. WHEN may be quoted or not: the longest
leading words that read as a schedule are WHEN, the rest are filters (``python remote``).

:func:`run_command` is the chat entry point: it checks the actor against ``RECRUITERS``
(:func:`bot.chat.access.is_recruiter`, the chat core's check), logs refused attempts, and
returns plain text.
"""

from __future__ import annotations

import argparse
import logging
import shlex
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from bot.chat.access import is_recruiter
from bot.config import Settings
from bot.digests.content import format_since
from bot.digests.grammar import USAGE, WordsParser, add_commands, parse_schedule_words
from bot.digests.run import (
    RunResult,
    plan,
    report_message,
    run_digest,
    select_openings,
    window,
)
from bot.digests.spec import (
    REPORT,
    SUBSCRIBERS,
    describe_filters,
    new_schedule,
    options_of,
    spec_of,
)
from bot.errors import UsageError
from bot.ports import render_plain
from bot.schedule import (
    DEFAULT_TIMEZONE,
    ScheduleError,
    describe,
    next_fire,
    parse_timezone,
    parse_when,
)
from bot.storage import Schedule, Store

log = logging.getLogger(__name__)

CHAT_PREVIEW_DESTINATIONS = 5
REFUSED = "Only recruiters can manage digests."


# ------------------------------------------------------------------------- the commands


def split_when(words: Sequence[str]) -> tuple[str, list[str]]:
    """(WHEN, filter words): the longest leading words that parse as a schedule."""
    errors: dict[int, ScheduleError] = {}
    cron_like = len(words) >= 5 and words[0][:1] in "0123456789*" and ":" not in words[0]
    for size in [5] if cron_like else range(min(len(words), 7), 0, -1):
        try:
            parse_when(" ".join(words[:size]))
        except ScheduleError as exc:
            errors[size] = exc
            continue
        return " ".join(words[:size]), list(words[size:])
    # Nothing parses: report the error of the most schedule-like candidate: five words of
    # cron, else the shortest one ending in a number ("mon 25:00"), else the first word.
    if cron_like:
        raise errors[5]
    timed = [n for n in sorted(errors) if any(c.isdigit() for c in words[n - 1])]
    raise errors[timed[0] if timed else 1]


def schedule(store: Store, name: str, rest: list[str], default_tz: str = DEFAULT_TIMEZONE) -> str:
    """Create or replace the schedule ``name`` from the words after ``schedule NAME``;
    ``default_tz`` (``DIGEST_TIMEZONE``) applies without ``--tz``."""
    args = parse_schedule_words(rest)
    when, filter_words = split_when(args.words)
    request = new_schedule(
        name,
        when,
        timezone=args.tz or default_tz,
        destinations=args.to,
        filter_words=filter_words,
        empty_line=args.empty_line,
        top_n=args.top,
        kind=args.kind,
    )
    now = store.now()
    following = next_fire(request.cron, request.timezone, now)
    existing = store.schedules.get_by_name(request.name)
    if existing is None:
        saved = store.schedules.create(
            request.name,
            cron=request.cron,
            timezone=request.timezone,
            destinations=request.destinations,
            filters=request.filters,
            next_run_at=following,
        )
        verb = "scheduled"
    else:
        updated = store.schedules.update(
            existing.id,
            cron=request.cron,
            timezone=request.timezone,
            destinations=request.destinations,
            filters=request.filters,
            next_run_at=following,
        )
        if updated is None:
            raise UsageError(f"schedule {request.name!r} was deleted meanwhile")
        saved, verb = updated, "updated"
    return f"{verb} {saved.name}: {_summary(saved, now)}"


def _summary(s: Schedule, now: datetime) -> str:
    zone = parse_timezone(s.timezone)
    filters = describe_filters(s.filters)
    text = f"{describe(s.cron)} {s.timezone} → {', '.join(s.destinations)}"
    if filters:
        text += f" [{filters}]"
    if s.paused:
        return text + "; paused (resume it to run)"
    return text + f"; next run {format_since(next_fire(s.cron, zone, now), zone)}"


def list_rows(store: Store) -> list[dict[str, Any]]:
    """Every schedule with its next run (in its own zone) and last run, for ``list``."""
    now = store.now()
    failed = store.deliveries.failed_destinations()
    rows = []
    for s in store.schedules.list():
        zone = parse_timezone(s.timezone)
        nxt = None if s.paused else next_fire(s.cron, zone, now)
        rows.append(
            {
                "name": s.name,
                "when": describe(s.cron),
                "cron": s.cron,
                "timezone": s.timezone,
                "destinations": list(s.destinations),
                "filters": describe_filters(s.filters),
                "empty_line": options_of(s).get("empty_line"),
                "paused": s.paused,
                "next_run": nxt.astimezone(zone).isoformat() if nxt else None,
                "last_run": s.last_run_at.astimezone(zone).isoformat() if s.last_run_at else None,
                "failed": {d: failed[d] for d in s.destinations if d in failed},
            }
        )
    return rows


def format_list(store: Store) -> str:
    now = store.now()
    schedules = store.schedules.list()
    if not schedules:
        return "No digest schedules yet. Add one: digest schedule weekly 'mon 09:00' --to console"
    failed = store.deliveries.failed_destinations()
    lines = []
    for s in schedules:
        zone = parse_timezone(s.timezone)
        last = format_since(s.last_run_at, zone) if s.last_run_at else "never"
        lines.append(f"{s.name}: {_summary(s, now)}; last run {last}")
        lines.extend(
            f"  ! {d} failed permanently ({failed[d]}): fix it or change --to"
            for d in s.destinations
            if d in failed
        )
    return "\n".join(lines)


def _get(store: Store, name: str) -> Schedule:
    found = store.schedules.get_by_name(name)
    if found is None:
        known = ", ".join(s.name for s in store.schedules.list()) or "none yet"
        raise UsageError(f"no schedule named {name!r} (schedules: {known})")
    return found


def set_paused(store: Store, name: str, paused: bool) -> str:
    found = _get(store, name)
    if found.paused == paused:
        return f"{name} is already {'paused' if paused else 'running'}"
    # Fires while paused are not owed: on resume the next one is the first after now.
    following = None if paused else next_fire(found.cron, found.timezone, store.now())
    store.schedules.update(found.id, paused=paused, next_run_at=following)
    if paused:
        return f"paused {name}: it will not run until resumed"
    updated = _get(store, name)
    return f"resumed {name}: {_summary(updated, store.now())}"


def delete(store: Store, name: str) -> str:
    found = _get(store, name)
    store.schedules.delete(found.id)
    return f"deleted {name} (already queued deliveries are still sent)"


def parse_since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--since {text!r} is not an ISO 8601 time (2026-11-23T09:00Z)") from None
    if value.tzinfo is None:
        raise UsageError(f"--since {text!r} needs a time zone (e.g. Z or +00:00)")
    return value


def run_now(store: Store, name: str, since: str | None = None) -> RunResult:
    """Run ``name`` now as a manual run (its own unique keys); it counts as the last run."""
    found = _get(store, name)
    now = store.now()
    return run_digest(store, found, now, now, manual=True, since=parse_since(since))


def preview_lines(store: Store, name: str, since: str | None = None) -> Iterator[str]:
    """Exactly what a run now would send, per destination; nothing is queued."""
    found = _get(store, name)
    now = store.now()
    spec = spec_of(found)
    start = window(found, now, parse_since(since))
    openings = select_openings(store, spec, start, now, schedule=found)
    yield (
        f"{found.name}: {len(openings)} new opening(s) since "
        f"{format_since(start, spec.tz)} ({'paused' if found.paused else 'active'})"
    )
    sent = 0
    report = report_message(store, start, spec.tz) if spec.kind == REPORT else None
    for destination, message in plan(store, spec, openings, start, report):
        sent += 1
        yield f"--- to {destination} ---"
        yield from render_plain(message)
    if sent == 0:
        nobody = " (no active subscribers)" if SUBSCRIBERS in spec.destinations else ""
        yield f"nothing would be sent{nobody}"


# ------------------------------------------------------------------------- chat


def chat_parser() -> WordsParser:
    parser = WordsParser(prog="/digest", add_help=False)
    sub = parser.add_subparsers(dest="action", parser_class=WordsParser)
    add_commands(sub, cli=False)
    return parser


def run_command(store: Store, settings: Settings, args: list[str], actor: str) -> str:
    """Execute a ``/digest`` chat command for ``actor`` (``slack:U1``, ``telegram:42``)."""
    if not is_recruiter(actor, settings.recruiters):
        log.warning("digest command refused for %s (not in RECRUITERS): %s", actor, args[:1])
        return REFUSED
    words = _words(args)
    if not words or words[0] in ("help", "-h", "--help"):
        return USAGE
    try:
        parsed = chat_parser().parse_args(words)
        return execute(store, parsed, default_tz=settings.digest_timezone)
    except UsageError as exc:  # anything else is the chat core's apology, not for the user
        return f"error: {exc}"


def _words(args: Sequence[str]) -> list[str]:
    """Chat text split again honouring quotes ("mon 09:00") and smart quotes."""
    text = " ".join(args).replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    try:
        return shlex.split(text)
    except ValueError:
        return list(args)


def execute(store: Store, args: argparse.Namespace, *, default_tz: str = DEFAULT_TIMEZONE) -> str:
    """Run one parsed command and return its reply text (CLI and chat alike)."""
    action = args.action
    if action == "schedule":
        return schedule(store, args.name, args.rest, default_tz)
    if action == "list":
        return format_list(store)
    if action in ("pause", "resume"):
        return set_paused(store, args.name, action == "pause")
    if action == "delete":
        return delete(store, args.name)
    if action == "run-now":
        return run_now(store, args.name, args.since).describe()
    if action == "preview":
        lines: list[str] = []
        shown = 0
        for line in preview_lines(store, args.name, args.since):
            if line.startswith("--- to "):
                shown += 1
                if shown > CHAT_PREVIEW_DESTINATIONS:
                    lines.append("… (more destinations: see `python -m bot digest preview`)")
                    break
            lines.append(line)
        return "\n".join(lines)
    raise UsageError(USAGE)

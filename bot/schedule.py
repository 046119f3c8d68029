"""When digests run: parsing schedule text and the pure "next fire time" function.

A schedule is a 5-field cron expression (minute hour day-of-month month day-of-week) or
friendly text ("mon 09:00", "daily 08:30", "weekdays 17:00", "weekends 10:00",
"mon,thu 9:30", "every monday at 9am", "hourly"), normalised by :func:`parse_when` to one
canonical cron string, evaluated in an IANA time zone (default Europe/London).

Daylight-saving rules of :func:`next_fire` (wall-clock semantics, like a person's diary):

* A daily 09:00 London schedule stays at 09:00 local time: 08:00 UTC in summer, 09:00 UTC
  in winter.
* **Spring forward** (a local time that does not exist, e.g. 01:30 on 2026-03-29 in London):
  the run happens once, shifted forward by the length of the gap, i.e. 02:30 BST (01:30 UTC,
  exactly 24 h after the previous day's 01:30 GMT). It is never skipped.
* **Fall back** (a local time that happens twice, e.g. 01:30 on 2026-10-25 in London): the
  run happens exactly once, at the first occurrence (01:30 BST = 00:30 UTC). The one
  exception is a schedule whose hour field is ``*`` (every hour): it keeps firing every hour
  of real time, so it runs in both 01:xx hours.
* Two wall-clock times that map to the same instant fire once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import UsageError

DEFAULT_TIMEZONE = "Europe/London"
SEARCH_DAYS = 366 * 9  # "0 0 29 2 1" (29 Feb on a Monday) can be 6+ years away

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # cron numbering: 0 = Sunday
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FIELDS = (  # name, low, high, names (index + offset = value)
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of month", 1, 31),
    ("month", 1, 12),
    ("day of week", 0, 7),
)


class ScheduleError(UsageError):
    """Schedule text, a time zone or a cron expression that cannot be used; one line."""


@dataclass(frozen=True, slots=True)
class Cron:
    """A parsed cron expression: the allowed values of each field."""

    text: str  # canonical form
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday … 6 = Saturday
    dom_any: bool  # day-of-month field was "*"
    dow_any: bool  # day-of-week field was "*"
    hour_any: bool  # hour field was "*": fire in both repeated hours at fall-back

    def matches_day(self, day: date) -> bool:
        """Whether ``day`` is a firing day (cron's rule: restricted DOM *or* DOW)."""
        if day.month not in self.months:
            return False
        in_dom = day.day in self.days
        in_dow = (day.isoweekday() % 7) in self.weekdays
        if self.dom_any and self.dow_any:
            return True
        if self.dom_any:
            return in_dow
        if self.dow_any:
            return in_dom
        return in_dom or in_dow


# --------------------------------------------------------------------------- time zones


def parse_timezone(name: str | None) -> ZoneInfo:
    """The IANA zone called ``name`` (default Europe/London), or a one-line error."""
    key = (name or DEFAULT_TIMEZONE).strip()
    try:
        return _zone(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"unknown time zone {key!r}: use an IANA name such as Europe/London or America/New_York"
        ) from None


@lru_cache(maxsize=64)
def _zone(key: str) -> ZoneInfo:
    if not key or key.startswith("/") or ".." in key:
        raise ValueError(key)
    return ZoneInfo(key)


# --------------------------------------------------------------------------- cron


def _value(token: str, field: int, source: str) -> int:
    name, low, high = _FIELDS[field]
    names = DAY_NAMES if field == 4 else MONTH_NAMES if field == 3 else ()
    lowered = token.lower()
    if lowered[:3] in names and (len(lowered) == 3 or _full_name(lowered, field)):
        return names.index(lowered[:3]) + (1 if field == 3 else 0)
    if not token.isdigit():
        raise ScheduleError(f"{source!r}: {name} {token!r} is not a number")
    value = int(token)
    if not low <= value <= high:
        raise ScheduleError(f"{source!r}: {name} must be {low}-{high}")
    return value


def _full_name(word: str, field: int) -> bool:
    full = _DAY_WORDS if field == 4 else _MONTH_WORDS
    return word in full


_FULL_DAYS = "sunday monday tuesday wednesday thursday friday saturday tues weds thur thurs"
_FULL_MONTHS = "january february march april june july august september sept october november"
_DAY_WORDS = frozenset(_FULL_DAYS.split())
_MONTH_WORDS = frozenset([*_FULL_MONTHS.split(), "december"])


def _field(text: str, field: int, source: str) -> tuple[set[int], bool]:
    """The values of one cron field and whether it was unrestricted (``*``)."""
    name, low, high = _FIELDS[field]
    values: set[int] = set()
    for part in text.split(","):
        if not part:
            raise ScheduleError(f"{source!r}: empty item in the {name} field")
        base, slash, step_text = part.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) == 0:
                raise ScheduleError(f"{source!r}: {name} step {step_text!r} must be a number > 0")
            step = int(step_text)
        if base == "*":
            start, end = low, 6 if field == 4 else high
        elif "-" in base:
            a, _, b = base.partition("-")
            start, end = _value(a, field, source), _value(b, field, source)
            if start > end:
                raise ScheduleError(f"{source!r}: {name} range {base!r} goes backwards")
        else:
            start = _value(base, field, source)
            end = (6 if field == 4 else high) if slash else start
        values.update(range(start, end + 1, step))
    if field == 4:
        values = {v % 7 for v in values}
    return values, text in ("*", "*/1")


def _compress(values: set[int], field: int) -> str:
    """Canonical text of one field: sorted values with runs of 3+ as ranges."""
    ordered = sorted(values)
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{ordered[i]}-{ordered[j]}")
            i = j + 1
        else:
            parts.append(str(ordered[i]))
            i += 1
    return ",".join(parts)


def parse_cron(text: str) -> Cron:
    """Parse a 5-field cron expression (names like ``mon`` and ``jan`` allowed)."""
    source = " ".join(text.split())
    fields = source.split(" ")
    if len(fields) != 5:
        raise ScheduleError(
            f"{source!r}: a cron expression has 5 fields "
            "(minute hour day-of-month month day-of-week)"
        )
    parsed = [_field(f, i, source) for i, f in enumerate(fields)]
    canonical = " ".join(
        "*" if unrestricted else _compress(values, i)
        for i, (values, unrestricted) in enumerate(parsed)
    )
    cron = Cron(
        text=canonical,
        minutes=tuple(sorted(parsed[0][0])),
        hours=tuple(sorted(parsed[1][0])),
        days=frozenset(parsed[2][0]),
        months=frozenset(parsed[3][0]),
        weekdays=frozenset(parsed[4][0]),
        dom_any=parsed[2][1],
        dow_any=parsed[4][1],
        hour_any=parsed[1][1],
    )
    if _first_day(cron, date(2000, 1, 1)) is None:
        raise ScheduleError(f"{source!r}: that date never happens")
    return cron


def _first_day(cron: Cron, start: date) -> date | None:
    day = start
    for _ in range(SEARCH_DAYS):
        if cron.matches_day(day):
            return day
        day += timedelta(days=1)
    return None


# --------------------------------------------------------------------------- friendly text

_DAY_ALIASES = {
    "daily": "*",
    "day": "*",
    "days": "*",
    "everyday": "*",
    "weekdays": "1-5",
    "weekday": "1-5",
    "weekends": "0,6",
    "weekend": "0,6",
}
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$")
_CRONISH = re.compile(r"^[\d*][\d*,/-]*$")
_HOURLY = re.compile(r"^hourly(?:\s+(?:at\s+)?:?(\d{1,2}))?$")


def _day_spec(words: list[str], source: str) -> str:
    if not words:
        return "*"
    joined = "".join("," if w in ("and", "&") else w for w in words).strip(",")
    if joined in _DAY_ALIASES:
        return _DAY_ALIASES[joined]
    out: list[str] = []
    for item in joined.split(","):
        ends = item.split("-")
        if len(ends) > 2 or not all(ends):
            raise ScheduleError(f"{source!r}: cannot read the days {item!r}")
        nums = [str(_day_number(e, source)) for e in ends]
        out.append("-".join(nums))
    return ",".join(out)


def _day_number(word: str, source: str) -> int:
    w = word.lower().rstrip("s") if len(word) > 4 else word.lower()
    if w[:3] in DAY_NAMES and (len(w) == 3 or w in _DAY_WORDS):
        return DAY_NAMES.index(w[:3])
    raise ScheduleError(
        f"{source!r}: unknown day {word!r} (use mon…sun, daily, weekdays, weekends "
        "or a cron expression)"
    )


def _clock_time(text: str, source: str) -> tuple[int, int]:
    t = text.lower().replace(" ", "")
    if t in ("noon", "midday"):
        return 12, 0
    if t == "midnight":
        return 0, 0
    m = _TIME.match(t)
    if not m:
        raise ScheduleError(f"{source!r}: cannot read the time {text!r} (use HH:MM, e.g. 09:00)")
    hour, minute, ampm = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if ampm:
        if not 1 <= hour <= 12:
            raise ScheduleError(f"{source!r}: hour must be 1-12 with am/pm")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23:
        raise ScheduleError(f"{source!r}: hour must be 0-23")
    if minute > 59:
        raise ScheduleError(f"{source!r}: minute must be 0-59")
    return hour, minute


def parse_when(text: str) -> str:
    """Normalise cron or friendly schedule text to a canonical 5-field cron string.

    >>> parse_when("every monday at 9am")
    '0 9 * * 1'
    """
    source = " ".join(text.split())
    lowered = source.lower()
    if not lowered:
        raise ScheduleError("empty schedule: use e.g. 'mon 09:00' or a cron expression")
    hourly = _HOURLY.match(lowered)
    if hourly:
        minute = int(hourly.group(1) or 0)
        if minute > 59:
            raise ScheduleError(f"{source!r}: minute must be 0-59")
        return parse_cron(f"{minute} * * * *").text
    words = lowered.split(" ")
    if len(words) > 2 and _CRONISH.match(words[0]) and ":" not in lowered:
        return parse_cron(source).text
    if words[0] == "every":
        words = words[1:]
    # The time is the trailing word(s): "9:30", "9am", "9 am", "noon"
    if len(words) >= 2 and words[-1] in ("am", "pm"):
        words = [*words[:-2], words[-2] + words[-1]]
    timeish = any(c.isdigit() for c in words[-1]) if words else False
    if not words or not (timeish or words[-1] in ("noon", "midday", "midnight")):
        raise ScheduleError(
            f"{source!r}: needs a time, e.g. 'mon 09:00', 'daily 08:30' or a cron expression"
        )
    hour, minute = _clock_time(words[-1], source)
    day_words = [w for w in words[:-1] if w not in ("at", "on", "every")]
    if words[-1].isdigit() and not day_words and "at" not in words:
        # A lone number ("9") is too easily a typo or a cron field: ask for a clear time.
        raise ScheduleError(f"{source!r}: write the time as HH:MM, e.g. 'daily {hour:02d}:00'")
    dow = _day_spec(day_words, source)
    return parse_cron(f"{minute} {hour} * * {dow}").text


# --------------------------------------------------------------------------- next fire


def next_fire(schedule_cron: str, tz: str | ZoneInfo, after: datetime) -> datetime:
    """The first firing instant strictly after ``after`` (aware), as an aware UTC datetime.

    Pure: a function of its arguments only. See the module docstring for the DST rules.
    """
    if after.tzinfo is None:
        raise ValueError("next_fire needs an aware datetime")
    cron = _cached_cron(schedule_cron)
    zone = tz if isinstance(tz, ZoneInfo) else parse_timezone(tz)
    after_utc = after.astimezone(UTC)
    # Start a day early: a wall time on the previous local date can map after ``after``.
    day = after_utc.astimezone(zone).date() - timedelta(days=1)
    for _ in range(SEARCH_DAYS):
        if cron.matches_day(day):
            fires = _day_fires(cron.text, day, zone)
            index = bisect_right(fires, after_utc)
            if index < len(fires):
                return fires[index]
        day += timedelta(days=1)
    raise ScheduleError(f"{schedule_cron!r} does not fire within {SEARCH_DAYS // 366} years")


def previous_fire(schedule_cron: str, tz: str | ZoneInfo, before: datetime) -> datetime | None:
    """The last firing instant at or before ``before`` (None if it never fired in ~9 years).

    Used at start-up to find a run missed during downtime; the same DST rules as
    :func:`next_fire` (both read the same per-day fire times).
    """
    if before.tzinfo is None:
        raise ValueError("previous_fire needs an aware datetime")
    cron = _cached_cron(schedule_cron)
    zone = tz if isinstance(tz, ZoneInfo) else parse_timezone(tz)
    before_utc = before.astimezone(UTC)
    # Start a day late: a wall time on the next local date can map before ``before``.
    day = before_utc.astimezone(zone).date() + timedelta(days=1)
    for _ in range(SEARCH_DAYS):
        if cron.matches_day(day):
            fires = _day_fires(cron.text, day, zone)
            index = bisect_right(fires, before_utc)
            if index > 0:
                return fires[index - 1]
        day -= timedelta(days=1)
    return None


@lru_cache(maxsize=64)
def _day_fires(cron_text: str, day: date, zone: ZoneInfo) -> tuple[datetime, ...]:
    """Every firing instant whose wall-clock time is on local ``day``, sorted, unique."""
    cron = _cached_cron(cron_text)
    instants = {
        instant
        for hour in cron.hours
        for minute in cron.minutes
        for instant in _instants(datetime.combine(day, dtime(hour, minute)), zone, cron)
    }
    return tuple(sorted(instants))


def _instants(wall: datetime, zone: ZoneInfo, cron: Cron) -> list[datetime]:
    """The UTC instant(s) at which a local wall-clock time fires."""
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return [first.astimezone(UTC)]
    if first.utcoffset() > second.utcoffset():  # type: ignore[operator]  # both aware
        # Fall back: the wall time happens twice; once, unless the hour field is "*".
        both = [first.astimezone(UTC), second.astimezone(UTC)]
        return both if cron.hour_any else both[:1]
    # Spring forward: the wall time does not exist; fold=0 uses the offset before the gap,
    # i.e. the time shifted forward by the gap's length (01:30 GMT-rules → 02:30 BST).
    return [first.astimezone(UTC)]


@lru_cache(maxsize=256)
def _cached_cron(text: str) -> Cron:
    return parse_cron(text)


def describe(cron_text: str) -> str:
    """A short human reading of a canonical cron string, for listings."""
    fields = cron_text.split(" ")
    minute, hour, dom, month, dow = fields
    if dom == month == "*" and minute.isdigit():
        if hour == "*":
            return f"hourly at :{int(minute):02d}"
        if hour.isdigit():
            at = f"{int(hour):02d}:{int(minute):02d}"
            days = {"*": "daily", "1-5": "weekdays", "0,6": "weekends"}.get(dow)
            if days is None:
                try:
                    days = ",".join(_dow_names(dow))
                except ValueError:
                    return cron_text
            return f"{days} {at}"
    return cron_text


def _dow_names(dow: str) -> list[str]:
    out = []
    for part in dow.split(","):
        ends = part.split("-")
        out.append("-".join(DAY_NAMES[int(e)] for e in ends))
    return out

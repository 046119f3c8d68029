"""Schedule parsing and the pure next-fire-time function, incl. both DST changes in London."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import UsageError
from bot.schedule import (
    ScheduleError,
    describe,
    next_fire,
    parse_cron,
    parse_timezone,
    parse_when,
    previous_fire,
)

LONDON = "Europe/London"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def fires(cron: str, start: datetime, count: int, tz: str = LONDON) -> list[datetime]:
    out, t = [], start
    for _ in range(count):
        t = next_fire(cron, tz, t)
        out.append(t)
    return out


@pytest.mark.parametrize(
    ("text", "cron"),
    [
        ("mon 09:00", "0 9 * * 1"),
        ("daily 08:30", "30 8 * * *"),
        ("weekdays 17:00", "0 17 * * 1-5"),
        ("weekends 10:00", "0 10 * * 0,6"),
        ("mon,thu 9:30", "30 9 * * 1,4"),
        ("every monday at 9am", "0 9 * * 1"),
        ("hourly", "0 * * * *"),
        ("hourly at :15", "15 * * * *"),
        ("every day at noon", "0 12 * * *"),
        ("Mon and Thu 9:30 pm", "30 21 * * 1,4"),
        ("mon-fri 08:00", "0 8 * * 1-5"),
        ("every tuesday at 12am", "0 0 * * 2"),
        ("mon 9", "0 9 * * 1"),
        ("at 7", "0 7 * * *"),
        ("0 9 * * MON-FRI", "0 9 * * 1-5"),
        ("0  9 * *  7", "0 9 * * 0"),
        ("*/20 9-17 * * 1-5", "0,20,40 9-17 * * 1-5"),
        ("0 6 1 jan *", "0 6 1 1 *"),
    ],
)
def test_parse_when_normalises_to_canonical_cron(text: str, cron: str) -> None:
    """Friendly text and cron expressions normalise to the same canonical cron string."""
    assert parse_when(text) == cron


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mon 25:00", "'mon 25:00': hour must be 0-23"),
        ("mon 09:75", "'mon 09:75': minute must be 0-59"),
        ("fooday 9:00", "unknown day 'fooday'"),
        ("mon", "needs a time"),
        ("", "empty schedule"),
        ("0 9 * *", "a cron expression has 5 fields"),
        ("0 9 * * 8", "day of week must be 0-7"),
        ("61 9 * * *", "minute must be 0-59"),
        ("0 0 30 2 *", "that date never happens"),
        ("0 9 * * 5-1", "goes backwards"),
        ("*/0 * * * *", "step '0' must be a number > 0"),
        ("13pm", "hour must be 1-12 with am/pm"),
        ("mon 9:xx", "cannot read the time"),
        ("9", "write the time as HH:MM"),
    ],
)
def test_parse_when_errors_are_one_line(text: str, message: str) -> None:
    """Bad schedule text raises a one-line usage error naming what is wrong."""
    with pytest.raises(ScheduleError) as info:
        parse_when(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, UsageError)


def test_unknown_time_zone_is_a_clear_error() -> None:
    """An unknown IANA zone is rejected with a hint; the default zone is Europe/London."""
    with pytest.raises(ScheduleError, match="unknown time zone 'Mars/Olympus'"):
        parse_timezone("Mars/Olympus")
    with pytest.raises(ScheduleError, match="unknown time zone"):
        parse_timezone("../etc/passwd")
    assert parse_timezone(None).key == LONDON


def test_daily_0900_stays_0900_local_across_both_changes() -> None:
    """Daily 09:00 London is 09:00 UTC in winter and 08:00 UTC in summer, every day."""
    spring = fires("0 9 * * *", utc(2026, 3, 27, 12), 3)
    assert spring == [utc(2026, 3, 28, 9), utc(2026, 3, 29, 8), utc(2026, 3, 30, 8)]
    autumn = fires("0 9 * * *", utc(2026, 10, 23, 12), 3)
    assert autumn == [utc(2026, 10, 24, 8), utc(2026, 10, 25, 9), utc(2026, 10, 26, 9)]


def test_spring_gap_0130_runs_once_at_0230_bst() -> None:
    """01:30 does not exist on 2026-03-29: the run is shifted by the gap to 02:30 BST."""
    got = fires("30 1 * * *", utc(2026, 3, 27, 12), 3)
    assert got == [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 30), utc(2026, 3, 30, 0, 30)]
    assert got[1].astimezone(parse_timezone(LONDON)).strftime("%H:%M %Z") == "02:30 BST"


def test_autumn_repeat_0130_runs_exactly_once() -> None:
    """01:30 happens twice on 2026-10-25: the run happens once, at the first (BST) one."""
    got = fires("30 1 * * *", utc(2026, 10, 23, 12), 3)
    assert got == [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]
    # Asked from inside the repeated hour, the next run is the next day's.
    assert next_fire("30 1 * * *", LONDON, utc(2026, 10, 25, 1, 0)) == utc(2026, 10, 26, 1, 30)


def test_hourly_keeps_real_hours_across_both_changes() -> None:
    """An every-hour schedule fires once per real hour: no doubled or lost run at the changes."""
    spring = fires("30 * * * *", utc(2026, 3, 29, 0, 0), 3)
    assert spring == [utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 2, 30)]
    autumn = fires("30 * * * *", utc(2026, 10, 24, 23, 0), 4)
    assert [t.hour for t in autumn] == [23, 0, 1, 2]


def test_weekly_in_other_zone() -> None:
    """A New York Monday 09:00 schedule fires at 13:00 UTC in summer time."""
    assert next_fire("0 9 * * 1", "America/New_York", utc(2026, 6, 1, 12)) == utc(2026, 6, 1, 13)


def test_next_fire_needs_aware_datetime() -> None:
    """A naive datetime is a programming error, not silently treated as UTC."""
    with pytest.raises(ValueError, match="aware"):
        next_fire("0 9 * * *", LONDON, datetime(2026, 1, 1))


def test_previous_fire_finds_the_latest_run_at_or_before() -> None:
    """previous_fire agrees with next_fire: the last Monday 09:00 before a Friday, etc."""
    assert previous_fire("0 9 * * 1", LONDON, utc(2026, 11, 27, 12)) == utc(2026, 11, 23, 9)
    assert previous_fire("0 9 * * 1", LONDON, utc(2026, 11, 23, 9)) == utc(2026, 11, 23, 9)
    assert previous_fire("0 9 1 1 *", LONDON, utc(2026, 11, 27, 12)) == utc(2026, 1, 1, 9)
    # Across the autumn change the repeated 01:30 is one fire, the first one.
    assert previous_fire("30 1 * * *", LONDON, utc(2026, 10, 25, 1, 45)) == utc(2026, 10, 25, 0, 30)


def test_describe_reads_back_friendly_text() -> None:
    """Listings show the friendly form of common schedules and raw cron otherwise."""
    assert describe(parse_when("weekdays 17:00")) == "weekdays 17:00"
    assert describe(parse_when("mon,thu 9:30")) == "mon,thu 09:30"
    assert describe("0 9 1 * *") == "0 9 1 * *"


def test_dom_and_dow_follow_cron_or_rule() -> None:
    """With both day fields restricted, cron fires on either (1st of month or Monday)."""
    cron = parse_cron("0 9 1 * 1")
    assert cron.matches_day(date(2026, 12, 1))  # Tuesday the 1st
    assert cron.matches_day(date(2026, 12, 7))  # Monday
    assert not cron.matches_day(date(2026, 12, 8))


@given(
    minute=st.integers(0, 59),
    hour=st.integers(0, 23),
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)),
    zone=st.sampled_from([LONDON, "America/New_York", "Australia/Sydney", "UTC"]),
)
def test_next_fire_is_strictly_later_and_at_most_a_day_away(
    minute: int, hour: int, start: datetime, zone: str
) -> None:
    """A daily schedule's next run is after ``after``, within ~25 h, at the wall time or shifted."""
    after = start.replace(tzinfo=UTC)
    fire = next_fire(f"{minute} {hour} * * *", zone, after)
    assert after < fire <= after + timedelta(hours=25)
    local = fire.astimezone(parse_timezone(zone))
    assert local.minute == minute
    assert local.hour in (hour, (hour + 1) % 24)  # +1 only when shifted over a spring gap

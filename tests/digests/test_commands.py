"""Recruiter controls as chat sees them: ``run_command`` with words, recruiters only."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.digests import run_command
from bot.digests.commands import list_rows, split_when
from bot.outbox import OutboxWorker
from bot.ports import Outcome, SendResult
from bot.schedule import ScheduleError
from bot.senders import FakeSender, SenderRegistry
from bot.storage import Store
from tests.digests.conftest import add_openings, opening
from tests.storage.conftest import FakeClock

RECRUITER = "slack:U1"
SETTINGS = Settings(RECRUITERS="slack:U1,telegram:7")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def say(store: Store, text: str, actor: str = RECRUITER) -> str:
    """What the bot replies to ``/digest <text>`` (adapters split on spaces)."""
    return run_command(store, SETTINGS, text.split(), actor)


def test_non_recruiters_are_refused_and_logged(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """Anyone not in RECRUITERS gets a refusal, nothing changes, and the attempt is logged."""
    with caplog.at_level(logging.WARNING):
        reply = say(store, "schedule weekly mon 09:00 --to console", actor="slack:U999")
    assert reply == "Only recruiters can manage digests."
    assert store.schedules.list() == []
    assert "slack:U999" in caplog.text


def test_schedule_from_unquoted_chat_words_with_filters(store: Store) -> None:
    """``schedule weekly mon 09:00 --to telegram:42 skill=Python remote`` works unquoted."""
    reply = say(store, "schedule weekly mon 09:00 --to telegram:42 skill=Python remote")
    assert reply.startswith("scheduled weekly: mon 09:00 Europe/London → telegram:42")
    assert "skill Python; remote" in reply
    [saved] = store.schedules.list()
    assert (saved.cron, saved.destinations) == ("0 9 * * 1", ("telegram:42",))
    assert saved.filters == {"skill": "Python", "remote": True}


def test_quoted_words_and_smart_quotes_are_honoured(store: Store) -> None:
    """Quotes from chat (also “smart” ones) group words, e.g. the empty line."""
    reply = say(store, "schedule q “every monday at 9am” --to console --empty-line 'Quiet week.'")
    assert reply.startswith("scheduled q: mon 09:00")
    [row] = list_rows(store)
    assert row["empty_line"] == "Quiet week."


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("schedule w mon 25:00 --to console", "'mon 25:00': hour must be 0-23"),
        ("schedule w mon 9:00 --tz Mars/Base --to console", "unknown time zone 'Mars/Base'"),
        ("schedule w mon 9:00 --to irc:#jobs", "unknown destination 'irc:#jobs'"),
        ("schedule w mon 9:00", "needs --to DEST"),
        ("schedule w mon 9:00 --to console min_salary=80k", "min_salary needs a currency"),
        ("schedule 'bad name!' mon 9:00 --to console", "must be 1-64 letters"),
        ("pause nope", "no schedule named 'nope'"),
        ("explode", "invalid choice"),
    ],
)
def test_mistakes_get_one_line_errors(store: Store, text: str, error: str) -> None:
    """Bad input is answered with one line naming the problem, never a traceback."""
    reply = say(store, text)
    assert reply.startswith("error: ") and error in reply
    assert "\n" not in reply


def test_help_lists_the_commands(store: Store) -> None:
    """``/digest`` alone or ``help`` shows the usage."""
    assert say(store, "").startswith("usage: digest schedule")
    assert "run-now" in say(store, "help")


def test_pause_resume_delete_and_list(store: Store) -> None:
    """The lifecycle commands change the row and say so; list shows next and last run."""
    say(store, "schedule weekly weekdays 17:00 --to console")
    assert say(store, "pause weekly").startswith("paused weekly")
    assert "paused" in say(store, "list")
    assert list_rows(store)[0]["next_run"] is None
    assert say(store, "pause weekly") == "weekly is already paused"
    assert say(store, "resume weekly").startswith("resumed weekly: weekdays 17:00")
    assert list_rows(store)[0]["next_run"] == "2026-03-02T17:00:00+00:00"
    assert say(store, "delete weekly").startswith("deleted weekly")
    assert say(store, "list").startswith("No digest schedules yet")


def test_scheduling_again_replaces_and_keeps_last_run(store: Store, clock: FakeClock) -> None:
    """Re-scheduling a name updates it in place; its last run (the window start) stays."""
    add_openings(store, opening("a", clock.value - timedelta(hours=1)))
    say(store, "schedule weekly mon 09:00 --to console")
    say(store, "run-now weekly")
    reply = say(store, "schedule weekly daily 08:30 --to console --to slack:C1")
    assert reply.startswith("updated weekly: daily 08:30")
    [saved] = store.schedules.list()
    assert saved.last_run_at == clock.value and saved.cron == "30 8 * * *"


def test_run_now_and_preview(store: Store, clock: FakeClock) -> None:
    """preview shows per-destination content without queuing; run-now queues it."""
    add_openings(store, opening("a", clock.value - timedelta(hours=1), title="Go Developer"))
    say(store, "schedule weekly mon 09:00 --to console --to telegram:42")
    preview = say(store, "preview weekly")
    assert "--- to console ---" in preview and "--- to telegram:42 ---" in preview
    assert "Go Developer at Acme" in preview
    assert store.deliveries.list() == []
    assert say(store, "run-now weekly").startswith("weekly: 1 new opening(s), 2 delivery(ies)")
    assert len(store.deliveries.list()) == 2
    clock.advance(60)
    assert "nothing new" in say(store, "run-now weekly")


def test_chat_preview_is_capped_for_many_subscribers(store: Store, clock: FakeClock) -> None:
    """A chat preview of a schedule to many subscribers shows the first few destinations."""
    add_openings(store, opening("a", clock.value - timedelta(hours=1)))
    for i in range(8):
        store.subscriptions.upsert(f"telegram:{i + 1}", {})
    say(store, "schedule all mon 09:00 --to subscribers")
    preview = say(store, "preview all")
    assert preview.count("--- to ") == 5
    assert preview.endswith("digest preview`)")


def test_run_now_since_overrides_the_window(store: Store, clock: FakeClock) -> None:
    """``--since`` replays older openings (e.g. a synced feed from last year)."""
    add_openings(store, opening("old", clock.value - timedelta(days=300)))
    say(store, "schedule weekly mon 09:00 --to console")
    assert "nothing new" in say(store, "run-now weekly")
    clock.advance(60)
    assert "1 new opening" in say(store, "run-now weekly --since 2025-01-01T00:00:00+00:00")
    assert "needs a time zone" in say(store, "preview weekly --since 2025-01-01T00:00")


def test_split_when_takes_the_longest_schedule_prefix() -> None:
    """WHEN is the longest leading words that parse; the rest are filters."""
    assert split_when(["0", "9", "*", "*", "1-5", "python"]) == ("0 9 * * 1-5", ["python"])
    words = ["every", "monday", "at", "9", "am", "go"]
    assert split_when(words) == ("every monday at 9 am", ["go"])
    assert split_when(["hourly", "remote"]) == ("hourly", ["remote"])
    with pytest.raises(ScheduleError, match="hour must be 0-23"):
        split_when(["0", "25", "*", "*", "*"])


def test_digest_timezone_setting_is_the_default_zone(store: Store) -> None:
    """Without --tz a schedule uses DIGEST_TIMEZONE (Europe/London unless set)."""
    settings = Settings(RECRUITERS="slack:U1", DIGEST_TIMEZONE="Asia/Tokyo")
    reply = run_command(
        store, settings, ["schedule", "t", "daily", "09:00", "--to", "console"], RECRUITER
    )
    assert "daily 09:00 Asia/Tokyo" in reply
    assert list_rows(store)[0]["next_run"] == "2026-03-03T09:00:00+09:00"


def test_list_reports_a_destination_that_failed_permanently(store: Store, clock: FakeClock) -> None:
    """An archived channel is reported by ``list`` (its delivery is dead, never retried)."""
    add_openings(store, opening("a", clock.value - timedelta(hours=1)))
    say(store, "schedule weekly mon 09:00 --to slack:C1 --to console")
    say(store, "run-now weekly")
    fake = FakeSender("slack").then("slack:C1", SendResult(Outcome.PERMANENT, error="is_archived"))
    registry = SenderRegistry(senders={"slack": fake, "console": FakeSender()})
    OutboxWorker(store, registry, worker="w").drain()
    listing = say(store, "list")
    assert "! slack:C1 failed permanently (permanent error: is_archived)" in listing
    assert "console failed" not in listing
    assert list_rows(store)[0]["failed"] == {"slack:C1": "permanent error: is_archived"}

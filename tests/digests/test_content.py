"""Digest content: grouping, capping, budget and the outbox JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.digests.content import (
    CHAR_BUDGET,
    compose,
    item_size,
)
from bot.outbox import message_from_json, message_to_json
from bot.ports import OpeningItem, render_plain

LONDON = ZoneInfo("Europe/London")
SINCE = datetime(2026, 11, 23, 9, tzinfo=UTC)


@dataclass(frozen=True)
class FakeOpening:
    title: str
    skill: str | None
    first_seen: datetime
    company: str | None = "Acme"
    salary: str | None = None
    url: str | None = "https://example.com/apply"

    def item(self) -> OpeningItem:
        return OpeningItem(self.title, self.company, "London", self.salary, self.url)


def openings(counts: dict[str | None, int]) -> list[FakeOpening]:
    out = []
    for skill, n in counts.items():
        for i in range(n):
            seen = SINCE + timedelta(hours=i + 1)
            out.append(FakeOpening(f"{skill} engineer {i}", skill, seen))
    return out


def test_empty_period_sends_nothing_or_the_configured_line() -> None:
    """No openings gives no message, or an item-less message carrying the empty line."""
    assert compose([], since=SINCE, tz=LONDON) is None
    message = compose([], since=SINCE, tz=LONDON, empty_line="Nothing new this week.")
    assert message is not None
    assert message.items == ()
    assert render_plain(message) == ["Nothing new this week."]


def test_heading_counts_groups_and_shows_local_time() -> None:
    """The heading counts every opening by skill and names the start in the schedule's zone."""
    message = compose(openings({"Python": 2, "Go": 1}), since=SINCE, tz=LONDON)
    assert message is not None
    assert message.heading == "3 new openings since Mon 23 Nov 2026 09:00 GMT: Python 2 · Go 1"
    assert [i.title for i in message.items] == [
        "Python engineer 1",
        "Python engineer 0",
        "Go engineer 0",
    ]
    assert message.more == 0


def test_cap_is_round_robin_across_groups_with_and_more() -> None:
    """With more openings than top N, every group is represented and the rest is counted."""
    message = compose(openings({"Python": 10, "Go": 3, None: 2}), since=SINCE, tz=LONDON, top_n=6)
    assert message is not None
    titles = [i.title for i in message.items]
    assert len(titles) == 6 and message.more == 9
    assert sum(t.startswith("Python") for t in titles) == 2
    assert sum(t.startswith("Go") for t in titles) == 2
    assert sum(t.startswith("None") for t in titles) == 2
    assert message.heading.endswith("Python 10 · Go 3 · Other 2")


def test_long_fields_are_clipped_and_budget_respected() -> None:
    """Huge titles are clipped and the items' total stays within the character budget."""
    many = [
        FakeOpening("T" * 5000, "Python", SINCE + timedelta(minutes=i), company="C" * 500)
        for i in range(40)
    ]
    message = compose(many, since=SINCE, tz=LONDON, top_n=40)
    assert message is not None
    assert all(len(i.title) <= 120 for i in message.items)
    assert sum(item_size(i) for i in message.items) <= CHAR_BUDGET
    assert len(message.items) + message.more == 40
    assert len("\n".join(render_plain(message))) < 4096


def test_overlong_apply_url_is_dropped_not_cut() -> None:
    """A link cut in the middle would be broken, so an over-long one is left out."""
    long_url = "https://example.com/" + "x" * 400
    message = compose(
        [FakeOpening("Dev", "Go", SINCE + timedelta(hours=1), url=long_url)], since=SINCE, tz=LONDON
    )
    assert message is not None
    assert message.items[0].apply_url is None


def test_json_round_trip() -> None:
    """The outbox JSON form reads back to the same message."""
    message = compose(openings({"Python": 3}), since=SINCE, tz=LONDON, top_n=2)
    assert message is not None
    assert message_from_json(message_to_json(message)) == message

"""What a digest says: pure functions from openings to a :class:`~bot.ports.DigestMessage`.

One digest is one message per destination, small enough for every platform: at most
``top_n`` items (default 15) whose text stays under a character budget (3,500 characters of
plain text, below Telegram's 4,096 and far below Slack's 50 blocks × 3,000 characters); the
rest is "and M more". Openings are grouped by skill (largest group first, newest first
inside a group); when the cap bites, the items are picked round-robin across the groups so
every group shows up, and the heading counts each group ("Python 5 · Go 3 · …").
Adapters escape and do the final rendering; nothing here is platform markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.ports import DigestMessage, OpeningItem

TOP_N = 15
MAX_TOP_N = 40
CHAR_BUDGET = 3500
HEADING_MAX = 150  # Slack header blocks take 150 characters
_CLIP = {"title": 120, "company": 60, "location": 80, "salary": 60, "apply_url": 300}
OTHER_GROUP = "Other"


class DigestOpening(Protocol):
    """What a digest needs from an opening (``bot.storage.Opening`` has it)."""

    @property
    def skill(self) -> str | None: ...

    @property
    def first_seen(self) -> datetime: ...

    def item(self) -> OpeningItem: ...


def clip(text: str | None, limit: int) -> str | None:
    """``text`` cut to ``limit`` characters with an ellipsis; None and "" stay absent."""
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clipped_item(item: OpeningItem) -> OpeningItem:
    """An item whose fields fit the digest's per-field limits."""
    url = item.apply_url if item.apply_url and len(item.apply_url) <= _CLIP["apply_url"] else None
    return OpeningItem(
        title=clip(item.title, _CLIP["title"]) or "(untitled)",
        company=clip(item.company, _CLIP["company"]),
        location=clip(item.location, _CLIP["location"]),
        salary=clip(item.salary, _CLIP["salary"]),
        apply_url=url,
    )


def item_size(item: OpeningItem) -> int:
    """Characters the item takes as one plain line (what the budget counts)."""
    parts = (item.title, item.company, item.location, item.salary, item.apply_url)
    return sum(len(p) for p in parts if p) + 16


def _groups(openings: Iterable[DigestOpening]) -> list[tuple[str, list[DigestOpening]]]:
    grouped: dict[str, list[DigestOpening]] = {}
    for opening in openings:
        grouped.setdefault((opening.skill or "").strip() or OTHER_GROUP, []).append(opening)
    for members in grouped.values():
        members.sort(key=lambda o: o.first_seen, reverse=True)
    return sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0] == OTHER_GROUP, kv[0]))


def _pick(
    groups: Sequence[tuple[str, list[DigestOpening]]], top_n: int, budget: int
) -> list[OpeningItem]:
    """Round-robin across groups until ``top_n`` items or the budget; grouped order out."""
    chosen: list[list[OpeningItem]] = [[] for _ in groups]
    used, count, depth = 0, 0, 0
    longest = max((len(members) for _, members in groups), default=0)
    while count < top_n and depth < longest:
        for index, (_, members) in enumerate(groups):
            if depth >= len(members) or count >= top_n:
                continue
            item = clipped_item(members[depth].item())
            size = item_size(item)
            if used + size > budget and count > 0:
                return [i for group in chosen for i in group]
            chosen[index].append(item)
            used += size
            count += 1
        depth += 1
    return [i for group in chosen for i in group]


def heading(total: int, groups: Sequence[tuple[str, Sequence[Any]]], since: str) -> str:
    """E.g. "5 new openings since Mon 23 Nov 2026 09:00 GMT: Python 3 · Go 2"."""
    noun = "opening" if total == 1 else "openings"
    text = f"{total} new {noun} since {since}"
    if len(groups) > 1 or (groups and groups[0][0] != OTHER_GROUP):
        counts = " · ".join(f"{name} {len(members)}" for name, members in groups[:6])
        if len(groups) > 6:
            counts += " · …"
        text += f": {counts}"
    return clip(text, HEADING_MAX) or text


def format_since(moment: datetime, tz: ZoneInfo) -> str:
    """A short local time for headings: "Mon 23 Nov 2026 09:00 GMT"."""
    local = moment.astimezone(tz)
    return local.strftime("%a %d %b %Y %H:%M ") + (local.tzname() or "")


def compose(
    openings: Iterable[DigestOpening],
    *,
    since: datetime,
    tz: ZoneInfo,
    empty_line: str | None = None,
    top_n: int = TOP_N,
    budget: int = CHAR_BUDGET,
) -> DigestMessage | None:
    """The digest of ``openings`` (already filtered), or None when there is nothing to send.

    An empty period gives None, or a message with no items and ``empty_line`` when the
    schedule configured one.
    """
    groups = _groups(openings)
    total = sum(len(members) for _, members in groups)
    since_text = format_since(since, tz)
    if total == 0:
        if not empty_line:
            return None
        return DigestMessage(
            heading=f"No new openings since {since_text}", items=(), empty_line=empty_line
        )
    items = _pick(groups, max(1, min(top_n, MAX_TOP_N)), budget)
    return DigestMessage(
        heading=heading(total, groups, since_text), items=tuple(items), more=total - len(items)
    )

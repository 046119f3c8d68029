"""Insights from the conversation log: ``python -m bot stats`` and the weekly recruiter report.

One pass over the log (streamed, so memory does not grow with history beyond a set of
pseudonyms and the latencies) gives questions, unique users, the answered rate, top topics,
latency percentiles, and the same per role and per platform; the inbox gives the top
unanswered groups.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.storage import Store

TOP = 5


@dataclass
class _Tally:
    questions: int = 0
    answered: int = 0
    users: set[str] = field(default_factory=set)

    def add(self, user: str, answered: bool) -> None:
        self.questions += 1
        self.answered += answered
        self.users.add(user)

    def to_json(self) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "unique_users": len(self.users),
            "answered_rate": round(self.answered / self.questions, 4) if self.questions else None,
        }


def percentile(values: list[float], q: float) -> float | None:
    """The ``q`` quantile (0-1) of ``values`` by the nearest-rank method."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-int(q * 1000) * len(ordered) // 1000)))
    return ordered[rank - 1]


def stats(store: Store, since: datetime | None = None) -> dict[str, Any]:
    """The insights as a JSON-ready dict."""
    from bot import inbox

    total = _Tally()
    by_role: dict[str, _Tally] = defaultdict(_Tally)
    by_platform: dict[str, _Tally] = defaultdict(_Tally)
    topics: Counter[str] = Counter()
    latencies: list[float] = []
    for row in store.questions.iter(since):
        total.add(row.user_key, row.answered)
        by_role[row.role or "(none)"].add(row.user_key, row.answered)
        by_platform[row.platform].add(row.user_key, row.answered)
        if row.intent:
            topics[row.intent] += 1
        latencies.append(row.latency_ms)
    groups = [g for g in inbox.groups(store) if since is None or g.last_seen >= since]
    return {
        "since": since.isoformat() if since else None,
        **total.to_json(),
        "latency_ms": {
            "p50": _round(percentile(latencies, 0.5)),
            "p99": _round(percentile(latencies, 0.99)),
        },
        "top_topics": [{"intent": i, "count": n} for i, n in topics.most_common(TOP * 2)],
        "top_unanswered": [
            {"id": g.id, "question": g.question, "count": g.count, "roles": list(g.roles)}
            for g in groups[:TOP]
        ],
        "by_role": {k: v.to_json() for k, v in sorted(by_role.items())},
        "by_platform": {k: v.to_json() for k, v in sorted(by_platform.items())},
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _rate(data: dict[str, Any]) -> str:
    rate = data["answered_rate"]
    return "—" if rate is None else f"{rate:.0%}"


def format_stats(data: dict[str, Any]) -> str:
    """The insights as plain text (CLI and the recruiter report)."""
    since = data["since"] or "the start of the log"
    lines = [
        f"Since {since}: {data['questions']} question(s) from {data['unique_users']} "
        f"user(s), {_rate(data)} answered.",
    ]
    latency = data["latency_ms"]
    if latency["p50"] is not None:
        lines.append(f"Answer latency: p50 {latency['p50']} ms, p99 {latency['p99']} ms.")
    if data["top_topics"]:
        tops = ", ".join(f"{t['intent']} ({t['count']})" for t in data["top_topics"])
        lines.append(f"Top topics: {tops}.")
    if data["top_unanswered"]:
        lines.append("Top unanswered (python -m bot inbox):")
        lines.extend(
            f"  #{g['id']} {g['count']}× “{g['question']}”" for g in data["top_unanswered"]
        )
    for title, key in (("By role", "by_role"), ("By platform", "by_platform")):
        if data[key]:
            lines.append(f"{title}:")
            lines.extend(
                f"  {name}: {v['questions']} question(s), {v['unique_users']} user(s), "
                f"{_rate(v)} answered"
                for name, v in data[key].items()
            )
    return "\n".join(lines)

"""The openings registry: sync (new, updated, closed, rejected, replay) and listing."""

# The backend fixtures are imported from tests/storage/conftest.py and requested by
# parameter name, which pyflakes reads as redefinitions.
# ruff: noqa: F811

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.errors import UsageError
from bot.openings import list_for_chat, parse_when, salary_text, sync
from bot.storage import Store
from tests.storage.conftest import (  # noqa: F401 - fixtures used by name
    backend,
    clock,
    postgres_target,
    store,
    store_factory,
)

BODY = (
    "We build payment software for small businesses across Europe. "
    "You will design, build and run backend services that move money safely. "
    "You will work with product managers and designers in a small team. "
    "We value clear writing, careful reviews and kind feedback. "
    "The salary is £70,000 - £90,000 per year."
)


def posting(title: str, company: str = "Acme", where: str = "London, UK", body: str = BODY) -> str:
    slug = title.lower().replace(" ", "-")
    return (
        f"# [{title}](https://jobs.example/apply/{slug})  \n### {company}  \n"
        f"#### `🌎 {where}`  \n\n{body}\n"
    )


def write_corpus(root: Path, rows: list[tuple[str, str, str]]) -> Path:
    """Write postings ``(skill/month/name.md, first_seen, text)`` and their MANIFEST.tsv."""
    lines = ["path\tskill\tmonth\tfirst_seen"]
    for rel, seen, text in rows:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        skill, month, _ = rel.split("/")
        lines.append(f"{rel}\t{skill}\t{month}\t{seen}")
    (root / "MANIFEST.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


FEED = [
    ("Golang/2024-06/go-engineer.md", "2024-06-10T09:00:00+00:00", posting("Go Engineer")),
    ("Python/2024-07/data-engineer.md", "2024-07-20T09:00:00+08:00", posting("Data Engineer")),
    ("Python/2024-08/ml-engineer.md", "2024-08-02T10:00:00+00:00", posting("ML Engineer")),
    ("Python/2024-08/stub.md", "2024-08-03T10:00:00+00:00", "just a link, no posting\n"),
    ("PHP/2024-09/web-developer.md", "2024-09-30T23:59:59+00:00", posting("Web Developer")),
    ("PHP/2024-10/late-role.md", "2024-10-01T00:00:00+00:00", posting("Late Role")),
]


def test_sync_counts_new_and_rejected_once(store: Store, tmp_path: Path) -> None:
    """A first sync imports every posting; a refused one is counted once, not on re-sync."""
    root = write_corpus(tmp_path / "feed", FEED)
    report = sync(store, root)
    assert report.to_json() == {"new": 5, "updated": 0, "closed": 0, "rejected": 1}
    again = sync(store, root)
    assert again.to_json() == {"new": 0, "updated": 0, "closed": 0, "rejected": 0}
    assert again.unchanged == 6


def test_openings_keep_manifest_time_and_builder_facts(store: Store, tmp_path: Path) -> None:
    """first_seen comes from the manifest (as UTC); salary and place from the builder."""
    sync(store, write_corpus(tmp_path / "feed", FEED))
    (data,) = [o for o in store.openings.list() if o.title == "Data Engineer"]
    assert data.first_seen == datetime(2024, 7, 20, 1, 0, tzinfo=UTC)
    assert data.skill == "Python" and data.company == "Acme"
    assert data.location == "London, UK"
    assert data.apply_url == "https://jobs.example/apply/data-engineer"
    assert (data.salary_min, data.salary_max, data.salary_currency) == (70000, 90000, "GBP")
    assert data.salary == "£70,000–£90,000 a year"


def test_salary_text_is_compact() -> None:
    """Salaries show the builder's figures briefly; without figures the text, shortened."""
    from bot.knowledge.schema import Compensation

    def pay(**kw: object) -> Compensation:
        return Compensation.model_validate({"text": "as written", **kw})

    assert salary_text(pay(currency="USD", min=50, max=60, period="hour")) == "$50–$60 an hour"
    assert salary_text(pay(currency="EUR", min=60000)) == "from €60,000"
    assert salary_text(pay(currency="CHF", max=120000, period="year", ote=True)) == (
        "up to 120,000 CHF a year OTE"
    )
    assert salary_text(pay(text="Competitive " + "very " * 30)).endswith("…")


def test_replay_reports_only_the_window(store: Store, tmp_path: Path) -> None:
    """Syncing until July then until September reports exactly the postings in between."""
    root = write_corpus(tmp_path / "feed", FEED)
    july = sync(store, root, until=parse_when("2024-07-31T23:59:59+00:00"))
    assert (july.new, july.rejected, july.skipped_future) == (2, 0, 4)
    september = sync(store, root, until=parse_when("2024-09-30T23:59:59+00:00"))
    in_window = 3  # ml-engineer, stub (rejected) and web-developer (on the boundary)
    assert september.new + september.rejected == in_window
    assert september.to_json() == {"new": 2, "updated": 0, "closed": 0, "rejected": 1}


def test_update_keeps_first_seen(store: Store, tmp_path: Path) -> None:
    """A changed posting is updated in place, not new again."""
    root = write_corpus(tmp_path / "feed", FEED)
    sync(store, root)
    before = store.openings.get("go-engineer")
    (root / FEED[0][0]).write_text(posting("Go Engineer", company="Acme Ltd"), encoding="utf-8")
    assert sync(store, root).to_json() == {"new": 0, "updated": 1, "closed": 0, "rejected": 0}
    after = store.openings.get("go-engineer")
    assert before is not None and after is not None
    assert after.company == "Acme Ltd" and after.first_seen == before.first_seen


def test_closed_when_gone_but_not_by_an_earlier_replay(store: Store, tmp_path: Path) -> None:
    """A removed posting closes; a replay up to before it was first seen does not close it."""
    root = write_corpus(tmp_path / "feed", FEED)
    sync(store, root)
    (root / "PHP/2024-10/late-role.md").unlink()
    early = sync(store, root, until=parse_when("2024-09-01"))
    assert early.closed == 0
    assert sync(store, root).closed == 1
    assert store.openings.get("late-role") is not None
    assert "late-role" not in {o.slug for o in store.openings.list()}
    (root / "PHP/2024-10/late-role.md").write_text(posting("Late Role"), encoding="utf-8")
    assert sync(store, root).updated == 1  # back again: reopened
    assert "late-role" in {o.slug for o in store.openings.list()}


def test_rejected_then_fixed_counts_as_new(store: Store, tmp_path: Path) -> None:
    """A refused posting whose file is fixed is imported as new."""
    root = write_corpus(tmp_path / "feed", FEED)
    sync(store, root)
    (root / "Python/2024-08/stub.md").write_text(posting("Fixed Stub"), encoding="utf-8")
    assert sync(store, root).to_json() == {"new": 1, "updated": 0, "closed": 0, "rejected": 0}


def test_cross_posted_file_is_two_openings(store: Store, tmp_path: Path) -> None:
    """The same posting in two skill folders is two openings with distinct slugs."""
    rows = [
        ("Python/2024-07/analyst.md", "2024-07-01T00:00:00+00:00", posting("Analyst")),
        ("PHP/2024-07/analyst.md", "2024-07-02T00:00:00+00:00", posting("Analyst")),
    ]
    assert sync(store, write_corpus(tmp_path / "feed", rows)).new == 2
    assert sorted(o.slug for o in store.openings.list()) == ["analyst", "analyst-php"]


def test_without_manifest_file_time_is_first_seen(store: Store, tmp_path: Path) -> None:
    """With no MANIFEST.tsv the file's modification time is its first_seen."""
    target = tmp_path / "plain" / "role.md"
    target.parent.mkdir()
    target.write_text(posting("Plain Role"), encoding="utf-8")
    os.utime(target, (1_720_000_000, 1_720_000_000))
    sync(store, tmp_path / "plain")
    (o,) = store.openings.list()
    assert o.first_seen == datetime.fromtimestamp(1_720_000_000, UTC)


def test_list_for_chat_filters_newest_first(store: Store, tmp_path: Path) -> None:
    """/openings shows matching open openings, newest first, capped."""
    sync(store, write_corpus(tmp_path / "feed", FEED))
    titles = [i.title for i in list_for_chat(store, "engineer", 2)]
    assert titles == ["ML Engineer", "Data Engineer"]
    assert [i.title for i in list_for_chat(store, "skill=PHP", 10)] == [
        "Late Role",
        "Web Developer",
    ]
    with pytest.raises(UsageError):
        list_for_chat(store, "colour=red", 5)


def test_parse_when() -> None:
    """Times without a zone are UTC; a bare date is its end (until) or start (since)."""
    assert parse_when("2024-07-31") == datetime(2024, 7, 31, 23, 59, 59, tzinfo=UTC)
    assert parse_when("2024-07-31", end_of_day=False) == datetime(2024, 7, 31, tzinfo=UTC)
    assert parse_when("2024-07-31T12:00:00+02:00") == datetime(2024, 7, 31, 10, tzinfo=UTC)
    with pytest.raises(UsageError, match="ISO-8601"):
        parse_when("last tuesday")


def test_cli_sync_list_and_subscriptions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI prints JSON counts last, writes the roles into the knowledge folder in use,
    lists openings (with their role slugs) and manages subscriptions."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path / "knowledge"))
    root = write_corpus(tmp_path / "feed", FEED)
    assert main(["openings", "sync", str(root), "--until", "2024-08-31", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out.strip().splitlines()[-1]) == {
        "new": 3,
        "updated": 0,
        "closed": 0,
        "rejected": 1,
    }
    assert "postings to build" in err
    assert main(["openings", "list", "--since", "2024-07-01", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["title"] for r in rows] == ["Data Engineer", "ML Engineer"]
    assert all((tmp_path / "knowledge" / f"{r['role']}.yaml").is_file() for r in rows)
    assert main(["subscribe", "telegram:42", "keywords=go", "location=new york"]) == 0
    assert "location new york" in capsys.readouterr().out
    assert main(["subscribe", "telegram:42", "colour=red"]) == 2
    assert "unknown filter" in capsys.readouterr().err
    assert main(["subscriptions", "--json"]) == 0
    (sub,) = json.loads(capsys.readouterr().out)
    assert sub["filters"] == {"keywords": ["go"], "location": "new york"} and sub["active"]
    assert main(["unsubscribe", "telegram:42"]) == 0
    assert main(["subscriptions"]) == 0
    assert capsys.readouterr().out.strip().endswith("no subscriptions yet")
    assert main(["openings", "sync", str(tmp_path / "missing")]) == 2

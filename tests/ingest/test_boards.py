"""Each board's JSON to postings (pure), HTML bodies to Markdown, and the SOURCE syntax."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import SourceError, UsageError
from bot.ingest import boards
from bot.ingest.htmltext import html_to_markdown
from bot.ingest.jsonld import from_page
from bot.ingest.posting import Pay
from bot.ingest.sources import parse_source
from tests.ingest.conftest import BOARDS, fixture


def test_greenhouse_unescapes_html_and_reads_fields() -> None:
    """Entity-escaped content becomes Markdown; departments, offices and dates are read."""
    first, *_ = boards.greenhouse(fixture("greenhouse.json"), "greenhouse:acmepay")
    assert first.key == "greenhouse:acmepay#4012345" and first.company == "Acme Pay"
    assert "### What you'll do" in first.body and "- Design, build and run" in first.body
    assert (
        "&lt;" not in first.body and "&amp;" not in first.body and "Europe & the UK" in first.body
    )
    assert first.departments == ("Engineering",) and first.locations == ("London, United Kingdom",)
    assert (
        first.published is not None and first.published.isoformat() == "2026-11-20T14:00:00+00:00"
    )
    assert first.pay is None and len(first.content_hash) == 64


def test_lever_lists_pay_and_workplace() -> None:
    """Lever's lists become sections; salaryRange and workplaceType are structured fields."""
    platform, german = boards.lever(fixture("lever.json"), "lever:northwind")
    assert "## What you will do" in platform.body and "- Run and improve" in platform.body
    assert platform.pay == Pay("EUR", 70000.0, 85000.0, "year")
    assert platform.workplace == "hybrid" and platform.locations == ("Berlin", "Remote - Germany")
    assert german.workplace == "onsite" and "Deine Aufgaben" in german.body


def test_ashby_tiers_and_unlisted_jobs() -> None:
    """The salary summary is the pay; several tiers are kept as lines; unlisted jobs skipped."""
    (job,) = boards.ashby(fixture("ashby.json"), "ashby:lumen")
    assert job.pay == Pay("USD", 180000.0, 240000.0, "year")
    assert "- New York and San Francisco: $200K – $240K" in job.body
    assert job.workplace == "hybrid" and job.locations == ("New York", "San Francisco")


def test_workable_account() -> None:
    (job,) = boards.workable(fixture("workable.json"), "workable:harbor")
    assert job.company == "Harbor Health" and job.workplace == "remote"
    assert job.locations == ("United Kingdom",) and job.external_id == "8F2A1C3B9D"


def test_jsonld_page() -> None:
    """A job page's JobPosting JSON-LD: title, escaped description, remote, base salary."""
    html = (BOARDS / "orbit-job.html").read_text(encoding="utf-8")
    (job,) = from_page(html, "https://orbit.example/jobs/fe", "https://orbit.example/jobs/fe")
    assert job.title == "Frontend Engineer" and job.company == "Orbit Schools"
    assert job.workplace == "remote" and job.locations == ("Canada",)
    assert job.pay == Pay("CAD", 95000.0, 115000.0, "year")
    assert "## What you bring" in job.body and "- Experience with React" in job.body


def test_a_page_without_jobposting_has_no_postings() -> None:
    assert from_page("<html><body><p>hi</p></body></html>", "https://x.example", "x") == []


def test_a_response_without_jobs_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="greenhouse:x: the response has no list of jobs"):
        boards.greenhouse({"error": "nope"}, "greenhouse:x")


def test_html_list_items_keep_one_line() -> None:
    md = html_to_markdown("<ul><li><p>Build <b>things</b></p><p>well</p></li><li>Ship</li></ul>")
    assert md == "- Build **things** well\n- Ship\n"


def test_source_syntax(tmp_path: Path) -> None:
    assert parse_source("greenhouse:monzo").label == "greenhouse:monzo"
    assert parse_source("LEVER-EU:acme").kind == "lever-eu"
    assert parse_source("https://acme.example/careers").kind == "page"
    assert parse_source(str(tmp_path)).kind == "files"
    with pytest.raises(UsageError, match="is not a source"):
        parse_source("gitlab:acme")
    with pytest.raises(UsageError, match="needs a board name"):
        parse_source("ashby:")

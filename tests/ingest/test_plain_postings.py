"""Postings without the job board's ``# [Title](apply link)`` line, and structured fields
merged with what the text says."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.posting import Pay, Posting
from bot.ingest.structured import apply
from bot.knowledge.build import build_paths, build_text
from bot.knowledge.store import load_role

PLAIN = """Senior Data Engineer

Acme Analytics is hiring a senior data engineer to build the pipelines behind our products.
You will work with analysts and engineers across three teams to ship reliable data.

Salary: £80,000 - £95,000 per year.
This is a hybrid role: we are in the London office two days a week.
We can sponsor visas for this role.

Interview process
1. A 30 minute call with a recruiter.
2. A technical interview with two engineers.
3. A final interview with the head of data.
"""

HTML = """<html><head><title>Careers</title></head><body>
<h2>Backend Engineer</h2>
<p>Orbit makes scheduling software for schools. You will build the services that teachers
and parents rely on every day, with a small team of engineers and designers who care.</p>
<p>The salary is $120,000 - $140,000 per year. This role is fully remote within the US.</p>
</body></html>"""


def test_plain_text_posting_builds(tmp_path: Path) -> None:
    """Title from the first line; pay, hybrid, visa and interview stages all extracted."""
    role = build_text(PLAIN, source_file="plain.txt")
    assert role.title == "Senior Data Engineer" and role.identity.apply_url is None
    assert role.compensation is not None and (role.compensation.min, role.compensation.max) == (
        80000,
        95000,
    )
    assert role.location is not None and role.location.remote == "hybrid"
    assert role.visa is not None and role.visa.sponsorship == "yes"
    assert role.interview is not None and len(role.interview.stages) == 3


def test_markdown_and_html_postings_build(tmp_path: Path) -> None:
    src = tmp_path / "postings"
    src.mkdir()
    (src / "plain.md").write_text("## " + PLAIN, encoding="utf-8")
    (src / "page.html").write_text(HTML, encoding="utf-8")
    summary = build_paths([src], tmp_path / "out", workers=1)
    assert (summary.built, summary.rejected) == (2, 0)
    titles = {load_role(p).title for p in (tmp_path / "out").glob("*.yaml")}
    assert titles == {"Senior Data Engineer", "Backend Engineer"}


def _posting(pay: Pay | None, workplace: str | None = None) -> Posting:
    return Posting(
        key="lever:acme#1",
        source="lever:acme",
        origin="Lever",
        name="lever:acme#1",
        title="Senior Data Engineer",
        pay=pay,
        workplace=workplace,  # type: ignore[arg-type]
    )


def test_structured_pay_wins_when_the_text_agrees_or_is_silent() -> None:
    role = build_text(PLAIN, source_file="plain.txt")
    merged = apply(role, _posting(Pay("GBP", 80000, 95000, "year")))
    assert merged.compensation is not None
    assert merged.compensation.source == (
        "the job board's salary field (Lever): GBP 80,000–95,000 per year",
    )
    silent = build_text(PLAIN.replace("Salary: £80,000 - £95,000 per year.\n", ""), source_file="x")
    assert silent.compensation is None
    filled = apply(silent, _posting(Pay("GBP", 70000, 75000, "year")))
    assert filled.compensation is not None and filled.compensation.min == 70000


def test_text_that_contradicts_the_field_keeps_its_own_fact() -> None:
    role = build_text(PLAIN, source_file="plain.txt")
    merged = apply(role, _posting(Pay("GBP", 50000, 60000, "year"), workplace="remote"))
    assert merged.compensation == role.compensation  # the posting's sentence stands
    assert merged.location is not None and merged.location.remote == "hybrid"

"""``openings sync SOURCE`` against the fake job boards, end to end through the CLI."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from tests.ingest.conftest import Env, fixture

COUNTS = ("new", "updated", "closed", "rejected")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sync(capsys: pytest.CaptureFixture[str], source: str) -> tuple[int, dict[str, int], str]:
    code, out, err = run(capsys, "openings", "sync", source, "--json")
    lines = out.strip().splitlines()
    return code, (json.loads(lines[-1]) if code == 0 else {}), err


def roles(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """title -> role slug, from ``openings list --json``."""
    assert main(["openings", "list", "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    return {r["title"]: r["role"] for r in rows}


def ask(capsys: pytest.CaptureFixture[str], slug: str, question: str) -> dict[str, object]:
    code, out, _ = run(capsys, "ask", "--role", slug, "--json", question)
    assert code == 0
    answer: dict[str, object] = json.loads(out)
    return answer


CASES = [
    # source, new, title, what the salary answer says, a source line it quotes
    ("greenhouse:acmepay", 3, "Senior Backend Engineer", "£70,000 - £90,000", "base salary"),
    ("lever:northwind", 2, "Platform Engineer", "€70,000 - €85,000", "salary field (Lever)"),
    ("lever-eu:northwind", 2, "Backend-Entwickler (m/w/d)", "€65,000 - €80,000", "(Lever)"),
    ("ashby:lumen", 1, "Machine Learning Engineer", "$180,000 - $240,000", "(Ashby), New York"),
    ("workable:harbor", 1, "Site Reliability Engineer", "£65,000 - £80,000", "salary is"),
    ("PAGE", 1, "Frontend Engineer", "CA$95,000 - CA$115,000", "JobPosting data"),
]


@pytest.mark.parametrize(("source", "new", "title", "pay", "quoted"), CASES)
def test_sync_each_board_then_ask_the_salary(
    env: Env,
    capsys: pytest.CaptureFixture[str],
    source: str,
    new: int,
    title: str,
    pay: str,
    quoted: str,
) -> None:
    """Each source syncs with the right counts, and the synced role answers its pay."""
    source = f"{env.boards.url}/pages/orbit" if source == "PAGE" else source
    code, counts, err = sync(capsys, source)
    assert code == 0, err
    assert counts == {"new": new, "updated": 0, "closed": 0, "rejected": 0}
    slug = roles(capsys)[title]
    assert (env.knowledge / f"{slug}.yaml").is_file()
    answer = ask(capsys, slug, "what's the salary?")
    assert answer["answered"] and answer["role"] == slug
    assert pay in str(answer["text"])
    assert any(quoted in s for s in answer["sources"])  # type: ignore[attr-defined]
    code, counts, _ = sync(capsys, source)  # nothing changed: nothing counted
    assert code == 0 and counts == dict.fromkeys(COUNTS, 0)


def test_resync_rebuilds_one_closes_one_leaves_the_rest(
    env: Env, capsys: pytest.CaptureFixture[str]
) -> None:
    """One posting changed and one gone: one rebuilt, one closed (and said so), the rest
    untouched down to the files' modification times."""
    assert sync(capsys, "greenhouse:acmepay")[1]["new"] == 3
    slugs = roles(capsys)
    files = {t: env.knowledge / f"{s}.yaml" for t, s in slugs.items()}
    before = {t: f.stat().st_mtime_ns for t, f in files.items()}
    board = copy.deepcopy(fixture("greenhouse.json"))
    assert isinstance(board, dict)
    changed, gone, _kept = board["jobs"]
    changed["content"] = changed["content"].replace("£70,000 - £90,000", "£75,000 - £95,000")
    board["jobs"].remove(gone)
    env.boards.put("/greenhouse/acmepay/jobs", board)
    code, counts, err = sync(capsys, "greenhouse:acmepay")
    assert code == 0, err
    assert counts == {"new": 0, "updated": 1, "closed": 1, "rejected": 0}
    after = {t: f.stat().st_mtime_ns for t, f in files.items()}
    assert after["Product Designer"] == before["Product Designer"]
    assert after["Senior Backend Engineer"] != before["Senior Backend Engineer"]
    closed = yaml.safe_load(files["Data Engineer"].read_text(encoding="utf-8"))
    assert closed["role"]["identity"]["closed"]
    assert "£75,000 - £95,000" in str(
        ask(capsys, slugs["Senior Backend Engineer"], "salary?")["text"]
    )
    answer = ask(capsys, slugs["Data Engineer"], "what's the salary?")
    assert "no longer open" in str(answer["text"])
    assert main(["openings", "list", "--json"]) == 0
    listed = {json.loads(x)["title"] for x in capsys.readouterr().out.splitlines()}
    assert listed == {"Senior Backend Engineer", "Product Designer"}


@pytest.mark.parametrize(
    ("fault", "why"),
    [
        ({"status": 500, "times": 10}, "HTTP 500"),
        ({"status": 200, "delay": 1.5, "times": 10}, "timed out"),
        (None, "returned no postings"),
    ],
)
def test_a_bad_fetch_closes_nothing(
    env: Env,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fault: dict[str, float] | None,
    why: str,
) -> None:
    """A failing, timing-out or empty board exits non-zero with one line naming the source,
    and every opening stays open."""
    monkeypatch.setenv("SOURCE_TIMEOUT_SECONDS", "0.5")
    monkeypatch.setenv("SOURCE_RETRIES", "1")
    assert sync(capsys, "greenhouse:acmepay")[1]["new"] == 3
    if fault is None:
        env.boards.put("/greenhouse/acmepay/jobs", {"jobs": [], "meta": {"total": 0}})
    else:
        env.boards.fail("/greenhouse/acmepay", **fault)  # type: ignore[arg-type]
    code, _, err = sync(capsys, "greenhouse:acmepay")
    assert code == 1
    lines = [x for x in err.splitlines() if x.startswith("error:")]
    assert len(lines) == 1 and "greenhouse:acmepay" in lines[0] and why in lines[0]
    assert len(roles(capsys)) == 3


def test_most_of_a_board_disappearing_is_refused_unless_forced(
    env: Env, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sync(capsys, "greenhouse:acmepay")[1]["new"] == 3
    board = fixture("greenhouse.json")
    assert isinstance(board, dict)
    env.boards.put("/greenhouse/acmepay/jobs", {"jobs": board["jobs"][:1]})
    code, _, err = sync(capsys, "greenhouse:acmepay")
    assert code == 1 and "2 of 3 open roles disappeared at once" in err
    assert len(roles(capsys)) == 3
    code, out, _ = run(capsys, "openings", "sync", "greenhouse:acmepay", "--json", "--force")
    assert code == 0 and json.loads(out.splitlines()[-1])["closed"] == 2


def test_conditional_request_not_modified(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    """The second fetch sends the ETag; a 304 changes nothing."""
    assert sync(capsys, "ashby:lumen")[1]["new"] == 1
    code, counts, _ = sync(capsys, "ashby:lumen")
    assert code == 0 and counts == dict.fromkeys(COUNTS, 0)
    first, second = env.boards.requests
    assert "if-none-match" not in first.headers and second.headers["if-none-match"]
    assert second.status == 304 and first.query == "includeCompensation=true"
    assert first.headers["user-agent"].startswith("hiring-assistant-bot/")


def test_kb_build_reads_a_board(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    """``kb build`` takes the same SOURCEs as ``openings sync`` (one ingestion path)."""
    out = env.tmp / "built"
    code, stdout, _ = run(capsys, "kb", "build", "lever:northwind", "--out", str(out))
    assert code == 0 and stdout.startswith("built 2, rejected 0")
    assert sorted(p.name for p in out.glob("*.yaml")) == [
        "backend-entwickler-m-w-d-7bd31a57.yaml",
        "platform-engineer-5ac21346.yaml",
    ]


def test_missing_source_is_a_usage_error(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "openings", "sync", "bitbucket:acme")
    assert code == 2 and "is not a source" in err


def test_synced_roles_go_to_the_knowledge_option(
    env: Env, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere"
    code, _, _ = run(capsys, "openings", "sync", "workable:harbor", "--knowledge", str(target))
    assert code == 0 and [p.name for p in target.glob("*.yaml")] == [
        "site-reliability-engineer-8f2a1c3b9d.yaml"
    ]

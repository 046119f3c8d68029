"""Tests of bot.knowledge.build: slugs, rejections, folder builds, hand edits, manifest."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import DEFAULT_KNOWLEDGE
from bot.errors import RejectedPosting
from bot.knowledge import build as build_module
from bot.knowledge.build import (
    BuildResult,
    base_slug,
    build_file,
    build_paths,
    build_text,
    slugify,
)
from bot.knowledge.store import dump_role_file, load_role_file

BODY = (
    "We build payment APIs for small shops across Europe and we are hiring. "
    "You will design services in Go and run them on Kubernetes with the platform team. "
    "We offer a salary of €70,000 - €85,000 per year and 30 days of holiday."
)


def posting(
    title: str = "Backend Engineer", slug: str = "backend-engineer-1", body: str = BODY
) -> str:
    return (
        f"# [{title}](https://www.remotewlb.com/apply/{slug})  \n### Paylane  \n"
        f"#### `🌎 Europe`  \n\n### About the role:\n\n{body}\n\n"
        f"## CLICK TO [APPLY](https://www.remotewlb.com/apply/{slug})\n"
    )


def test_slugify_is_ascii_lowercase_and_bounded() -> None:
    """Slugs are filesystem-safe: ASCII letters, digits and single hyphens, at most 80 chars."""
    assert slugify("Señor  Dévéloper / C++ (Remote)!") == "senor-developer-c-remote"
    assert slugify("🚀🚀") == "posting"
    assert len(slugify("x" * 200)) == 80


def test_base_slug_prefers_the_apply_link() -> None:
    """The apply link's last segment names the role; the title is the fallback."""
    assert base_slug("Ignored", "https://x.io/apply/senior-backend-engineer-80530/") == (
        "senior-backend-engineer-80530"
    )
    assert base_slug("Data Engineer", "https://x.io/jobs/123") == "data-engineer"
    assert base_slug("Data Engineer", None) == "data-engineer"
    assert base_slug("Intents", None) == "intents-role"


def test_build_text_fills_identity() -> None:
    """A posting builds into a Role with slug, title, company and the given metadata."""
    role = build_text(posting(), source_file="a.md", first_seen=date(2024, 5, 2), skill="Golang")
    ident = role.identity
    assert (ident.slug, ident.title, ident.company, ident.source_file) == (
        "backend-engineer-1",
        "Backend Engineer",
        "Paylane",
        "a.md",
    )
    assert (ident.first_seen, ident.skill) == (date(2024, 5, 2), "Golang")
    assert role.sentences[0].startswith("We build payment APIs")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty file"),
        ("   \n\n  ", "empty file"),
        ("Just some words without any title line at all. " * 5, "not a posting"),
        ("# [Engineer](https://x.io/apply/e)\n### Co\n", "no body text"),
        ("# [Engineer](https://x.io/apply/e)\n### Co\n\nhttps://co.io/careers/e\n", "too short"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
    ],
)
def test_rejections_have_one_line_reasons(text: str | bytes, reason: str) -> None:
    """Empty, untitled, bodiless, stub and binary inputs are refused with a reason."""
    with pytest.raises(RejectedPosting) as info:
        build_text(text, source_file="x.md")
    message = str(info.value)
    assert message.startswith(reason) and "\n" not in message


def test_build_file_reads_mojibake_bytes(tmp_path: Path) -> None:
    """A file of UTF-8 misread as Mac Roman is repaired when built."""
    path = tmp_path / "seedlike.txt"
    path.write_text(posting().encode("utf-8").decode("mac_roman"), encoding="utf-8")
    role = build_file(path)
    assert any("€70,000 - €85,000" in s for s in role.sentences)
    assert role.identity.source_file == "seedlike.txt"


def _tree(root: Path) -> None:
    (root / "Golang" / "2024-05").mkdir(parents=True)
    (root / "Python").mkdir()
    (root / "Golang" / "2024-05" / "backend-engineer-1.md").write_text(posting())
    (root / "Python" / "dup.txt").write_text(posting(title="Backend Engineer (Python)"))
    (root / "Python" / "third.html").write_text(posting())
    (root / "Python" / "stub.md").write_text("# [Stub](https://x.io/apply/stub)\n### Co\n")
    (root / "Python" / "notes.pdf").write_bytes(b"%PDF not a posting")
    (root / "MANIFEST.tsv").write_text(
        "path\tskill\tmonth\tfirst_seen\n"
        "Golang/2024-05/backend-engineer-1.md\tGolang\t2024-05\t2024-05-02T15:24:35+00:00\n"
        "Python/dup.txt\tPython\t2024-06\t2024-06-10T08:00:00+08:00\n"
    )


def test_build_paths_writes_one_file_per_posting(tmp_path: Path) -> None:
    """Folders are walked (.md/.txt/.html), duplicates get distinct slugs, stubs are rejected."""
    src, out = tmp_path / "corpus", tmp_path / "out"
    _tree(src)
    results: list[BuildResult] = []
    summary = build_paths([src], out, on_result=results.append, workers=1)
    assert (summary.total, summary.built, summary.rejected) == (4, 3, 1)
    assert summary.reasons == {"no body text": 1}
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "backend-engineer-1-2.yaml",
        "backend-engineer-1-python.yaml",
        "backend-engineer-1.yaml",
    ]
    rejected = [r for r in results if not r.ok]
    assert [Path(r.path).name for r in rejected] == ["stub.md"]


def test_manifest_gives_skill_and_first_seen(tmp_path: Path) -> None:
    """MANIFEST.tsv rows give the board's skill and the first-seen date."""
    src, out = tmp_path / "corpus", tmp_path / "out"
    _tree(src)
    build_paths([src], out, workers=1)
    ident = load_role_file(out / "backend-engineer-1.yaml").role.identity
    assert (ident.skill, ident.first_seen) == ("Golang", date(2024, 5, 2))
    assert ident.source_file == "corpus/Golang/2024-05/backend-engineer-1.md"
    python = load_role_file(out / "backend-engineer-1-python.yaml").role.identity
    assert (python.skill, python.first_seen) == ("Python", date(2024, 6, 10))


def test_rebuild_keeps_overrides_and_qa(tmp_path: Path) -> None:
    """Hand edits in ``overrides`` and ``qa`` survive a rebuild; the role is rewritten."""
    src = tmp_path / "p.md"
    src.write_text(posting())
    out = tmp_path / "out"
    build_paths([src], out, workers=1)
    target = out / "backend-engineer-1.yaml"
    data = yaml.safe_load(target.read_text())
    data["overrides"] = {"visa": {"sponsorship": "no", "text": "We cannot sponsor visas."}}
    data["qa"] = [{"questions": ["Is there a pension?"], "answer": "Yes, 5% matched."}]
    data["role"]["identity"]["title"] = "Hand-edited title that the build replaces"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    src.write_text(posting(title="Backend Engineer II"))
    build_paths([src], out, workers=1)
    rebuilt = load_role_file(target)
    assert rebuilt.role.identity.title == "Backend Engineer II"
    assert rebuilt.overrides == data["overrides"]
    assert [qa.answer for qa in rebuilt.qa] == ["Yes, 5% matched."]


def test_unreadable_existing_file_is_not_overwritten(tmp_path: Path) -> None:
    """A broken existing knowledge file rejects the posting instead of losing hand edits."""
    src = tmp_path / "p.md"
    src.write_text(posting())
    out = tmp_path / "out"
    out.mkdir()
    target = out / "backend-engineer-1.yaml"
    target.write_text("role: [unclosed\n")
    results: list[BuildResult] = []
    summary = build_paths([src], out, on_result=results.append, workers=1)
    assert summary.rejected == 1
    assert "YAML syntax error" in (results[0].reason or "")
    assert target.read_text() == "role: [unclosed\n"


def test_content_hash_is_stored(tmp_path: Path) -> None:
    """The written file records the sha256 of the posting's bytes."""
    src = tmp_path / "p.md"
    src.write_text(posting())
    build_paths([src], tmp_path / "out", workers=1)
    stored = load_role_file(tmp_path / "out" / "backend-engineer-1.yaml").content_hash
    assert stored is not None and stored.startswith("sha256:") and len(stored) == 71


def test_a_crashing_extractor_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug while building one posting becomes that file's reason; the run goes on."""

    def boom(*_args: object) -> None:
        raise ValueError("boom")

    src = tmp_path / "p.md"
    src.write_text(posting())
    monkeypatch.setattr(build_module, "_extract", boom)
    results: list[BuildResult] = []
    summary = build_paths([src], tmp_path / "out", on_result=results.append, workers=1)
    assert summary.rejected == 1
    assert results[0].reason == "internal error: ValueError: boom"


def test_process_pool_gives_the_same_result(tmp_path: Path) -> None:
    """Building on a pool writes the same files as building in-process."""
    src = tmp_path / "src"
    src.mkdir()
    for n in range(12):
        (src / f"p{n}.md").write_text(posting(title=f"Engineer {n}", slug=f"engineer-{n}"))
    one = build_paths([src], tmp_path / "one", workers=1)
    two = build_paths([src], tmp_path / "two", workers=2, chunk_size=2)
    assert (one.built, two.built) == (12, 12)
    for path in (tmp_path / "one").iterdir():
        assert path.read_text() == (tmp_path / "two" / path.name).read_text()


def test_shipped_knowledge_is_a_fresh_build_of_the_shipped_posting(tmp_path: Path) -> None:
    """knowledge/<slug>.yaml equals a rebuild of knowledge/postings (it never goes stale)."""
    shipped = sorted(p for p in DEFAULT_KNOWLEDGE.glob("*.yaml") if p.name != "intents.yaml")
    if not shipped:
        pytest.skip("no built knowledge shipped yet")
    build_paths([DEFAULT_KNOWLEDGE / "postings"], tmp_path, workers=1)
    for path in shipped:
        fresh = load_role_file(tmp_path / path.name)
        current = load_role_file(path)
        assert dump_role_file(
            fresh.model_copy(update={"overrides": {}, "qa": ()})
        ) == dump_role_file(current.model_copy(update={"overrides": {}, "qa": ()})), (
            f"{path.name} is stale: run python -m bot kb build knowledge/postings --out knowledge"
        )


def test_rebuild_keeps_hand_edits_verbatim_with_comments(tmp_path: Path) -> None:
    """The recruiter's ``overrides``/``qa`` text, comments included, is kept as written."""
    src = tmp_path / "p.md"
    src.write_text(posting())
    out = tmp_path / "out"
    build_paths([src], out, workers=1)
    target = out / "backend-engineer-1.yaml"
    edits = (
        "overrides:\n"
        "  visa:  # confirmed with legal\n"
        "    sponsorship: 'no'\n"
        "    text: We cannot sponsor visas.\n"
        "qa:\n"
        "- questions: [Is there a pension?]   # asked a lot\n"
        "  answer: Yes.\n"
    )
    body = target.read_text()
    target.write_text(body[: body.index("overrides:")] + edits)
    src.write_text(posting(title="Backend Engineer II"))
    build_paths([src], out, workers=1)
    text = target.read_text()
    assert text.endswith(edits)
    assert load_role_file(target).role.identity.title == "Backend Engineer II"


def test_html_posting_builds(tmp_path: Path) -> None:
    """An HTML posting (``<h1>`` title, sections, lists, entities) builds like Markdown."""
    path = tmp_path / "job.html"
    path.write_text(
        "<html><body><h1>Platform Engineer</h1><h2>About us</h2><p>We are a small team "
        "building tools for &quot;data&quot; people in Berlin and Lisbon, and we care about "
        "reliability and calm working hours.</p><h3>Requirements</h3><ul><li>5 years of Go</li>"
        "<li>Kubernetes</li></ul><p>Salary: &euro;80,000 &ndash; &euro;95,000 per year.</p>"
        "</body></html>"
    )
    role = build_file(path)
    assert (role.identity.title, role.identity.company, role.slug) == (
        "Platform Engineer",
        None,
        "platform-engineer",
    )
    assert "5 years of Go" in role.sentences
    assert "Salary: €80,000 – €95,000 per year." in role.sentences


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400) | st.binary(max_size=400))
def test_any_input_builds_or_is_rejected(raw: str | bytes) -> None:
    """Arbitrary text or bytes either build or raise RejectedPosting: never another error."""
    with contextlib.suppress(RejectedPosting):
        build_text(raw, source_file="fuzz.md")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "# [T](https://x.io/apply/t)",
                "### Co",
                "#### `💰 1` `🌎 UK`",
                "",
                "### About:",
                "**Bold**",
                "  * item one",
                "1. step",
                "\\- esc",
                "We pay £50k. Really!",
                "****",
                "_em_",
                "| a | b |",
                "<b>x</b>",
                "&amp;",
                "🚀 Go",
                "e.g. this. And that.",
                "#LI-1",
            ]
        ),
        max_size=30,
    )
)
def test_board_shaped_noise_keeps_sentences_verbatim(lines: list[str]) -> None:
    """Whatever mix of board shapes, every sentence is verbatim text of the plain posting."""
    from bot.knowledge.parse import parse_posting

    doc = parse_posting("\n".join(lines))
    flat = " ".join(doc.text.split())
    assert all(s and s in flat for s in doc.sentences)

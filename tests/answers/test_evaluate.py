"""Judging answers against a question file, and the catalogue's quality on fixture roles."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.answers.evaluate import (
    Item,
    Posting,
    Suite,
    judge,
    load_items,
    load_suite,
    report,
    score,
    score_postings,
    summary,
)
from bot.assistant import Assistant
from bot.errors import KnowledgeError
from bot.knowledge.build import build_file
from bot.models import Answer
from tests.answers.support import QUESTIONS, SEED, assistant


def test_unanswered_requires_a_decline() -> None:
    """An "unanswered" item passes only when the bot declines."""
    item = Item("card stuck", "oos", unanswered=True)
    assert judge(item, Answer(False, "I can't help with cards."))[0]
    assert not judge(item, Answer(True, "Sure"))[0]


def test_oos_decline_must_carry_no_job_fact() -> None:
    """A decline that still quotes the posting fails an out-of-scope item."""
    item = Item("card stuck", "oos", unanswered=True)
    assert not judge(item, Answer(False, "no", sources=("£95,000 base salary",)))[0]


def test_expect_and_forbid() -> None:
    """Every expected pattern must match and no forbidden one may."""
    item = Item("pay?", "core", expect=("95,?000",), forbid=("245",))
    assert judge(item, Answer(True, "£95,000 - £150,000"))[0]
    assert not judge(item, Answer(True, "245000"))[0]
    assert not judge(item, Answer(False, "£95,000"))[0]


def test_unanswered_ok_accepts_a_decline_or_a_good_answer() -> None:
    """Declining is fine; answering must then meet expect."""
    item = Item("holiday?", "unknown", expect=("benefit",), unanswered_ok=True)
    assert judge(item, Answer(False, "not stated"))[0]
    assert judge(item, Answer(True, "see the benefits"))[0]
    assert not judge(item, Answer(True, "25 days"))[0]


def test_load_items_rejects_a_malformed_file(tmp_path: Path) -> None:
    """A file without a questions list is a one-line KnowledgeError."""
    bad = tmp_path / "q.yaml"
    bad.write_text("hello: world\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="questions"):
        load_items(bad)


def test_report_prints_categories_and_failures() -> None:
    """The report lists each failure and per-category scores."""
    items = [Item("a", "core", expect=("x",)), Item("b", "core", expect=("y",))]
    results = score(_Echo(), items)  # type: ignore[arg-type]
    out = io.StringIO()
    overall = report(results, out)
    assert overall == 0.5
    assert "FAIL WRONG [core] 'b'" in out.getvalue() and "core" in out.getvalue()


class _Echo:
    """A stand-in assistant that answers "x" to everything."""

    def ask(self, question: object) -> Answer:
        return Answer(True, "x")


@pytest.mark.parametrize(
    "name",
    [
        "seed_questions.yaml",
        "seed_questions_more.yaml",
        "seed_questions_multilingual.yaml",
        "seed_questions_fresh.yaml",
    ],
)
def test_catalogue_generalises_on_fresh_seed_questions(name: str) -> None:
    """Questions written apart from the catalogue score at least 90% in every category."""
    items = load_items(QUESTIONS / name)
    results = score(assistant("monzo"), items, role=SEED)
    by_cat: dict[str, list[bool]] = {}
    for r in results:
        by_cat.setdefault(r.item.cat, []).append(r.passed)
    failures = [(r.item.q, r.reason, r.answer.text[:80]) for r in results if not r.passed]
    for cat, passed in by_cat.items():
        assert sum(passed) / len(passed) >= 0.9, (cat, failures)
    oos = [r for r in results if r.item.cat == "oos"]
    assert all(r.passed for r in oos), failures


def test_corpus_shaped_roles_answer_their_own_facts() -> None:
    """Hourly pay, US-only remote, no sponsorship and long-tail quotes on corpus-like roles."""
    items = load_items(QUESTIONS / "corpus_questions.yaml")
    results = score(assistant("us_remote", "hourly_contract"), items)
    failures = [(r.item.q, r.reason, r.answer.text[:80]) for r in results if not r.passed]
    assert failures == []


CORPUS_FORMAT = Path(__file__).resolve().parent.parent / "fixtures" / "eval" / "corpus_format.yaml"
POSTINGS = Path(__file__).resolve().parent.parent / "fixtures" / "postings"


def test_grades_are_right_wrong_or_missed() -> None:
    """A failed answer is wrong; a decline where an answer was due is missed."""
    item = Item("pay?", "core", expect=("95,?000",))
    assert score(_Echo(), [item])[0].grade == "wrong"  # type: ignore[arg-type]
    missed = [r.grade for r in score(_Decline(), [item])]  # type: ignore[arg-type]
    assert missed == ["missed"]


class _Decline:
    """A stand-in assistant that declines everything."""

    def ask(self, question: object) -> Answer:
        return Answer(False, "not stated")


def test_corpus_format_loads_postings_with_label_categories() -> None:
    """A 'postings' file gives items per posting, categorised by their label when no cat."""
    suite = load_suite(CORPUS_FORMAT, corpus=POSTINGS)
    assert [p.path for p in suite.postings] == ["08_cad_canada_no_visa.md", "01_usd_remote_us.md"]
    cats = [i.cat for i in suite.all_items]
    assert cats == ["stated", "stated", "not-stated", "stated"]
    assert suite.postings[0].items[0].kinds == ("cad-yearly", "remote-canada")


def test_corpus_format_default_corpus_is_beside_the_file(tmp_path: Path) -> None:
    """Without --corpus, posting paths are relative to ../corpus/remotewlb of the file."""
    eval_dir = tmp_path / "eval"
    eval_dir.mkdir()
    (eval_dir / "q.yaml").write_text(CORPUS_FORMAT.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_suite(eval_dir / "q.yaml").corpus == tmp_path / "corpus" / "remotewlb"


def test_corpus_format_rejects_a_bad_regex(tmp_path: Path) -> None:
    """A label with a broken regex is a one-line error naming the item."""
    bad = tmp_path / "q.yaml"
    bad.write_text("postings:\n- path: x.md\n  questions:\n  - {q: hi, expect: ['(']}\n")
    with pytest.raises(KnowledgeError, match=r"postings\[0\]\.questions\[0\]: bad expect"):
        load_suite(bad)


def test_score_postings_builds_each_posting_and_tallies() -> None:
    """Each posting is built alone; right/wrong/missed are tallied per category and kind."""
    suite = load_suite(CORPUS_FORMAT, corpus=POSTINGS)
    fitted = assistant("monzo")

    def make(path: Path) -> Assistant:
        return Assistant([build_file(path)], fitted.catalogue, fitted.matcher)

    results = score_postings(suite, make)
    assert [r.grade for r in results] == ["right", "wrong", "right", "missed"]
    out = io.StringIO()
    report(results, out, kinds=True)
    text = out.getvalue()
    assert "FAIL WRONG [stated] 08_cad_canada_no_visa.md 'Do you sponsor visas?'" in text
    assert "FAIL MISS [stated] 01_usd_remote_us.md" in text
    assert summary(results)["wrong"] == 1 and "remote-canada" in text


def test_score_postings_counts_an_unbuildable_posting_as_missed(tmp_path: Path) -> None:
    """A posting file that cannot be built fails its questions as missed, with the reason."""
    suite = Suite(
        postings=(Posting("nope.md", (), (Item("pay?", "stated", posting="nope.md"),)),),
        corpus=tmp_path,
    )

    fitted = assistant("monzo")

    def make(path: Path) -> Assistant:
        return Assistant([build_file(path)], fitted.catalogue, fitted.matcher)

    [result] = score_postings(suite, make)
    assert result.grade == "missed" and "posting not built" in result.reason

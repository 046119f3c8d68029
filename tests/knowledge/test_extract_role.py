"""The whole extraction: every source verbatim, never an exception on odd input."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge.document import Block, ParsedPosting, Section
from bot.knowledge.extract import extract_role
from tests.knowledge.extract_fixtures import names, parsed, role

_SOURCE_KEYS = frozenset({"source", "size_source", "teams_source", "levels_source"})


def _sources(obj: Any) -> list[str]:
    """Every string in every ``source`` / ``*_source`` field of a dumped role."""
    found: list[str] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in _SOURCE_KEYS:
                found.extend(value)
            else:
                found.extend(_sources(value))
    elif isinstance(obj, list):
        for value in obj:
            found.extend(_sources(value))
    return found


def test_there_are_at_least_fifteen_fixture_postings() -> None:
    """The unit tests exercise at least fifteen postings in realistic shapes."""
    assert len(names()) >= 15


@pytest.mark.parametrize("name", names())
def test_every_source_is_a_posting_sentence_or_board_header(name: str) -> None:
    """Facts quote the posting verbatim (a sentence, its title, or the board header)."""
    doc = parsed(name)
    r = role(name)
    allowed = set(r.sentences) | {doc.header_salary, doc.header_location, doc.title}
    sources = _sources(r.model_dump(exclude={"sentences"}))
    assert sources, "a real posting yields at least one sourced fact"
    for s in sources:
        assert s in allowed, f"{name}: not verbatim: {s!r}"


def test_identity() -> None:
    """Identity carries title, company, link, slug, date and skill."""
    r = extract_role(parsed("01_usd_remote_us"), slug="x", first_seen=date(2024, 5, 2), skill="Go")
    ident = r.identity
    assert (ident.slug, ident.title, ident.company) == (
        "x",
        "Senior Platform Engineer",
        "Larkspur Health",
    )
    assert ident.apply_url == "https://www.remotewlb.com/apply/senior-platform-engineer-1001"
    assert (ident.first_seen, ident.skill) == (date(2024, 5, 2), "Go")


def test_empty_posting_has_no_facts() -> None:
    """A posting with no body extracts nothing but its identity."""
    doc = ParsedPosting("T", None, None, None, None, (), "")
    r = extract_role(doc, slug="t")
    assert r.compensation is None and r.location is None and r.tech_stack == ()
    assert r.model_dump(exclude={"identity"}) == extract_role(doc, slug="u").model_dump(
        exclude={"identity"}
    )


_TOKENS = [
    *"ab $£€0123456789,.-–~/kK:;()%&@#*\n",
    *["salary", "per year", "remote", "hybrid", "visa", "sponsor", "relocat", "interview"],
    *["Go", "React", "L4", "weeks", "USD", "EUR", "UTC+", "office", "London", "not", "no"],
]
_text = st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.lists(_text, min_size=1, max_size=4), max_size=6),
    heading=_text,
    header_salary=st.none() | _text,
    header_location=st.none() | _text,
)
def test_garbage_never_raises(
    texts: list[list[str]], heading: str, header_salary: str | None, header_location: str | None
) -> None:
    """Arbitrary text in every slot extracts without an exception."""
    blocks = tuple(Block(tuple(b), is_item=i % 2 == 0, number=i) for i, b in enumerate(texts))
    doc = ParsedPosting(
        title="T",
        company="C",
        apply_url=None,
        header_salary=header_salary,
        header_location=header_location,
        sections=(Section(heading, blocks), Section("", blocks)),
        text="",
    )
    extract_role(doc, slug="fuzz")

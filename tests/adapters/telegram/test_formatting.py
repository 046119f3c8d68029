"""Escaping and splitting of Telegram HTML, checked against the fake Bot API's HTML rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.telegram.formatting import (
    MAX_LENGTH,
    Block,
    escape,
    pack,
    paragraphs,
    plain_pieces,
    safe_url,
    tg_length,
)
from tests.fakes.telegram_html import EntityParseError, parse_html

HOSTILE = st.lists(
    st.sampled_from([*"<>&\"'/ab \n;#x1", "</b>", "<b>", "&amp;", "😀", "é"]), max_size=150
).map("".join)


def _valid(html: str) -> str:
    visible = parse_html(html)
    assert tg_length(visible) <= MAX_LENGTH
    assert tg_length(html) <= MAX_LENGTH
    return visible


def test_escape_neutralises_markup() -> None:
    """Tags, ampersands and quotes come out as entities Telegram accepts."""
    text = "<b>Tom & \"Jerry\"</i> &nbsp; 'x'"
    assert parse_html(escape(text)) == text


def test_unescaped_text_is_refused_by_the_fake() -> None:
    """The fake refuses what Telegram refuses: unknown tags, unclosed tags, bare ampersands."""
    for bad in ("<script>", "<b>open", "a & b", "<b><i>x</b></i>", '<span class="x">y</span>'):
        try:
            parse_html(bad)
        except EntityParseError:
            continue
        raise AssertionError(f"{bad!r} was accepted")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(HOSTILE, st.sampled_from([None, "b", "i", "blockquote"])), max_size=8))
def test_any_blocks_pack_into_valid_messages(parts: list[tuple[str, str | None]]) -> None:
    """Whatever the text, every packed chunk is valid HTML within the limit, content intact."""
    blocks = [Block(text, style) for text, style in parts if text.strip()]
    chunks = pack(blocks, limit=200)
    for chunk in chunks:
        visible = parse_html(chunk.html)
        assert tg_length(chunk.html) <= 200
        assert visible == chunk.plain
    joined = "".join(c.plain for c in chunks)
    for block in blocks:
        for word in block.text.split():
            assert word in joined


def test_long_text_splits_at_paragraphs_then_words() -> None:
    """A 5,000-character answer splits at paragraph boundaries, never mid-word."""
    paragraph = ("word & <tag> " * 30).strip()
    text = "\n\n".join([paragraph] * 40)
    chunks = pack(paragraphs(text))
    assert len(chunks) >= 2
    for chunk in chunks:
        assert _valid(chunk.html)
        assert all(p == paragraph for p in chunk.plain.split("\n\n"))


def test_one_huge_word_is_cut_by_characters() -> None:
    """Text without any boundary is still cut under the limit (entities never split)."""
    chunks = pack([Block("&" * 5000, style="b")])
    assert len(chunks) >= 2
    assert "".join(_valid(c.html) for c in chunks) == "&" * 5000


def test_emoji_count_as_two_units() -> None:
    """Astral characters count double, as Telegram counts UTF-16 code units."""
    chunks = pack([Block("😀" * 3000)])
    assert len(chunks) == 2
    assert all(tg_length(c.html) <= MAX_LENGTH for c in chunks)


def test_links_only_for_http_urls() -> None:
    """Only http(s) URLs become links; the href is escaped."""
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://x.test/a b") is None
    block = Block("Job", link='https://x.test/?a=1&b="2"')
    assert block.html() == 'Job — <a href="https://x.test/?a=1&amp;b=&quot;2&quot;">Apply</a>'
    assert parse_html(block.html()) == "Job — Apply"


def test_plain_pieces_respect_the_limit() -> None:
    """The plain-text fallback is split too."""
    pieces = plain_pieces("abc " * 3000)
    assert len(pieces) == 3
    assert all(tg_length(p) <= MAX_LENGTH for p in pieces)

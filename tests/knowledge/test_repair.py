"""Tests of bot.knowledge.repair: encodings, mojibake, HTML and Markdown noise."""

from __future__ import annotations

import pytest

from bot.errors import RejectedPosting
from bot.knowledge.repair import decode_bytes, fix_encoding, repair_text

UTF8_TEXT = "We’re paying £95,000 💰 ✈️ naïve café — “quoted” ✅"


def as_mac_roman_mojibake(text: str) -> str:
    """The damage the seed suffered: UTF-8 bytes read as Mac Roman."""
    return text.encode("utf-8").decode("mac_roman")


def test_mac_roman_round_trip_restores_the_seed_shapes() -> None:
    """UTF-8 misread as Mac Roman (``¬£``, ``üí∞``, ``‚Äô``) is restored exactly."""
    broken = as_mac_roman_mojibake(UTF8_TEXT)
    assert "¬£" in broken and "üí∞" in broken and "‚Äô" in broken
    assert repair_text(broken) == UTF8_TEXT + "\n"


def test_mac_roman_round_trip_from_bytes() -> None:
    """The same repair applies when the damaged text arrives as UTF-8 bytes."""
    broken = as_mac_roman_mojibake("Salary £1,000 a year").encode("utf-8")
    assert repair_text(broken) == "Salary £1,000 a year\n"


def test_clean_text_with_accents_is_left_alone() -> None:
    """Legitimate non-ASCII text (accents, maths symbols) is not 're-fixed'."""
    text = "Café naïve über 5 ≤ 6 — Zürich, São Paulo, Kraków"
    assert fix_encoding(text) == text


def test_windows_1252_mojibake_goes_to_ftfy() -> None:
    """Mojibake that is not Mac Roman (``Ã©``, ``â€™``) is fixed by ftfy, curly quotes kept."""
    assert fix_encoding("Caf\u00c3\u00a9 we\u00e2\u20ac\u2122re") == "Café we’re"


def test_non_utf8_bytes_fall_back_to_windows_1252() -> None:
    """Bytes that are not UTF-8 are read as Windows-1252 instead of failing."""
    assert decode_bytes("£50 – café".encode("cp1252")) == "£50 – café"


def test_utf8_bom_and_utf16_are_decoded() -> None:
    """A UTF-8 BOM is dropped and UTF-16 with a BOM is decoded."""
    assert decode_bytes(b"\xef\xbb\xbfHello") == "Hello"
    assert decode_bytes("Héllo".encode("utf-16")) == "Héllo"


@pytest.mark.parametrize("raw", [b"\x00\x01\x02binary\x00" * 20, bytes(range(0, 32)) * 40])
def test_binary_input_is_rejected_with_a_reason(raw: bytes) -> None:
    """Binary data is a RejectedPosting whose message says why."""
    with pytest.raises(RejectedPosting, match="binary"):
        repair_text(raw)


def test_whitespace_is_normalised() -> None:
    """NBSP, tabs, zero-width spaces, CRLF and runs of blank lines are normalised."""
    raw = "Hello\u00a0world\t again\u200b!  \r\n\r\n\r\n\r\nNext\u00a0line   \r\n"
    assert repair_text(raw) == "Hello world again!\n\nNext line\n"


def test_html_remnants_are_stripped() -> None:
    """Tags go (block tags become line breaks, ``<li>`` a bullet, ``<b>`` bold), entities are
    decoded."""
    raw = "<p>Fish &amp; chips</p><ul><li>Go</li><li>Rust</li></ul>We <b>love</b> C&#43;&#43;"
    assert repair_text(raw) == "Fish & chips\n\n* Go\n\n* Rust\n\nWe **love** C++\n"


def test_less_than_in_prose_is_not_taken_for_a_tag() -> None:
    """A bare ``<`` in text (``<5 years``) survives tag stripping."""
    assert repair_text("We have <5 engineers and 3 < 4") == "We have <5 engineers and 3 < 4\n"


def test_markdown_noise_is_removed_but_emphasis_kept() -> None:
    """``******``, empty bold, stray ``**`` and backslash escapes go; balanced ``**x**`` stays."""
    raw = "******\n**Requirements**\nA stray ** marker\n\\- escaped bullet\n1\\. item ** **"
    assert repair_text(raw) == ("**Requirements**\nA stray marker\n- escaped bullet\n1. item\n")


def test_html_document_becomes_markdown_headings() -> None:
    """Doctype, head, scripts and comments vanish; ``<h1>`` is ``#``, lower headings ``###``."""
    raw = (
        "<!DOCTYPE html><html><head><title>t</title></head><body><script>var x=1;</script>"
        "<!-- note --><h1>Data <i>Engineer</i></h1><h2>About us</h2>"
        "<p>We <strong>ship</strong>.</p>"
    )
    assert repair_text(raw) == "# Data Engineer\n\n### About us\n\nWe **ship**.\n"


def test_mixed_document_is_repaired_line_by_line() -> None:
    """Damaged lines are fixed even when another line holds text Mac Roman cannot encode."""
    damaged = as_mac_roman_mojibake("Salary: £60,000 – £70,000")
    text = f"Team: 🚀 builders\n{damaged}\nCafé “Éric” stays"
    assert fix_encoding(text) == "Team: 🚀 builders\nSalary: £60,000 – £70,000\nCafé “Éric” stays"


@pytest.mark.parametrize("text", ["Esprit d’équipe", "Travail d’équipe\nEt si c’était vous ?"])
def test_french_apostrophes_are_not_mistaken_for_mojibake(text: str) -> None:
    """``’é`` looks like a Mac Roman trace but decodes to an Armenian letter: left alone."""
    assert fix_encoding(text) == text


def test_whole_document_in_another_script_is_repaired() -> None:
    """A Cyrillic posting misread as Mac Roman is restored by the whole-document round trip."""
    text = "Зарплата: 200 000 ₽ в месяц. Удалённая работа."
    assert fix_encoding(as_mac_roman_mojibake(text)) == text


def test_adjacent_bold_runs_keep_the_space_between_them() -> None:
    """ "the US** **except" loses the empty emphasis, not the space (no "USexcept")."""
    text = repair_text("**Open to the US** **except** **the Bay Area.** **No relocation.**\n")
    assert text == "**Open to the US except the Bay Area. No relocation.**\n"

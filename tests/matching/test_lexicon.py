"""The multilingual lexicon file: the shipped one loads, and bad entries name path:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.matching.lexicon import DEFAULT_PATH, SUPPORTED, load_lexicons, parse_lexicons

GOOD = """\
version: 1
languages:
  en:
    name: English
    common: [the, what]
  it:
    name: Italian
    note: (risposta in inglese)
    words:
      stipendi*: salary
      c'è: is there
      permesso di lavoro: work permit
      e: ""
      "*visto": visa
"""


def test_shipped_lexicon_covers_every_supported_language() -> None:
    """knowledge/vocab/languages.yaml loads, with a note and words for each language."""
    lexicons = load_lexicons()
    assert set(lexicons) == set(SUPPORTED)
    for code, lexicon in lexicons.items():
        if code == "en":
            assert lexicon.common and not lexicon.note
        else:
            assert lexicon.note.startswith("(") and len(lexicon.words) >= 50, code


def test_keys_are_folded_and_split_like_questions() -> None:
    """Accents and case fold, elisions split, stems keep their star, '' drops words."""
    words = parse_lexicons(GOOD)["it"].words
    assert words[("stipendi*",)] == "salary"
    assert words[("c", "e")] == "is there"
    assert words[("permesso", "di", "lavoro")] == "work permit"
    assert words[("e",)] == ""
    assert words[("*visto",)] == "visa"


@pytest.mark.parametrize(
    ("bad", "line", "message"),
    [
        ("  xx:\n    name: X\n    note: n\n    words: {a: b}\n", 15, "unknown language 'xx'"),
        ("      stipendi*: pay\n", 14, "'stipendi*' appears twice"),
        ("      Permèsso di  lavoro: pay\n", 14, "repeats line 12"),
        ("      sti*: pay\n", 14, "a stem needs at least 4 letters"),
        ("      s*pendio: pay\n", 14, "'*' only at its end"),
        ("      lavoro: lavoro è\n", 14, "maps to non-English text"),
        ("      '?!': what\n", 14, "each word needs letters"),
        ("      '*vis': visa\n", 14, "a leading '*' needs one word of at least 4"),
    ],
)
def test_a_bad_entry_names_the_file_and_line(bad: str, line: int, message: str) -> None:
    """Each kind of mistake is a KnowledgeError starting 'path:line:'."""
    text = GOOD.replace('      e: ""\n', '      e: ""\n' + bad)
    if bad.startswith("  xx"):
        text = GOOD + bad
    with pytest.raises(KnowledgeError) as info:
        parse_lexicons(text, "langs.yaml")
    assert str(info.value).startswith(f"langs.yaml:{line}: ")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 2\nlanguages: {}\n", "langs.yaml:1: 'version' must be 1"),
        ("version: 1\nlanguages: [en]\n", "langs.yaml:2: 'languages' must map"),
        ("version: 1\nlanguages:\n  it:\n    name: I\n    words: {a: b}\n", "langs.yaml:4:"),
        ("version: 1\nlanguages:\n  en: {name: E, note: x, common: [a b]}\n", "single words"),
        ("version: 1\nlanguages: {en: {name: E}}\nextra: 1\n", "langs.yaml:3: unknown"),
        ("version: 1\nlanguages: {it: {name: I, note: n, words: {a: b}}}\n", "'en' must be"),
        ("version: 1\nlanguages: [\n", "langs.yaml:3: not valid YAML"),
    ],
)
def test_structural_mistakes_name_the_line(text: str, message: str) -> None:
    """Wrong version, shapes, keys or YAML syntax fail at load with path:line."""
    with pytest.raises(KnowledgeError, match=message.replace("[", r"\[")):
        parse_lexicons(text, "langs.yaml")


def test_missing_file_is_a_knowledge_error(tmp_path: Path) -> None:
    """An unreadable languages file names its path."""
    with pytest.raises(KnowledgeError, match="cannot read the languages file"):
        load_lexicons(tmp_path / "nope.yaml")


def test_default_path_is_under_knowledge_vocab() -> None:
    """The lexicon sits with the other vocabularies, not among role files."""
    assert DEFAULT_PATH.parts[-3:] == ("knowledge", "vocab", "languages.yaml")

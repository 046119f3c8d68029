"""Cleaning, tokenising, typo correction and synonym mapping."""

from __future__ import annotations

import pytest

from bot.matching.normalize import MAX_CHARS, Normalizer, clean, tokenize

_WORDS = (
    "whats the salary visa sponsorship interview stages tech stack benefits stock options "
    "stop relocate relocation work need degree what was remote kubernetes how much"
)
VOCAB = _WORDS.split()


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    """A normalizer over a small vocabulary, with 'stock' as a keyword."""
    synonyms = {"dosh": "salary", "k8s": "kubernetes", "WFH": "remote", "work from home": "remote"}
    return Normalizer(VOCAB, synonyms, preferred=["stock"])


def test_clean_folds_case_width_accents_and_controls() -> None:
    """Cleaning lowercases, applies NFKC, strips accents and turns control chars into spaces."""
    assert clean("ＳＡＬＡＲＹ") == "salary"
    assert clean("Reubicación à Zürich, Łódź") == "reubicacion a zurich, lodz"
    assert clean("Straße") == "strasse"
    assert clean("pay\x00\x1b?\u200b") == "pay  ? "


def test_clean_truncates_long_input() -> None:
    """Only the first MAX_CHARS characters are kept."""
    assert len(clean("a" * (MAX_CHARS * 100))) == MAX_CHARS


def test_tokenize_joins_english_apostrophes_and_splits_elision() -> None:
    """English contractions stay one token; French elided articles split off."""
    assert tokenize("what's the salary?") == ["whats", "the", "salary"]
    assert tokenize("quel est le processus d'entretien") == [
        "quel", "est", "le", "processus", "d", "entretien",
    ]  # fmt: skip
    assert tokenize("k8s, 401k & go") == ["k8s", "401k", "go"]


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [
        ("salry", "salary"),
        ("sponsership", "sponsorship"),
        ("interveiw", "interview"),
        ("stakc", "stack"),
        ("beneffits", "benefits"),
        ("stok", "stock"),
        ("wrk", "work"),
        ("ned", "need"),
        ("wats", "whats"),
        ("relocat", "relocate"),
    ],
)
def test_typos_are_corrected_to_catalogue_words(
    normalizer: Normalizer, typo: str, fixed: str
) -> None:
    """A misspelt word within the length-aware edit limit becomes the catalogue word."""
    assert normalizer.correct(typo) == fixed


@pytest.mark.parametrize("word", ["stuck", "pay", "go", "zxcvbnm", "401k", "sourdough", "vise"])
def test_other_words_are_left_alone(normalizer: Normalizer, word: str) -> None:
    """Short substitutions, short words, numbers and far-off words are not 'corrected'."""
    assert normalizer.correct(word) == word


def test_synonyms_map_tokens_and_phrases(normalizer: Normalizer) -> None:
    """Synonyms (single tokens and phrases, any case) map to their canonical words."""
    assert normalizer.normalize("How much DOSH?") == "how much salary"
    assert normalizer.normalize("k8s or wfh") == "kubernetes or remote"
    assert normalizer.normalize("can I work from home") == "can i remote"


def test_segments_split_on_question_marks(normalizer: Normalizer) -> None:
    """Segments follow punctuation: two questions give two token lists."""
    assert normalizer.segments("salary? wfh!") == [["salary"], ["remote"]]
    assert normalizer.segments(" ?? ") == []

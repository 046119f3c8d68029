"""Language detection and reading questions in other languages as English words."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from bot.matching.language import ENGLISH, Languages, Reading
from bot.matching.lexicon import SUPPORTED, parse_lexicons
from bot.models import Answer

QUESTIONS = Path(__file__).resolve().parent.parent / "fixtures" / "languages" / "questions.yaml"


@lru_cache(maxsize=1)
def languages() -> Languages:
    """The shipped lexicon, with a few words the matcher knows."""
    return Languages.load(known=["salary", "remote", "visa", "interview", "apply"])


def topics() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    return dict(data["topics"])


def test_each_language_is_detected_in_its_questions() -> None:
    """At least 11 of each language's 12 fixture questions are read as that language."""
    right: Counter[str] = Counter()
    for questions in topics().values():
        for code, text in questions.items():
            right[code] += languages().read(text).language == code
    assert set(right) == set(SUPPORTED)
    assert all(n >= 11 for n in right.values()), right


@pytest.mark.parametrize(
    "text",
    [
        "What is the salary?",
        "yo do u do visas",
        "Do you sponsor visas to work in India?",
        "wats the salry",
        "is remote ok",
        "What’s the interview process like?",
        "zxcvbnm",
        "Can I work from Zürich?",
    ],
)
def test_english_questions_stay_as_they_are(text: str) -> None:
    """English (casual, misspelt, with a foreign place name) is neither translated nor noted."""
    assert languages().read(text) == Reading(ENGLISH, text)


@pytest.mark.parametrize(
    ("text", "language", "reading"),
    [
        ("Qual è lo stipendio?", "it", "what salary?"),
        ("Dov'è l'ufficio?", "it", "where office?"),
        ("Czy mogę pracować zdalnie?", "pl", "can i work remote?"),
        ("Ви допомагаєте з переїздом?", "uk", "do you help with relocation?"),
        ("Koks atlyginimas?", "lt", "what salary?"),
        ("Bieden jullie visumsponsoring aan?", "nl", "do you offer visa sponsorship aan?"),
        ("Helfen Sie beim Arbeitsvisum?", "de", "do you help beim visa?"),
        ("Est-il possible de faire du télétravail ?", "fr", "can i do of remote ?"),
    ],
)
def test_questions_are_read_in_english_words(text: str, language: str, reading: str) -> None:
    """Phrases, stems, elisions and dropped particles become the catalogue's words."""
    got = languages().read(text)
    assert (got.language, got.text.lower()) == (language, reading)
    assert got.note == languages().lexicons[language].note


def test_the_note_is_appended_only_for_other_languages() -> None:
    """An English reading leaves the answer alone; another adds its note on a new line."""
    answer = Answer(answered=True, text="The pay is £95,000.")
    assert Reading("en", "x").mark(answer) is answer
    marked = Reading("it", "x", "(risposta in inglese)").mark(answer)
    assert marked.text == "The pay is £95,000.\n(risposta in inglese)"
    assert marked.answered


def test_other_lexicons_lend_content_words_only() -> None:
    """French "il" is not Italian "il": short words come from the question's own language."""
    got = languages().read("Est-il possible de travailler à distance ?")
    assert got.language == "fr" and "the" not in got.text.split()


def test_a_word_of_another_lexicon_still_translates() -> None:
    """A Spanish word in a question detected as Portuguese still maps (shared fallbacks)."""
    text = "Vocês pagam um bom sueldo?"
    got = languages().read(text)
    assert got.language == "pt" and "salary" in got.text


def test_a_custom_lexicon_is_used() -> None:
    """Languages works from any lexicon: a word only that file knows is translated."""
    lexicons = parse_lexicons(
        "version: 1\nlanguages:\n  en: {name: English, common: [the]}\n"
        "  it: {name: Italiano, note: (in inglese), words: {paghetta: salary, quanto: how much}}\n"
    )
    got = Languages(lexicons).read("Quanto è la paghetta?")
    assert (got.language, got.text, got.note) == ("it", "how much è la salary?", "(in inglese)")
    assert got.unread == 0.5 and got.partial  # "è" and "la" are in no lexicon


def test_unread_share_counts_words_no_lexicon_or_matcher_knows() -> None:
    """Known matcher words and lexicon words are read; numbers don't count either way."""
    got = languages().read("Чи платите ви за квартиру в перший місяць 2026?")
    assert got.language == "uk"
    assert got.unread == pytest.approx(4 / 8)  # за, квартиру, перший, місяць


@pytest.mark.parametrize("text", ["", "   ", "?!", "1234", "x" * 5000, "\x00\x01", "🙂🙂"])
def test_odd_input_never_raises(text: str) -> None:
    """Empty, punctuation-only, very long and emoji-only messages are read without errors."""
    assert isinstance(languages().read(text), Reading)

"""The language of a question, and the question in English words the matcher knows.

``Languages.read(text) -> Reading``: which supported language the question is in, the question
with the words of ``knowledge/vocab/languages.yaml`` replaced by their English words ("Qual è lo
stipendio?" -> "what is the salary?"), and the "(answered in English)" note in that language.

Detection uses lingua (low-accuracy mode, restricted to the supported languages: its models
load in about a tenth of a second, where high accuracy takes seconds) and adds the lexicon's
own evidence: each word of a language's lexicon found in the question counts for that
language, since two- to five-word questions are where statistical detectors err. Most
questions are plainly English: ASCII letters only, no word that only another language uses
and few unknown words. They skip the detector entirely, so English answers cost nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.matching.lexicon import MIN_STEM, Lexicon, Pattern, load_lexicons
from bot.matching.normalize import clean
from bot.models import Answer

if TYPE_CHECKING:
    from lingua import LanguageDetector

ENGLISH = "en"
MAX_CHARS = 2000  # longer messages are declined before they are read
# How much one lexicon word (as a share of the question's words) weighs against lingua's
# confidence: a question whose every word is Italian vocabulary is Italian.
LEXICON_WEIGHT = 3.0
# A question in another language with more unread words than this is not guessed at: the
# words that were read ("pay") would decide alone ("do you pay for the flat?" is no salary).
UNREAD_LIMIT = 0.4
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_SPACES = re.compile(r"[ \t]{2,}")
_APOSTROPHES = frozenset("'’`´")
_LINGUA_NAMES = {
    "en": "ENGLISH", "es": "SPANISH", "fr": "FRENCH", "de": "GERMAN", "pt": "PORTUGUESE",
    "it": "ITALIAN", "nl": "DUTCH", "pl": "POLISH", "uk": "UKRAINIAN", "ru": "RUSSIAN",
    "lt": "LITHUANIAN",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Reading:
    """A question as understood: its language, its text for matching, the reply's note."""

    language: str  # ISO 639-1 code
    text: str  # the question with known words in English (the question itself if English)
    note: str = ""  # "(answered in English)" in the question's language; '' for English
    unread: float = 0.0  # share of the words that neither a lexicon nor the matcher knows

    @property
    def partial(self) -> bool:
        """Too much of a question in another language is unread to trust a guess at it."""
        return self.unread > UNREAD_LIMIT

    def mark(self, answer: Answer) -> Answer:
        """``answer`` with the note appended when the question was not in English."""
        if not self.note or not answer.text:
            return answer
        return replace(answer, text=f"{answer.text}\n{self.note}")


@dataclass(frozen=True, slots=True)
class _Index:
    """One lexicon's patterns by first word: exact words, stems by their letters, and
    compound heads ("*visum" in "arbeitsvisum") by theirs."""

    exact: Mapping[str, Sequence[tuple[Pattern, str]]]
    stems: Mapping[str, Sequence[tuple[Pattern, str]]]
    heads: Mapping[str, Sequence[tuple[Pattern, str]]]

    @classmethod
    def of(cls, lexicon: Lexicon) -> _Index:
        exact: dict[str, list[tuple[Pattern, str]]] = {}
        stems: dict[str, list[tuple[Pattern, str]]] = {}
        heads: dict[str, list[tuple[Pattern, str]]] = {}
        for pattern, english in lexicon.words.items():
            first = pattern[0]
            if first.startswith("*"):
                heads.setdefault(first[1:], []).append((pattern, english))
            else:
                table = stems if first.endswith("*") else exact
                table.setdefault(first.rstrip("*"), []).append((pattern, english))
        for table in (exact, stems):
            for entries in table.values():
                entries.sort(key=lambda e: -len(e[0]))  # longest phrase first
        return cls(exact, stems, heads)

    def at(self, words: Sequence[str], i: int) -> tuple[int, str] | None:
        """(number of words, English) of the longest entry matching ``words`` from ``i``."""
        word = words[i]
        candidates = list(self.exact.get(word, ()))
        for end in range(len(word), MIN_STEM - 1, -1):
            candidates.extend(self.stems.get(word[:end], ()))
        if self.heads:
            for start in range(1, len(word) - MIN_STEM + 1):
                candidates.extend(self.heads.get(word[start:], ()))
        best: tuple[int, str] | None = None
        for pattern, english in candidates:
            n = len(pattern)
            if (best is None or n > best[0]) and _fits(pattern, words, i):
                best = (n, english)
        return best


def _fits(pattern: Pattern, words: Sequence[str], i: int) -> bool:
    if i + len(pattern) > len(words):
        return False
    for part, word in zip(pattern, words[i : i + len(pattern)], strict=True):
        if part.startswith("*"):
            if not (word.endswith(part[1:]) and len(word) > len(part) - 1):
                return False
        elif part.endswith("*"):
            if not word.startswith(part[:-1]):
                return False
        elif part != word:
            return False
    return True


class Languages:
    """Detects a question's language and rewrites it in the catalogue's English words."""

    def __init__(
        self, lexicons: Mapping[str, Lexicon], known: Iterable[str] = (), common: Iterable[str] = ()
    ) -> None:
        """``known``: words the matcher knows (mostly English), which do not make a question
        look foreign; ``common``: English words that never count as another language's."""
        self.lexicons = dict(lexicons)
        self._index = {code: _Index.of(lex) for code, lex in self.lexicons.items()}
        self._english = frozenset(common)
        self._known = frozenset(known) | self._english
        # Single words that only another language uses: their presence asks for detection.
        self._cues = (
            frozenset(
                p[0].rstrip("*")
                for code, lex in self.lexicons.items()
                if code != ENGLISH
                for p in lex.words
                if len(p) == 1 and not p[0].endswith("*")
            )
            - self._english
        )
        self._foreign_stems = tuple(
            sorted(
                {
                    p[0][:-1]
                    for code, lex in self.lexicons.items()
                    if code != ENGLISH
                    for p in lex.words
                    if p[0].endswith("*") and not p[0].startswith("*")
                }
            )
        )
        self._detector: LanguageDetector | None = None

    @classmethod
    def load(cls, path: str | Path | None = None, known: Iterable[str] = ()) -> Languages:
        """The languages of ``path`` (default ``knowledge/vocab/languages.yaml``), validated now."""
        lexicons = load_lexicons(path)
        english = lexicons.get(ENGLISH)
        return cls(lexicons, known, english.common if english is not None else ())

    # -- reading ----------------------------------------------------------------------------

    def read(self, text: str) -> Reading:
        """The question's language and its text for matching (never raises on any string)."""
        text = text[:MAX_CHARS]
        spans = [(m.start(), m.end(), clean(m.group())) for m in _TOKEN.finditer(text)]
        words = [w for _, _, w in spans]
        if not words or self._plainly_english(text, words):
            return Reading(ENGLISH, text)
        language, order = self.detect_words(text, words)
        if language == ENGLISH or (not self._foreign_evidence(words) and _ascii_letters(text)):
            # lingua alone on a few ASCII words no lexicon knows is a guess ("zxcvbnm").
            return Reading(ENGLISH, text)
        note = self.lexicons[language].note
        return Reading(language, self._translate(text, spans, order), note, self._unread(words))

    def detect(self, text: str) -> str:
        """The ISO 639-1 code of the question's language."""
        return self.read(text).language

    def detect_words(self, text: str, words: Sequence[str]) -> tuple[str, list[str]]:
        """The likeliest language, and every language in order of likelihood."""
        scores = dict.fromkeys(self.lexicons, 0.0)
        for code, value in self._confidences(text).items():
            if code in scores:
                scores[code] = value
        # Each word counts for the languages whose lexicon has it, shared among them.
        covers = {
            code: (
                [w in self._english for w in words] if code == ENGLISH else _covered(index, words)
            )
            for code, index in self._index.items()
        }
        shares = [sum(c[i] for c in covers.values()) for i in range(len(words))]
        for code, covered in covers.items():
            evidence = sum(1 / shares[i] for i, hit in enumerate(covered) if hit)
            scores[code] += LEXICON_WEIGHT * evidence / len(words)
        order = sorted(scores, key=lambda c: -scores[c])
        return order[0], order

    def _unread(self, words: Sequence[str]) -> float:
        """The share of ``words`` (numbers aside) that no lexicon and not the matcher knows."""
        read = [w in self._known for w in words]
        for index in self._index.values():
            read = [a or b for a, b in zip(read, _covered(index, words), strict=True)]
        letters = [r for r, w in zip(read, words, strict=True) if not w.isdigit()]
        return letters.count(False) / len(letters) if letters else 0.0

    def _foreign_evidence(self, words: Sequence[str]) -> bool:
        """Whether any word is in the lexicon of a language other than English."""
        return any(
            any(_covered(index, words)) for code, index in self._index.items() if code != ENGLISH
        )

    def _plainly_english(self, text: str, words: Sequence[str]) -> bool:
        """ASCII letters, no word only another language uses, and mostly known words."""
        if not _ascii_letters(text):
            return False
        if any(w in self._cues for w in words):
            return False
        if any(w.startswith(self._foreign_stems) and w not in self._english for w in words):
            return False
        unknown = sum(1 for w in words if len(w) > 2 and w not in self._known)
        return unknown * 2 <= len(words)

    def _confidences(self, text: str) -> dict[str, float]:
        detector = self._lingua()
        return {
            c.language.iso_code_639_1.name.lower(): c.value
            for c in detector.compute_language_confidence_values(text)
        }

    def _lingua(self) -> LanguageDetector:
        """lingua's detector for the languages of the lexicon, built on first use."""
        if self._detector is None:
            from lingua import Language, LanguageDetectorBuilder

            languages = [getattr(Language, _LINGUA_NAMES[c]) for c in self.lexicons]
            builder = LanguageDetectorBuilder.from_languages(*languages)
            self._detector = builder.with_low_accuracy_mode().build()
        return self._detector

    def _translate(
        self, text: str, spans: Sequence[tuple[int, int, str]], order: Sequence[str]
    ) -> str:
        """``text`` with lexicon words replaced, the question's own language first."""
        words = [w for _, _, w in spans]
        own, *others = [self._index[c] for c in order if c != ENGLISH]
        out: list[str] = []
        last = 0
        i = 0
        while i < len(words):
            hit = own.at(words, i)
            if hit is None and len(words[i]) >= MIN_STEM:
                # Other lexicons lend content words only: "il" is Italian, not French.
                hit = next((h for index in others if (h := index.at(words, i)) is not None), None)
            if hit is None:
                i += 1
                continue
            n, english = hit
            start, end = spans[i][0], spans[i + n - 1][1]
            if text[end : end + 1] in _APOSTROPHES:  # elision: "l'ufficio" -> "the office"
                end += 1
                english += " "
            out.append(text[last:start])
            out.append(english)
            last = end
            i += n
        out.append(text[last:])
        return _SPACES.sub(" ", "".join(out)).strip() or text


def _ascii_letters(text: str) -> bool:
    """Whether every letter of ``text`` is ASCII (curly quotes and £ don't count)."""
    return all(ch.isascii() for ch in text if ch.isalpha())


def _covered(index: _Index, words: Sequence[str]) -> list[bool]:
    """Which of ``words`` the lexicon's entries cover."""
    covered = [False] * len(words)
    i = 0
    while i < len(words):
        hit = index.at(words, i)
        step = hit[0] if hit is not None else 1
        if hit is not None:
            covered[i : i + step] = [True] * step
        i += step
    return covered

"""Text normalisation for matching: clean, tokenise, map synonyms, correct typos.

Matching text is folded hard (lowercase, NFKC, accents stripped, control characters dropped)
because only the matcher sees it; answers never quote it. Typo correction is per token,
against the catalogue's own vocabulary, with rapidfuzz's OSA distance (transpositions count
as one edit) and a length-aware limit, so "salry" -> "salary" and "stakc" -> "stack" but
short real words are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

MAX_CHARS = 1000  # matching looks at the start of a message only; callers decline long ones

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# French/Italian elision: "d'entretien" -> "d entretien"; English "what's" -> "whats".
_ELISION = re.compile(r"\b(qu|[cdjlmnst])['’`´](?=[^\W\d_])", re.UNICODE)
_APOSTROPHE = re.compile(r"['’`´]")
_SEGMENT = re.compile(r"[?!;,¿¡\n]+|\.(?:\s|$)+")
# Letters that NFKD does not decompose into base + combining mark.
_FOLD = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)


_ASCII_CONTROLS = str.maketrans({i: " " for i in (*range(32), 127)})


def clean(text: str) -> str:
    """Lowercased, NFKC, accent-free text without control characters, at most MAX_CHARS."""
    if text.isascii():  # the common case, without the per-character Unicode walk
        return text[:MAX_CHARS].lower().translate(_ASCII_CONTROLS)
    text = unicodedata.normalize("NFKC", text[: MAX_CHARS * 2])[:MAX_CHARS].casefold()
    text = text.translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    out = []
    for ch in decomposed:
        cat = unicodedata.category(ch)
        if cat == "Mn":
            continue
        out.append(" " if cat[0] in "CZ" else ch)
    return "".join(out)


def tokenize(text: str) -> list[str]:
    """Word tokens of already-cleaned text (letters and digits; apostrophes joined)."""
    text = _APOSTROPHE.sub("", _ELISION.sub(r"\1 ", text))
    return _TOKEN.findall(text)


class Normalizer:
    """Synonym mapping and typo correction against a fixed vocabulary.

    ``vocabulary`` is every word the catalogue uses (examples, keywords, synonyms); words
    seen more often win ties. ``synonyms`` maps a token (or a phrase of tokens) to its
    canonical form, e.g. ``dosh -> salary``, ``work from home -> remote``.
    """

    def __init__(
        self,
        vocabulary: Iterable[str],
        synonyms: Mapping[str, str],
        preferred: Iterable[str] = (),
    ) -> None:
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for key, value in synonyms.items():
            k = tuple(tokenize(clean(key)))
            v = tuple(tokenize(clean(value)))
            if k and v:
                self._phrases[k] = v
        self._max_phrase = max((len(k) for k in self._phrases), default=1)
        self._starts = frozenset(k[0] for k in self._phrases)
        counts = Counter(vocabulary)
        for k, v in self._phrases.items():
            counts.update(k)
            counts.update(v)
        # Keywords and synonym targets win ties: "stok" is "stock", not "stop".
        for word in (*preferred, *(t for v in self._phrases.values() for t in v)):
            counts[word] += 1000
        self.vocabulary = frozenset(counts)
        self._rank = {w: i for i, (w, _) in enumerate(counts.most_common())}
        # Buckets by (first letter, length) keep each typo lookup to a few dozen words.
        buckets: dict[tuple[str, int], list[str]] = {}
        for word, _ in counts.most_common():
            if word.isalpha():
                buckets.setdefault((word[0], len(word)), []).append(word)
        self._buckets = buckets
        self.correct = lru_cache(maxsize=65536)(self._correct)

    def _correct(self, token: str) -> str:
        """The vocabulary word this unknown token is a typo of, or the token itself.

        One edit for words of 3-7 letters (3 letters: only a dropped letter, "wrk" -> "work";
        up to 5 letters: no substitutions, so "stuck" does not become "stack"), two from 8
        letters. The first letter must match. Among equally close words the more frequent
        one in the catalogue wins.
        """
        n = len(token)
        if token in self.vocabulary or n < 3 or not token.isalpha():
            return token
        lengths: tuple[int, ...]
        if n == 3:
            lengths, limit = (4,), 1
        elif n < 8:
            lengths, limit = (n - 1, n, n + 1), 1
        else:
            lengths, limit = (n - 2, n - 1, n, n + 1, n + 2), 2
        found: list[tuple[int, int, str]] = []
        for length in lengths:
            choices = self._buckets.get((token[0], length))
            if not choices:
                continue
            for word, dist, _ in process.extract(
                token, choices, scorer=OSA.distance, score_cutoff=limit, limit=5
            ):
                if length == n and n <= 5 and sorted(word) != sorted(token):
                    continue  # a substitution in a short word is more often another word
                found.append((int(dist), self._rank[word], word))
        return min(found)[2] if found else token

    def tokens(self, text: str) -> list[str]:
        """Cleaned, typo-corrected, synonym-mapped tokens of ``text``."""
        return self.map(tokenize(clean(text)))

    def segments(self, text: str) -> list[list[str]]:
        """Tokens of each punctuation-separated segment ("salary? remote?" -> two)."""
        parts = (self.map(tokenize(p)) for p in _SEGMENT.split(clean(text)))
        return [p for p in parts if p]

    def map(self, raw: list[str]) -> list[str]:
        """Typo-corrected, synonym-mapped tokens of already-tokenised text."""
        corrected = [self.correct(t) for t in raw]
        if not self._phrases:
            return corrected
        out: list[str] = []
        i = 0
        while i < len(corrected):
            if corrected[i] in self._starts:
                for size in range(min(self._max_phrase, len(corrected) - i), 0, -1):
                    repl = self._phrases.get(tuple(corrected[i : i + size]))
                    if repl is not None:
                        out.extend(repl)
                        i += size
                        break
                else:
                    out.append(corrected[i])
                    i += 1
            else:
                out.append(corrected[i])
                i += 1
        return out

    def normalize(self, text: str) -> str:
        """The normalised text: tokens joined by single spaces."""
        return " ".join(self.tokens(text))

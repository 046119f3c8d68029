"""TF-IDF features over word (1-2) and character (2-5, within word) n-grams.

A small re-implementation of scikit-learn's ``TfidfVectorizer`` (sublinear tf, smoothed idf,
l2 norm per block) so that start-up does not pay for importing scikit-learn. Character
n-grams make the model robust to inflections, leftover typos and other languages.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)


def word_grams(tokens: Sequence[str]) -> list[str]:
    """Word unigrams and bigrams."""
    grams = list(tokens)
    if WORD_NGRAMS[1] >= 2:
        grams.extend(f"{a} {b}" for a, b in itertools.pairwise(tokens))
    return grams


def char_grams(tokens: Sequence[str]) -> list[str]:
    """Character n-grams inside each space-padded token (scikit-learn's ``char_wb``)."""
    lo, hi = CHAR_NGRAMS
    grams: list[str] = []
    for token in tokens:
        w = f" {token} "
        size = len(w)
        for n in range(lo, min(hi, size) + 1):
            grams.extend(w[i : i + n] for i in range(size - n + 1))
    return grams


@dataclass(frozen=True, slots=True)
class Vectorizer:
    """Feature index and idf weights of a fitted vectorizer.

    ``words``/``chars`` map an n-gram to its column; char columns follow word columns.
    """

    words: dict[str, int]
    chars: dict[str, int]
    idf: NDArray[np.float32]
    char_weight: float = 1.0

    @property
    def size(self) -> int:
        return len(self.words) + len(self.chars)

    @classmethod
    def fit(cls, docs: Sequence[Sequence[str]], char_weight: float = 1.0) -> Vectorizer:
        """Learn the n-gram index and idf from tokenised documents."""
        wdf: Counter[str] = Counter()
        cdf: Counter[str] = Counter()
        for tokens in docs:
            wdf.update(set(word_grams(tokens)))
            cdf.update(set(char_grams(tokens)))
        words = {g: i for i, g in enumerate(sorted(wdf))}
        offset = len(words)
        chars = {g: offset + i for i, g in enumerate(sorted(cdf))}
        n = len(docs)
        df = np.empty(offset + len(chars), dtype=np.float64)
        for g, i in words.items():
            df[i] = wdf[g]
        for g, i in chars.items():
            df[i] = cdf[g]
        idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
        return cls(words, chars, idf, char_weight)

    def _block(
        self, grams: list[str], index: dict[str, int], weight: float
    ) -> tuple[list[int], list[float]]:
        counts: Counter[int] = Counter()
        for g in grams:
            col = index.get(g)
            if col is not None:
                counts[col] += 1
        if not counts:
            return [], []
        cols = list(counts)
        idf = self.idf
        vals = [(1.0 + math.log(counts[c])) * float(idf[c]) for c in cols]
        norm = math.sqrt(sum(v * v for v in vals))
        scale = weight / norm
        return cols, [v * scale for v in vals]

    def transform_one(self, tokens: Sequence[str]) -> tuple[NDArray[np.intp], NDArray[np.float32]]:
        """Sparse row of one tokenised document: (column indices, values)."""
        wc, wv = self._block(word_grams(tokens), self.words, 1.0)
        cc, cv = self._block(char_grams(tokens), self.chars, self.char_weight)
        return (
            np.asarray(wc + cc, dtype=np.intp),
            np.asarray(wv + cv, dtype=np.float32),
        )

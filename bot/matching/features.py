"""TF-IDF features over word (1-2) and character (within word) n-grams.

A small re-implementation of scikit-learn's ``TfidfVectorizer`` (sublinear tf, smoothed idf,
l2 norm per block, ``char_wb`` character n-grams) so that start-up does not pay for importing
scikit-learn. Character n-grams make the model robust to inflections, leftover typos and other
languages. The character n-grams of a token are computed once and cached: a vocabulary of
questions is small, so most tokens are seen before.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

CHAR_NGRAMS = (2, 5)
_EMPTY = np.zeros(0, dtype=np.int64)


def word_grams(tokens: Sequence[str]) -> list[str]:
    """Word unigrams and bigrams."""
    return [*tokens, *(f"{a} {b}" for a, b in itertools.pairwise(tokens))]


@lru_cache(maxsize=65536)
def token_char_grams(
    token: str, lo: int = CHAR_NGRAMS[0], hi: int = CHAR_NGRAMS[1]
) -> tuple[str, ...]:
    """Character n-grams of one space-padded token (scikit-learn's ``char_wb``)."""
    w = f" {token} "
    size = len(w)
    return tuple(w[i : i + n] for n in range(lo, min(hi, size) + 1) for i in range(size - n + 1))


@dataclass(frozen=True, slots=True)
class SparseRows:
    """Rows of a sparse matrix in CSR form (what scipy calls data, indices, indptr)."""

    data: NDArray[np.float32]
    indices: NDArray[np.int64]
    indptr: NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Vectorizer:
    """Feature index and idf weights of a fitted vectorizer.

    ``words``/``chars`` map an n-gram to its column; char columns follow word columns.
    """

    words: dict[str, int]
    chars: dict[str, int]
    idf: NDArray[np.float32]
    char_weight: float = 1.0
    char_ngrams: tuple[int, int] = CHAR_NGRAMS
    _token_cols: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    @property
    def size(self) -> int:
        return len(self.words) + len(self.chars)

    @classmethod
    def fit(
        cls,
        docs: Sequence[Sequence[str]],
        char_weight: float = 1.0,
        char_ngrams: tuple[int, int] = CHAR_NGRAMS,
    ) -> Vectorizer:
        """Learn the n-gram index and idf (document frequencies) from tokenised documents."""
        wsets = [set(word_grams(d)) for d in docs]
        lo, hi = char_ngrams
        csets = [{g for t in set(d) for g in token_char_grams(t, lo, hi)} for d in docs]
        words = {g: i for i, g in enumerate(sorted(set().union(*wsets)))}
        offset = len(words)
        chars = {g: offset + i for i, g in enumerate(sorted(set().union(*csets)))}
        df = np.zeros(offset + len(chars), dtype=np.float64)
        wcols = np.fromiter((words[g] for s in wsets for g in s), dtype=np.int64)
        ccols = np.fromiter((chars[g] for s in csets for g in s), dtype=np.int64)
        np.add.at(df, np.concatenate([wcols, ccols]), 1.0)
        idf = (np.log((1.0 + len(docs)) / (1.0 + df)) + 1.0).astype(np.float32)
        return cls(words, chars, idf, char_weight, char_ngrams)

    def _char_cols(self, token: str) -> tuple[int, ...]:
        cols = self._token_cols.get(token)
        if cols is None:
            index = self.chars
            grams = token_char_grams(token, *self.char_ngrams)
            cols = tuple(c for g in grams if (c := index.get(g)) is not None)
            if len(self._token_cols) < 200_000:
                self._token_cols[token] = cols
        return cols

    def columns(self, tokens: Sequence[str]) -> tuple[list[int], list[int]]:
        """Word and character column ids of a document's n-grams (with repeats)."""
        index = self.words
        wcols = [c for g in word_grams(tokens) if (c := index.get(g)) is not None]
        ccols = [c for t in tokens for c in self._char_cols(t)]
        return wcols, ccols

    def transform_one(self, tokens: Sequence[str]) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        """Sparse row of one tokenised document: (column indices, values)."""
        wcols, ccols = self.columns(tokens)
        wi, wv = self._block(Counter(wcols), 1.0)
        ci, cv = self._block(Counter(ccols), self.char_weight)
        return np.concatenate([wi, ci]), np.concatenate([wv, cv])

    def _block(
        self, counts: Counter[int], weight: float
    ) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        if not counts:
            return _EMPTY, np.zeros(0, dtype=np.float32)
        uniq = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        vals = ((1.0 + np.log(tf)) * self.idf[uniq]).astype(np.float32, copy=False)
        vals *= np.float32(weight) / np.sqrt(np.dot(vals, vals))
        return uniq, vals

    def transform(self, docs: Sequence[Sequence[str]]) -> SparseRows:
        """Sparse rows of many tokenised documents, vectorised over the whole batch."""
        n = len(docs)
        cols_parts: list[NDArray[np.int64]] = []
        for d in docs:
            wcols, ccols = self.columns(d)
            cols_parts.append(np.asarray(wcols + ccols, dtype=np.int64))
        lengths = np.fromiter((c.size for c in cols_parts), dtype=np.int64, count=n)
        if n == 0 or lengths.sum() == 0:
            return SparseRows(np.zeros(0, np.float32), _EMPTY, np.zeros(n + 1, dtype=np.int64))
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        keys, counts = np.unique(rows * self.size + np.concatenate(cols_parts), return_counts=True)
        urows, ucols = np.divmod(keys, self.size)
        is_char = (ucols >= len(self.words)).astype(np.int64)
        vals = (1.0 + np.log(counts)) * self.idf[ucols].astype(np.float64)
        group = urows * 2 + is_char
        norms = np.sqrt(np.bincount(group, weights=vals * vals, minlength=2 * n))
        vals *= np.where(is_char == 1, self.char_weight, 1.0) / norms[group]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(urows, minlength=n), out=indptr[1:])
        return SparseRows(vals.astype(np.float32), ucols, indptr)

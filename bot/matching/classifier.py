"""A linear intent classifier over TF-IDF features: kernel ridge regression, fitted in numpy.

Ridge regression onto one-hot class targets, solved in its dual form
``A = (X Xᵀ + αI)⁻¹ Y`` and folded back to primal weights ``W = Xᵀ A``. With a catalogue of a
few thousand examples that is one Gram matrix and one dense solve: tens of milliseconds, and
no scikit-learn import at start-up. Without an intercept, a message that shares no n-gram with
the catalogue scores 0 for every intent, which is what an out-of-scope gate wants.

Inference is a lean path: the query's sparse row gathers rows of ``W`` (a few hundred
columns by the number of intents) and sums them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bot.matching.features import CHAR_NGRAMS, Vectorizer

DEFAULT_ALPHA = 1.0


@dataclass(frozen=True, slots=True)
class LinearClassifier:
    """Fitted weights: ``scores = x · W`` for the sparse TF-IDF row ``x``."""

    classes: tuple[str, ...]
    vectorizer: Vectorizer
    weights: NDArray[np.float32]  # (features, classes)

    @classmethod
    def fit(
        cls,
        docs: Sequence[Sequence[str]],
        labels: Sequence[str],
        alpha: float = DEFAULT_ALPHA,
        char_weight: float = 1.0,
        char_ngrams: tuple[int, int] = CHAR_NGRAMS,
    ) -> LinearClassifier:
        """Fit on tokenised documents and their labels."""
        import scipy.sparse as sp  # only fitting needs sparse products

        if len(docs) != len(labels) or not docs:
            raise ValueError("need one label per document and at least one document")
        vec = Vectorizer.fit(docs, char_weight=char_weight, char_ngrams=char_ngrams)
        classes = tuple(sorted(set(labels)))
        col = {c: i for i, c in enumerate(classes)}
        rows = vec.transform(docs)
        x = sp.csr_matrix(
            (rows.data, rows.indices, rows.indptr), shape=(len(docs), vec.size), dtype=np.float32
        )
        y = np.zeros((len(docs), len(classes)), dtype=np.float32)
        y[np.arange(len(docs)), [col[label] for label in labels]] = 1.0
        gram = np.asarray((x @ x.T).toarray(), dtype=np.float32)
        gram[np.diag_indices_from(gram)] += alpha
        dual = np.linalg.solve(gram, y).astype(np.float32)
        weights = np.ascontiguousarray(x.T @ dual, dtype=np.float32)
        return cls(classes, vec, weights)

    def scores(self, tokens: Sequence[str]) -> NDArray[np.float32]:
        """One score per class (about 1 for a clear match, about 0 for nothing in common)."""
        idx, vals = self.vectorizer.transform_one(tokens)
        if idx.size == 0:
            return np.zeros(len(self.classes), dtype=np.float32)
        result: NDArray[np.float32] = vals @ self.weights[idx]
        return result

"""The linear classifier: ridge fit, its two solvers, and the logistic refinement."""

from __future__ import annotations

import numpy as np
import pytest

from bot.matching.classifier import LinearClassifier

DOCS = [
    ["what", "is", "the", "salary"],
    ["how", "much", "does", "it", "pay"],
    ["salary", "range"],
    ["is", "it", "remote"],
    ["can", "i", "work", "from", "home"],
    ["remote", "work"],
    ["do", "you", "sponsor", "visas"],
    ["visa", "sponsorship"],
]
LABELS = ["salary"] * 3 + ["remote"] * 3 + ["visa"] * 2


def test_ridge_scores_the_right_class_highest() -> None:
    """Unseen phrasings score their own class highest; an unknown text scores zero."""
    clf = LinearClassifier.fit(DOCS, LABELS)
    for tokens, label in ((["salary", "please"], "salary"), (["remote", "job"], "remote")):
        scores = clf.scores(tokens)
        assert clf.classes[int(np.argmax(scores))] == label
    assert clf.scores(["zxcvbnm"]).max() < 0.2
    assert not clf.scores([]).any()


def test_ridge_weights_solve_the_normal_equations() -> None:
    """The dual solve yields the ridge solution: (XᵀX + αI) W = XᵀY in primal form."""
    alpha = 0.5
    clf = LinearClassifier.fit(DOCS, LABELS, alpha=alpha)
    rows = clf.vectorizer.transform(DOCS)
    x = np.zeros((len(DOCS), clf.vectorizer.size))
    for i in range(len(DOCS)):
        cols = slice(rows.indptr[i], rows.indptr[i + 1])
        x[i, rows.indices[cols]] = rows.data[cols]
    y = np.array([[label == c for c in clf.classes] for label in LABELS], dtype=float)
    lhs = (x.T @ x + alpha * np.eye(x.shape[1])) @ clf.weights
    np.testing.assert_allclose(lhs, x.T @ y, atol=1e-4)


def test_alpha_must_be_positive() -> None:
    """Without regularisation the system may be singular, so alpha 0 is refused."""
    with pytest.raises(ValueError, match="alpha"):
        LinearClassifier.fit(DOCS, LABELS, alpha=0.0)


def test_logistic_refinement_gives_probabilities() -> None:
    """With logistic steps, scores are probabilities that still rank the right class first."""
    clf = LinearClassifier.fit(DOCS, LABELS, alpha=0.2, logistic_steps=20)
    scores = clf.scores(["how", "much", "salary"])
    assert clf.softmax
    assert scores.sum() == pytest.approx(1.0, abs=1e-5)
    assert clf.classes[int(np.argmax(scores))] == "salary"


def test_mismatched_labels_are_rejected() -> None:
    """Fitting needs exactly one label per document."""
    with pytest.raises(ValueError, match="one label per document"):
        LinearClassifier.fit(DOCS, LABELS[:-1])

"""The linear classifier: ridge fit, its two solvers, and the logistic refinement."""

from __future__ import annotations

import numpy as np
import pytest

from bot.matching import classifier
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


def test_cholesky_path_matches_lu_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The solver used for large catalogues fits the same model as the small-catalogue one."""
    small = LinearClassifier.fit(DOCS, LABELS)
    monkeypatch.setattr(classifier, "_SMALL", 0)
    large = LinearClassifier.fit(DOCS, LABELS)
    np.testing.assert_allclose(large.weights, small.weights, rtol=1e-3, atol=1e-5)


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

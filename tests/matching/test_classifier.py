"""The linear classifier: ridge fit, its two solvers, and the logistic refinement (bound steps
or L-BFGS)."""

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


def _dense(clf: LinearClassifier) -> tuple[np.ndarray, np.ndarray]:
    """The training matrix and one-hot targets, densely."""
    rows = clf.vectorizer.transform(DOCS)
    x = np.zeros((len(DOCS), clf.vectorizer.size))
    for i in range(len(DOCS)):
        cols = slice(rows.indptr[i], rows.indptr[i + 1])
        x[i, rows.indices[cols]] = rows.data[cols]
    y = np.array([[label == c for c in clf.classes] for label in LABELS], dtype=float)
    return x, y


def _objective(clf: LinearClassifier, alpha: float) -> float:
    """Summed cross-entropy + alpha/4 ||W||², what both logistic solvers minimise."""
    x, y = _dense(clf)
    f = x @ clf.weights.astype(float)
    lse = np.log(np.exp(f - f.max(axis=1, keepdims=True)).sum(axis=1)) + f.max(axis=1)
    return float((lse - (f * y).sum(axis=1)).sum() + alpha / 4 * (clf.weights**2).sum())


def test_lbfgs_reaches_the_logistic_optimum() -> None:
    """L-BFGS weights zero the gradient of the penalised cross-entropy: Xᵀ(P − Y) + α/2·W."""
    alpha = 0.2
    clf = LinearClassifier.fit(DOCS, LABELS, alpha=alpha, logistic_steps=500, solver="lbfgs")
    x, y = _dense(clf)
    w = clf.weights.astype(float)
    f = x @ w
    p = np.exp(f - f.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    grad = x.T @ (p - y) + alpha / 2 * w
    assert clf.softmax
    assert np.abs(grad).max() < 1e-3
    bound = LinearClassifier.fit(DOCS, LABELS, alpha=alpha, logistic_steps=20)
    assert _objective(clf, alpha) <= _objective(bound, alpha) + 1e-6


def test_lbfgs_ranks_unseen_phrasings() -> None:
    """The L-BFGS model scores an unseen phrasing's class highest, and nothing for no n-gram."""
    clf = LinearClassifier.fit(DOCS, LABELS, alpha=0.2, logistic_steps=100, solver="lbfgs")
    scores = clf.scores(["remote", "job"])
    assert clf.classes[int(np.argmax(scores))] == "remote"
    assert scores.sum() == pytest.approx(1.0, abs=1e-5)
    assert not clf.scores([]).any()


def test_temperature_divides_the_logistic_weights() -> None:
    """A temperature T fits the same model and divides its weights (logits) by T."""
    plain = LinearClassifier.fit(DOCS, LABELS, alpha=0.2, logistic_steps=50, solver="lbfgs")
    warm = LinearClassifier.fit(
        DOCS, LABELS, alpha=0.2, logistic_steps=50, solver="lbfgs", temperature=2.0
    )
    np.testing.assert_allclose(warm.weights * 2, plain.weights, rtol=1e-5, atol=1e-6)
    query = ["how", "much", "salary"]
    assert warm.scores(query).max() < plain.scores(query).max()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"solver": "newton"}, "unknown solver"), ({"temperature": 0.0}, "temperature")],
)
def test_bad_solver_options_are_rejected(kwargs: dict[str, object], message: str) -> None:
    """An unknown solver or a non-positive temperature is refused with a clear error."""
    with pytest.raises(ValueError, match=message):
        LinearClassifier.fit(DOCS, LABELS, logistic_steps=5, **kwargs)  # type: ignore[arg-type]


def test_mismatched_labels_are_rejected() -> None:
    """Fitting needs exactly one label per document."""
    with pytest.raises(ValueError, match="one label per document"):
        LinearClassifier.fit(DOCS, LABELS[:-1])

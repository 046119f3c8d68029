"""A linear intent classifier over TF-IDF features, fitted in numpy/scipy at start-up.

Ridge regression onto one-hot class targets is solved in its dual form
``A = (X Xᵀ + αI)⁻¹ Y`` (one Gram matrix and one dense solve for a catalogue of a few thousand
examples, and no scikit-learn import), then optionally refined towards multinomial logistic
regression by a few bound-optimisation steps that reuse the same factorisation
(:func:`_logistic`). Weights are folded back to primal form ``W = Xᵀ A``. Alternatively
(``solver="lbfgs"``) multinomial logistic regression is fitted directly in primal form by
L-BFGS on the sparse TF-IDF matrix (:func:`_lbfgs`): no Gram matrix, so it scales to tens of
thousands of examples, and it converges to the optimum the bound steps only approach. Without an
intercept, a message that shares no n-gram with the catalogue scores 0 for every intent, which
is what an out-of-scope gate wants.

Inference is a lean path: the query's sparse row gathers rows of ``W`` (a few hundred
columns by the number of intents) and sums them (and a softmax, after the refinement).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from bot.matching.features import CHAR_NGRAMS, Vectorizer

DEFAULT_ALPHA = 1.0
Solver = Literal["bound", "lbfgs"]
SOLVERS: tuple[Solver, ...] = ("bound", "lbfgs")


@dataclass(frozen=True, slots=True)
class LinearClassifier:
    """Fitted weights: ``scores = x · W`` for the sparse TF-IDF row ``x``."""

    classes: tuple[str, ...]
    vectorizer: Vectorizer
    weights: NDArray[np.float32]  # (features, classes)
    softmax: bool = False  # scores are class probabilities (logistic refinement)

    @classmethod
    def fit(
        cls,
        docs: Sequence[Sequence[str]],
        labels: Sequence[str],
        alpha: float = DEFAULT_ALPHA,
        char_weight: float = 1.0,
        char_ngrams: tuple[int, int] = CHAR_NGRAMS,
        logistic_steps: int = 0,
        solver: Solver = "bound",
        temperature: float = 1.0,
    ) -> LinearClassifier:
        """Fit on tokenised documents and their labels.

        ``logistic_steps`` > 0 fits multinomial logistic regression instead of ridge; scores
        are then probabilities. ``solver`` says how: ``"bound"`` refines the ridge solution by
        that many bound-optimisation steps (:func:`_logistic`), ``"lbfgs"`` runs up to that many
        L-BFGS iterations from zero (:func:`_lbfgs`). The L2 penalty is the same for both
        (``alpha = 2 / C`` in scikit-learn's terms). ``temperature`` divides the logistic
        weights (softmax of ``scores / T``: above 1 flattens the probabilities, which only
        changes how sure the model looks, not its ranking of one message's intents).
        """
        import scipy.sparse as sp  # only fitting needs sparse products

        if len(docs) != len(labels) or not docs:
            raise ValueError("need one label per document and at least one document")
        if alpha <= 0:
            raise ValueError("alpha must be positive")
        if solver not in SOLVERS:
            raise ValueError(f"unknown solver {solver!r} (expected one of {', '.join(SOLVERS)})")
        if temperature <= 0:
            raise ValueError("temperature must be positive")
        vec = Vectorizer.fit(docs, char_weight=char_weight, char_ngrams=char_ngrams)
        classes = tuple(sorted(set(labels)))
        col = {c: i for i, c in enumerate(classes)}
        rows = vec.transform(docs)
        x = sp.csr_matrix(
            (rows.data, rows.indices, rows.indptr), shape=(len(docs), vec.size), dtype=np.float32
        )
        y = np.zeros((len(docs), len(classes)), dtype=np.float32)
        y[np.arange(len(docs)), [col[label] for label in labels]] = 1.0
        if logistic_steps > 0 and solver == "lbfgs":
            weights = _lbfgs(x, y, alpha, logistic_steps)
        else:
            gram = np.asarray((x @ x.T).toarray(), dtype=np.float32)
            if logistic_steps > 0:
                dual = _logistic(gram, y, alpha, logistic_steps)
            else:
                gram[np.diag_indices_from(gram)] += alpha
                dual = _solve_spd(gram, y)
            weights = np.ascontiguousarray(x.T @ dual, dtype=np.float32)
        if logistic_steps > 0 and temperature != 1.0:
            weights /= np.float32(temperature)
        return cls(classes, vec, weights, logistic_steps > 0)

    def scores(self, tokens: Sequence[str]) -> NDArray[np.float32]:
        """One score per class (about 1 for a clear match, about 0 for nothing in common)."""
        idx, vals = self.vectorizer.transform_one(tokens)
        if idx.size == 0:
            return np.zeros(len(self.classes), dtype=np.float32)
        result: NDArray[np.float32] = vals @ self.weights[idx]
        if self.softmax:
            result = np.exp(result - result.max())
            result /= result.sum()
        return result


def _solve_spd(a: NDArray[np.float32], b: NDArray[np.float32]) -> NDArray[np.float32]:
    """Solve ``a x = b`` for symmetric positive definite ``a`` (overwritten) by Cholesky:
    a third of the work of LU, which matters at start-up."""
    import scipy.linalg as la

    factor = la.cho_factor(a, overwrite_a=True, check_finite=False)
    return np.asarray(la.cho_solve(factor, b, check_finite=False), dtype=np.float32)


def _softmax(f: NDArray[np.float32]) -> NDArray[np.float32]:
    e = np.exp(f - f.max(axis=1, keepdims=True))
    out: NDArray[np.float32] = e / e.sum(axis=1, keepdims=True)
    return out


def _logistic(
    gram: NDArray[np.float32], y: NDArray[np.float32], alpha: float, steps: int
) -> NDArray[np.float32]:
    """Dual coefficients of multinomial logistic regression, by bound optimisation.

    Minimises mean cross-entropy + λ/2·tr(AᵀKA) with F = KA. Böhning's bound on the softmax
    Hessian (½I) gives the fixed preconditioner (K + αI)⁻¹ with α = 2nλ, factored once; its
    first step from A = 0 is the (centred) ridge solution. A doubling line search along each
    step makes up for the loose bound.
    """
    import scipy.linalg as la  # only the logistic refinement needs a reusable factorisation

    n = gram.shape[0]
    lam = alpha / (2.0 * n)
    reg = gram.copy()
    reg[np.diag_indices_from(reg)] += alpha
    factor = la.cho_factor(reg, check_finite=False)
    del reg
    a = np.zeros_like(y)
    f = np.zeros_like(y)

    def loss(f: NDArray[np.float32], a: NDArray[np.float32]) -> float:
        m = f.max(axis=1, keepdims=True)
        lse = np.log(np.exp(f - m).sum(axis=1)) + m[:, 0]
        return float((lse - (f * y).sum(axis=1)).mean() + 0.5 * lam * float((a * f).sum()))

    current = loss(f, a)
    for _ in range(steps):
        grad = (_softmax(f) - y) / n + lam * a
        d = (-2.0 * n) * la.cho_solve(factor, grad, check_finite=False).astype(np.float32)
        kd = gram @ d
        best, best_step = current, 0.0
        step = 1.0
        while step <= 64.0:
            value = loss(f + step * kd, a + step * d)
            if value >= best:
                break
            best, best_step = value, step
            step *= 2.0
        if best_step == 0.0 or current - best < 1e-6:
            break
        a += best_step * d
        f += best_step * kd
        current = best
    return a


def _lbfgs(x: Any, y: NDArray[np.float32], alpha: float, steps: int) -> NDArray[np.float32]:
    """Primal weights of multinomial logistic regression by L-BFGS (at most ``steps``
    iterations, from zero).

    Minimises summed cross-entropy + α/4·‖W‖², the objective :func:`_logistic` approaches
    (scikit-learn's ``LogisticRegression(C=2/α)`` without intercept). Each evaluation is two
    products of the sparse (n × features) matrix with a dense (· × classes) one, in float32;
    the loss is summed in float64 so that the line search sees its small decreases.
    """
    from scipy.optimize import minimize  # only this solver needs it

    n_features, n_classes = x.shape[1], y.shape[1]
    xt = x.T.tocsr()
    reg = alpha / 2.0

    def loss_grad(flat: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        w = flat.reshape(n_features, n_classes).astype(np.float32)
        f = np.asarray(x @ w, dtype=np.float32)
        m = f.max(axis=1, keepdims=True)
        e = np.exp(f - m)
        total = e.sum(axis=1, keepdims=True)
        lse = np.log(total[:, 0].astype(np.float64)) + m[:, 0]
        value = float((lse - (f * y).sum(axis=1)).sum()) + 0.5 * reg * float(flat @ flat)
        grad = np.asarray(xt @ (e / total - y), dtype=np.float32) + np.float32(reg) * w
        return value, grad.ravel().astype(np.float64)

    result = minimize(
        loss_grad,
        np.zeros(n_features * n_classes),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": steps, "maxcor": 10, "gtol": 1e-6, "ftol": 1e-10},
    )
    return np.ascontiguousarray(result.x.reshape(n_features, n_classes), dtype=np.float32)

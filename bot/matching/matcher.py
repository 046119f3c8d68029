"""The matcher: message -> accepted intent(s), ranked candidates and a confidence.

Pipeline: normalise (clean, typo-correct, map synonyms) -> score every intent with the linear
classifier (plus a small boost for keyword hits) -> accept the best intent only if its score
clears an absolute ``threshold`` **and** beats the runner-up by ``margin``. A normalised
message equal to a catalogue example (or nearly: rapidfuzz ratio ≥ ``exact_ratio``) is
accepted directly. A message with several clauses ("salary and is it remote?") is also
matched clause by clause; each clause's intent counts only if it passes the gate on its own.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from bot.matching import cache
from bot.matching.catalogue import Catalogue
from bot.matching.classifier import LinearClassifier, Solver
from bot.matching.normalize import Normalizer, clean, tokenize
from bot.models import IntentMatch, MatchResult

TOP_K = 5
# Bump when normalisation, features or fitting change: it keys cached models.
MODEL_VERSION = "3"
# Words that join two questions in one message (English, es, fr, de, pt, pl).
CONJUNCTIONS = frozenset({"and", "also", "plus", "y", "et", "und", "e", "oraz", "aber", "but"})
_CLAUSE_BREAKS = "?!;\n.,"


@dataclass(frozen=True, slots=True)
class Gate:
    """Decision parameters (scores are class probabilities, or ridge outputs with
    ``logistic_steps=0``: about 1 for a clear match either way)."""

    threshold: float = 0.35
    margin: float = 0.08
    exact_ratio: float = 95.0  # above 100: no short-cut at all
    keyword_boost: float = 0.15
    # A clause of a multi-question message must be clearer than a whole message.
    clause_threshold: float = 0.6
    clause_margin: float = 0.2
    # Wrong answers are worse than none: a job intent must also clearly beat every
    # smalltalk / out-of-scope intent ("can you lend me money?" is not about the salary).
    oos_margin: float = 0.2
    max_clauses: int = 6


@dataclass(frozen=True, slots=True)
class ModelParams:
    """What the classifier is fitted with (part of the cache key)."""

    alpha: float = 1.0  # L2 regularisation (0.2 ≈ scikit-learn's C=10 with logistic steps)
    char_ngrams: tuple[int, int] = (2, 5)
    keyword_docs: bool = True  # each keyword its own training document (else one per intent)
    # Refine the ridge fit towards multinomial logistic regression for this many steps (scores
    # become probabilities, so the gate needs re-tuning: see bench/README.md); 0 = plain ridge.
    logistic_steps: int = 0
    # How: "bound" refines the ridge fit; "lbfgs" fits logistic regression by L-BFGS (no Gram
    # matrix: large catalogues). ``temperature`` > 1 flattens the probabilities.
    solver: Solver = "bound"
    temperature: float = 1.0


@dataclass(frozen=True, slots=True)
class _Decision:
    """The best intent for some tokens, before the gate."""

    intent: str
    score: float
    second: float
    rival: float  # the best smalltalk/oos score when ``intent`` is a job intent, else -1
    exact: bool
    ranked: tuple[IntentMatch, ...]

    def passes(self, threshold: float, margin: float, oos_margin: float) -> bool:
        return self.exact or (
            self.score >= threshold
            and self.score - self.second >= margin
            and self.score - self.rival >= oos_margin
        )


class Matcher:
    """Matches messages against one catalogue; build once, call ``match`` many times."""

    def __init__(
        self,
        catalogue: Catalogue,
        gate: Gate | None = None,
        *,
        cache_dir: Path | Literal["auto"] | None = "auto",
        model: ModelParams | None = None,
    ) -> None:
        """Fit on ``catalogue``, or reuse a model fitted earlier on the same catalogue and code
        from ``cache_dir`` ("auto": :func:`cache.default_cache_dir`; None: no cache)."""
        if cache_dir == "auto":
            cache_dir = cache.default_cache_dir()
        self.catalogue = catalogue
        self.gate = gate or Gate()
        self.model = model or ModelParams()
        raw = {
            text: tokenize(clean(text))
            for intent in catalogue.intents
            for text in (*intent.examples, *intent.keywords)
        }
        vocabulary = [t for tokens in raw.values() for t in tokens]
        keywords = [t for i in catalogue.intents for k in i.keywords for t in raw[k]]
        self.normalizer = Normalizer(vocabulary, catalogue.synonyms, keywords)
        docs: list[list[str]] = []
        labels: list[str] = []
        seen: set[tuple[str, str]] = set()
        exact: dict[str, set[str]] = {}
        for intent in catalogue.intents:
            for text in (*intent.examples, *intent.keywords):
                tokens = self.normalizer.map(raw[text])
                joined = " ".join(tokens)
                if not tokens or (joined, intent.id) in seen:
                    continue  # a duplicate only makes fitting slower
                seen.add((joined, intent.id))
                exact.setdefault(joined, set()).add(intent.id)
                if self.model.keyword_docs or text not in intent.keywords:
                    docs.append(tokens)
                    labels.append(intent.id)
            if not self.model.keyword_docs and intent.keywords:
                docs.append([t for k in intent.keywords for t in self.normalizer.map(raw[k])])
                labels.append(intent.id)
        # Only unambiguous texts short-cut: a keyword of two intents decides nothing.
        self._exact = {text: ids.pop() for text, ids in exact.items() if len(ids) == 1}
        key = _fingerprint(catalogue, self.model)
        fitted = cache.load(cache_dir, key) if cache_dir is not None else None
        if fitted is None or set(fitted.classes) != set(labels):
            fitted = LinearClassifier.fit(
                docs,
                labels,
                alpha=self.model.alpha,
                char_ngrams=self.model.char_ngrams,
                logistic_steps=self.model.logistic_steps,
                solver=self.model.solver,
                temperature=self.model.temperature,
            )
            if cache_dir is not None:
                cache.save(cache_dir, key, fitted)
        self.classifier = fitted
        self._classes = self.classifier.classes
        # Examples sorted by length, and where each length starts: the candidates of similar
        # length for a near-exact hit are one slice, not a list built per question.
        self._exact_sorted = sorted(self._exact, key=len)
        lengths = [len(e) for e in self._exact_sorted]
        longest = lengths[-1] if lengths else 0
        self._len_start = [bisect.bisect_left(lengths, n) for n in range(longest + 2)]
        col = {c: i for i, c in enumerate(self._classes)}
        self._keywords: dict[str, list[int]] = {}
        for intent in catalogue.intents:
            for keyword in intent.keywords:
                key = " ".join(self.normalizer.tokens(keyword))
                if key:
                    self._keywords.setdefault(key, []).append(col[intent.id])
        self._keyword_len = max((k.count(" ") + 1 for k in self._keywords), default=1)
        self._kinds = {i.id: i.kind for i in catalogue.intents}
        self._job = np.array([self._kinds[c] == "job" for c in self._classes], dtype=bool)
        self._not_job = np.flatnonzero(~self._job)

    # -- public API -------------------------------------------------------------------------

    def match(self, text: str) -> MatchResult:
        """Decide which intent(s) a message asks about; never raises on any string."""
        segments = self.normalizer.segments(text if isinstance(text, str) else str(text))
        tokens = [t for s in segments for t in s]
        normalized = " ".join(tokens)
        if not tokens:
            return MatchResult((), (), 0.0, normalized)
        whole = self._decide(tokens)
        clauses = [c for s in segments for c in self._clauses(s)][: self.gate.max_clauses]
        if len(clauses) < 2:
            ok = whole.passes(self.gate.threshold, self.gate.margin, self.gate.oos_margin)
            return MatchResult((whole.intent,) if ok else (), whole.ranked, whole.score, normalized)
        gate = self.gate
        found: dict[str, float] = {}
        if whole.passes(gate.threshold, gate.margin, gate.oos_margin):
            found[whole.intent] = whole.score
        parts = [self._decide(c) for c in clauses]
        for part in parts:
            if part.passes(gate.clause_threshold, gate.clause_margin, gate.oos_margin):
                found.setdefault(part.intent, part.score)
        if any(self._kinds[i] == "job" for i in found):
            found = {i: c for i, c in found.items() if self._kinds[i] == "job"}
        ranked = _merge([whole, *parts])
        if not found:
            return MatchResult((), ranked, whole.score, normalized)
        # In the order the message asks them: by the first clause whose best guess it is.
        firsts = [p.intent for p in parts]
        order = sorted(found, key=lambda i: firsts.index(i) if i in firsts else -1)
        return MatchResult(tuple(order), ranked, min(found.values()), normalized)

    def rank(self, text: str) -> tuple[IntentMatch, ...]:
        """Ranked candidates for the whole message, before any gate (benchmarks, tuning)."""
        tokens = self.normalizer.tokens(text)
        return self._decide(tokens).ranked if tokens else ()

    def match_many(self, texts: Iterable[str]) -> list[MatchResult]:
        """``match`` for each text, in order."""
        return [self.match(t) for t in texts]

    # -- internals --------------------------------------------------------------------------

    def _scores(self, tokens: Sequence[str]) -> NDArray[np.float32]:
        scores = self.classifier.scores(tokens)
        boost = self.gate.keyword_boost
        if boost and self._keywords:
            hits: set[int] = set()
            for i in range(len(tokens)):
                for n in range(1, min(self._keyword_len, len(tokens) - i) + 1):
                    hits.update(self._keywords.get(" ".join(tokens[i : i + n]), ()))
            for col in hits:
                scores[col] += boost
        return scores

    def _decide(self, tokens: Sequence[str]) -> _Decision:
        scores = self._scores(tokens)
        k = min(TOP_K, len(scores))
        top = np.argpartition(-scores, k - 1)[:k] if len(scores) > k else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        ranked = tuple(IntentMatch(self._classes[i], _unit(scores[i])) for i in top)
        second = _unit(scores[top[1]]) if len(top) > 1 else 0.0
        key = " ".join(tokens)
        exact = self._near_exact(key) if self.gate.exact_ratio <= 100 else None
        if exact is not None:
            return _Decision(exact, 1.0, second, -1.0, True, ranked)
        best = int(top[0])
        rival = -1.0
        if self._job[best] and self._not_job.size:
            rival = _unit(scores[self._not_job].max())
        return _Decision(ranked[0].intent, ranked[0].score, second, rival, False, ranked)

    def _near_exact(self, key: str) -> str | None:
        """The intent of the example equal to ``key``, or within ``exact_ratio`` of it."""
        exact = self._exact.get(key)
        if exact is not None or len(key) < 8:
            return exact
        # fuzz.ratio = 2·matches / (len a + len b): only similar lengths can reach the cut-off.
        r = self.gate.exact_ratio / 100
        lo, hi = int(len(key) * r / (2 - r)), int(len(key) * (2 - r) / r) + 1
        starts = self._len_start
        if lo >= len(starts):
            return None
        choices = self._exact_sorted[starts[lo] : starts[min(hi + 1, len(starts) - 1)]]
        if not choices:
            return None
        hit = process.extractOne(
            key, choices, scorer=fuzz.ratio, score_cutoff=self.gate.exact_ratio
        )
        return self._exact[hit[0]] if hit is not None else None

    def _clauses(self, tokens: Sequence[str]) -> list[list[str]]:
        clauses: list[list[str]] = [[]]
        for tok in tokens:
            if tok in CONJUNCTIONS:
                if clauses[-1]:
                    clauses.append([])
            else:
                clauses[-1].append(tok)
        return [c for c in clauses if c]


def _merge(decisions: Sequence[_Decision]) -> tuple[IntentMatch, ...]:
    best: dict[str, float] = {}
    for d in decisions:
        for m in d.ranked:
            best[m.intent] = max(best.get(m.intent, 0.0), m.score)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])[:TOP_K]
    return tuple(IntentMatch(i, s) for i, s in ranked)


def _unit(score: float | np.floating[Any]) -> float:
    return float(min(1.0, max(0.0, score)))


def _fingerprint(catalogue: Catalogue, model: ModelParams) -> str:
    """A key for everything that determines the fitted model."""
    params: list[Any] = [model.alpha, list(model.char_ngrams), model.keyword_docs]
    params.append(model.logistic_steps)
    if (model.solver, model.temperature) != ("bound", 1.0):  # default keys stay as they were
        params += [model.solver, model.temperature]
    content = {
        "model": MODEL_VERSION,
        "params": params,
        "synonyms": sorted(catalogue.synonyms.items()),
        "intents": [(i.id, i.examples, i.keywords) for i in catalogue.intents],
    }
    raw = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:32]

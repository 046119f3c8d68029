"""Recruiter Q&A (``Role.qa``): matched first when a question is close to one of theirs."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.answers.paraphrase import similarity
from bot.answers.policy import POLICY
from bot.knowledge.schema import QA, Role

PARAPHRASE = 0.75  # content-word similarity that also counts as the same question
_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)


def _norm(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def find(role: Role, question: str) -> tuple[QA, float] | None:
    """The recruiter's Q&A entry whose example question is closest, if close enough."""
    if not role.qa:
        return None
    keys: list[str] = []
    owners: list[QA] = []
    for entry in role.qa:
        for q in entry.questions:
            keys.append(_norm(q))
            owners.append(entry)
    query = _norm(question)
    if not query:
        return None
    hit = process.extractOne(
        query, keys, scorer=fuzz.token_sort_ratio, score_cutoff=POLICY.qa_min_score
    )
    if hit is not None:
        _, score, index = hit
        return owners[index], float(score) / 100.0
    # A paraphrase: the same content words in other wording ("do you have a gym?" for
    # "is there a gym at the office?"), as the inbox groups them.
    best, owner = max(
        ((similarity(question, key), entry) for key, entry in zip(keys, owners, strict=True)),
        key=lambda pair: pair[0],
    )
    return (owner, best) if best >= PARAPHRASE else None

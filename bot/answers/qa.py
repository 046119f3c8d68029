"""Recruiter Q&A (``Role.qa``): matched first when a question is close to one of theirs."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.answers.policy import POLICY
from bot.knowledge.schema import QA, Role

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
    if hit is None:
        return None
    _, score, index = hit
    return owners[index], float(score) / 100.0

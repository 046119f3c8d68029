"""How alike two questions are, by their content words: groups the inbox and lets a
recruiter's answer (Q&A) reach paraphrases of the questions it was given for.

"Is there a gym at the office?" and "Do you have a gym?" share their content ("gym"); "Can
I bring my dog?" shares none. Function words, question words and pronouns are ignored,
plurals folded, and words within a typo of each other count as the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP_WORDS = """
a an the and or but if of to in on at by for from with about into over as than then
is are was were be been being am do does did doing done have has had having get got
can could would will should shall may might must i me my mine we us our you your yours
he she it its they them their this that these those there here what whats which who whom
whose when where why how any some much many lot lots please tell know let like just also
still ever really s t d ll m re ve not no yes ok hi hey hello thanks thank
"""
_STOP = frozenset(_STOP_WORDS.split())
TYPO = 85  # rapidfuzz ratio above which two longer words are the same word


def _fold(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """The question's content words, case- and plural-folded."""
    words = (w for w in _WORD.findall(text.casefold()) if w not in _STOP and not w.isdigit())
    return frozenset(_fold(w) for w in words)


def _same(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= TYPO)


def similarity(a: str, b: str) -> float:
    """0 (nothing in common) … 1 (the same content words): the mean of the overlap
    coefficient and the Jaccard index of the two content-word sets."""
    left, right = content_words(a), content_words(b)
    if not left or not right:
        return (
            1.0
            if " ".join(_WORD.findall(a.casefold())) == " ".join(_WORD.findall(b.casefold()))
            else 0.0
        )
    shared = sum(1 for w in left if any(_same(w, v) for v in right))
    overlap = shared / min(len(left), len(right))
    jaccard = shared / (len(left) + len(right) - shared)
    return (overlap + jaccard) / 2

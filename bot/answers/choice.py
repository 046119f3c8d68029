"""A reply to "which role do you mean?": the number shown, or the role's title or company.

:func:`pick` is pure: given the reply and the roles offered (in the numbered order shown) it
returns the role picked, the offered roles the reply still fits when it fits several ("the
backend one" of five), or nothing when the reply is not a choice at all (a new question).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.answers.roles import _ROLE_WORDS, _STOP, _words
from bot.knowledge.index import RoleEntry

_NUMBER = re.compile(
    r"^\s*(?:(?:no\.?|number|option|#)\s*)?(\d{1,3})(?:st|nd|rd|th)?\s*(?:one|please)?[\s.!)]*$",
    re.IGNORECASE,
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
# Words a reply may carry besides the role's own ("the second one please", "I mean Monzo").
_FILLER = frozenset(
    {"i", "mean", "meant", "please", "pls", "it", "s", "its", "one", "that", "ok", "okay",
     "the", "yes", "number", "option", "choose", "pick", "want", "about"}
)  # fmt: skip
MAX_WORDS = 12
TYPO = 85  # fuzz.ratio for a word of the reply to count as a word of the role


@dataclass(frozen=True, slots=True)
class Picked:
    """The outcome: ``role`` when one was chosen, else the offered roles the reply fits."""

    role: RoleEntry | None
    fits: tuple[RoleEntry, ...] = ()


def pick(reply: str, offered: Sequence[RoleEntry]) -> Picked | None:
    """What ``reply`` chose among ``offered``, or None when it is not a choice."""
    if not offered:
        return None
    number = _number(reply, len(offered))
    if number is not None:
        return Picked(offered[number - 1])
    words = [w for w in _words(reply) if w not in _FILLER and w not in _ROLE_WORDS]
    if not words or len(words) > MAX_WORDS:
        return None
    fits = tuple(role for role in offered if _covers(_role_words(role), words))
    if len(fits) == 1:
        return Picked(fits[0])
    if fits:
        return Picked(None, fits)
    return None


def _number(reply: str, count: int) -> int | None:
    match = _NUMBER.match(reply)
    if match is not None:
        value = int(match.group(1))
        return value if 1 <= value <= count else None
    words = [w for w in _words(reply) if w not in _FILLER and w not in _ROLE_WORDS]
    if len(words) == 1 and words[0] in _ORDINALS:
        value = _ORDINALS[words[0]]
        value = count if value == -1 else value
        return value if 1 <= value <= count else None
    return None


def _role_words(role: RoleEntry) -> set[str]:
    slug_words = set(role.slug.split("-"))
    return {*_words(role.title), *_words(role.company or ""), *slug_words} - _STOP


def _covers(own: set[str], words: list[str]) -> bool:
    """Every word of the reply is (within a typo) a word of the role."""
    for word in words:
        if word in own:
            continue
        if len(word) < 4 or not any(fuzz.ratio(word, w) >= TYPO for w in own if len(w) >= 4):
            return False
    return True

"""Loaded roles: lookup by slug, and which role a question names ("salary for the staff
backend role?"), fuzzy on titles and company names, fast with a thousand roles loaded."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.errors import KnowledgeError
from bot.knowledge.schema import Role

MAX_CHOICES = 5
_WORD = re.compile(r"[^\W_]+(?:[+#]+)?", re.UNICODE)
# Words that say the message refers to a role at all.
_ROLE_WORDS = frozenset(
    [
        "role",
        "roles",
        "job",
        "jobs",
        "position",
        "positions",
        "opening",
        "openings",
        "vacancy",
        "posting",
        "one",
        "post",
    ]
)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "for",
        "of",
        "at",
        "in",
        "on",
        "and",
        "or",
        "to",
        "with",
        "is",
        "are",
        "my",
        "your",
        "this",
        "that",
    ]
)
MIN_COVERAGE = 0.6
# A capitalised word after the first one: "does Remote sponsor visas?" names the company.
_CAPITALISED = re.compile(r"(?<=\s)[A-Z][\w'-]*")
# Title words too common to pick a role on their own ("is this a senior role?").
GENERIC_TITLE_WORDS = frozenset(
    [
        "senior", "sr", "junior", "jr", "remote", "lead", "principal", "staff", "mid",
        "level", "engineer", "engineers", "developer", "developers", "software", "urgent",
        "contract", "full", "time", "hybrid", "i", "ii", "iii", "iv", "new", "head",
    ]
)  # fmt: skip


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if w not in _STOP]


@dataclass(frozen=True, slots=True)
class Named:
    """Roles a message seems to name, best first (several when it is ambiguous)."""

    roles: tuple[Role, ...]
    score: float
    words: frozenset[str] = frozenset()  # the message's words that named them (casefolded)


class RoleIndex:
    """All loaded roles, with an inverted index over title and company words."""

    def __init__(self, roles: Sequence[Role], common: frozenset[str] = frozenset()) -> None:
        """``common``: everyday words (the catalogue's vocabulary). A company called by one
        ("Remote", "Block") is named only when the message capitalises it mid-sentence, so
        "is this remote?" stays a question about remote work."""
        self.roles = tuple(roles)
        self._common = common
        self.by_slug = {r.slug: r for r in self.roles}
        self._title_words: list[list[str]] = []
        self._company_words: list[list[str]] = []
        postings: dict[str, set[int]] = defaultdict(set)
        for i, role in enumerate(self.roles):
            title = _words(role.title)
            company = _words(role.identity.company or "")
            self._title_words.append(title)
            self._company_words.append(company)
            for w in (*title, *company):
                postings[w].add(i)
        n = max(1, len(self.roles))
        self._postings = dict(postings)
        self._idf = {w: math.log(1 + n / len(ids)) for w, ids in postings.items()}
        self._vocab = [w for w in self._postings if len(w) >= 4]

    def __len__(self) -> int:
        return len(self.roles)

    def get(self, slug: str) -> Role | None:
        return self.by_slug.get(slug)

    def choices(self, roles: Sequence[Role] | None = None) -> tuple[tuple[str, str], ...]:
        """(slug, "title at company") of up to five roles, for "which role do you mean?"."""
        picked = self.roles if roles is None else roles
        return tuple((r.slug, label(r)) for r in picked[:MAX_CHOICES])

    def _known(self, word: str) -> str | None:
        if word in self._postings:
            return word
        if len(word) < 4 or not self._vocab:
            return None
        hit = process.extractOne(word, self._vocab, scorer=fuzz.ratio, score_cutoff=86)
        return hit[0] if hit else None

    def named(self, text: str) -> Named | None:
        """The role(s) the message names, or None when it names none (or only one is loaded)."""
        if len(self.roles) < 2:
            return None
        words = _words(text[:500])
        known = {k for w in words if (k := self._known(w)) is not None}
        if not known:
            return None
        candidates: set[int] = set()
        for w in known:
            candidates |= self._postings[w]
        has_role_word = any(w in _ROLE_WORDS for w in words)
        proper = {fold for w in _CAPITALISED.findall(text[:500]) for fold in _words(w)}
        scored: list[tuple[float, float, int]] = []
        for i in candidates:
            title = self._title_words[i]
            total = sum(self._idf[w] for w in title) or 1.0
            hit = sum(self._idf[w] for w in title if w in known)
            coverage = hit / total
            weight = hit
            company = self._company_words[i]
            by_company = (
                bool(company)
                and all(w in known for w in company)
                and (
                    any(w not in self._common for w in company) or all(w in proper for w in company)
                )
            )
            if by_company:
                coverage = max(coverage, 0.7 + 0.3 * coverage)
            full = coverage >= 0.95
            if coverage >= MIN_COVERAGE and (has_role_word or full or by_company):
                scored.append((coverage, weight, i))
        if not scored:
            return self._before_role_word(words)
        # Best coverage first; among equals, the title that used more of the message
        # ("Senior Software Engineer - Golang" over "Senior Software Engineer").
        scored.sort(key=lambda x: (-round(x[0], 2), -x[1], x[2]))
        best, best_weight, _ = scored[0]
        close = [
            self.roles[i]
            for s, w, i in scored
            if best - s <= 0.05 and best_weight - w <= 0.05 * best_weight
        ]
        picked = tuple(close[:MAX_CHOICES])
        return Named(picked, best, self._naming_words(words, picked))

    def _naming_words(self, words: list[str], roles: tuple[Role, ...]) -> frozenset[str]:
        """The message words that are (fuzzily) words of these roles' titles or companies."""
        own = {w for r in roles for w in (*_words(r.title), *_words(r.identity.company or ""))}
        return frozenset(w for w in words if self._known(w) in own)

    def _before_role_word(self, words: list[str]) -> Named | None:
        """ "the backend role": roles whose title has every word just before a role word."""
        for p, word in enumerate(words):
            if word not in _ROLE_WORDS:
                continue
            phrase: list[str] = []
            for w in reversed(words[max(0, p - 4) : p]):
                known = self._known(w)
                if known is None:
                    break
                phrase.append(known)
            if not phrase or all(w in GENERIC_TITLE_WORDS for w in phrase):
                continue
            ids = set.intersection(*(self._postings[w] for w in phrase))
            if ids:
                ranked = sorted(ids, key=lambda i: (len(self._title_words[i]), i))
                picked = tuple(self.roles[i] for i in ranked[:MAX_CHOICES])
                return Named(picked, 0.5, self._naming_words(words, picked))
        return None


def label(role: Role) -> str:
    """``"Senior Backend Engineer at Monzo"``."""
    company = role.identity.company
    return f"{role.title} at {company}" if company else role.title


def load_roles(directory: str | Path) -> list[Role]:
    """Roles from a knowledge folder: the builder's loader when present, else plain YAML."""
    try:
        from bot.knowledge import store
    except ImportError:
        return _load_yaml(Path(directory))
    return list(store.load_roles(Path(directory)))


def load_one(path: Path) -> list[Role] | None:
    """The single role in ``path`` (overrides and Q&A applied), or None if there is no file."""
    if not path.is_file() or path.name == "intents.yaml":
        return None
    try:
        from bot.knowledge import store
    except ImportError:
        return None
    return [store.load_role(path)]


def _load_yaml(directory: Path) -> list[Role]:
    import yaml

    from bot.knowledge.schema import RoleFile

    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: no such knowledge folder")
    roles: list[Role] = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "intents.yaml":
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or "role" not in data:
                continue
            roles.append(RoleFile.model_validate(data).role)
        except Exception as exc:  # wrapped with the file name
            raise KnowledgeError(f"{path}: not a valid knowledge file: {exc}") from exc
    return roles

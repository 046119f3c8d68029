"""Loaded roles: lookup by slug, and which role a question names ("salary for the staff
backend role?"), fuzzy on titles and company names, fast with ten thousand roles loaded (numpy
over an inverted index of title and company words; role files are parsed on first use)."""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from bot.knowledge.index import RoleEntry, entry_of
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


def content_words(text: str) -> list[str]:
    """The words of ``text`` beyond stop words and words for "role" ("the data one" -> data)."""
    return [w for w in _words(text) if w not in _ROLE_WORDS]


@dataclass(frozen=True, slots=True)
class Named:
    """Roles a message seems to name, best first (several when it is ambiguous)."""

    roles: tuple[RoleEntry, ...]
    score: float
    words: frozenset[str] = frozenset()  # the message's words that named them (casefolded)


Loader = Callable[[RoleEntry], Role]
KEEP_PARSED = 512  # parsed roles kept in memory (the most recently used)
_KNOWN_CACHE = 4096


class RoleIndex:
    """All loaded roles, with an inverted index over title and company words.

    Built from parsed roles (tests, small folders) or from compiled index entries
    (:mod:`bot.knowledge.index`) with a ``load`` function that parses a role file on first use;
    then only the roles a conversation actually uses are in memory.
    """

    def __init__(
        self,
        roles: Sequence[Role | RoleEntry],
        common: frozenset[str] = frozenset(),
        *,
        load: Loader | None = None,
    ) -> None:
        """``common``: everyday words (the catalogue's vocabulary). A company called by one
        ("Remote", "Block") is named only when the message capitalises it mid-sentence, so
        "is this remote?" stays a question about remote work."""
        entries: list[RoleEntry] = []
        self._pinned: dict[str, Role] = {}
        for item in roles:
            if isinstance(item, Role):
                entries.append(entry_of(item))
                self._pinned.setdefault(item.slug, item)
            else:
                entries.append(item)
        self.entries = tuple(entries)
        self._load = load
        self._parsed: OrderedDict[str, Role] = OrderedDict()
        self._common = common
        self.by_slug: dict[str, RoleEntry] = {}
        for entry in self.entries:
            self.by_slug.setdefault(entry.slug, entry)
        # Occurrences (role, word id) of title words and of (distinct) company words, then
        # each word's roles as one slice of a sorted array: no per-word objects, so building
        # this for 10,000 roles takes a fraction of a second.
        self._word_ids: dict[str, int] = {}
        ids = self._word_ids
        t_roles: list[int] = []
        t_words: list[int] = []
        c_roles: list[int] = []
        c_words: list[int] = []
        n = len(self.entries)
        company_len = np.zeros(n, dtype=np.int64)
        uncommon = np.zeros(n, dtype=bool)
        for i, entry in enumerate(self.entries):
            for w in _words(entry.title):
                t_roles.append(i)
                t_words.append(ids.setdefault(w, len(ids)))
            if entry.company:
                company = set(_words(entry.company))
                company_len[i] = len(company)
                uncommon[i] = any(w not in common for w in company)
                for w in company:
                    c_roles.append(i)
                    c_words.append(ids.setdefault(w, len(ids)))
        v = max(1, len(ids))
        t_role_arr = np.asarray(t_roles, dtype=np.int64)
        t_word_arr = np.asarray(t_words, dtype=np.int64)
        c_role_arr = np.asarray(c_roles, dtype=np.int64)
        c_word_arr = np.asarray(c_words, dtype=np.int64)
        pairs = np.unique(
            np.concatenate([t_role_arr * v + t_word_arr, c_role_arr * v + c_word_arr])
        )
        docs = np.bincount(pairs % v, minlength=v)
        self._idf = np.log1p(max(1, n) / np.maximum(docs, 1))
        self._total = np.bincount(t_role_arr, weights=self._idf[t_word_arr], minlength=n)
        self._total[self._total <= 0] = 1.0
        self._titles = _Postings(t_role_arr, t_word_arr, v)
        self._companies = _Postings(c_role_arr, c_word_arr, v)
        self._company_len = company_len
        self._uncommon = uncommon
        self._vocab = sorted((w for w in ids if len(w) >= 4), key=len)
        self._vocab_lengths = [len(w) for w in self._vocab]
        self._known_cache: dict[str, str | None] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, slug: str) -> bool:
        return slug in self.by_slug

    def get(self, slug: str) -> Role | None:
        """The role of ``slug`` (parsed on first use), or None when there is no such role."""
        entry = self.by_slug.get(slug)
        if entry is None:
            return None
        pinned = self._pinned.get(slug)
        if pinned is not None:
            return pinned
        role = self._parsed.get(slug)
        if role is not None:
            self._parsed.move_to_end(slug)
            return role
        if self._load is None:
            return None
        role = self._load(entry)
        self._parsed[slug] = role
        if len(self._parsed) > KEEP_PARSED:
            self._parsed.popitem(last=False)
        return role

    def reload(self, slug: str) -> None:
        """Read ``slug``'s file again on next use (a recruiter added Q&A to it), when this
        index can load role files; a role given as an object stays as given."""
        if self._load is not None:
            self._parsed.pop(slug, None)
            self._pinned.pop(slug, None)

    def only(self) -> Role | None:
        """The role when exactly one is loaded."""
        return self.get(self.entries[0].slug) if len(self.entries) == 1 else None

    def companies(self) -> set[str]:
        return {e.company for e in self.entries if e.company}

    def choices(
        self, roles: Sequence[Role | RoleEntry] | None = None
    ) -> tuple[tuple[str, str], ...]:
        """(slug, "title at company") of up to five roles, for "which role do you mean?"."""
        picked: Sequence[Role | RoleEntry] = self.entries if roles is None else roles
        return tuple((r.slug, label(r)) for r in picked[:MAX_CHOICES])

    def closest(self, slug: str, limit: int = MAX_CHOICES) -> list[str]:
        """The known slugs most like ``slug`` (a mistyped ``--role``), best first."""
        hits = process.extract(slug, list(self.by_slug), scorer=fuzz.WRatio, limit=limit)
        return [hit[0] for hit in hits]

    def _known(self, word: str) -> str | None:
        if word in self._word_ids:
            return word
        if len(word) < 4 or not self._vocab:
            return None
        if word in self._known_cache:
            return self._known_cache[word]
        # fuzz.ratio >= 86 needs lengths within about a quarter of each other.
        low = bisect_left(self._vocab_lengths, math.ceil(len(word) * 0.75))
        high = bisect_right(self._vocab_lengths, math.floor(len(word) * 1.33))
        hit = process.extractOne(word, self._vocab[low:high], scorer=fuzz.ratio, score_cutoff=86)
        found = hit[0] if hit else None
        if len(self._known_cache) < _KNOWN_CACHE:
            self._known_cache[word] = found
        return found

    def named(self, text: str) -> Named | None:
        """The role(s) the message names, or None when it names none (or only one is loaded)."""
        n = len(self.entries)
        if n < 2:
            return None
        words = _words(text[:500])
        known = {k for w in words if (k := self._known(w)) is not None}
        if not known:
            return None
        has_role_word = any(w in _ROLE_WORDS for w in words)
        proper = {fold for w in _CAPITALISED.findall(text[:500]) for fold in _words(w)}
        known_ids = [self._word_ids[w] for w in known]
        in_titles = [w for w in known_ids if self._titles.count(w)]
        hit: np.ndarray[Any, Any] = np.zeros(n, dtype=np.float64)
        if in_titles:
            roles = np.concatenate([self._titles.roles(w) for w in in_titles])
            weights = np.concatenate(
                [np.full(self._titles.count(w), self._idf[w]) for w in in_titles]
            )
            hit = np.bincount(roles, weights=weights, minlength=n)
        coverage = hit / self._total
        in_companies = [w for w in known_ids if self._companies.count(w)]
        if in_companies:
            proper_ids = {self._word_ids[w] for w in proper if w in self._word_ids}
            named_words = self._companies.hits(in_companies, n)
            said = self._companies.hits([w for w in in_companies if w in proper_ids], n)
            by_company = (
                (self._company_len > 0)
                & (named_words == self._company_len)
                & (self._uncommon | (said == self._company_len))
            )
            coverage = np.where(by_company, np.maximum(coverage, 0.7 + 0.3 * coverage), coverage)
        else:
            by_company = np.zeros(n, dtype=bool)
        ok = (coverage >= MIN_COVERAGE) & (has_role_word | (coverage >= 0.95) | by_company)
        picked_ids = np.flatnonzero(ok)
        if not len(picked_ids):
            return self._before_role_word(words)
        # Best coverage first; among equals, the title that used more of the message
        # ("Senior Software Engineer - Golang" over "Senior Software Engineer").
        cov = coverage[picked_ids]
        order = picked_ids[np.lexsort((picked_ids, -hit[picked_ids], -np.round(cov, 2)))]
        best, best_weight = float(coverage[order[0]]), float(hit[order[0]])
        close: list[RoleEntry] = []
        for i in order:
            if best - coverage[i] <= 0.05 and best_weight - hit[i] <= 0.05 * best_weight:
                close.append(self.entries[i])
                if len(close) == MAX_CHOICES:
                    break
        picked = tuple(close)
        return Named(picked, best, self._naming_words(words, picked))

    def _ids(self, word: str) -> set[int]:
        w = self._word_ids.get(word)
        if w is None:
            return set()
        return {*self._titles.roles(w).tolist(), *self._companies.roles(w).tolist()}

    def _naming_words(self, words: list[str], roles: tuple[RoleEntry, ...]) -> frozenset[str]:
        """The message words that are (fuzzily) words of these roles' titles or companies."""
        own = {w for r in roles for w in (*_words(r.title), *_words(r.company or ""))}
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
            ids = set.intersection(*(self._ids(w) for w in phrase))
            if ids:
                ranked = sorted(ids, key=lambda i: (len(_words(self.entries[i].title)), i))
                picked = tuple(self.entries[i] for i in ranked[:MAX_CHOICES])
                return Named(picked, 0.5, self._naming_words(words, picked))
        return None


class _Postings:
    """Which roles hold each word: the roles sorted by word id, and each word's slice."""

    __slots__ = ("_roles", "_start")

    def __init__(self, roles: np.ndarray[Any, Any], words: np.ndarray[Any, Any], v: int) -> None:
        order = np.argsort(words, kind="stable")
        self._roles = roles[order]
        self._start = np.concatenate([[0], np.cumsum(np.bincount(words, minlength=v))])

    def count(self, word: int) -> int:
        return int(self._start[word + 1] - self._start[word])

    def roles(self, word: int) -> np.ndarray[Any, Any]:
        return self._roles[self._start[word] : self._start[word + 1]]

    def hits(self, words: list[int], n: int) -> np.ndarray[Any, Any]:
        """How many of ``words`` each role holds."""
        if not words:
            return np.zeros(n, dtype=np.int64)
        return np.bincount(np.concatenate([self.roles(w) for w in words]), minlength=n)


def label(role: Role | RoleEntry) -> str:
    """``"Senior Backend Engineer at Monzo"``."""
    company = role.identity.company if isinstance(role, Role) else role.company
    return f"{role.title} at {company}" if company else role.title

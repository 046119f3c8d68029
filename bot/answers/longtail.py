"""The long tail: a job question no intent covers, answered by quoting the posting.

BM25 over the role's sentences with a light stemmer, plus a few precise topic cues
("report to", "travel", "union", "401(k)", "on-call"…) that say which sentences can answer
which questions. A quote is returned only behind its own gate: enough of the question's
content words found in one sentence (or a topic cue hit), otherwise ``None``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+(?:\([a-z0-9]+\))?")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _wordset(
    """a about above after again all also am an and any are as at be because been being
    but by can could did do does doing done for from get gets got had has have having he her
    here hers him his how i if in into is it its itll ive just let like ll me might more most
    much my no nor not now of off on once only or other our ours out over own please re
    really s same shall she should so some such t than that the their theirs them then there
    these they this those through to too u under until up us very ve was we were what whats
    when where which while who whom why will with would you your yours yourself d m im id
    role job position company posting ad advert tell know want need there thing things
    someone anyone one ok okay hi hey yes ever still kind sort"""
)
# Words too common in postings to carry a question on their own.
GENERIC = _wordset(
    """work working team teams people engineer engineers engineering product products
    experience new make build time year years day days week good great best help use using
    opportunity company business world customer customers"""
)
# Job-related cue words: a question must contain one (or hit a topic cue) to be quoted at.
JOB_CUES = _wordset(
    """job role position work working team manager boss report reporting travel union
    unionised unionized 401k pension insurance overtime oncall call shift shifts office
    career promotion promotions progression review reviews laptop equipment contract hire
    hiring hired interview apply application salary pay bonus leave holiday employee
    employees employer staff colleague colleagues onboarding training mentor mentoring
    mentorship clearance background check relocation visa remote hybrid benefit benefits
    perks hours company startup funding funded investors customers product stack tech
    code engineers engineering department lead title responsibilities duties expectations
    culture values mission performance probation notice start starting timezone time zone
    language english meetings meeting commute flexible parental maternity paternity sick
    equity stock options shares vesting"""
)


@dataclass(frozen=True, slots=True)
class Cue:
    """A long-tail topic: questions it covers and the sentences that can answer them.

    ``exclusive`` topics are ones no catalogue intent answers ("how much travel?"): when
    such a question has no answering sentence the reply says the posting doesn't cover it,
    rather than letting a look-alike intent answer something else.
    """

    key: str
    topic: str
    question: re.Pattern[str]
    sentence: re.Pattern[str]
    exclusive: bool = True


def _cue(key: str, topic: str, question: str, sentence: str, exclusive: bool = True) -> Cue:
    return Cue(key, topic, re.compile(question, re.I), re.compile(sentence, re.I), exclusive)


CUES: tuple[Cue, ...] = (
    _cue(
        "report",
        "who the role reports to",
        r"\breport(ing)?\b.*\bto\b|\b(line|hiring|my) manager\b|\bboss\b|\breporting line"
        r"|\bmanager be\b",
        # The hire's manager, not "engineers that will report to you" or "research reports
        # to the sales team".
        r"^(?!.*\breport(ing)? (in)?to you\b)(?=.*(\b(you('ll| will)|this (role|position)"
        r"|(role|position|hire|person|engineer|candidate|lead|manager|developer) will|would) (be )?"
        r"report(ing)? (in)?to\b|\b(role|position|person|hire|engineer|you|who|this \w+) reports"
        r" (in)?to\b|(^|[,;:] ?|\b(team|and|while|as|by) )reporting (in)?to\b|\breporting line\b"
        r"|\breport to:))",
    ),
    _cue(
        "travel",
        "travel",
        r"\btravel",
        # Travel the job asks for, not a perk ("travel insurance", "$1,000 travel stipend") or
        # the company's market ("our portfolio of travel brands").
        r"^(?!.*\btravel\s+(insurance|perks?|stipends?|allowances?|discounts?|credits?|vouchers?"
        r"|brands?|industry|sites?|booking|agency|agencies|companies|platform|products?))"
        r"(?=.*(\b(willing(ness)?|able|ability|expected|required|requirement|need|needs|requires?"
        r"|involves?|must|may|might|will|can|to) (be )?(to )?travel\b|\b(domestic|international"
        r"|occasional|occasionally|frequent|regular|some|minimal|limited|overnight|business|no"
        r"|any|extensive|quarterly|annual|mandatory) travel\b|\btravel(l?ing)? (to|up to|required"
        r"|requirements?|expectations?|is|will|may|of up|\d|\()|\d+\s?%.{0,25}\btravel"
        r"|\btravel\b.{0,25}\d+\s?%|^\W*travel\b))",
    ),
    _cue("union", "unions", r"\bunion", r"\bunion(s|i[sz]ed)?\b|collective bargaining"),
    _cue("oncall", "on-call", r"\bon[- ]?call\b|\bpager\b", r"\bon[- ]?call\b|\bpager"),
    _cue(
        "equipment",
        "equipment",
        r"\blaptop|\bequipment\b|\bmacbook|\bhardware\b|\bmonitor\b",
        # Given to the hire ("we provide a MacBook"), not sold by the company ("companies
        # that provide equipment to their employees").
        r"^(?=.*\b(laptops?|macbooks?|equipment|hardware)\b)(?=.*\b(we (provide|give|ship|offer)"
        r"|provided|given|shipped|receive|budget|stipend|allowance|company[- ]issued|of your"
        r"\s+choice|we('ll| will)|you('ll| will) (get|receive)))",
    ),
    _cue(
        "background",
        "background checks",
        r"\bbackground check|\bclearance\b|\bdrug (test|screen)|\bcriminal|\bdbs\b",
        r"\bbackground (check|screen)|\bclearance\b|\bdrug (test|screen)|\bcriminal record",
    ),
    _cue("dress", "dress code", r"\bdress code\b|\bwear\b", r"\bdress code\b|\bdress\b"),
    _cue(
        "timezone",
        "time zones",
        r"\btime ?zones?\b|\butc\b|\bgmt\b",
        r"\btime ?zones?\b|\butc\b|\bgmt\b|\b(EST|PST|CET)\b|\boverlap",
    ),
    _cue(
        "funding",
        "funding",
        r"\bfunding|\binvestors?\b|\bseries [a-e]\b|\braised\b|\bprofitable\b",
        r"\bfunding|\binvestors?\b|\bseries [a-e]\b|\braised\b|\bprofitab",
    ),
    _cue(
        "progression",
        "career progression",
        r"\bpromot(ion|ed)|\bprogression|\bcareer (path|growth|ladder)",
        r"\bcareer (path|growth|ladder|development|progression)|\bprogression framework"
        r"|\bpromotion (cycle|process|path)s?|\bopportunit(y|ies) for (growth|advancement)",
    ),
    _cue("mentoring", "mentoring", r"\bmentor", r"\bmentor"),
    _cue("overtime", "overtime", r"\bovertime\b|\bweekends?\b", r"\bovertime\b|\bweekends?\b"),
    _cue("shifts", "shift work", r"\bshifts?\b", r"\bshifts?\b"),
    _cue(
        "language",
        "language requirements",
        r"\benglish\b|\bspeak\b",
        r"\benglish\b|\bfluen",
        exclusive=False,
    ),
)


CUES_BY_KEY = {c.key: c for c in CUES}
# One search rules out most questions before the cues are tried one by one, in order.
_ANY_CUE = re.compile("|".join(f"(?:{c.question.pattern})" for c in CUES), re.I)


def cue_for(question: str) -> Cue | None:
    """The first long-tail topic a question asks about, if any."""
    if not _ANY_CUE.search(question):
        return None
    return next((c for c in CUES if c.question.search(question)), None)


def stem(word: str) -> str:
    """A light English stemmer: "unionised" -> "union", "reporting" -> "report"; a plural
    loses its "s" first, so "timings" and "timing" meet."""
    once = _stem_once(word)
    return _stem_once(once) if once != word and word.endswith("s") else once


def _stem_once(word: str) -> str:
    for suffix in ("isation", "ization", "ised", "ized", "ising", "izing", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
                word = word[:-1]
            break
    return word


def terms(text: str) -> list[str]:
    """Stemmed content words of ``text``."""
    words = _WORD.findall(text.casefold().replace("’", "").replace("'", ""))
    out = []
    for w in words:
        w = w.replace("(", "").replace(")", "")
        if w not in STOPWORDS and len(w) > 1:
            out.append(stem(w))
    return out


def looks_job_related(text: str) -> bool:
    """Whether a question mentions anything job-like (so a quote may be attempted)."""
    words = set(_WORD.findall(text.casefold().replace("(", "").replace(")", "")))
    stems = {stem(w) for w in words}
    return bool(words & JOB_CUES or stems & {stem(c) for c in JOB_CUES}) or any(
        c.question.search(text) for c in CUES
    )


# Sentences quoted for a topic cue ("what's the on-call like?"): enough to carry the details
# a posting spreads over a few lines (rotation lengths, weekend shifts).
MAX_QUOTED = 3


@dataclass(frozen=True, slots=True)
class Quote:
    sentences: tuple[str, ...]
    score: float  # in [0, 1]
    # Content words of the question (beyond the topic cue) that no quoted sentence contains:
    # the quote is about the topic but doesn't settle what was asked ("a night shift
    # *allowance*" against "Shift timing: 5pm to 2am").
    missing: tuple[str, ...] = ()


class SentenceIndex:
    """BM25 over one role's sentences."""

    k1 = 1.2
    b = 0.75

    def __init__(self, sentences: Sequence[str], subject: str = "") -> None:
        self.sentences = tuple(sentences)
        # The job's own name ("Machine Learning Engineer (Credit Modeling)"): its words are
        # what every sentence is about, so they are no evidence that one answers a question.
        self.subject = frozenset(terms(subject))
        self.docs = [Counter(terms(s)) for s in self.sentences]
        n = len(self.docs)
        df: Counter[str] = Counter()
        for doc in self.docs:
            df.update(doc.keys())
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        lengths = [sum(d.values()) for d in self.docs]
        self.avg = (sum(lengths) / n) if n else 1.0
        self.lengths = lengths

    def _bm25(self, i: int, query: Sequence[str]) -> float:
        doc, length = self.docs[i], self.lengths[i]
        score = 0.0
        for t in set(query):
            tf = doc.get(t, 0)
            if tf:
                norm = (
                    tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * length / self.avg))
                )
                score += self.idf[t] * norm
        return score

    def quote(self, question: str) -> Quote | None:
        """The best sentence(s) answering ``question``, or None when nothing clears the gate."""
        if not self.sentences:
            return None
        query = list(dict.fromkeys(terms(question)))
        cues = [c for c in CUES if c.question.search(question)]
        if cues:
            hits = [
                i for i, s in enumerate(self.sentences) if any(c.sentence.search(s) for c in cues)
            ]
            if hits:
                distinct = list({self.sentences[i]: i for i in reversed(hits)}.values())
                top = sorted(distinct, key=lambda i: -self._bm25(i, query))[:MAX_QUOTED]
                said = " ".join(m.group(0) for c in cues if (m := c.question.search(question)))
                topic = set(terms(said))
                missing = tuple(
                    t
                    for t in query
                    if t not in GENERIC
                    and t not in topic
                    and not any(t in self.docs[i] for i in top)
                )
                return Quote(tuple(self.sentences[i] for i in sorted(top)), 0.8, missing)
            return None
        content = [t for t in query if t not in GENERIC and t not in self.subject]
        if len(content) < 2:
            return None
        scored = sorted(((self._bm25(i, query), i) for i in range(len(self.docs))), reverse=True)
        _, best = scored[0]
        matched = [t for t in content if t in self.docs[best]]
        coverage = len(matched) / len(content)
        if len(matched) < 2 or coverage < 0.6:
            return None
        return Quote((self.sentences[best],), min(1.0, 0.4 + 0.5 * coverage))

"""Compose an :class:`~bot.models.Answer` from a match result and a role's facts.

Decides between a fixed reply (smalltalk / out of scope), rendered facts (one or several job
intents), a recruiter's own Q&A, a long-tail quote, or an honest "I'm not sure" with
"did you mean …" suggestions. Platform-free and pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.answers import qa
from bot.answers.evidence import Evidence
from bot.answers.guards import PLACE_INTENTS, PLACE_WORDS, VISA_CUE
from bot.answers.longtail import Cue, SentenceIndex, cue_for, looks_job_related
from bot.answers.places import find_place
from bot.answers.policy import POLICY
from bot.answers.render import check_answer, render
from bot.answers.text import Rendered, pointer, sources
from bot.errors import KnowledgeError
from bot.knowledge.schema import Role
from bot.matching import Catalogue, Intent
from bot.models import Answer, MatchResult

DEFAULT_TOPICS = (
    "salary", "remote", "visa", "relocation", "interview_process", "tech_stack", "benefits",
    "requirements", "apply",
)  # fmt: skip
CACHE_SIZE = 2048
APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."


def check_catalogue(catalogue: Catalogue) -> None:
    """Every job intent names a renderer (and argument) that exists, else ``path:line``."""
    for intent in catalogue.intents:
        if intent.kind != "job" or intent.answer is None:
            continue
        problem = check_answer(intent.answer)
        if problem is not None:
            raise KnowledgeError(f"{catalogue.where(intent.id)}: intent {intent.id!r}: {problem}")


class Composer:
    """Turns match results into answers for one catalogue."""

    def __init__(
        self, catalogue: Catalogue, tokens: Callable[[str], Sequence[str]] | None = None
    ) -> None:
        check_catalogue(catalogue)
        self.catalogue = catalogue
        self.evidence = Evidence(catalogue, tokens or (lambda text: text.casefold().split()))
        self.intents: dict[str, Intent] = {i.id: i for i in catalogue.intents}
        # Per-role caches keyed by (slug, id(role)): roles are immutable and live as long
        # as the assistant that loaded them.
        self._answerable: dict[tuple[str, int], tuple[str, ...]] = {}
        self._indexes: dict[tuple[str, int], SentenceIndex] = {}

    # -- fixed replies ----------------------------------------------------------------------

    def reply(self, intent: Intent, match: MatchResult, role: Role | None) -> Answer:
        """Smalltalk or out-of-scope: the catalogue's fixed reply, never a job fact."""
        suggestions = self.labels(DEFAULT_TOPICS[:3]) if intent.kind == "smalltalk" else ()
        return Answer(
            answered=intent.kind == "smalltalk",
            text=intent.reply or "",
            intent=intent.id,
            intents=(intent.id,),
            confidence=match.confidence,
            role=role.slug if role else None,
            suggestions=suggestions,
        )

    def fixed_fits(self, intent_id: str, match: MatchResult) -> bool:
        """Whether a fixed (non-job) intent may answer: out-of-scope always; smalltalk only
        when every content word of the message is its own ("thanks, bye" but not "is there
        a night shift allowance?", which only shares "night" with "good night")."""
        kind = self.intents[intent_id].kind
        if kind == "job":
            return False
        return kind != "smalltalk" or self.evidence.covers((intent_id,), match.normalized)

    # -- job intents ------------------------------------------------------------------------

    def job_intents(
        self, match: MatchResult, ignore: frozenset[str] = frozenset()
    ) -> tuple[str, ...]:
        """The job intents to answer: accepted ones, or the two top candidates when the
        matcher hesitated between two job topics that are both likely. An intent that shares
        no content word with the question is dropped (see :mod:`bot.answers.evidence`);
        ``ignore`` lists words that are no evidence either way (employers' names). A named
        place is evidence for the place topics ("I'm in Liverpool, could I do this job?")."""
        found = self._job_intents(match)
        placed = any(i in PLACE_INTENTS for i in found) and find_place(match.normalized)
        kept = [
            i
            for i in found
            if self.evidence.supports(i, match.normalized, ignore)
            or (placed and i in PLACE_INTENTS)
        ]
        # "I'm in Spain, can I apply?": applying from a named place asks where the role is open.
        if (
            "apply" in kept
            and not set(kept) & PLACE_INTENTS
            and "work_from_place" in self.intents
            and find_place(match.normalized)
        ):
            kept.insert(kept.index("apply"), "work_from_place")
        # "I'm from India, can I get permission to work in Britain?" is about both.
        if (
            set(kept) & PLACE_INTENTS
            and "visa" not in kept
            and "visa" in self.intents
            and VISA_CUE.search(match.normalized)
        ):
            kept.append("visa")
        return tuple(kept)

    def _job_intents(self, match: MatchResult) -> tuple[str, ...]:
        accepted = tuple(i for i in match.accepted if self._kind(i) == "job")
        if len(accepted) == 1 and len(match.accepted) == 1 and match.confidence < POLICY.sure_alone:
            # "pay for a senior engineer?": a close job runner-up is answered too.
            runner = next((c for c in match.candidates if c.intent != accepted[0]), None)
            if (
                runner is not None
                and self._kind(runner.intent) == "job"
                and runner.score >= POLICY.soft_score
                and match.confidence - runner.score < POLICY.close_runner
            ):
                return (accepted[0], runner.intent)
        if accepted or match.accepted:
            return accepted
        if self._about_a_place(match):
            return ("work_from_place",)
        ranked = [c for c in match.candidates if c.intent in self.intents]
        if len(ranked) >= 2:
            first, second = ranked[0], ranked[1]
            if (
                first.score >= POLICY.soft_score
                and second.score >= POLICY.soft_second
                and self._kind(first.intent) == "job"
                and self._kind(second.intent) == "job"
            ):
                return (first.intent, second.intent)
        return ()

    def _about_a_place(self, match: MatchResult) -> bool:
        """ "I'm in Bristol, is that ok?": a named place plus living/working words, when the
        matcher found nothing else (and nothing out of scope) is a work-from-place question."""
        if "work_from_place" not in self.intents or not PLACE_WORDS.search(match.normalized):
            return False
        top = match.candidates[0] if match.candidates else None
        if (
            top is not None
            and self._kind(top.intent) == "oos"
            and top.score >= POLICY.suggest_score
        ):
            return False
        return find_place(match.normalized) is not None

    def answer(
        self, role: Role, intent_ids: Sequence[str], question: str, confidence: float
    ) -> Answer:
        """Render each intent for the role and join the parts."""
        parts: list[Rendered] = []
        seen_answers: set[str] = set()
        for intent_id in intent_ids:
            intent = self.intents[intent_id]
            name = intent.answer or intent.id
            if name in seen_answers:
                continue
            seen_answers.add(name)
            rendered = render(role, name, question)
            if rendered is not None and rendered.text not in (p.text for p in parts):
                parts.append(rendered)
        if not parts:
            return self.not_sure(role, None, question)
        return Answer(
            answered=any(p.answered for p in parts),
            text="\n\n".join(p.text for p in parts),
            intent=intent_ids[0],
            intents=tuple(intent_ids),
            confidence=confidence,
            role=role.slug,
            sources=sources(*(p.sources for p in parts)),
            suggestions=self.suggest(role, intent_ids),
            apply_url=role.identity.apply_url,
        )

    def qa_answer(self, role: Role, question: str) -> Answer | None:
        """The recruiter's own answer when the question is close to one of theirs."""
        hit = qa.find(role, question)
        if hit is None:
            return None
        entry, score = hit
        return Answer(
            answered=True,
            text=entry.answer,
            intent="qa",
            intents=("qa",),
            confidence=score,
            role=role.slug,
            suggestions=self.suggest(role, ()),
            apply_url=role.identity.apply_url,
        )

    def longtail(self, role: Role, question: str, match: MatchResult | None) -> Answer | None:
        """Quote the posting for a job question no intent covers, behind its own gate."""
        top = match.candidates[0] if match is not None and match.candidates else None
        if (
            top is not None
            and self._kind(top.intent) != "job"
            and top.score >= POLICY.longtail_block
        ):
            return None
        if not looks_job_related(question):
            return None
        quote = _index(self, role).quote(question)
        if quote is None:
            return None
        quoted = " ".join(f"“{s.strip()}”" for s in quote.sentences)
        text = (
            f"The closest the posting comes to that: {quoted} "
            f"For anything more specific, ask {pointer(role)}."
        )
        if quote.missing:
            text = (
                f"The posting doesn't settle that. The closest it comes: {quoted} "
                f"Please ask {pointer(role)}."
            )
        return Answer(
            answered=not quote.missing,
            text=text,
            intent="longtail",
            intents=("longtail",),
            confidence=quote.score,
            role=role.slug,
            sources=quote.sentences,
            suggestions=self.suggest(role, ()),
            apply_url=role.identity.apply_url,
        )

    def cue(self, role: Role, question: str) -> tuple[Cue, Answer] | None:
        """For a question about a topic no intent covers ("how much travel?"): the quote
        that answers it, or an honest "the posting doesn't say anything about travel"."""
        cue = cue_for(question)
        if cue is None or not cue.exclusive:
            return None
        quoted = self.longtail(role, question, None)
        if quoted is not None:
            return cue, quoted
        text = f"The posting doesn't say anything about {cue.topic}. Please ask {pointer(role)}."
        answer = Answer(
            answered=False,
            text=text,
            intent="longtail",
            intents=("longtail",),
            role=role.slug,
            suggestions=self.suggest(role, ()),
            apply_url=role.identity.apply_url,
        )
        return cue, answer

    # -- not understood ---------------------------------------------------------------------

    def not_sure(
        self, role: Role | None, match: MatchResult | None, question: str, *, read: bool = True
    ) -> Answer:
        """An honest "I'm not sure", with the likeliest job topics as "did you mean …".

        ``read=False``: part of the question could not be read (another language), so it is
        never called off-topic.
        """
        guesses: list[str] = []
        if match is not None:
            guesses = [
                c.intent
                for c in match.candidates
                if c.score >= POLICY.suggest_score and self._kind(c.intent) == "job"
            ][:3]
        labels = self.labels(guesses) if guesses else self.labels(DEFAULT_TOPICS[:4])
        ask = f" For anything else, please ask {pointer(role)}." if role is not None else ""
        if role is not None and looks_job_related(question):
            lead = "I couldn't find anything about that in the posting."
            ask = f" Please ask {pointer(role)}."
            if guesses:
                ask += f" (Or did you mean: {', '.join(labels)}?)"
        elif guesses or not read:
            lead = f"I'm not sure I understood. Did you mean: {', '.join(labels)}?"
        else:
            lead = (
                "Sorry, I can only answer questions about the job: for example "
                f"{', '.join(label.lower() for label in labels)}."
            )
        return Answer(
            answered=False,
            text=lead + ask,
            confidence=match.confidence if match else 0.0,
            role=role.slug if role else None,
            suggestions=labels,
        )

    # -- topics -----------------------------------------------------------------------------

    def labels(self, intent_ids: Sequence[str]) -> tuple[str, ...]:
        return tuple(self.intents[i].label for i in intent_ids if i in self.intents)

    def suggest(self, role: Role, asked: Sequence[str]) -> tuple[str, ...]:
        """Two or three follow-up topics this role can answer, related to what was asked."""
        pool: list[str] = []
        for intent_id in asked:
            intent = self.intents.get(intent_id)
            pool.extend(intent.related if intent is not None else ())
        pool.extend(DEFAULT_TOPICS)
        available = set(answerable(self, role))
        picked: list[str] = []
        for intent_id in pool:
            if intent_id not in asked and intent_id in available and intent_id not in picked:
                picked.append(intent_id)
            if len(picked) == 3:
                break
        return self.labels(picked)

    def _kind(self, intent_id: str) -> str:
        intent = self.intents.get(intent_id)
        return intent.kind if intent is not None else "oos"


def combine(first: Answer, second: Answer) -> Answer:
    """Two answers to one message, as one answer."""
    return Answer(
        answered=first.answered or second.answered,
        text=f"{first.text}\n\n{second.text}",
        intent=first.intent,
        intents=(*first.intents, *second.intents),
        confidence=min(first.confidence, second.confidence or first.confidence),
        role=first.role,
        sources=sources(first.sources, second.sources),
        suggestions=first.suggestions,
        apply_url=first.apply_url,
    )


def answerable(composer: Composer, role: Role) -> tuple[str, ...]:
    """Job intents this role's facts answer (cached per role)."""
    key = (role.slug, id(role))
    cached = composer._answerable.get(key)
    if cached is None:
        out = []
        for intent in composer.catalogue.intents:
            if intent.kind != "job" or intent.id == "work_from_place":
                continue
            rendered = render(role, intent.answer or intent.id, "")
            if rendered is not None and rendered.answered:
                out.append(intent.id)
        cached = tuple(out)
        if len(composer._answerable) > CACHE_SIZE:
            composer._answerable.clear()
        composer._answerable[key] = cached
    return cached


def _index(composer: Composer, role: Role) -> SentenceIndex:
    key = (role.slug, id(role))
    index = composer._indexes.get(key)
    if index is None:
        if len(composer._indexes) > CACHE_SIZE:
            composer._indexes.clear()
        subject = f"{role.title} {role.identity.company or ''}"
        index = composer._indexes[key] = SentenceIndex(role.sentences, subject)
    return index

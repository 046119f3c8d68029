"""The answer pipeline: an ordered list of steps, each ``check(ctx) -> Hit | None`` and then
``answer(ctx, hit)``. The first step whose check hits answers the message.

Order: a guard (injection, customer support, off-topic) → a fixed reply (smalltalk / out of
scope) → the role (or a question asking which one) → the recruiter's own Q&A → a long-tail
topic cue → the matched job intents → a long-tail quote → "not sure". Thresholds come from
:data:`bot.answers.policy.POLICY`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.answers.compose import Composer, combine
from bot.answers.guards import customer_support, injection, not_about_the_job
from bot.answers.policy import POLICY, Policy
from bot.knowledge.schema import Role
from bot.models import Answer, MatchResult


@dataclass(slots=True)
class Context:
    """What the steps look at: the message, its match, and what earlier steps settled."""

    text: str
    match: MatchResult
    jobs: tuple[str, ...]
    composer: Composer
    # The conversation's role if already known, without asking (for fixed replies).
    quiet_role: Callable[[], Role | None]
    # The role the question is about, or an Answer asking which one (may remember state).
    choose_role: Callable[[], Role | Answer]
    policy: Policy = POLICY
    role: Role | None = field(default=None)


@dataclass(frozen=True, slots=True)
class Hit:
    """A step's check result, carried to its ``answer``."""

    value: object = None


class Step(Protocol):
    name: str

    def check(self, ctx: Context) -> Hit | None: ...

    def answer(self, ctx: Context, hit: Hit) -> Answer: ...


class Guard:
    """Prompt injection, customer support and other off-topic requests: a fixed decline."""

    name = "guard"

    def check(self, ctx: Context) -> Hit | None:
        if injection(ctx.text):
            elsewhere: str | None = "oos_assistant"
        elif customer_support(ctx.text):
            elsewhere = "oos_banking"
        else:
            elsewhere = not_about_the_job(ctx.text)
        return Hit(elsewhere) if elsewhere in ctx.composer.intents else None

    def answer(self, ctx: Context, hit: Hit) -> Answer:
        intent = ctx.composer.intents[str(hit.value)]
        return ctx.composer.reply(intent, ctx.match, ctx.quiet_role())


class FixedReply:
    """Smalltalk or out-of-scope intents that fit the message, when no job topic does."""

    name = "fixed reply"

    def check(self, ctx: Context) -> Hit | None:
        fixed = [i for i in ctx.match.accepted if ctx.composer.fixed_fits(i, ctx.match)]
        return Hit(fixed[0]) if fixed and not ctx.jobs else None

    def answer(self, ctx: Context, hit: Hit) -> Answer:
        intent = ctx.composer.intents[str(hit.value)]
        return ctx.composer.reply(intent, ctx.match, ctx.quiet_role())


class RoleChoice:
    """The role the question is about; when it can't be told, the answer asks which."""

    name = "role choice"

    def check(self, ctx: Context) -> Hit | None:
        chosen = ctx.choose_role()
        if isinstance(chosen, Answer):
            return Hit(chosen)
        ctx.role = chosen
        return None

    def answer(self, ctx: Context, hit: Hit) -> Answer:
        assert isinstance(hit.value, Answer)
        return hit.value


class RecruiterQA:
    """The recruiter's own answer to a question close to one of theirs."""

    name = "recruiter Q&A"

    def check(self, ctx: Context) -> Hit | None:
        assert ctx.role is not None
        found = ctx.composer.qa_answer(ctx.role, ctx.text)
        return Hit(found) if found is not None else None

    def answer(self, ctx: Context, hit: Hit) -> Answer:
        assert isinstance(hit.value, Answer)
        return hit.value


class TopicCue:
    """A long-tail topic no intent covers ("how much travel?"): its quote, or an honest
    "the posting doesn't say", next to a matched job intent when that is sure."""

    name = "topic cue"

    def check(self, ctx: Context) -> Hit | None:
        assert ctx.role is not None
        topic = ctx.composer.cue(ctx.role, ctx.text)
        return Hit(topic[1]) if topic is not None else None

    def answer(self, ctx: Context, hit: Hit) -> Answer:
        assert ctx.role is not None and isinstance(hit.value, Answer)
        about_topic = hit.value
        if not ctx.jobs or ctx.match.confidence < ctx.policy.sure:
            return about_topic
        both = ctx.composer.answer(ctx.role, ctx.jobs, ctx.text, ctx.match.confidence)
        if set(about_topic.sources) <= set(both.sources) or both.text == about_topic.text:
            return both  # the matched intent already quoted this topic
        return combine(both, about_topic)


class JobIntents:
    """The matched job intents rendered from the role's facts; a topic the posting doesn't
    state may still be answered by a sentence quoting the exact question."""

    name = "job intents"

    def check(self, ctx: Context) -> Hit | None:
        return Hit(ctx.jobs) if ctx.jobs else None

    def answer(self, ctx: Context, hit: Hit) -> Answer:
        assert ctx.role is not None
        composer, match = ctx.composer, ctx.match
        answer = composer.answer(ctx.role, ctx.jobs, ctx.text, match.confidence)
        if not answer.answered and not composer.evidence.covers(ctx.jobs, match.normalized):
            return composer.longtail(ctx.role, ctx.text, match) or answer
        return answer


class LongTail:
    """A job question no intent covers, answered by quoting the posting behind its gate."""

    name = "long tail"

    def check(self, ctx: Context) -> Hit | None:
        assert ctx.role is not None
        quoted = ctx.composer.longtail(ctx.role, ctx.text, ctx.match)
        return Hit(quoted) if quoted is not None else None

    def answer(self, ctx: Context, hit: Hit) -> Answer:
        assert isinstance(hit.value, Answer)
        return hit.value


class NotSure:
    """An honest "I'm not sure", with the likeliest topics as "did you mean …"."""

    name = "not sure"

    def check(self, ctx: Context) -> Hit | None:
        return Hit()

    def answer(self, ctx: Context, hit: Hit) -> Answer:
        return ctx.composer.not_sure(ctx.role, ctx.match, ctx.text)


STEPS: tuple[Step, ...] = (
    Guard(),
    FixedReply(),
    RoleChoice(),
    RecruiterQA(),
    TopicCue(),
    JobIntents(),
    LongTail(),
    NotSure(),
)


def run(ctx: Context, steps: Sequence[Step] = STEPS) -> Answer:
    """The answer of the first step whose check hits."""
    for step in steps:
        hit = step.check(ctx)
        if hit is not None:
            return step.answer(ctx, hit)
    return ctx.composer.not_sure(ctx.role, ctx.match, ctx.text)

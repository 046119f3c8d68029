"""The facade adapters use: questions in, answers out, with the conversation's chosen role.

``Assistant.from_settings(settings)`` loads the roles and the intent catalogue once;
``ask(Question) -> Answer`` is the one catch point per incoming message: an unexpected error
is logged with its traceback and answered with a fixed apology, never raised to the adapter.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.answers.choice import Picked, pick
from bot.answers.compose import (
    APOLOGY,
    DEFAULT_TOPICS,
    Composer,
    answerable,
)
from bot.answers.longtail import looks_job_related
from bot.answers.pipeline import Context, run
from bot.answers.roles import Named, RoleIndex, content_words, label
from bot.errors import KnowledgeError
from bot.knowledge.index import RoleEntry, WatchedFolder
from bot.knowledge.schema import Role
from bot.matching import Catalogue, Matcher, load_catalogue
from bot.matching.language import Languages
from bot.models import Answer, Question
from bot.ports import ConversationStore, MemoryConversations, Pending

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

MAX_CHARS = 2000
TOO_LONG = (
    "That message is too long for me: please ask one short question at a time "
    f"(under {MAX_CHARS:,} characters)."
)
NO_ROLES = "No roles are loaded yet, so I can't answer questions about a job."


class Assistant:
    """Answers candidates' questions about the loaded roles."""

    def __init__(
        self,
        roles: Sequence[Role | RoleEntry],
        catalogue: Catalogue,
        matcher: Matcher | None = None,
        conversations: ConversationStore | None = None,
        languages: Languages | None = None,
        *,
        load: Callable[[RoleEntry], Role] | None = None,
    ) -> None:
        """``roles``: parsed roles, or index entries with ``load`` to parse one on first use."""
        self.catalogue = catalogue
        self.matcher = matcher if matcher is not None else Matcher(catalogue)
        known = self.matcher.normalizer.vocabulary
        self.languages = languages if languages is not None else Languages.load(known=known)
        self.index = RoleIndex(roles, common=self.matcher.normalizer.vocabulary, load=load)
        self.composer = Composer(catalogue, self.matcher.normalizer.tokens)
        self.conversations: ConversationStore = conversations or MemoryConversations()
        self._employer_words: frozenset[str] | None = None
        self.watched: WatchedFolder | None = None  # set by from_dir: roles are refreshed

    @classmethod
    def from_settings(
        cls, settings: Settings, conversations: ConversationStore | None = None
    ) -> Assistant:
        """Load roles and the catalogue from ``settings.knowledge_dir`` (matcher cached)."""
        from bot.matching.cache import default_cache_dir

        return cls.from_dir(
            settings.knowledge_dir, conversations=conversations, cache_dir=default_cache_dir()
        )

    @classmethod
    def from_dir(
        cls,
        knowledge_dir: str | Path,
        conversations: ConversationStore | None = None,
        *,
        cache_dir: Path | None = None,
    ) -> Assistant:
        """Roles from ``knowledge_dir``; its ``intents.yaml`` if any, else the shipped one.

        Its ``vocab/languages.yaml`` likewise replaces the shipped lexicon of other languages.
        ``cache_dir`` keeps the fitted matcher between processes (fast CLI start-up) and the
        compiled role index when the knowledge folder is read-only. Role files are listed
        through the compiled index (:mod:`bot.knowledge.index`) and parsed on first use, so
        start-up stays fast with thousands of roles.
        """
        folder = Path(knowledge_dir)
        own = folder / "intents.yaml"
        catalogue = load_catalogue(own if own.is_file() else None)
        matcher = Matcher(catalogue, cache_dir=cache_dir)
        watched = WatchedFolder(folder, cache_dir)
        entries = watched.entries()
        lexicon = folder / "vocab" / "languages.yaml"
        languages = Languages.load(
            lexicon if lexicon.is_file() else None, known=matcher.normalizer.vocabulary
        )
        assistant = cls(
            entries,
            catalogue,
            matcher,
            conversations=conversations,
            languages=languages,
            load=watched.load,
        )
        assistant.watched = watched
        return assistant

    # -- questions --------------------------------------------------------------------------

    def ask(self, question: Question) -> Answer:
        """Answer one message; never raises."""
        try:
            self._refresh_roles()
            return self._if_closed(self._ask(question))
        except Exception:
            log.exception("could not answer a message in %s", question.conversation)
            return Answer(answered=False, text=APOLOGY)

    def _if_closed(self, answer: Answer) -> Answer:
        """An answer about a role whose posting left its source says so first (no apply link)."""
        role = self.index.get(answer.role) if answer.role else None
        closed = role.identity.closed if role is not None else None
        if closed is None:
            return answer
        note = f"This role is no longer open (it closed on {closed:%d %B %Y})."
        return replace(answer, text=f"{note} What its posting said: {answer.text}", apply_url=None)

    def _refresh_roles(self) -> None:
        """Pick up roles added, removed or replaced in the knowledge folder since start-up."""
        if self.watched is None:
            return
        try:
            entries = self.watched.changed()
        except KnowledgeError:
            log.exception("the knowledge folder changed but cannot be read; keeping the roles")
            return
        if entries is not None:
            common = self.matcher.normalizer.vocabulary
            self.index = RoleIndex(entries, common=common, load=self.watched.load)
            self._employer_words = None

    def _ask(self, question: Question) -> Answer:
        text = question.text if isinstance(question.text, str) else ""
        if len(text) > MAX_CHARS:
            return Answer(answered=False, text=TOO_LONG)
        if not text.strip() or not any(ch.isalnum() for ch in text):
            return self._help()
        settled = self._reply_to_which(question, text)
        if settled is not None:
            return settled
        # Another language: match its English words; the English reply says so in it.
        reading = self.languages.read(text)
        if not reading.note:
            return self._answer(question)
        answer = self._answer(replace(question, text=reading.text))
        declined = self._declined(answer)
        if reading.partial or (declined and (reading.unread or looks_job_related(reading.text))):
            # What was read can't decide alone, and English-only guards don't judge the rest
            # of a translation: "what is job title?" is no general-knowledge question.
            role = self._quiet_role(question)
            answer = self.composer.not_sure(
                role, self.matcher.match(reading.text), reading.text, read=False
            )
        return reading.mark(answer)

    def _declined(self, answer: Answer) -> bool:
        """Whether ``answer`` calls the message off-topic (an out-of-scope intent, or "not
        sure" without a job topic) rather than answering or asking which role."""
        if answer.answered or answer.choices:
            return False
        intent = self.composer.intents.get(answer.intent or "")
        return answer.intent is None or (intent is not None and intent.kind == "oos")

    def _answer(self, question: Question) -> Answer:
        text = question.text
        named = self.index.named(text)
        asked = _separated(_without(text, named.words) if named is not None else text)
        match = self.matcher.match(asked)
        ctx = Context(
            text=text,
            match=match,
            jobs=self.composer.job_intents(match, self._employers()),
            composer=self.composer,
            quiet_role=lambda: self._quiet_role(question),
            choose_role=lambda: self._chosen_role(question, text, named),
        )
        return run(ctx)

    def _chosen_role(self, question: Question, text: str, named: Named | None) -> Role | Answer:
        """The role of a job question; a "which role?" answer is remembered with the question."""
        role_or_choice = self._role(question, named)
        if isinstance(role_or_choice, Answer):
            self._remember(question, text, role_or_choice)
        return role_or_choice

    def _employers(self) -> frozenset[str]:
        """The loaded roles' company names as matcher tokens (computed once, on first use)."""
        if self._employer_words is None:
            companies = self.index.companies()
            tokens = self.matcher.normalizer.tokens
            self._employer_words = frozenset(t for c in companies for t in tokens(c))
        return self._employer_words

    def _help(self) -> Answer:
        try:
            intent = self.catalogue.get("help")
        except KeyError:
            text = "Ask me about the job: salary, remote work, visas, interviews, the tech stack…"
        else:
            text = intent.reply or ""
        return Answer(
            answered=False,
            text=text,
            intent="help",
            suggestions=self.composer.labels(DEFAULT_TOPICS[:4]),
        )

    # -- roles ------------------------------------------------------------------------------

    def _quiet_role(self, question: Question) -> Role | None:
        """The conversation's role if it is already known (no questions asked)."""
        slug = question.role or self.conversations.get_role(question.conversation)
        role = self.index.get(slug) if slug else None
        if role is None:
            return self.index.only()
        return role

    def _role(self, question: Question, named: Named | None) -> Role | Answer:
        """The role a job question is about, or an answer asking which one."""
        if not len(self.index):
            return Answer(answered=False, text=NO_ROLES)
        if question.role:
            role = self.index.get(question.role)
            if role is not None:
                return role
        chosen = self.conversations.get_role(question.conversation)
        current = self.index.get(chosen) if chosen else None
        if named is not None:
            if current is not None and current.slug in {e.slug for e in named.roles}:
                return current
            if len(named.roles) == 1:
                picked = self.index.get(named.roles[0].slug)
                if picked is not None:
                    self.conversations.set_role(question.conversation, picked.slug)
                    return picked
            return self._which(named.roles)
        if current is not None:
            return current
        only = self.index.only()
        if only is not None:
            return only
        return self._which(None)

    def _which(self, roles: Sequence[RoleEntry] | None) -> Answer:
        choices = self.index.choices(roles)
        lines = [f"{n}. {title} ({slug})" for n, (slug, title) in enumerate(choices, 1)]
        more = "" if roles is not None else f"\n({len(self.index)} roles are open: choose one.)"
        return Answer(
            answered=False,
            text="Which role do you mean?\n" + "\n".join(lines) + more,
            choices=choices,
        )

    # -- "which role do you mean?" and the question waiting for the answer --------------------

    def _remember(self, question: Question, text: str, which: Answer) -> None:
        """Keep the question that made the bot ask which role, with the roles offered."""
        if which.choices and not question.role:
            slugs = tuple(slug for slug, _ in which.choices)
            self.conversations.set_pending(question.conversation, Pending(text, slugs))

    def _reply_to_which(self, question: Question, text: str) -> Answer | None:
        """When the bot asked "which role?", a reply with the number, title or company (or
        naming just one loaded role) picks it and answers the question that was waiting;
        a reply that fits several offered roles narrows the list; anything else is a new
        message (and the waiting question is dropped)."""
        if question.role:
            return None
        pending = self.conversations.get_pending(question.conversation)
        if pending is None:
            return None
        offered = [e for s in pending.choices if (e := self.index.by_slug.get(s)) is not None]
        picked = pick(text, offered)
        if picked is None:
            named = self.index.named(text)
            if named is not None and len(named.roles) == 1 and _only_names(text, named):
                picked = Picked(named.roles[0])
        if picked is None:
            self.conversations.set_pending(question.conversation, None)
            return None
        if picked.role is None:
            narrowed = self._which(picked.fits)
            self._remember(Question(pending.question, question.conversation), pending.question,
                           narrowed)  # fmt: skip
            return narrowed
        return self._answer_pending(question.conversation, picked.role.slug, pending)

    def _answer_pending(self, conversation: str, slug: str, pending: Pending) -> Answer:
        role = self.index.get(slug)
        if role is None:
            return self._which(None)
        self.conversations.set_pending(conversation, None)
        self.conversations.set_role(conversation, role.slug)
        answer = self._ask(Question(pending.question, conversation=conversation, role=slug))
        return replace(answer, text=f"OK, {label(role)}. {answer.text}", role=role.slug)

    def roles(self) -> list[tuple[str, str]]:
        """(slug, title) of every loaded role."""
        return [(e.slug, e.title) for e in self.index.entries]

    def choose_role(self, conversation: str, slug: str) -> Answer:
        """Make ``slug`` the conversation's role and say so, with topics to ask about."""
        role = self.index.get(slug)
        pending = self.conversations.get_pending(conversation)
        if role is not None and pending is not None:
            return self._answer_pending(conversation, role.slug, pending)
        if role is None:
            named = self.index.named(f"{slug.replace('-', ' ')} role")
            roles = named.roles if named is not None else None
            return Answer(
                answered=False,
                text=f"I don't know a role called {slug!r}. Which role do you mean?",
                choices=self.index.choices(roles),
            )
        self.conversations.set_role(conversation, role.slug)
        return Answer(
            answered=True,
            text=f"OK: questions here are now about {label(role)}. What would you like to know?",
            role=role.slug,
            suggestions=self.composer.suggest(role, ()),
            apply_url=role.identity.apply_url,
        )

    def summary(self, conversation: str) -> Answer:
        """Welcome / App Home text: which role, what to ask, and the apply link."""
        role = self._quiet_role(Question("", conversation=conversation))
        if role is None:
            if not len(self.index):
                return Answer(answered=False, text=NO_ROLES)
            return Answer(
                answered=True,
                text=(
                    "Hi! I'm the hiring assistant. I answer questions about our open roles, "
                    "with the source from the posting. Which role are you interested in?"
                ),
                choices=self.index.choices(),
            )
        labels = self.composer.suggest(role, ())
        text = (
            f"Hi! I'm the hiring assistant for {label(role)}. Ask me anything about it, "
            f"for example: {', '.join(x.lower() for x in labels)}."
        )
        return Answer(
            answered=True, text=text, role=role.slug, suggestions=labels,
            apply_url=role.identity.apply_url,
        )  # fmt: skip

    # -- topics -----------------------------------------------------------------------------

    def topics(self, role: str | None = None) -> list[tuple[str, str]]:
        """(intent id, label) of the job topics the role's posting answers."""
        picked = self.index.get(role) if role else None
        if picked is None:
            picked = self.index.only()
        if picked is None:
            return [(i, self.composer.intents[i].label) for i in DEFAULT_TOPICS]
        return [(i, self.composer.intents[i].label) for i in answerable(self.composer, picked)]

    def answer_topic(self, conversation: str, intent_id: str) -> Answer:
        """Answer a topic button: the intent rendered for the conversation's role."""
        try:
            intent = self.composer.intents.get(intent_id)
            if intent is None:
                return Answer(answered=False, text=f"I don't know the topic {intent_id!r}.")
            question = Question("", conversation=conversation)
            if intent.kind != "job":
                return Answer(
                    answered=intent.kind == "smalltalk", text=intent.reply or "", intent=intent.id
                )
            role = self._role(question, None)
            if isinstance(role, Answer):
                return role
            return self._if_closed(self.composer.answer(role, (intent.id,), "", 1.0))
        except Exception:
            log.exception("could not answer topic %s in %s", intent_id, conversation)
            return Answer(answered=False, text=APOLOGY)


# "salary / equity / learning budget", "visa & relocation": list separators between topics.
_SEPARATOR = re.compile(r"\s+[/&+|]\s+|(?<=[^\W\d_]{3})/(?=[^\W\d_]{3})")


def _separated(text: str) -> str:
    """``text`` with list separators between topics turned into commas, so each is a clause."""
    return _SEPARATOR.sub(", ", text)


def _only_names(text: str, named: Named) -> bool:
    """The message does nothing but name the role ("the Globex data role")."""
    return all(w in named.words for w in content_words(text))


def _without(text: str, words: frozenset[str]) -> str:
    """``text`` without the words that named a role, so they don't sway the matcher."""
    if not words:
        return text
    pattern = r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b"
    stripped = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return stripped if any(ch.isalnum() for ch in stripped) else text

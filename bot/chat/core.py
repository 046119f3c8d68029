"""The chat core: ``Chat.handle(Incoming) -> list[Reply]`` for every message, command and
button of every platform.

Adapters translate payloads to :class:`~bot.chat.messages.Incoming` and render the returned
:class:`~bot.chat.messages.Reply` objects; everything else (which command does what, who
may run it, what the user reads) is decided here once. :meth:`Chat.handle` is the one catch
point: a :class:`~bot.errors.UsageError` is shown to the user as written, any other error is
logged with a short id and the user gets the fixed apology quoting that id.
"""

from __future__ import annotations

import logging
import shlex
import time
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from bot.chat import texts
from bot.chat.access import is_recruiter, may_run_recruiter_command
from bot.chat.messages import (
    ASK,
    BUTTON_KINDS,
    FORGET,
    HELPFUL,
    HUMAN,
    ROLE,
    TOPIC,
    UNHELPFUL,
    Button,
    Home,
    InboxItem,
    Incoming,
    Reply,
)
from bot.chat.ports import AssistantPort, CommandsPort, HandoffPort, InboxPort, JournalPort
from bot.errors import UsageError
from bot.models import Answer, Question

log = logging.getLogger(__name__)

Handler = Callable[["Chat", Incoming], list[Reply]]


def new_error_id() -> str:
    """A short id that ties the user's apology to the logged traceback."""
    return uuid.uuid4().hex[:8]


class Chat:
    """Platform-neutral chat handling over the core services."""

    def __init__(
        self,
        assistant: AssistantPort,
        commands: CommandsPort | None = None,
        *,
        recruiters: Collection[str] = (),
        journal: JournalPort | None = None,
        handoffs: HandoffPort | None = None,
        inbox: InboxPort | None = None,
        retention_days: int = 90,
    ) -> None:
        self.assistant = assistant
        self._commands = commands
        self.recruiters = frozenset(recruiters)
        self.journal = journal
        self.handoffs = handoffs
        self.inbox = inbox
        self.retention_days = journal.retention_days if journal else retention_days

    @property
    def commands(self) -> CommandsPort:
        if self._commands is None:
            raise UsageError("That command is not available here.")
        return self._commands

    # -- the one entry point ------------------------------------------------------------

    def handle(self, msg: Incoming) -> list[Reply]:
        """The replies to one incoming message, command or button; never raises."""
        try:
            if self.handoffs is not None:
                routed = self._handed_off(msg, self.handoffs)
                if routed is not None:
                    return routed
            if not msg.addressed:
                return []
            if msg.button is not None:
                return self._button(msg, *msg.button)
            if msg.command is not None:
                handler = COMMANDS.get(msg.command)
                if handler is None:
                    return [Reply(text=texts.UNKNOWN_COMMAND.format(command=msg.command))]
                return handler(self, msg)
            if not msg.text.strip():
                return self.start(msg)
            return self.ask(msg, msg.text)
        except UsageError as exc:
            return [Reply(text=str(exc))]
        except Exception:
            return [self.apology(f"{msg.command or 'message'} from {msg.platform}")]

    def apology(self, what: str, error: BaseException | None = None) -> Reply:
        """Log ``error`` (default: the one being handled) with a new id; the fixed apology
        quoting that id."""
        error_id = new_error_id()
        log.error("handling %s failed [error %s]", what, error_id, exc_info=error or True)
        return Reply(text=texts.APOLOGY.format(error_id=error_id))

    def home(self, user: str) -> Home:
        """The home screen of ``user`` (Slack App Home): summary, topics, roles, notice."""
        notice = self.notice()
        try:
            summary = self.assistant.summary(user)
            topics = tuple(self.assistant.topics(summary.role))
            roles = tuple(self.assistant.roles())
            items: tuple[InboxItem, ...] = ()
            if self.inbox is not None and is_recruiter(user, self.recruiters):
                items = tuple(
                    InboxItem(g.id, g.count, g.question, g.roles) for g in self.inbox.items()
                )
        except Exception:
            text = self.apology("the home screen").text
            return Home(Answer(answered=False, text=text), (), (), notice)
        return Home(summary, roles, topics, notice, items)

    def notice(self) -> str:
        return texts.PRIVACY_NOTICE.format(days=self.retention_days) if self.journal else ""

    # -- questions ----------------------------------------------------------------------

    def ask(self, msg: Incoming, text: str) -> list[Reply]:
        question = Question(text=text, conversation=msg.conversation, user=msg.user or None)
        started = time.perf_counter()
        answer = self.assistant.ask(question)
        latency = time.perf_counter() - started
        entry = None
        if self.journal is not None and msg.user:
            entry = self.journal.record(msg.user, msg.conversation, text, answer, latency)
        return [self._answer(answer, feedback=entry, human=self._offer_human(msg, answer))]

    def _offer_human(self, msg: Incoming, answer: Answer) -> bool:
        """Offer a person under contact answers and after two failures in a row."""
        if self.handoffs is None or not self._same_platform(msg):
            return False
        if answer.intent == "contact":
            return True
        if answer.answered or self.journal is None:
            return False
        recent = self.journal.recent(msg.conversation, 2)
        return len(recent) == 2 and not any(answered for _, _, answered in recent)

    def _same_platform(self, msg: Incoming) -> bool:
        """Handoffs reach a channel on the candidate's own platform only."""
        return self.handoffs is not None and self.handoffs.channel.startswith(msg.platform + ":")

    def _answer(self, answer: Answer, *, feedback: str | None = None, human: bool = False) -> Reply:
        try:
            topics = tuple(self.assistant.topics(answer.role))
        except Exception:
            log.exception("listing topics failed")
            topics = ()
        buttons: tuple[Button, ...] = ()
        if feedback is not None and not answer.choices:  # no 👍/👎 on "which role?"
            buttons = (
                Button("👍", HELPFUL, feedback),
                Button("👎", UNHELPFUL, feedback),
            )
        if human:
            buttons += (Button(texts.HUMAN_BUTTON, HUMAN, "1"),)
        return Reply(text=answer.text, answer=answer, topics=topics, buttons=buttons)

    def start(self, msg: Incoming) -> list[Reply]:
        summary = self.assistant.summary(msg.conversation)
        reply = self._answer(summary)
        replies = [Reply(text=reply.text, answer=summary, topics=reply.topics, welcome=True)]
        if self.journal is not None:
            replies.append(Reply(text=self.notice()))
        return replies

    def _ask_command(self, msg: Incoming) -> list[Reply]:
        if not msg.text.strip():
            return [Reply(text=texts.ASK_USAGE)]
        return self.ask(msg, msg.text.strip())

    def _role(self, msg: Incoming) -> list[Reply]:
        slug = msg.text.strip()
        if slug:
            return [self._answer(self.assistant.choose_role(msg.conversation, slug))]
        roles = tuple(self.assistant.roles())
        if not roles:
            return [Reply(text=texts.NO_ROLES)]
        buttons = tuple(Button(title, ROLE, s) for s, title in roles)
        return [Reply(text=texts.CHOOSE_ROLE, buttons=buttons)]

    # -- buttons ------------------------------------------------------------------------

    def _button(self, msg: Incoming, kind: str, value: str) -> list[Reply]:
        if kind not in BUTTON_KINDS or not value:
            return [Reply(text=texts.UNKNOWN_BUTTON)]
        if kind == TOPIC:
            return [self._answer(self.assistant.answer_topic(msg.conversation, value))]
        if kind == ROLE:
            return [self._answer(self.assistant.choose_role(msg.conversation, value))]
        if kind == ASK:
            return self.ask(msg, value)
        if kind in (HELPFUL, UNHELPFUL):
            return self._feedback(msg, value, kind == HELPFUL)
        if kind == FORGET:
            return self._forget_now(msg)
        if kind == HUMAN:
            return self._human(replace(msg, button=None, command="human"))
        return [Reply(text=texts.UNKNOWN_BUTTON)]  # pragma: no cover - BUTTON_KINDS is closed

    # -- privacy ------------------------------------------------------------------------

    def _feedback(self, msg: Incoming, value: str, helpful: bool) -> list[Reply]:
        if self.journal is None:
            return [Reply(text=texts.FEEDBACK_GONE)]
        if not self.journal.feedback(msg.user, value, helpful):
            return [Reply(text=texts.FEEDBACK_GONE)]
        return [Reply(text=texts.FEEDBACK_THANKS if helpful else texts.FEEDBACK_SORRY)]

    def _mydata(self, msg: Incoming) -> list[Reply]:
        if self.journal is None:
            return [Reply(text=texts.NO_LOG)]
        lines = self.journal.describe(msg.user)
        return [Reply(text="\n".join(lines) if lines else texts.NOTHING_STORED)]

    def _forget(self, msg: Incoming) -> list[Reply]:
        if self.journal is None:
            return [Reply(text=texts.NO_LOG)]
        confirm = Button(texts.FORGET_BUTTON, FORGET, "yes")
        return [Reply(text=texts.FORGET_CONFIRM, buttons=(confirm,))]

    def _forget_now(self, msg: Incoming) -> list[Reply]:
        if self.journal is None:
            return [Reply(text=texts.NO_LOG)]
        # A direct chat's subscription is the user's own; a channel's belongs to the channel
        # (even when the confirmation was only shown to this user).
        mine = [msg.where] if msg.conversation == msg.user and msg.where != msg.user else []
        summary = self.journal.forget(msg.user, [msg.user, *mine])
        return [Reply(text=texts.FORGOTTEN.format(summary=summary))]

    # -- human handoff -----------------------------------------------------------------

    def _human(self, msg: Incoming) -> list[Reply]:
        handoffs = self.handoffs
        if handoffs is None or not msg.user or not self._same_platform(msg):
            return [Reply(text=texts.NO_HANDOFF)]
        history = self.journal.recent(msg.conversation, 3) if self.journal else []
        question = msg.text.strip() or (history[-1][0] if history else "")
        lines = [texts.HANDOFF_HISTORY] if history else [texts.HANDOFF_NO_HISTORY]
        lines += [f"• “{q}” → {a}" for q, a, _ in history]
        handoff_id = handoffs.open(msg.user, msg.conversation)
        request = texts.HANDOFF_REQUEST.format(
            platform=msg.platform, id=handoff_id, question=question or "—",
            history="\n".join(lines),
        )  # fmt: skip
        return [
            Reply(text=texts.HANDOFF_STARTED.format(hours=handoffs.hours)),
            Reply(text=request, to=handoffs.channel, handoff=handoff_id),
        ]

    def _handed_off(self, msg: Incoming, handoffs: HandoffPort) -> list[Reply] | None:
        """Replies for handoff traffic, or None when the message is not part of one."""
        if msg.thread and msg.where == handoffs.channel:
            found = handoffs.by_ref(msg.thread)
            if found is None:
                return None
            if not is_recruiter(msg.user, self.recruiters):
                log.info("not relaying a reply from %s: not in RECRUITERS", msg.user or "?")
                return []
            if msg.text.strip().casefold() in texts.CLOSE_WORDS:
                handoffs.close(found.id)
                return [
                    Reply(text=texts.HANDOFF_CLOSED_CANDIDATE, to=found.conversation),
                    Reply(text=texts.HANDOFF_CLOSED.format(id=found.id)),
                ]
            return [Reply(text=texts.FROM_RECRUITER.format(text=msg.text), to=found.conversation)]
        if msg.command in ("forget", "mydata", "help") or not msg.addressed:
            return None
        active = handoffs.active(msg.conversation)
        if active is None:
            return None
        said = msg.text.strip() or (msg.button[1] if msg.button and msg.button[0] == ASK else "")
        if not said or active.message_ref is None:
            return []  # quiet: the hiring team has the conversation
        text = texts.CANDIDATE_SAYS.format(text=said)
        return [Reply(text=text, to=active.channel, thread=active.message_ref)]

    def posted(self, reply: Reply, message_ref: str) -> None:
        """The adapter posted ``reply`` (a handoff request) as ``message_ref``."""
        if self.handoffs is not None and reply.handoff is not None:
            self.handoffs.posted(reply.handoff, message_ref)

    # -- openings, subscriptions, digests ----------------------------------------------

    def _openings(self, msg: Incoming) -> list[Reply]:
        wanted = msg.text.strip()
        items = tuple(self.commands.openings(wanted))
        if not items:
            empty = texts.NO_OPENINGS_MATCHING if wanted else texts.NO_OPENINGS
            return [Reply(text=empty.format(filter=wanted))]
        heading = texts.OPENINGS_MATCHING if wanted else texts.OPENINGS
        return [Reply(text=heading.format(filter=wanted), openings=items)]

    def _subscribe(self, msg: Incoming) -> list[Reply]:
        if not self._may_manage_subscription(msg):
            return [Reply(text=texts.GROUP_SUBSCRIPTION_REFUSAL)]
        by = msg.user or None
        return [Reply(text=self.commands.subscribe(msg.where, msg.text.strip(), by=by))]

    def _unsubscribe(self, msg: Incoming) -> list[Reply]:
        if not self._may_manage_subscription(msg):
            return [Reply(text=texts.GROUP_SUBSCRIPTION_REFUSAL)]
        return [Reply(text=self.commands.unsubscribe(msg.where))]

    def _may_manage_subscription(self, msg: Incoming) -> bool:
        """A private chat's subscription is its user's; a group's or channel's takes a
        recruiter, a group admin (when the platform says, e.g. Telegram's getChatMember), or
        else the member who subscribed it (anyone while nobody has)."""
        if not msg.in_group or is_recruiter(msg.user, self.recruiters):
            return True
        if msg.admin is not None:
            allowed = msg.admin
        else:
            owner = self.commands.subscriber(msg.where)
            allowed = owner is None or owner == msg.user
        if not allowed:
            log.warning("refused a subscription change by %s in %s", msg.user or "?", msg.where)
        return allowed

    def _digest(self, msg: Incoming) -> list[Reply]:
        if not may_run_recruiter_command(msg.user, msg.private, self.recruiters):
            log.warning("refused /digest from %s in %s", msg.user or "?", msg.where)
            return [Reply(text=texts.REFUSAL)]
        return [Reply(text=self.commands.digest(words(msg.text), msg.user))]

    # -- the recruiters' inbox -------------------------------------------------------

    def _recruiter_inbox(self, msg: Incoming) -> InboxPort:
        if self.inbox is None:
            raise UsageError(texts.NO_INBOX)
        if not may_run_recruiter_command(msg.user, msg.private, self.recruiters):
            log.warning("refused /%s from %s in %s", msg.command, msg.user or "?", msg.where)
            raise UsageError(texts.RECRUITERS_ONLY)
        return self.inbox

    def _inbox(self, msg: Incoming) -> list[Reply]:
        groups = self._recruiter_inbox(msg).items()
        if not groups:
            return [Reply(text=texts.INBOX_EMPTY)]
        lines = [
            f"#{g.id} {g.count}× “{g.question}” ({', '.join(g.roles) or 'no role'})" for g in groups
        ]
        return [Reply(text="\n".join([texts.INBOX_HEADING, *lines, texts.INBOX_HOWTO]))]

    def _inbox_answer(self, msg: Incoming) -> list[Reply]:
        inbox = self._recruiter_inbox(msg)
        group, _, text = msg.text.strip().partition(" ")
        if not group.lstrip("#").isdigit() or not text.strip():
            raise UsageError(texts.ANSWER_USAGE)
        return [Reply(text=inbox.answer(int(group.lstrip("#")), text.strip()))]

    def _inbox_dismiss(self, msg: Incoming) -> list[Reply]:
        inbox = self._recruiter_inbox(msg)
        group = msg.text.strip().lstrip("#")
        if not group.isdigit():
            raise UsageError(texts.DISMISS_USAGE)
        return [Reply(text=inbox.dismiss(int(group)))]

    def _help(self, msg: Incoming) -> list[Reply]:
        return [Reply(text=texts.HELP)]


def words(text: str) -> list[str]:
    """Command arguments split like a shell would (smart quotes count as quotes)."""
    plain = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    try:
        return shlex.split(plain)
    except ValueError as exc:
        raise UsageError(texts.BAD_ARGUMENTS.format(error=exc)) from None


COMMANDS: dict[str, Handler] = {
    "start": Chat.start,
    "help": Chat._help,
    "ask": Chat._ask_command,
    "role": Chat._role,
    "openings": Chat._openings,
    "subscribe": Chat._subscribe,
    "unsubscribe": Chat._unsubscribe,
    "digest": Chat._digest,
    "mydata": Chat._mydata,
    "forget": Chat._forget,
    "human": Chat._human,
    "inbox": Chat._inbox,
    "answer": Chat._inbox_answer,
    "dismiss": Chat._inbox_dismiss,
}


def replies_text(replies: Sequence[Reply]) -> str:
    """All replies as plain text (console, tests)."""
    return "\n".join(r.text for r in replies)

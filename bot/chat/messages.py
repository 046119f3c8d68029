"""The chat core's value objects: what an adapter hands in, and what it renders back."""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import Answer
from bot.ports import OpeningItem

# Button kinds the core understands (an adapter encodes ``kind:value`` in its payload).
TOPIC, ROLE, ASK = "topic", "role", "ask"
HELPFUL, UNHELPFUL = "up", "down"
FORGET = "forget"
HUMAN = "human"
BUTTON_KINDS = frozenset({TOPIC, ROLE, ASK, HELPFUL, UNHELPFUL, FORGET, HUMAN})


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message, command or button press, whatever platform it came from.

    ``user`` is ``platform:id`` (``slack:U1``, ``telegram:42``, ``console:alice``);
    ``conversation`` keys the chosen role (a DM is keyed by its user, a channel by itself);
    ``destination`` is where subscriptions and digests for this chat go (``slack:C1``,
    ``telegram:-100…``). ``private`` means only this user sees the reply (a DM, a private
    chat, an ephemeral Slack response): recruiter commands run only there. ``shared`` says
    the destination is a group or channel (default: not ``private``), and ``admin`` whether
    the platform says the user administers it (None: the platform was not asked).
    """

    user: str
    conversation: str
    text: str = ""
    command: str | None = None  # "ask", "start", "help", "role", "openings", … (no slash)
    button: tuple[str, str] | None = None  # (kind, value) of a pressed button
    private: bool = True
    destination: str | None = None  # defaults to ``conversation``
    thread: str | None = None  # the platform message this one replies to, if any
    shared: bool | None = None
    admin: bool | None = None
    addressed: bool = True  # False: not said to the bot (only handoff threads care)

    @property
    def in_group(self) -> bool:
        return (not self.private) if self.shared is None else self.shared

    @property
    def platform(self) -> str:
        return self.user.partition(":")[0] or self.conversation.partition(":")[0]

    @property
    def where(self) -> str:
        return self.destination or self.conversation


@dataclass(frozen=True, slots=True)
class Button:
    """A platform-neutral button: ``kind`` is one of :data:`BUTTON_KINDS`."""

    label: str
    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One thing to show. Adapters render ``answer`` richly when present, else ``text``.

    ``topics`` maps suggestion labels to intents for the answer's buttons; ``buttons`` are
    extra rows (feedback, confirmations); ``openings`` is a list of roles with ``text`` as
    its heading; ``welcome`` marks the greeting (topic buttons, no sources). ``to`` sends the
    reply somewhere else than the incoming chat (a handoff channel, a candidate), ``thread``
    threads it under that platform message; ``handoff`` asks the adapter to report the
    posted message back (:meth:`bot.chat.Chat.posted`) so replies in its thread relay.
    """

    text: str = ""
    answer: Answer | None = None
    topics: tuple[tuple[str, str], ...] = ()
    buttons: tuple[Button, ...] = ()
    openings: tuple[OpeningItem, ...] | None = None
    welcome: bool = False
    to: str | None = None
    thread: str | None = None
    handoff: int | None = None


@dataclass(frozen=True, slots=True)
class Home:
    """What a home screen (Slack App Home) shows for one user."""

    summary: Answer
    roles: tuple[tuple[str, str], ...]
    topics: tuple[tuple[str, str], ...]
    notice: str
    inbox: tuple[InboxItem, ...] = ()


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One inbox group as a recruiter's home screen lists it."""

    id: int
    count: int
    question: str
    roles: tuple[str, ...]

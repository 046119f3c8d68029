"""Value objects exchanged between the core and the adapters."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Question:
    """A candidate's message as the core sees it, whatever platform it came from."""

    text: str
    conversation: str = "console"  # e.g. "slack:C123", "telegram:42": keys the chosen role
    user: str | None = None
    role: str | None = None  # an explicitly chosen role slug, if any


@dataclass(frozen=True, slots=True)
class IntentMatch:
    """One ranked intent candidate with its score in [0, 1]."""

    intent: str
    score: float


@dataclass(frozen=True, slots=True)
class MatchResult:
    """What the matcher decided for one message.

    ``accepted`` holds the intent(s) that passed the threshold and margin (several for a
    multi-question message); ``candidates`` the ranked runners-up for "did you mean …".
    """

    accepted: tuple[str, ...]
    candidates: tuple[IntentMatch, ...]
    confidence: float
    normalized: str = ""  # the text after typo correction and synonym mapping


@dataclass(frozen=True, slots=True)
class Answer:
    """The core's reply. Adapters render it; they never compose facts themselves.

    ``sources`` are the exact posting sentences behind the answer; ``suggestions`` are
    topic labels for follow-up buttons or "did you mean …"; ``apply_url`` feeds an Apply
    button.
    """

    answered: bool
    text: str
    intent: str | None = None
    intents: tuple[str, ...] = ()
    confidence: float = 0.0
    role: str | None = None
    sources: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    apply_url: str | None = None
    choices: tuple[tuple[str, str], ...] = field(default=())  # (slug, title) when asking which role

    def to_json(self) -> dict[str, object]:
        """The JSON contract of ``python -m bot ask --json``."""
        return {
            "answered": self.answered,
            "intent": self.intent,
            "intents": list(self.intents),
            "confidence": round(self.confidence, 4),
            "role": self.role,
            "text": self.text,
            "sources": list(self.sources),
        }

"""Small text helpers shared by the renderers: money, lists, quotes and the "don't know" line."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.knowledge.schema import Role

_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "INR": "₹", "JPY": "¥", "CAD": "CA$", "AUD": "A$"}
_PERIODS = {
    "year": "a year",
    "month": "a month",
    "week": "a week",
    "day": "a day",
    "hour": "an hour",
}
_EMOJI_LEAD = re.compile(r"^[^\w\"'“‘(£$€]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A renderer's output: whether the posting answered it, the text and its sources."""

    answered: bool
    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Ask:
    """What a renderer may look at besides the role: the question and the answer argument."""

    question: str = ""
    arg: str | None = None


Renderer = Callable[[Role, Ask], Rendered]


def money(amount: float, currency: str | None) -> str:
    """``95000, "GBP"`` -> ``£95,000``; ``30.5, "USD"`` -> ``$30.50``; else ``CHF 1,000``."""
    whole = float(amount).is_integer()
    number = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if currency is None:
        return number
    symbol = _SYMBOLS.get(currency.upper())
    return f"{symbol}{number}" if symbol else f"{currency.upper()} {number}"


def per(period: str | None) -> str:
    """``"year"`` -> ``" a year"`` (with its leading space), ``None`` -> ``""``."""
    return f" {_PERIODS[period]}" if period in _PERIODS else ""


def join(items: Sequence[str], last: str = "and") -> str:
    """``[a, b, c]`` -> ``"a, b and c"``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def clean_fact(text: str) -> str:
    """A posting phrase without leading emoji/bullets and trailing spaces, for running text."""
    return _EMOJI_LEAD.sub("", text.strip()).strip()


def sentence(text: str) -> str:
    """Capitalise the first letter and make sure the text ends with punctuation."""
    text = clean_fact(text)
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else f"{text}."


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word looks like a name or an acronym."""
    text = clean_fact(text)
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1:].lower() != first[1:] or first.isupper()):
        return text
    return text[:1].lower() + text[1:]


def sources(*groups: Iterable[str]) -> tuple[str, ...]:
    """Distinct source sentences in first-seen order."""
    seen: dict[str, None] = {}
    for group in groups:
        for s in group:
            if s and s not in seen:
                seen[s] = None
    return tuple(seen)


def pointer(role: Role) -> str:
    """Whom to ask about something the posting does not say."""
    email = role.contact.email if role.contact else None
    if email and not re.match(r"^(no-?reply|do-?not-?reply)@", email, re.I):
        return email
    if role.identity.apply_url:
        return f"the recruiter (apply link: {role.identity.apply_url})"
    company = role.identity.company
    return f"the recruiter at {company}" if company else "the recruiter"


def unknown(role: Role, what: str) -> Rendered:
    """The honest reply for a fact this posting does not state."""
    return Rendered(False, f"The posting doesn't say {what}. Please ask {pointer(role)}.")

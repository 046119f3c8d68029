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


def with_quote(text: str, source: Iterable[str], limit: int = 2) -> str:
    """``text`` followed by the source sentences it doesn't already contain, quoted: a yes
    carries the sentence that states it, with its conditions ("after 6 months")."""
    folded = " ".join(text.casefold().split())
    extra = [
        s
        for s in dict.fromkeys(source)
        if s.strip() and " ".join(clean_fact(s).casefold().split()).rstrip(".") not in folded
    ][:limit]
    if not extra:
        return text
    return f"{text} The posting says: " + " ".join(f"“{sentence(s)}”" for s in extra)


def unknown(role: Role, what: str) -> Rendered:
    """The honest reply for a fact this posting does not state."""
    return Rendered(False, f"The posting doesn't say {what}. Please ask {pointer(role)}.")


def scan(role: Role, pattern: re.Pattern[str], limit: int = 2) -> Rendered | None:
    """Quote the posting's own sentences on a topic whose fact was not extracted."""
    hits = list(dict.fromkeys(s for s in role.sentences if pattern.search(s)))[:limit]
    if not hits:
        return None
    text = "The posting says: " + " ".join(f"“{sentence(s)}”" for s in hits)
    return Rendered(True, text, tuple(hits))


def unknown_unless(role: Role, what: str, pattern: re.Pattern[str]) -> Rendered:
    """A quote of the sentences matching ``pattern`` if any, else the honest "doesn't say"."""
    return scan(role, pattern) or unknown(role, what)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Sentence patterns for facts the extractor may have missed (quoted, never paraphrased).
SCAN = {
    # An amount with a pay word, and none of the money that is not pay (perks, funding).
    "salary": _rx(
        r"^(?=.*(?:[$£€]\s?\d|\b(?:USD|GBP|EUR|CAD|AUD|CHF)\s?\$?\d))"
        r"(?=.*\b(?:salary|salaries|pay|compensation|base|wages?|OTE|day rate|hourly rate)\b)"
        r"(?!.*\b(?:stipend|credit|budget|allowance|reimburs\w*|401\(?k|insurance|funding"
        r"|raised|valuation|revenue|referral|relocation|learning|education|training)\b)"
    ),
    # "Sponsor" only near a work or immigration word ("executive sponsor a team" isn't).
    # Equal-opportunity lists ("citizenship or immigration status") never answer it either.
    "visa": _rx(
        r"^(?!.*\b(discriminat\w*|regardless of|without regard to|equal[- ]opportunit\w*)\b)"
        r"(?=.*(\b(visas?|h-?1bs?|work authori[sz]ation|authori[sz]ed to work|right to work"
        r"|work permits?|immigration)\b|\bsponsor(ship|ing|s)?\b(?=.{0,60}\b(visas?|work"
        r"|employment|h-?1bs?|immigration|candidates?|applicants?|status)\b)))"
    ),
    "relocation": _rx(r"\breloca(te|tion|ting)\b"),
    # Work-model phrases only: a bare "remote" also names remote offices, controls, APIs.
    "remote": _rx(
        r"\b(remote[- ](first|friendly|only|work(ing)?|position|role|job|opportunit\w*|within"
        r"|from|across|based|team|employees?|candidates?)|(fully|100%|full) remote"
        r"|work(ing)? remotely|hybrid (work|role|position|model|schedule|setup|arrangement)"
        r"|on-?site (role|position|job|work)|in-office|in the office|work from home|wfh)\b"
    ),
    "interview": _rx(
        r"\b(interview|hiring|recruitment|selection) process (consists?|includes?|involves?"
        r"|will include|is made up)|\b(first|initial) (call|screen|interview)\b"
        r"|\b(phone|technical|final|onsite|panel|coding) (screen|interview)s?\b"
        # "three stages" only in a sentence about the hiring process ("one step further" isn't).
        r"|^(?=.*\b(\d|one|two|three|four|five) (stages?|steps?|rounds?)\b)"
        r"(?=.*\b(interview\w*|hiring|recruit\w*|selection|process|screen\w*|offer)\b)"
    ),
    "duration": _rx(
        r"^(?=.*\b(process|interviews?|hiring|recruitment)\b)"
        r"(?=.*\b\d+\s*(?:-|–|to)?\s*\d*\s*(days|weeks)\b)"
    ),
    "degree": _rx(
        r"\b(bachelor'?s?|master'?s|masters|BSc|MSc|B\.S\.?|M\.S\.?|Ph\.?D|BA/BS|BS/MS"
        r"|degree in|(university|college|academic) degree|degree (is )?(required|preferred"
        r"|or equivalent))\b"
    ),
    # A budget or programme for the hire's learning, not "web development fundamentals" or
    # "ensuring continuous professional development" as a duty.
    "learning": _rx(
        r"\b(learning|training|education(al)?|conference|development)\s+(budget|stipend"
        r"|allowance|funds?|reimbursement)\b|\bprofessional development (budgets?|stipends?"
        r"|allowances?|funds?|reimbursement|programs?|programmes?|opportunities|support|days?)\b"
        r"|\b(budget|stipend|allowance|reimbursement|funds?) for (professional development"
        r"|learning|training|education|conferences|courses|books)\b|\btuition reimbursement\b"
        r"|\byour (personal and |personal & )?professional development\b"
        r"|^(?=.*\b(benefits|perks)\b).*\bprofessional development\b"
    ),
    "hours": _rx(
        r"\bflexible (hours|working|schedule)|\bworking hours\b|\bcore (hours|time)\b"
        r"|\bflexi-?time|\bflex[- ]?time"
    ),
    # A deadline to apply, not "drive deadline compliance".
    "closing": _rx(
        r"\b(closing date|apply by|applications? (will )?close|open until|(application|applying"
        r"|submission) deadline|deadline (to|for) (apply\w*|applications?|submissions?)"
        r"|no (specific |fixed |set )?deadline)\b"
    ),
}

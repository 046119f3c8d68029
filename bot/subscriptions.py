"""Subscriptions to new openings: filters, their text syntax, and the subscribe commands.

Filter text (chat and CLI alike), words separated by spaces, values with spaces quoted::

    keywords=python,go remote=yes location=uk min_salary=80k currency=GBP skill=Golang
    python go remote            # bare words are title keywords; a bare "remote" is remote=yes

An opening matches when every given filter holds: any keyword appears as a word in the
title; the skill folder is equal; the location text contains the place; remote=yes wants a
remote opening (remote=no the others); min_salary compares the top of the stated range,
per year, in the filter's currency (an opening without a stated salary, or in another
currency, does not match: we never guess a salary). ``currency`` alone keeps openings paid
in it.

One subscription per destination: subscribing again replaces its filters (and reactivates
it); unsubscribing removes it.

Filters are bounded, because any chat user can send them (``/openings``) and every digest
checks them against every new opening: at most :data:`MAX_FILTER_CHARS` characters,
:data:`MAX_KEYWORDS` keywords and :data:`MAX_VALUE_CHARS` characters per value; the keywords
of one filter are one compiled pattern (built once, cached), not a regex per keyword and
opening; and ``/openings`` stops after :data:`OPENINGS_BUDGET` seconds with a polite refusal.
"""

from __future__ import annotations

import functools
import logging
import re
import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.errors import BotError, UsageError
from bot.ports import Destination
from bot.storage import Listing, Opening, Store

KEYS = {
    "keywords": "keywords",
    "keyword": "keywords",
    "kw": "keywords",
    "title": "keywords",
    "skill": "skill",
    "location": "location",
    "loc": "location",
    "where": "location",
    "remote": "remote",
    "min_salary": "min_salary",
    "salary": "min_salary",
    "min": "min_salary",
    "currency": "currency",
}
YES = {"yes", "y", "true", "1", "on", "only"}
NO = {"no", "n", "false", "0", "off"}
SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR"}
PER_YEAR = {"year": 1.0, "month": 12.0, "week": 52.0, "day": 260.0, "hour": 2080.0}
PLACES = {  # a few everyday names for the places postings spell out
    "uk": ("uk", "united kingdom", "england", "scotland", "wales", "britain"),
    "us": ("us", "usa", "united states", "america"),
    "usa": ("us", "usa", "united states", "america"),
    "eu": ("eu", "europe", "emea"),
}
MAX_FILTER_CHARS = 500
MAX_KEYWORDS = 25
MAX_VALUE_CHARS = 60
OPENINGS_BUDGET = 0.5  # seconds of matching one /openings request may cost
log = logging.getLogger(__name__)
T = TypeVar("T")
_MONEY = re.compile(r"^([£$€]?)(\d+(?:[.,]\d+)?)([kK]?)([£$€]?)$")


@dataclass(frozen=True, slots=True)
class Filters:
    """What a subscription (or a schedule) wants; empty filters match every opening."""

    keywords: tuple[str, ...] = ()
    skill: str | None = None
    location: str | None = None
    remote: bool | None = None
    min_salary: float | None = None
    currency: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON stored in ``subscriptions.filters`` / ``schedules.filters`` (no nulls)."""
        data: dict[str, Any] = {
            "keywords": list(self.keywords),
            "skill": self.skill,
            "location": self.location,
            "remote": self.remote,
            "min_salary": self.min_salary,
            "currency": self.currency,
        }
        return {k: v for k, v in data.items() if v not in (None, [])}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Filters:
        data = data or {}
        min_salary = data.get("min_salary")
        remote = data.get("remote")
        keywords = tuple(str(k)[:MAX_VALUE_CHARS] for k in data.get("keywords") or ())
        if len(keywords) > MAX_KEYWORDS:  # stored before the limits existed
            log.warning(
                "filters with %d keywords: only the first %d count", len(keywords), MAX_KEYWORDS
            )
            keywords = keywords[:MAX_KEYWORDS]
        return cls(
            keywords=keywords,
            skill=data.get("skill") or None,
            location=data.get("location") or None,
            remote=None if remote is None else bool(remote),
            min_salary=None if min_salary is None else float(min_salary),
            currency=data.get("currency") or None,
        )

    @property
    def empty(self) -> bool:
        return not self.to_json()

    def describe(self) -> str:
        """A short human summary, e.g. ``keywords python, go; remote; salary ≥ 80,000 GBP``."""
        parts: list[str] = []
        if self.keywords:
            parts.append("keywords " + ", ".join(self.keywords))
        if self.skill:
            parts.append(f"skill {self.skill}")
        if self.location:
            parts.append(f"location {self.location}")
        if self.remote is not None:
            parts.append("remote" if self.remote else "not remote")
        if self.min_salary is not None:
            parts.append(f"salary ≥ {self.min_salary:,.0f} {self.currency or ''}".rstrip())
        elif self.currency:
            parts.append(f"paid in {self.currency}")
        return "; ".join(parts) if parts else "all new openings"

    def matches(self, opening: Opening | Listing) -> bool:
        """True when ``opening`` passes every filter that is set."""
        if self.keywords and not _words_pattern(self.keywords).search(opening.title):
            return False
        if self.skill and (opening.skill or "").casefold() != self.skill.casefold():
            return False
        if self.location and not _in_location(self.location, opening):
            return False
        if self.remote is not None and _is_remote(opening) != self.remote:
            return False
        if self.currency and (opening.salary_currency or "").upper() != self.currency:
            return False
        return self.min_salary is None or _pays_at_least(opening, self.min_salary)


@functools.lru_cache(maxsize=4096)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern finding any of ``words`` as a whole word (case-insensitive)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)


def _has_word(text: str, word: str) -> bool:
    return _words_pattern((word,)).search(text) is not None


def _in_location(wanted: str, opening: Opening | Listing) -> bool:
    names = PLACES.get(wanted.casefold(), (wanted.casefold(),))
    return _words_pattern(names).search(opening.location or "") is not None


def _is_remote(opening: Opening | Listing) -> bool:
    if opening.remote:
        return opening.remote == "remote"
    return _has_word(opening.location or "", "remote") or _has_word(opening.title, "remote")


def _pays_at_least(opening: Opening | Listing, minimum: float) -> bool:
    top = opening.salary_max if opening.salary_max is not None else opening.salary_min
    if top is None:
        return False
    return top * PER_YEAR.get(opening.salary_period or "year", 1.0) >= minimum


def parse_filters(text: str) -> Filters:
    """Parse filter text (see the module doc); a :class:`UsageError` says what is wrong."""
    if len(text) > MAX_FILTER_CHARS:
        raise UsageError(
            f"the filters are too long ({len(text):,} characters): at most {MAX_FILTER_CHARS}"
        )
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise UsageError(f"cannot read the filters: {exc}") from None
    keywords: list[str] = []
    fields: dict[str, Any] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep:
            if word.casefold() == "remote":
                fields["remote"] = True
            else:
                keywords.extend(k for k in word.split(",") if k)
            continue
        name = KEYS.get(key.casefold().replace("-", "_"))
        if name is None:
            raise UsageError(
                f"unknown filter {key!r}: use keywords=, skill=, location=, remote=, "
                "min_salary= or currency="
            )
        value = value.strip()
        if not value:
            raise UsageError(f"filter {key}= needs a value")
        if name == "keywords":
            keywords.extend(k.strip() for k in value.split(",") if k.strip())
        elif name == "remote":
            fields["remote"] = _yes_no(value)
        elif name == "min_salary":
            amount, symbol_currency = _money(value)
            fields["min_salary"] = amount
            if symbol_currency:
                fields.setdefault("currency", symbol_currency)
        elif name == "currency":
            fields["currency"] = _currency(value)
        else:
            fields[name] = value
    if "min_salary" in fields and "currency" not in fields:
        raise UsageError("min_salary needs a currency: add currency=GBP (or write £80k)")
    unique = tuple(dict.fromkeys(keywords))
    if len(unique) > MAX_KEYWORDS:
        raise UsageError(f"too many keywords ({len(unique)}): at most {MAX_KEYWORDS}")
    for given in (*unique, fields.get("location"), fields.get("skill")):
        if isinstance(given, str) and len(given) > MAX_VALUE_CHARS:
            raise UsageError(f"a filter value is too long: at most {MAX_VALUE_CHARS} characters")
    return Filters(keywords=unique, **fields)


class OverBudget(UsageError):
    """Matching took longer than its time budget."""


def budgeted(
    matches: Callable[[T], bool],
    budget: float,
    clock: Callable[[], float] = time.monotonic,
) -> Callable[[T], bool]:
    """``matches`` that raises :class:`OverBudget` once ``budget`` seconds have passed."""
    deadline = clock() + budget

    def check(opening: T) -> bool:
        if clock() > deadline:
            raise OverBudget(
                "that search takes too long to check against every opening; "
                "try fewer or more specific keywords"
            )
        return matches(opening)

    return check


def _yes_no(value: str) -> bool:
    low = value.casefold()
    if low in YES:
        return True
    if low in NO:
        return False
    raise UsageError(f"remote={value} is not yes or no")


def _money(value: str) -> tuple[float, str | None]:
    match = _MONEY.match(value.replace(" ", ""))
    if not match:
        raise UsageError(f"min_salary={value} is not an amount like 80000 or 80k")
    before, number, thousands, after = match.groups()
    amount = float(number.replace(",", "")) * (1000 if thousands else 1)
    symbol = before or after
    return amount, SYMBOLS.get(symbol) if symbol else None


def _currency(value: str) -> str:
    code = SYMBOLS.get(value, value.upper())
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise UsageError(f"currency={value} is not a 3-letter code like GBP, USD or EUR")
    return code


def _destination(raw: str) -> str:
    try:
        return str(Destination.parse(raw))
    except BotError as exc:  # a malformed address is the caller's mistake
        raise UsageError(str(exc)) from None


def subscriber(store: Store, destination: str) -> str | None:
    """Who subscribed ``destination`` (``platform:user``), None when nobody or unknown."""
    found = store.subscriptions.get(_destination(destination))
    return found.subscribed_by if found is not None else None


def add_subscription(
    store: Store, destination: str, filters_text: str, by: str | None = None
) -> str:
    """Subscribe (or re-subscribe) ``destination`` for ``by`` (``platform:user``, its owner
    from now on); a mistake raises :class:`UsageError`."""
    dest = _destination(destination)
    filters = parse_filters(filters_text)
    _, created = store.subscriptions.upsert(dest, filters.to_json(), subscribed_by=by)
    verb = "Subscribed" if created else "Updated the subscription of"
    return f"{verb} {dest} to new openings: {filters.describe()}."


def remove_subscription(store: Store, destination: str) -> str:
    dest = _destination(destination)
    if store.subscriptions.remove(dest):
        return f"Unsubscribed {dest}: no more new-opening messages."
    return f"{dest} had no subscription."


def subscribe(store: Store, destination: str, filters_text: str, by: str | None = None) -> str:
    """Chat command: subscribe ``destination``; the reply text, also for usage mistakes
    (other errors, such as a database failure, propagate to the chat's catch point)."""
    try:
        return add_subscription(store, destination, filters_text, by)
    except UsageError as exc:
        return f"Sorry, I could not subscribe: {exc}"


def unsubscribe(store: Store, destination: str) -> str:
    """Chat command: unsubscribe ``destination``; the reply text."""
    try:
        return remove_subscription(store, destination)
    except UsageError as exc:
        return f"Sorry, I could not unsubscribe: {exc}"


def describe_subscriptions(store: Store) -> list[str]:
    """One line per subscription, inactive ones with the reason they were stopped, then the
    other destinations (of schedules) that failed permanently."""
    lines = []
    subscribed = set()
    for sub in store.subscriptions.list(include_inactive=True):
        subscribed.add(sub.destination)
        line = f"{sub.destination}: {Filters.from_json(sub.filters).describe()}"
        if not sub.active:
            line += f" [inactive: {sub.deactivated_reason or 'deactivated'}]"
        lines.append(line)
    for destination, reason in store.deliveries.failed_destinations().items():
        if destination not in subscribed:
            lines.append(f"{destination}: not subscribed [failed: {reason}]")
    return lines

"""Renderers for the tech stack: the whole stack, one category, or a named technology."""

from __future__ import annotations

import re

from bot.answers.tech import in_stack, mentioned
from bot.answers.text import (
    Ask,
    Rendered,
    clean_fact,
    join,
    pointer,
    sentence,
    sources,
    unknown,
)
from bot.knowledge.schema import Role, TechItem

# The catalogue's "tech:<arg>" -> the TechItem categories it covers, and how to name it.
CATEGORIES: dict[str, tuple[frozenset[str], str]] = {
    "language": (frozenset({"language"}), "programming language"),
    "database": (frozenset({"database"}), "database"),
    "queue": (frozenset({"queue"}), "messaging or queueing technology"),
    "cloud": (frozenset({"cloud", "infrastructure"}), "cloud or infrastructure"),
    "orchestration": (frozenset({"orchestration", "container"}), "container or orchestration tool"),
    "rpc": (frozenset({"rpc"}), "RPC technology"),
    "frontend": (frozenset({"frontend"}), "frontend technology"),
}
MAX_STACK = 14
# A note that says what the item is for once its name is cut off ("Kafka for our queue").
_PURPOSE = re.compile(r"(to|for|as|in|on|with|across|powering|handles?|is|are)\b", re.I)


def _item(item: TechItem) -> str:
    """``Kafka (for our asynchronous message queue)``: the name and what it is used for."""
    note = clean_fact(item.note or "").rstrip(".")
    rest = note[len(item.name) :].strip(" :-–—,")
    if note.casefold().startswith(item.name.casefold()) and _PURPOSE.match(rest):
        note = rest
    if not note or note.casefold() == item.name.casefold():
        return item.name
    return f"{item.name} ({note})"


def _named(role: Role, ask: Ask) -> Rendered | None:
    """Answer "do you use X?" for technologies named in the question, or None if none are."""
    names = mentioned(ask.question, role.tech_stack)
    if not names:
        return None
    yes = [(n, item) for n in names if (item := in_stack(n, role.tech_stack)) is not None]
    no = [n for n in names if in_stack(n, role.tech_stack) is None]
    parts = []
    if yes:
        parts.append("The posting lists " + "; ".join(_item(item) for _, item in yes) + ".")
    if no:
        parts.append(f"The posting doesn't mention {join(no, 'or')}.")
        if role.tech_stack and not yes:
            parts.append(f"The stack it lists: {join([i.name for i in role.tech_stack])}.")
    srcs = sources(*(item.source for _, item in yes))
    if not yes:
        parts.append(f"Ask {pointer(role)} if it matters to you.")
    return Rendered(bool(yes), " ".join(parts), srcs)


MAX_QUOTES = 3


def _listing(role: Role, items: list[TechItem], lead: str) -> Rendered:
    """``lead``: the names, split into the team's stack and skills asked of the candidate,
    then the sentences they came from, so a list the extractor cut short never reads as all."""
    stack = [i for i in items if not i.asked][:MAX_STACK]
    asked = [i for i in items if i.asked][:MAX_STACK]
    parts = []
    if stack:
        more = sum(not i.asked for i in items) - len(stack)
        extra = f" (and {more} more)" if more > 0 else ""
        parts.append(f"{lead}{extra}: " + "; ".join(i.name for i in stack) + ".")
    if asked:
        what = "Skills they ask for" if stack else f"{lead}, as skills they ask for"
        parts.append(f"{what}: " + "; ".join(i.name for i in asked) + ".")
    srcs = sources(*(i.source for i in (*stack, *asked)))
    quoted = " ".join(f"“{sentence(s)}”" for s in srcs[:MAX_QUOTES])
    if quoted:
        parts.append(f"As the posting puts it: {quoted}")
    return Rendered(True, " ".join(parts), srcs)


def tech_stack(role: Role, ask: Ask) -> Rendered:
    named = _named(role, ask)
    if named is not None:
        return named
    if not role.tech_stack:
        return unknown(role, "which technologies the team uses")
    return _listing(role, list(role.tech_stack), "The tech stack")


def tech_category(role: Role, ask: Ask) -> Rendered:
    named = _named(role, ask)
    if named is not None:
        return named
    cats, what = CATEGORIES.get(ask.arg or "", (frozenset(), "technology"))
    items = [i for i in role.tech_stack if i.category in cats]
    if items:
        return _listing(role, items, f"For {what}")
    if not role.tech_stack:
        return unknown(role, f"which {what} the team uses")
    listed = join([i.name for i in role.tech_stack[:MAX_STACK]])
    text = (
        f"The posting doesn't say which {what} is used. The technologies it mentions: "
        f"{listed}. Please ask {pointer(role)}."
    )
    return Rendered(False, text, ())

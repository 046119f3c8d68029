"""A source's structured fields as knowledge facts, named by where they came from.

Pay, workplace type and locations from a job board's fields (Lever's ``salaryRange``, Ashby's
``compensation``, ``workplaceType``, a page's ``baseSalary``…) become facts whose ``source``
names the field ("the job board's salary field (Lever): GBP 60,000–80,000 per year"). They
win over what the builder read in the text only when the text does not contradict them:
a body that states a different pay or work model keeps its own fact.
"""

from __future__ import annotations

from bot.ingest.posting import Pay, Posting
from bot.knowledge.schema import Compensation, Location, Role

_TOLERANCE = 0.02  # amounts within 2% are the same figure written differently


def _field(posting: Posting, what: str) -> str:
    return f"the job board's {what} field ({posting.origin})"


def _agrees(text: Compensation, pay: Pay) -> bool:
    """Whether the text's pay states the same thing as the field (or too little to tell)."""
    if text.currency and pay.currency and text.currency != pay.currency:
        return False
    if text.period and pay.period and text.period != pay.period:
        return False

    def near(a: float | None, b: float | None) -> bool:
        return a is None or b is None or abs(a - b) <= _TOLERANCE * max(a, b)

    return near(text.min, pay.min) and near(text.max, pay.max)


def compensation(posting: Posting, current: Compensation | None) -> Compensation | None:
    pay = posting.pay
    if pay is None:
        return current
    if current is not None and not current.from_board and not _agrees(current, pay):
        return current  # the posting's own sentence says otherwise: it stands
    line = f"{_field(posting, 'salary')}: {pay.describe()}"
    tiers = tuple(f"{_field(posting, 'salary')}, {s}" for s in _tiers(posting) if s)
    return Compensation(
        currency=pay.currency,
        min=pay.min,
        max=pay.max,
        period=pay.period,
        text=pay.describe(),
        ote=current.ote if current is not None and not current.from_board else False,
        source=tiers or (line,),
    )


def _tiers(posting: Posting) -> tuple[str, ...]:
    """Ashby's per-tier lines (written into the body under ``## Compensation``)."""
    head = "\n## Compensation\n\n"
    if head not in posting.body:
        return ()
    block = posting.body.split(head, 1)[1]
    return tuple(line[2:].strip() for line in block.splitlines() if line.startswith("- "))


def location(posting: Posting, current: Location | None) -> Location | None:
    work, places = posting.workplace, posting.locations
    if work is None and not places:
        return current
    parts = []
    if work is not None:
        parts.append(f"{_field(posting, 'workplace type')}: {work}")
    if places:
        parts.append(f"{_field(posting, 'location')}: {'; '.join(places)}")
    if current is None:
        text = ", ".join(x for x in (work.capitalize() if work else "", "; ".join(places)) if x)
        return Location(
            offices=places if work != "remote" else (),
            regions=places if work == "remote" else (),
            remote=work,
            text=text,
            source=tuple(parts),
        )
    update: dict[str, object] = {}
    sources = list(current.source)
    if work is not None and current.remote is None:
        update["remote"] = work
        sources.append(parts[0])
    if places and not current.offices and not current.regions:
        update["offices" if (work or current.remote) != "remote" else "regions"] = places
        sources.append(parts[-1])
    if not update:
        return current
    return current.model_copy(update=update | {"source": tuple(dict.fromkeys(sources))})


def apply(role: Role, posting: Posting) -> Role:
    """``role`` with the posting's structured fields merged in (see the module doc)."""
    ident = role.identity
    identity_update: dict[str, object] = {}
    if posting.company and not ident.company:
        identity_update["company"] = posting.company
    if posting.departments and not ident.department:
        identity_update["department"] = posting.departments[0]
    if posting.apply_url and not ident.apply_url:
        identity_update["apply_url"] = posting.apply_url
    update: dict[str, object] = {
        "compensation": compensation(posting, role.compensation),
        "location": location(posting, role.location),
    }
    if identity_update:
        update["identity"] = ident.model_copy(update=identity_update)
    return role.model_copy(update=update)

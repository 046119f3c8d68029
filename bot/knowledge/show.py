"""A readable summary of one role for recruiters: what was extracted (with its sources) and
what the posting does not say, so they know what to add as an override or a Q&A entry."""

from __future__ import annotations

from collections.abc import Callable

from bot.knowledge.schema import Compensation, Fact, Money, Role

_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}


def _amount(value: float | None, currency: str | None) -> str:
    if value is None:
        return "?"
    symbol = _SYMBOLS.get(currency or "", "")
    number = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return f"{symbol}{number}"


def money_range(fact: Compensation | Money) -> str:
    """``£95,000–£150,000 GBP per year`` (or the text as written when no figures)."""
    low = fact.min if isinstance(fact, Compensation) else fact.amount
    high = fact.max if isinstance(fact, Compensation) else None
    if low is None and high is None:
        return fact.text
    if low is not None and high is not None and low != high:
        figure = f"{_amount(low, fact.currency)}–{_amount(high, fact.currency)}"
    else:
        figure = ("up to " if low is None else "") + _amount(
            low if low is not None else high, fact.currency
        )
    parts = [figure]
    if fact.currency:
        parts.append(fact.currency)
    if fact.period:
        parts.append(f"per {fact.period}")
    if isinstance(fact, Compensation) and fact.ote:
        parts.append("(OTE)")
    return " ".join(parts)


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def fact(self, label: str, value: str, fact: Fact | None = None) -> None:
        self.lines.append(f"  {label}: {value}")
        self.sources(fact.source if fact is not None else ())

    def sources(self, sources: tuple[str, ...]) -> None:
        for source in sources:
            self.lines.append(f"      source: “{source}”")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _facts(role: Role, out: _Lines) -> None:
    if role.compensation:
        board = " (only the job board's header states it)" if role.compensation.from_board else ""
        out.fact("Salary", money_range(role.compensation) + board, role.compensation)
    if role.equity:
        out.fact("Equity", role.equity.text, role.equity)
    loc = role.location
    if loc:
        bits = [f"work model {loc.remote}" if loc.remote else ""]
        bits += [f"offices {', '.join(loc.offices)}" if loc.offices else ""]
        bits += [f"limited to {', '.join(loc.regions)}" if loc.regions else ""]
        out.fact("Location", "; ".join(b for b in bits if b) or loc.text, loc)
    if role.employment is not None:
        job = role.employment
        said = [", ".join(job.kinds), f"length {job.length}" if job.length else ""]
        said += [job.hours or ""]
        out.fact("Employment", "; ".join(b for b in said if b) or job.text, job)
    for elig in role.eligibility:
        said = [f"allows {', '.join(elig.allow)}" if elig.allow else ""]
        said += [f"excludes {', '.join(elig.deny)}" if elig.deny else ""]
        said += ["only these" if elig.only else ""]
        label = "Eligibility (board tag)" if elig.tag else "Eligibility"
        out.fact(label, "; ".join(b for b in said if b), elig)
    if role.relocation:
        where = f" to {role.relocation.destination}" if role.relocation.destination else ""
        out.fact("Relocation", _yes_no(role.relocation.offered) + where, role.relocation)
    if role.visa:
        out.fact("Visa sponsorship", role.visa.sponsorship, role.visa)
    work_auth = getattr(role, "work_authorization", None)
    if isinstance(work_auth, Fact):
        out.fact("Right to work", getattr(work_auth, "text", ""), work_auth)
    if role.interview:
        stages = role.interview.stages
        value = f"{len(stages)} stages" if stages else (role.interview.text or "described")
        out.fact("Interview", value, role.interview)
        for n, stage in enumerate(stages, 1):
            desc = f" — {stage.description}" if stage.description else ""
            out.lines.append(f"      {n}. {stage.name}{desc}")
    if role.interview_duration:
        out.fact("Interview duration", role.interview_duration.text, role.interview_duration)
    if role.tech_stack:
        stack = [t.name for t in role.tech_stack if not t.asked]
        asked = [t.name for t in role.tech_stack if t.asked]
        if stack:
            out.lines.append(f"  Tech stack: {', '.join(stack)}")
        if asked:
            out.lines.append(f"  Tech skills asked for: {', '.join(asked)}")
        out.sources(tuple(dict.fromkeys(s for t in role.tech_stack for s in t.source)))
    reqs = role.requirements
    if reqs.must or reqs.nice:
        out.lines.append(
            f"  Requirements: {len(reqs.must)} must-have, {len(reqs.nice)} nice-to-have"
        )
        out.lines.extend(f"      must: {r.text}" for r in reqs.must)
        out.lines.extend(f"      nice: {r.text}" for r in reqs.nice)
    if role.degree:
        out.fact("Degree required", _yes_no(role.degree.required), role.degree)
    benefits = role.benefits
    if benefits.learning_budget:
        out.fact("Learning budget", money_range(benefits.learning_budget), benefits.learning_budget)
    if benefits.flexible_hours:
        out.fact("Flexible hours", benefits.flexible_hours.text, benefits.flexible_hours)
    for item in benefits.items:
        out.fact(f"Benefit ({item.kind})", item.text, item)
    team = role.team
    if team.engineers or team.total_people:
        size = ", ".join(
            f"{n:,} {what}"
            for n, what in ((team.engineers, "engineers"), (team.total_people, "people in total"))
            if n
        )
        out.fact("Team size", size)
        out.sources(team.size_source)
    if team.teams:
        out.fact("Teams", ", ".join(team.teams))
        out.sources(team.teams_source)
    for label, text_fact in (
        ("Team matching", team.matching),
        ("Moving teams", team.mobility),
        ("About", role.about),
        ("Day to day", role.day_to_day),
        ("Open source", role.open_source),
        ("Equal opportunity", role.equal_opportunity),
    ):
        if text_fact:
            out.fact(label, text_fact.text, text_fact)
    if role.contact:
        out.fact("Contact", role.contact.email or role.contact.text or "", role.contact)
    if role.closing:
        closing = role.closing
        when = "always hiring" if closing.always_hiring else str(closing.date or closing.text)
        out.fact("Closing date", when, closing)


def _has_benefit(*kinds: str) -> Callable[[Role], bool]:
    return lambda role: any(b.kind in kinds for b in role.benefits.items)


# (topic, "is it stated?") — the questions candidates ask most, in the order a recruiter
# would fill them in.
TOPICS: tuple[tuple[str, Callable[[Role], bool]], ...] = (
    ("salary", lambda r: r.compensation is not None),
    ("equity / stock options", lambda r: r.equity is not None or _has_benefit("equity")(r)),
    ("remote / work model", lambda r: r.location is not None and r.location.remote is not None),
    ("office location", lambda r: r.location is not None and bool(r.location.offices)),
    ("relocation", lambda r: r.relocation is not None),
    ("visa sponsorship", lambda r: r.visa is not None),
    ("interview process", lambda r: r.interview is not None),
    ("interview duration", lambda r: r.interview_duration is not None),
    ("tech stack", lambda r: bool(r.tech_stack)),
    ("requirements", lambda r: bool(r.requirements.must or r.requirements.nice)),
    ("degree requirement", lambda r: r.degree is not None),
    ("pension / retirement", _has_benefit("pension")),
    ("holidays / paid time off", _has_benefit("holiday")),
    ("health insurance", _has_benefit("health")),
    ("parental leave", _has_benefit("parental_leave")),
    ("learning budget", lambda r: r.benefits.learning_budget is not None),
    ("flexible hours", lambda r: r.benefits.flexible_hours is not None),
    ("team size", lambda r: bool(r.team.engineers or r.team.total_people)),
    ("contact email", lambda r: r.contact is not None and r.contact.email is not None),
    ("closing date", lambda r: r.closing is not None),
    ("equal opportunity statement", lambda r: r.equal_opportunity is not None),
)


def missing_topics(role: Role) -> list[str]:
    """The topics candidates ask about that the role's knowledge does not cover."""
    return [topic for topic, stated in TOPICS if not stated(role)]


def render_role(role: Role) -> str:
    """The recruiter's view of one role: identity, facts with sources, Q&A, and gaps."""
    ident = role.identity
    head = f"{ident.title}" + (f" — {ident.company}" if ident.company else "")
    out = _Lines()
    out.lines += [head, f"  slug: {ident.slug}"]
    for label, value in (
        ("levels", ", ".join(ident.levels)),
        ("department", ident.department),
        ("apply", ident.apply_url),
        ("source file", ident.source_file),
        ("first seen", str(ident.first_seen) if ident.first_seen else None),
        ("skill", ident.skill),
    ):
        if value:
            out.lines.append(f"  {label}: {value}")
    out.lines += ["", "What the posting says:"]
    before = len(out.lines)
    _facts(role, out)
    if len(out.lines) == before:
        out.lines.append("  (no facts extracted)")
    if role.qa:
        out.lines += ["", "Recruiter Q&A:"]
        for qa in role.qa:
            out.lines.append(f"  Q: {' / '.join(qa.questions)}")
            out.lines.append(f"  A: {qa.answer}")
    missing = missing_topics(role)
    out.lines += ["", "Not stated in the posting (add an override or a Q&A entry):"]
    out.lines.append(
        "  " + (", ".join(missing) if missing else "(nothing: every topic is covered)")
    )
    out.lines.append(f"\n{len(role.sentences)} sentences kept for quoting.")
    return "\n".join(out.lines) + "\n"

"""The knowledge schema for one role (pydantic v2, frozen).

Every fact carries ``source``: the exact sentence(s) of the posting it came from. A fact the
posting does not state is absent (``None`` or an empty tuple), never guessed.

A knowledge file is the YAML dump of :class:`RoleFile`: the extracted :class:`Role` plus the
recruiter's ``overrides`` and ``qa`` which the builder preserves on a rebuild (see
``knowledge/README.md``).
"""

from __future__ import annotations

import datetime as _dt
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    """Base for every knowledge model: frozen, strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Fact(Model):
    """A fact with the posting sentence(s) it came from."""

    source: tuple[str, ...] = ()


class TextFact(Fact):
    """A fact that is a short statement (e.g. about the company, day-to-day work)."""

    text: str


Period = Literal["year", "month", "week", "day", "hour"]


class Identity(Model):
    slug: str
    title: str
    company: str | None = None
    department: str | None = None
    levels: tuple[str, ...] = ()  # e.g. ("L40", "L50", "L60") or ("Senior",)
    levels_source: tuple[str, ...] = ()
    apply_url: str | None = None
    source_file: str | None = None
    first_seen: date | None = None
    skill: str | None = None  # the board's skill folder (Golang, Python, ...)
    # Set by a sync when the posting left its source: the role is no longer open.
    closed: date | None = None


class Compensation(Fact):
    currency: str | None = None  # ISO 4217: GBP, USD, EUR, ...
    min: float | None = None
    max: float | None = None
    period: Period | None = None
    text: str  # as written, e.g. "£95,000 - £150,000 base salary"
    ote: bool = False  # on-target earnings (includes commission/bonus)
    # True when only the job board's `💰` header states it (the posting body is silent).
    from_board: bool = False


class Equity(Fact):
    text: str  # e.g. "stock options"


RemotePolicy = Literal["remote", "hybrid", "onsite", "flexible"]


class Location(Fact):
    offices: tuple[str, ...] = ()  # cities / offices where the role can be based
    remote: RemotePolicy | None = None
    # Geographic limits of remote work, e.g. ("United Kingdom",) or ("UTC-5 to UTC+1",).
    regions: tuple[str, ...] = ()
    text: str  # e.g. "London office, or distributed within the UK with ad hoc London meetings"


class Eligibility(Fact):
    """Where the role may be done from, as one sentence (or the board's tag) states it.

    Places are codes: ``US`` (ISO 3166-1 country), ``US-HI`` (ISO 3166-2 subdivision),
    ``IT:Milan`` (a city in a country), ``region:apac``, ``anywhere``."""

    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    only: bool = False  # the sentence limits the role to ``allow`` ("only", "must reside")
    tag: bool = False  # from the job board's location tag, not a sentence of the body
    text: str


class Employment(Fact):
    """The kind of engagement: ``kinds`` among full_time, part_time, permanent, fixed_term,
    contract, b2b, internship; its length ("6 Months") and hours ("40 hours per week")."""

    kinds: tuple[str, ...] = ()
    length: str | None = None
    hours: str | None = None
    text: str


class Relocation(Fact):
    offered: bool
    destination: str | None = None  # e.g. "UK"
    text: str


class Visa(Fact):
    sponsorship: Literal["yes", "no"]  # "not stated" is the fact's absence
    text: str


class InterviewStage(Fact):
    name: str
    description: str | None = None


class Interview(Fact):
    stages: tuple[InterviewStage, ...] = ()
    text: str | None = None  # prose description when the stages are not a list


class Duration(Fact):
    text: str  # e.g. "2-3 weeks on average"
    min_days: int | None = None
    max_days: int | None = None


class TechItem(Fact):
    name: str  # canonical name: "Go", "Cassandra", "Kubernetes"
    # language | database | queue | cloud | orchestration | container | rpc | frontend
    # | infrastructure | tool | other
    category: str = "other"
    note: str | None = None  # what it is used for, as written
    # Named only among the candidate's requirements ("experience with Terraform") while the
    # posting describes its stack elsewhere: a skill asked for, not necessarily the team's stack.
    asked: bool = False


class Requirement(Fact):
    text: str


class Requirements(Model):
    must: tuple[Requirement, ...] = ()
    nice: tuple[Requirement, ...] = ()


class Degree(Fact):
    required: bool
    text: str


class Money(Fact):
    amount: float | None = None
    currency: str | None = None
    period: Period | None = None
    text: str


class Benefit(Fact):
    text: str
    kind: str = "other"  # learning | flexible_hours | pension | holiday | health | equity | ...


class Benefits(Model):
    learning_budget: Money | None = None
    flexible_hours: TextFact | None = None
    items: tuple[Benefit, ...] = ()


class Team(Model):
    engineers: int | None = None
    total_people: int | None = None
    size_source: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()  # teams / collectives / squads by name
    teams_source: tuple[str, ...] = ()
    matching: TextFact | None = None  # how candidates are matched to a team
    mobility: TextFact | None = None  # moving between teams


class Contact(Fact):
    email: str | None = None
    text: str | None = None


class Closing(Fact):
    date: _dt.date | None = None  # (module-qualified: the field name shadows the type)
    always_hiring: bool = False
    text: str


class QA(Model):
    """A recruiter's own question and answer."""

    questions: tuple[str, ...] = Field(min_length=1)
    answer: str


class Role(Model):
    """Everything the bot knows about one role, each fact with its source."""

    identity: Identity
    compensation: Compensation | None = None
    equity: Equity | None = None
    location: Location | None = None
    eligibility: tuple[Eligibility, ...] = ()
    employment: Employment | None = None
    relocation: Relocation | None = None
    visa: Visa | None = None
    interview: Interview | None = None
    interview_duration: Duration | None = None
    tech_stack: tuple[TechItem, ...] = ()
    requirements: Requirements = Requirements()
    degree: Degree | None = None
    benefits: Benefits = Benefits()
    team: Team = Team()
    contact: Contact | None = None
    closing: Closing | None = None
    about: TextFact | None = None
    day_to_day: TextFact | None = None
    equal_opportunity: TextFact | None = None
    open_source: TextFact | None = None
    # Right-to-work / sponsorship sentences as written, kept even when ``visa`` stays absent
    # ("You must have the right to work in the UK" does not by itself say "no sponsorship").
    work_authorization: TextFact | None = None
    # All sentences of the posting in reading order, for long-tail answers by quotation.
    sentences: tuple[str, ...] = ()
    qa: tuple[QA, ...] = ()

    @property
    def slug(self) -> str:
        return self.identity.slug

    @property
    def title(self) -> str:
        return self.identity.title


class RoleFile(Model):
    """One knowledge YAML file: the built role plus the recruiter's hand edits.

    ``overrides`` is a nested mapping laid over ``role`` when loading (any fact can be
    replaced, or removed with ``null``); ``qa`` adds the recruiter's own Q&A. The builder
    rewrites ``role`` and ``content_hash`` and never touches ``overrides`` or ``qa``.
    """

    schema_version: int = 1
    content_hash: str | None = None
    role: Role
    overrides: dict[str, Any] = Field(default_factory=dict)
    qa: tuple[QA, ...] = ()

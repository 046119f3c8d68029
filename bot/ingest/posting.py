"""The normalised posting every source produces."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Literal

Workplace = Literal["remote", "hybrid", "onsite"]
BodyFormat = Literal["markdown", "html", "text"]
Period = Literal["year", "month", "week", "day", "hour"]


@dataclass(frozen=True, slots=True)
class Pay:
    """A pay range from a source's structured salary field (never guessed from text)."""

    currency: str | None
    min: float | None
    max: float | None
    period: Period | None = None

    def describe(self) -> str:
        """``GBP 60,000–80,000 per year`` (for the fact's source line)."""

        def figure(x: float) -> str:
            return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}"

        if self.min is not None and self.max is not None and self.min != self.max:
            amount = f"{figure(self.min)}–{figure(self.max)}"
        elif self.min is not None and self.max is None:
            amount = f"from {figure(self.min)}"
        elif self.min is None and self.max is not None:
            amount = f"up to {figure(self.max)}"
        else:
            amount = figure(self.min or 0.0)
        parts = [self.currency or "", amount, f"per {self.period}" if self.period else ""]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Posting:
    """One posting from any source, normalised.

    ``key`` is the opening's identity across syncs (``greenhouse:acme#4012`` or a file's
    resolved path); ``body`` is the posting text in ``body_format``. A file posting keeps its
    body on disk (``path``) until it is built, so a folder of thousands stays cheap to list;
    its ``content_hash`` is then the hash of the file's bytes.
    """

    key: str
    source: str  # the SOURCE it came from, e.g. "greenhouse:acme" or a folder
    origin: str  # who states the structured fields, e.g. "Greenhouse" (named in facts)
    name: str  # a machine-independent name for the knowledge file's source_file
    title: str = ""
    body: str = ""
    body_format: BodyFormat = "markdown"
    path: str | None = None  # a file posting: read at build time
    external_id: str | None = None
    company: str | None = None
    locations: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    employment_type: str | None = None
    workplace: Workplace | None = None
    pay: Pay | None = None
    apply_url: str | None = None
    url: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    valid_through: datetime | None = None
    skill: str | None = None
    first_seen: datetime | None = None
    content_hash: str = field(default="")

    def with_hash(self) -> Posting:
        """This posting with ``content_hash`` computed from everything a build reads."""
        if self.content_hash:
            return self
        data = asdict(self)
        for volatile in ("content_hash", "first_seen", "updated"):
            data.pop(volatile)
        blob = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
        digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()
        from dataclasses import replace

        return replace(self, content_hash=digest)

"""The job boards' public APIs: each one's JSON in, :class:`Posting` records out (pure).

- Greenhouse Job Board API ``GET {base}{board}/jobs?content=true``: ``jobs[]`` with HTML
  ``content`` that arrives entity-escaped;
- Lever Postings API ``GET {base}{site}?mode=json``: a list, with ``lists[]`` sections,
  ``workplaceType`` and ``salaryRange``;
- Ashby Posting API ``GET {base}{board}?includeCompensation=true``: ``jobs[]`` with
  ``workplaceType`` and ``compensation`` (a summary and one tier per location or level);
- Workable's public widget API ``GET {base}{account}?details=true``: ``jobs[]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from bot.errors import SourceError
from bot.ingest.htmltext import html_to_markdown
from bot.ingest.posting import Pay, Period, Posting, Workplace

_INTERVALS: dict[str, Period] = {
    "year": "year",
    "annual": "year",
    "month": "month",
    "week": "week",
    "day": "day",
    "hour": "hour",
}


def when(value: Any) -> datetime | None:
    """An ISO-8601 string or epoch milliseconds as an aware UTC datetime."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(seconds, UTC)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def period_of(value: Any) -> Period | None:
    """``per-year-salary``, ``1 YEAR``, ``YEAR``, ``annual`` … -> ``year``."""
    text = str(value or "").lower()
    return next((p for word, p in _INTERVALS.items() if word in text), None)


def workplace_of(value: Any, remote_flag: Any = None) -> Workplace | None:
    text = re.sub(r"[^a-z]", "", str(value or "").lower())
    if text in ("remote", "telecommute", "fullyremote"):
        return "remote"
    if text == "hybrid":
        return "hybrid"
    if text in ("onsite", "inoffice", "office"):
        return "onsite"
    return "remote" if remote_flag is True else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    if isinstance(value, str):
        try:
            number = float(value.replace(",", ""))
        except ValueError:
            return None
        return number if number > 0 else None
    return None


def pay(currency: Any, low: Any, high: Any, interval: Any) -> Pay | None:
    """A :class:`Pay`, or ``None`` when the field states no amount."""
    lo, hi = _number(low), _number(high)
    if lo is None and hi is None:
        return None
    code = str(currency).strip().upper() if currency else None
    if code is not None and not re.fullmatch(r"[A-Z]{3}", code):
        code = None
    if lo is not None and hi is not None and hi < lo:
        lo, hi = hi, lo
    return Pay(code, lo, hi, period_of(interval))


def _names(items: Any, key: str = "name") -> tuple[str, ...]:
    out: list[str] = []
    for item in items if isinstance(items, list) else ():
        value = item.get(key) if isinstance(item, dict) else item
        if isinstance(value, str) and value.strip() and value.strip() not in out:
            out.append(value.strip())
    return tuple(out)


def _unique(*values: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _jobs(data: Any, source: str, key: str = "jobs") -> list[dict[str, Any]]:
    items = data.get(key) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise SourceError(f"{source}: the response has no list of {key}")
    return [item for item in items if isinstance(item, dict)]


def _sections(parts: Iterable[tuple[str | None, str]]) -> str:
    """Markdown of (heading, markdown) parts, empty parts left out."""
    out = []
    for heading, body in parts:
        if body.strip():
            out.append(f"## {heading}\n\n{body.strip()}" if heading else body.strip())
    return "\n\n".join(out) + "\n"


def _posting(source: str, origin: str, ident: Any, **fields: Any) -> Posting | None:
    title = _text(fields.pop("title", None))
    if title is None or ident in (None, ""):
        return None
    return Posting(
        key=f"{source}#{ident}",
        source=source,
        origin=origin,
        name=f"{source}#{ident}",
        title=title,
        external_id=str(ident),
        **fields,
    ).with_hash()


# --- Greenhouse -------------------------------------------------------------------------


def greenhouse(data: Any, source: str, company: str | None = None) -> list[Posting]:
    out = []
    for job in _jobs(data, source):
        where = job.get("location") if isinstance(job.get("location"), dict) else {}
        location = _text(where.get("name")) if isinstance(where, dict) else None
        offices = [o for o in _names(job.get("offices")) if not location or o not in location]
        locations = _unique(location, *offices)
        posting = _posting(
            source,
            "Greenhouse",
            job.get("id"),
            title=job.get("title"),
            body=html_to_markdown(str(job.get("content") or "")),
            company=_text(job.get("company_name")) or company,
            locations=locations,
            departments=_names(job.get("departments")),
            workplace=workplace_of(location) if location else None,
            apply_url=_text(job.get("absolute_url")),
            url=_text(job.get("absolute_url")),
            published=when(job.get("first_published")) or when(job.get("updated_at")),
            updated=when(job.get("updated_at")),
        )
        if posting is not None:
            out.append(posting)
    return out


# --- Lever ------------------------------------------------------------------------------


def lever(data: Any, source: str, company: str | None = None) -> list[Posting]:
    out = []
    for job in _jobs(data, source, key="data"):
        cats = job.get("categories") if isinstance(job.get("categories"), dict) else {}
        assert isinstance(cats, dict)
        location = _text(cats.get("location"))
        all_locations = _names(cats.get("allLocations"))
        lists = [
            (_text(item.get("text")), html_to_markdown(str(item.get("content") or "")))
            for item in job.get("lists") or ()
            if isinstance(item, dict)
        ]
        description = (
            html_to_markdown(job["description"])
            if _text(job.get("description"))
            else str(job.get("descriptionPlain") or "")
        )
        additional = (
            html_to_markdown(job["additional"])
            if _text(job.get("additional"))
            else str(job.get("additionalPlain") or "")
        )
        salary = job.get("salaryRange") if isinstance(job.get("salaryRange"), dict) else None
        salary_text = _text(job.get("salaryDescriptionPlain"))
        body = _sections([(None, description), *lists, (None, additional)])
        if salary_text:
            body += f"\n{salary_text}\n"
        team = [_text(cats.get("department")), _text(cats.get("team"))]
        posting = _posting(
            source,
            "Lever",
            job.get("id"),
            title=job.get("text"),
            body=body,
            company=company,
            locations=tuple(dict.fromkeys(x for x in (location, *all_locations) if x)),
            departments=tuple(dict.fromkeys(x for x in team if x)),
            employment_type=_text(cats.get("commitment")),
            workplace=workplace_of(job.get("workplaceType")),
            pay=_lever_pay(salary),
            apply_url=_text(job.get("applyUrl")) or _text(job.get("hostedUrl")),
            url=_text(job.get("hostedUrl")),
            published=when(job.get("createdAt")),
            updated=when(job.get("updatedAt")),
        )
        if posting is not None:
            out.append(posting)
    return out


def _lever_pay(salary: dict[str, Any] | None) -> Pay | None:
    if salary is None:
        return None
    return pay(salary.get("currency"), salary.get("min"), salary.get("max"), salary.get("interval"))


# --- Ashby ------------------------------------------------------------------------------


def _ashby_salary(comp: Any) -> tuple[Pay | None, tuple[str, ...]]:
    """The salary of Ashby's ``compensation``, and one line per tier when there are several."""
    if not isinstance(comp, dict):
        return None, ()
    found = None
    for part in comp.get("summaryComponents") or ():
        if isinstance(part, dict) and str(part.get("compensationType", "")).lower() == "salary":
            found = pay(
                part.get("currencyCode"),
                part.get("minValue"),
                part.get("maxValue"),
                part.get("interval"),
            )
            break
    tiers = []
    for tier in comp.get("compensationTiers") or ():
        if not isinstance(tier, dict):
            continue
        summary = _text(tier.get("tierSummary"))
        name = _text(tier.get("title"))
        if summary:
            tiers.append(f"{name}: {summary}" if name else summary)
    return found, tuple(tiers) if len(tiers) > 1 else ()


def ashby(data: Any, source: str, company: str | None = None) -> list[Posting]:
    out = []
    for job in _jobs(data, source):
        if job.get("isListed") is False:
            continue
        secondary = [
            x.get("location") if isinstance(x, dict) else x
            for x in job.get("secondaryLocations") or ()
        ]
        places = (_text(x) for x in (job.get("location"), *secondary))
        locations = tuple(dict.fromkeys(x for x in places if x))
        salary, tiers = _ashby_salary(job.get("compensation"))
        body = (
            html_to_markdown(job["descriptionHtml"])
            if _text(job.get("descriptionHtml"))
            else str(job.get("descriptionPlain") or "")
        )
        if tiers:
            body += "\n## Compensation\n\n" + "\n".join(f"- {t}" for t in tiers) + "\n"
        posting = _posting(
            source,
            "Ashby",
            job.get("id") or job.get("jobUrl"),
            title=job.get("title"),
            body=body,
            company=company,
            locations=locations,
            departments=_unique(_text(job.get("department")), _text(job.get("team"))),
            employment_type=_text(job.get("employmentType")),
            workplace=workplace_of(job.get("workplaceType"), job.get("isRemote")),
            pay=salary,
            apply_url=_text(job.get("applyUrl")) or _text(job.get("jobUrl")),
            url=_text(job.get("jobUrl")),
            published=when(job.get("publishedAt")),
            updated=when(job.get("updatedAt")),
        )
        if posting is not None:
            out.append(posting)
    return out


# --- Workable ---------------------------------------------------------------------------


def workable(data: Any, source: str, company: str | None = None) -> list[Posting]:
    out = []
    name = _text(data.get("name")) if isinstance(data, dict) else None
    for job in _jobs(data, source):
        places = []
        for loc in job.get("locations") or ():
            if isinstance(loc, dict) and not loc.get("hidden"):
                bits = [_text(loc.get(k)) for k in ("city", "region", "country")]
                places.append(", ".join(b for b in bits if b))
        if not places:
            bits = [_text(job.get(k)) for k in ("city", "state", "country")]
            places.append(", ".join(b for b in bits if b))
        posting = _posting(
            source,
            "Workable",
            job.get("shortcode") or job.get("code") or job.get("id"),
            title=job.get("title"),
            body=html_to_markdown(str(job.get("description") or "")),
            company=name or company,
            locations=tuple(dict.fromkeys(p for p in places if p)),
            departments=tuple(x for x in (_text(job.get("department")),) if x),
            employment_type=_text(job.get("employment_type")),
            workplace="remote" if job.get("telecommuting") is True else None,
            apply_url=_text(job.get("application_url")) or _text(job.get("url")),
            url=_text(job.get("url")) or _text(job.get("shortlink")),
            published=when(job.get("published_on")) or when(job.get("created_at")),
        )
        if posting is not None:
            out.append(posting)
    return out

"""Careers and job pages: schema.org ``JobPosting`` JSON-LD (read with extruct) to postings.

A page may carry one ``JobPosting`` (a job page) or several (a careers page: in an ``@graph``,
an ``ItemList`` or a plain list). The fields read: ``title``, ``description`` (HTML),
``datePosted``, ``validThrough``, ``employmentType``, ``hiringOrganization``, ``jobLocation``,
``jobLocationType`` (``TELECOMMUTE`` is remote), ``applicantLocationRequirements``,
``baseSalary`` (a ``MonetaryAmount`` with a ``QuantitativeValue``), ``identifier``, ``url``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from bot.ingest.boards import pay, when
from bot.ingest.htmltext import html_to_markdown
from bot.ingest.posting import Pay, Posting


def job_postings(html: str, url: str) -> list[dict[str, Any]]:
    """The ``JobPosting`` objects of a page's JSON-LD, in page order."""
    from extruct.jsonld import JsonLdExtractor  # heavy (lxml): only when a page is read

    try:
        items = JsonLdExtractor().extract(html, base_url=url)
    except ValueError:
        return []
    return list(_walk(items))


def _is_job(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] == "JobPosting" for k in kinds)


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        if _is_job(value):
            yield value
            return
        for key in ("@graph", "itemListElement", "item", "mainEntity"):
            if key in value:
                yield from _walk(value[key])


def _name(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    return None


def _place(value: Any) -> str | None:
    """A ``Place`` / ``PostalAddress`` / ``Country`` as ``City, Region, Country``."""
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, dict):
        return None
    address = value.get("address", value)
    if isinstance(address, str):
        return address.strip() or None
    if not isinstance(address, dict):
        return _name(value)
    keys = ("addressLocality", "addressRegion", "addressCountry")
    bits = [_name(address.get(k)) for k in keys]
    joined = ", ".join(b for b in bits if b)
    return joined or _name(value)


def _many(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def _salary(value: Any) -> Pay | None:
    for item in _many(value):
        if not isinstance(item, dict):
            continue
        amount = item.get("value")
        currency = item.get("currency")
        if isinstance(amount, dict):
            return pay(
                currency,
                amount.get("minValue", amount.get("value")),
                amount.get("maxValue"),
                amount.get("unitText"),
            )
        return pay(currency, amount, None, item.get("unitText"))
    return None


def _identifier(job: dict[str, Any], url: str, index: int) -> str:
    ident = job.get("identifier")
    if isinstance(ident, dict):
        ident = ident.get("value")
    if isinstance(ident, str | int) and str(ident).strip():
        return str(ident).strip()
    seed = f"{job.get('url') or url}|{job.get('title')}|{index}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12]


def from_page(html: str, url: str, source: str) -> list[Posting]:
    """Every ``JobPosting`` on the page at ``url`` as a posting."""
    out = []
    for index, job in enumerate(job_postings(html, url)):
        title = _name(job.get("title"))
        if not title:
            continue
        where = [p for p in (_place(x) for x in _many(job.get("jobLocation"))) if p]
        applicants = [
            p for p in (_place(x) for x in _many(job.get("applicantLocationRequirements"))) if p
        ]
        remote = any(str(x).upper() == "TELECOMMUTE" for x in _many(job.get("jobLocationType")))
        ident = _identifier(job, url, index)
        employment = ", ".join(str(x) for x in _many(job.get("employmentType")))
        page = job.get("url") if isinstance(job.get("url"), str) else url
        out.append(
            Posting(
                key=f"{source}#{ident}",
                source=source,
                origin="the page's JobPosting data",
                name=f"{source}#{ident}",
                title=title,
                body=html_to_markdown(str(job.get("description") or "")),
                external_id=ident,
                company=_name(job.get("hiringOrganization")),
                locations=tuple(dict.fromkeys([*where, *applicants])),
                employment_type=employment or None,
                workplace="remote" if remote else None,
                pay=_salary(job.get("baseSalary")),
                apply_url=page,
                url=page,
                published=when(job.get("datePosted")),
                valid_through=when(job.get("validThrough")),
            ).with_hash()
        )
    return out

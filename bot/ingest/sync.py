"""One sync of a source into the openings registry and the knowledge folder.

Per posting (its ``key`` is the identity: ``greenhouse:acme#4012`` or a file's resolved path):

- **new**: not seen before and it builds; **rejected**: the builder refuses it. A rejection is
  remembered with the content hash, so an unchanged refused posting counts once;
- **updated**: its content hash changed (``first_seen`` is kept), or it was closed and is
  back; only these and the new ones are rebuilt, and their knowledge files written atomically
  (a reader never sees half a file); everything else is left untouched;
- **closed**: gone from the source. Its knowledge file is marked closed, so candidates hear
  "this role is no longer open".

A fetch that fails, times out, returns an empty board where there were open roles, or would
close more than ``max_close_share`` of them at once is a :class:`~bot.errors.SourceError` and
changes **nothing**. With ``until`` only postings first seen by then are imported and only
openings first seen by then can close (a replay of a window never closes its "future").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bot.errors import KnowledgeError, SourceError
from bot.ingest.build import Built, Slugs, Task, head_slug, run_tasks
from bot.ingest.files import file_hash
from bot.ingest.http import Fetcher
from bot.ingest.posting import Posting
from bot.ingest.sources import Source, fetch, fetcher_for
from bot.knowledge.schema import Role
from bot.storage import OpeningData, Rejection, Store

log = logging.getLogger(__name__)

_FLUSH = 500
_MIN_FOR_SHARE = 3  # below this many open roles, any share may close (a tiny board)
Say = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class SyncReport:
    new: int = 0
    updated: int = 0
    closed: int = 0
    rejected: int = 0
    unchanged: int = 0
    skipped_future: int = 0
    not_modified: bool = False

    def to_json(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "closed": self.closed,
            "rejected": self.rejected,
        }

    def describe(self) -> str:
        return (
            f"new {self.new}, updated {self.updated}, closed {self.closed}, "
            f"rejected {self.rejected}"
        )


SYMBOL = {"GBP": "£", "USD": "$", "EUR": "€"}
PERIOD = {"year": "a year", "month": "a month", "week": "a week", "day": "a day", "hour": "an hour"}


def salary_text(pay: Any) -> str | None:
    """A compact salary for lists, e.g. ``£95,000–£150,000 a year``, from the builder's
    compensation (its figures, never the board header's); the text as written otherwise."""

    def money(amount: float) -> str:
        figure = f"{amount:,.0f}" if amount >= 100 or amount == int(amount) else f"{amount:,.2f}"
        code = pay.currency or ""
        return f"{SYMBOL[code]}{figure}" if code in SYMBOL else f"{figure} {code}".strip()

    if pay.min is None and pay.max is None:
        text = " ".join(str(pay.text).split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"
    if pay.min is not None and pay.max is not None and pay.max != pay.min:
        amount = f"{money(pay.min)}–{money(pay.max)}"
    elif pay.min is not None and pay.max is None:
        amount = f"from {money(pay.min)}"
    elif pay.min is None and pay.max is not None:
        amount = f"up to {money(pay.max)}"
    else:
        amount = money(pay.min)
    period = PERIOD.get(pay.period or "", "")
    return " ".join(x for x in (amount, period, "OTE" if pay.ote else "") if x)


_GLOBE = re.compile(r"^####[^\n]*?`\s*🌎\s*([^`\n]+?)\s*`", re.MULTILINE)


def header_location(posting: Posting) -> str | None:
    """Where the posting is, as its source says: the board fields, or a file's ``🌎 …``."""
    if posting.locations:
        return "; ".join(posting.locations)
    if posting.path is None:
        return None
    try:
        with open(posting.path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", "replace")
    except OSError:
        return None
    found = _GLOBE.search(head)
    return found.group(1) if found else None


def opening_fields(role: Role, where: str | None) -> dict[str, Any]:
    """The opening columns from a built role."""
    ident, pay, loc = role.identity, role.compensation, role.location
    places = (*loc.offices, *loc.regions) if loc else ()
    return {
        "title": ident.title,
        "company": ident.company,
        "location": where or (", ".join(places) if places else None),
        "remote": loc.remote if loc else None,
        "salary": salary_text(pay) if pay else None,
        "salary_min": pay.min if pay else None,
        "salary_max": pay.max if pay else None,
        "salary_currency": pay.currency if pay else None,
        "salary_period": pay.period if pay else None,
        "apply_url": ident.apply_url,
        "role_json": role.model_dump(mode="json", exclude={"sentences"}),
    }


def _first_seen(posting: Posting, now: datetime) -> datetime:
    """When the posting appeared: the manifest's or board's date (never in the future), else
    a file's modification time, else now."""
    seen = posting.first_seen or posting.published
    if seen is None and posting.path is not None:
        try:
            seen = datetime.fromtimestamp(Path(posting.path).stat().st_mtime, UTC)
        except OSError:
            seen = None
    return min(seen, now) if seen is not None else now


def mark_closed(knowledge: Path, slug: str, closed: date | None) -> bool:
    """Set (or clear) a role file's ``identity.closed``, atomically, keeping hand edits."""
    from bot.knowledge.build import write_role
    from bot.knowledge.store import load_role_file

    path = knowledge / f"{slug}.yaml"
    if not path.is_file():
        return False
    try:
        role_file = load_role_file(path)
    except KnowledgeError as exc:
        log.warning("cannot mark %s closed: %s", path, exc)
        return False
    role = role_file.role
    if role.identity.closed == closed:
        return False
    role = role.model_copy(update={"identity": role.identity.model_copy(update={"closed": closed})})
    write_role(role, knowledge, digest=role_file.content_hash)
    return True


def sync_source(
    store: Store,
    source: Source,
    settings: Any,
    *,
    knowledge: Path | None = None,
    until: datetime | None = None,
    workers: int | None = None,
    progress: Say | None = None,
    fetcher: Fetcher | None = None,
    force: bool = False,
) -> SyncReport:
    """Sync ``source`` (see the module doc); a :class:`SourceError` changes nothing."""
    say = progress or (lambda _msg: None)
    own = fetcher is None
    client = fetcher or fetcher_for(settings, validators=store.sources.validators())
    try:
        if source.remote:
            say(f"{source.label}: fetching")
        fetched = fetch(source, settings, client)
    finally:
        if own:
            client.close()
    prefix = source.prefix
    known = {k: o for k, o in store.openings.known().items() if k.startswith(prefix)}
    open_known = {k: o for k, o in known.items() if o.closed_at is None}
    if fetched.postings is None:
        say(f"{source.label}: not modified since the last sync")
        return SyncReport(unchanged=len(open_known), not_modified=True)
    postings = fetched.postings
    if not postings and open_known and not force:
        raise SourceError(
            f"{source.label}: returned no postings but {len(open_known)} role(s) are open; "
            "closing nothing"
        )
    now = store.now()
    rejections = store.openings.rejections()
    present: set[str] = set()
    todo: list[tuple[Posting, bool]] = []  # (posting, counts): False only restores a file
    reopen: list[int] = []
    unchanged = future = 0
    for posting in postings:
        present.add(posting.key)
        seen = _first_seen(posting, now)
        if until is not None and seen > until:
            future += 1
            continue
        if posting.path is not None:
            try:
                digest = file_hash(Path(posting.path).read_bytes())
            except OSError as exc:
                digest = f"unreadable:{exc.errno}"
            posting = replace(posting, content_hash=digest)
        posting = replace(posting, first_seen=seen)
        old = known.get(posting.key)
        if old is not None and old.content_hash == posting.content_hash:
            unchanged += 1
            if old.closed_at is not None:
                reopen.append(old.id)
            if knowledge is not None and not (knowledge / f"{old.slug}.yaml").exists():
                todo.append((posting, False))
            continue
        if rejections.get(posting.key) == posting.content_hash:
            unchanged += 1
            continue
        todo.append((posting, True))
    gone = [
        o
        for k, o in open_known.items()
        if k not in present and (until is None or o.first_seen <= until)
    ]
    share = settings.sync_max_close_share
    if not force and len(open_known) >= _MIN_FOR_SHARE and len(gone) > share * len(open_known):
        raise SourceError(
            f"{source.label}: {len(gone)} of {len(open_known)} open roles disappeared at once "
            f"(more than {share:.0%}); closing nothing (sync with --force if that is right)"
        )
    if own and source.remote:
        store.sources.save_validators(client.seen)
    todo.sort(key=lambda item: (item[0].first_seen or now, item[0].name))
    say(f"{len(todo)} postings to build, {unchanged} unchanged, {future} first seen later")
    counts = _build(store, todo, known, rejections, knowledge, workers, say)
    store.openings.reopen(reopen)
    store.openings.close([o.id for o in gone])
    if knowledge is not None:
        today = now.date()
        for o in gone:
            mark_closed(knowledge, o.slug, today)
        for o in known.values():
            if o.id in reopen:
                mark_closed(knowledge, o.slug, None)
    report = SyncReport(
        new=counts["new"],
        updated=counts["updated"] + len(reopen),
        closed=len(gone),
        rejected=counts["rejected"],
        unchanged=unchanged,
        skipped_future=future,
    )
    say(f"{report.describe()}, unchanged {report.unchanged}")
    return report


def _build(
    store: Store,
    todo: list[tuple[Posting, bool]],
    known: dict[str, Any],
    rejections: dict[str, str],
    knowledge: Path | None,
    workers: int | None,
    say: Say,
) -> dict[str, int]:
    slugs = Slugs(store.openings.slugs())
    tasks = []
    for posting, _counts in todo:
        old = known.get(posting.key)
        slug = old.slug if old is not None else slugs.take(head_slug(posting), posting.skill)
        out = str(knowledge) if knowledge is not None else None
        tasks.append(Task(posting, slug, out))
    new: list[OpeningData] = []
    updated: list[tuple[int, OpeningData]] = []
    rejected: list[Rejection] = []
    cured: list[str] = []
    counts = {"new": 0, "updated": 0, "rejected": 0}

    def flush() -> None:
        store.openings.add(new)
        store.openings.replace(updated)
        store.openings.remember_rejections(rejected)
        store.openings.forget_rejections(cured)
        counts["new"] += len(new)
        counts["updated"] += len(updated)
        counts["rejected"] += len(rejected)
        for batch in (new, updated, rejected, cured):
            batch.clear()

    restore = {p.key for p, counted in todo if not counted}
    for done, built in enumerate(run_tasks(tasks, workers=workers), start=1):
        _record(built, known, restore, new, updated, rejected, rejections, cured)
        if done % _FLUSH == 0:
            flush()
            say(f"built {done}/{len(tasks)}")
    flush()
    return counts


def _record(
    built: Built,
    known: dict[str, Any],
    restore: set[str],
    new: list[OpeningData],
    updated: list[tuple[int, OpeningData]],
    rejected: list[Rejection],
    rejections: dict[str, str],
    cured: list[str],
) -> None:
    p = built.task.posting
    if p.key in restore:
        return  # an unchanged opening whose knowledge file was missing: written again
    old = known.get(p.key)
    seen = p.first_seen or datetime.now(UTC)
    if built.role is None:
        rejected.append(Rejection(p.key, p.content_hash, built.reason or "rejected", seen))
        log.info("rejected %s: %s", p.name, built.reason)
        return
    data = OpeningData(
        slug=built.task.slug or built.role.slug,
        skill=p.skill,
        content_hash=p.content_hash,
        source_path=p.key,
        first_seen=seen,
        **opening_fields(built.role, header_location(p)),
    )
    if old is None:
        new.append(data)
    else:
        updated.append((old.id, data))
    if p.key in rejections:
        cured.append(p.key)

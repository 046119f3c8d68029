"""``SOURCE`` strings and fetching them: the one entry point from a source to postings.

``greenhouse:BOARD``, ``lever:SITE``, ``lever-eu:SITE``, ``ashby:BOARD``, ``workable:ACCOUNT``,
an ``http(s)://`` careers or job page (schema.org ``JobPosting`` JSON-LD), or a folder or file
of postings. Base URLs come from :class:`~bot.config.Settings` (``GREENHOUSE_API_URL``, …),
so tests point them at a local fake board.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import SourceError, UsageError
from bot.ingest import boards
from bot.ingest.http import Fetcher, parse_json
from bot.ingest.posting import Posting

if TYPE_CHECKING:
    from bot.config import Settings

BOARDS = ("greenhouse", "lever", "lever-eu", "ashby", "workable")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
Parser = Callable[[Any, str, str | None], list[Posting]]
_PARSERS: dict[str, Parser] = {
    "greenhouse": boards.greenhouse,
    "lever": boards.lever,
    "lever-eu": boards.lever,
    "ashby": boards.ashby,
    "workable": boards.workable,
}


@dataclass(frozen=True, slots=True)
class Source:
    """A parsed ``SOURCE``: ``kind`` is a board name, ``page`` or ``files``."""

    kind: str
    target: str  # the board/site/account, the page URL, or the resolved path

    @property
    def label(self) -> str:
        """How the source is named in keys, messages and the registry."""
        return f"{self.kind}:{self.target}" if self.kind in BOARDS else self.target

    @property
    def remote(self) -> bool:
        return self.kind != "files"

    @property
    def prefix(self) -> str:
        """The common start of the keys of this source's postings (what may be closed)."""
        if self.kind == "files":
            path = Path(self.target)
            return str(path) + ("/" if path.is_dir() else "")
        return f"{self.label}#"


def parse_source(text: str) -> Source:
    """A :class:`Source`, or a one-line :class:`UsageError` saying what is accepted."""
    value = text.strip()
    kind, sep, rest = value.partition(":")
    if sep and kind.lower() in BOARDS:
        if not _NAME.match(rest):
            raise UsageError(f"{value!r}: {kind.lower()}: needs a board name like {kind}:acme")
        return Source(kind.lower(), rest)
    if kind.lower() in ("http", "https") and rest.startswith("//"):
        return Source("page", value)
    path = Path(value).expanduser()
    if path.exists():
        return Source("files", str(path.resolve()))
    raise UsageError(
        f"{value!r} is not a source: use greenhouse:BOARD, lever:SITE, lever-eu:SITE, "
        "ashby:BOARD, workable:ACCOUNT, an https:// careers page, or a folder or file"
    )


def board_url(source: Source, settings: Settings) -> tuple[str, dict[str, str]]:
    """The API URL and query of a board source."""
    bases = {
        "greenhouse": (settings.greenhouse_api_url, "{}/jobs", {"content": "true"}),
        "lever": (settings.lever_api_url, "{}", {"mode": "json"}),
        "lever-eu": (settings.lever_eu_api_url, "{}", {"mode": "json"}),
        "ashby": (settings.ashby_api_url, "{}", {"includeCompensation": "true"}),
        "workable": (settings.workable_api_url, "{}", {"details": "true"}),
    }
    base, path, query = bases[source.kind]
    return base.rstrip("/") + "/" + path.format(source.target), query


@dataclass(frozen=True, slots=True)
class Fetch:
    """What a source returned: its postings, or ``None`` when the server said "not modified"
    (nothing changed since the last good sync)."""

    source: Source
    postings: list[Posting] | None


def fetch(source: Source, settings: Settings, fetcher: Fetcher) -> Fetch:
    """Fetch ``source``'s postings (files: listed, bodies not read); :class:`SourceError`
    naming the source when it cannot be read."""
    if source.kind == "files":
        from bot.ingest.files import list_files

        return Fetch(source, list(list_files([Path(source.target)], source.label)))
    try:
        if source.kind == "page":
            got = fetcher.get(source.target, accept="text/html,application/xhtml+xml")
            if got.not_modified:
                return Fetch(source, None)
            from bot.ingest.jsonld import from_page

            return Fetch(source, from_page(got.text or "", source.target, source.label))
        url, query = board_url(source, settings)
        got = fetcher.get(url, params=query)
    except SourceError as exc:
        raise SourceError(f"{source.label}: {exc}") from None
    if got.not_modified:
        return Fetch(source, None)
    data = parse_json(got, source.label)
    return Fetch(source, _PARSERS[source.kind](data, source.label, None))


def fetcher_for(settings: Settings, **kwargs: Any) -> Fetcher:
    return Fetcher(timeout=settings.source_timeout, retries=settings.source_retries, **kwargs)

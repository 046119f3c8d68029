"""The optional on-disk cache of fitted models."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.matching import Catalogue, Matcher, cache


def test_cached_model_gives_the_same_results(catalogue: Catalogue, tmp_path: Path) -> None:
    """A matcher loaded from the cache scores exactly like the freshly fitted one."""
    first = Matcher(catalogue, cache_dir=tmp_path)
    files = list(tmp_path.glob("matcher-*.npz"))
    assert len(files) == 1
    second = Matcher(catalogue, cache_dir=tmp_path)
    for text in ("what's the salry", "wfh?", "zxcvbnm", "salary and visa?"):
        assert second.match(text) == first.match(text)


def test_corrupt_or_foreign_cache_file_is_ignored(catalogue: Catalogue, tmp_path: Path) -> None:
    """A damaged cache entry is skipped (and rewritten), never trusted or fatal."""
    Matcher(catalogue, cache_dir=tmp_path)
    (entry,) = tmp_path.glob("matcher-*.npz")
    entry.write_bytes(b"not a zip file")
    assert Matcher(catalogue, cache_dir=tmp_path).match("salary?").accepted == ("salary",)
    assert entry.read_bytes() != b"not a zip file"


def test_unwritable_cache_dir_is_not_an_error(catalogue: Catalogue, tmp_path: Path) -> None:
    """A cache directory that cannot be created does not stop the matcher."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert Matcher(catalogue, cache_dir=blocker / "sub").match("wfh?").accepted == ("remote",)


def test_default_cache_dir_follows_the_environment() -> None:
    """BOT_CACHE_DIR wins ("off" disables caching), then XDG_CACHE_HOME."""
    assert cache.default_cache_dir({"BOT_CACHE_DIR": "/x/bot"}) == Path("/x/bot")
    assert cache.default_cache_dir({"BOT_CACHE_DIR": "off"}) is None
    assert cache.default_cache_dir({"XDG_CACHE_HOME": "/y"}) == Path("/y/hiring-assistant-bot")


def test_matcher_uses_the_default_cache_dir(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an explicit cache_dir the matcher caches where BOT_CACHE_DIR points."""
    monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path))
    Matcher(catalogue)
    assert len(list(tmp_path.glob("matcher-*.npz"))) == 1


def test_old_entries_are_pruned(catalogue: Catalogue, tmp_path: Path) -> None:
    """The cache keeps only the most recently used models."""
    for n in range(cache.KEEP + 3):
        extra = replace(catalogue.intents[0], examples=(*catalogue.intents[0].examples, f"v{n}"))
        variant = replace(catalogue, intents=(extra, *catalogue.intents[1:]))
        Matcher(variant, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("matcher-*.npz"))) == cache.KEEP

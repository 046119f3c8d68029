"""Fixtures for the matcher tests: a small catalogue and a matcher fitted on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.matching import Catalogue, Matcher, load_catalogue

CATALOGUE = Path(__file__).resolve().parent / "catalogue.yaml"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The small test catalogue."""
    return load_catalogue(CATALOGUE)


@pytest.fixture(scope="session")
def matcher(catalogue: Catalogue) -> Matcher:
    """A matcher fitted on the small test catalogue (no on-disk cache)."""
    return Matcher(catalogue, cache_dir=None)


@pytest.fixture(autouse=True)
def _no_model_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Matchers built in these tests do not write to the user's cache directory."""
    monkeypatch.setenv("BOT_CACHE_DIR", "off")

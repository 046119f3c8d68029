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
    """A matcher fitted on the small test catalogue."""
    return Matcher(catalogue)

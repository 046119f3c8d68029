"""The whole real corpus builds: no crash, every posting built or rejected with a reason.

Reads ``../shared/corpus/remotewlb`` (6,672 postings) and skips with a message where it is
absent (users clone the project alone; CI has it).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from bot.knowledge.build import BuildResult, build_paths
from bot.knowledge.parse import parse_posting
from bot.knowledge.store import load_role_file
from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "remotewlb"

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (it lives in ../shared beside the project)")
    return CORPUS


def test_whole_corpus_builds(corpus: Path, tmp_path: Path) -> None:
    """Zero internal errors, every posting accounted for, at least 99 % built, and (on a
    sample) every fact quotes text of its posting."""
    files = sorted(corpus.rglob("*.md"))
    rejected: list[BuildResult] = []
    summary = build_paths(
        [corpus], tmp_path, on_result=lambda r: rejected.append(r) if not r.ok else None
    )
    assert summary.total == len(files)
    assert summary.built + summary.rejected == summary.total
    crashes = [f"{r.path}: {r.reason}" for r in rejected if "internal error" in (r.reason or "")]
    assert crashes == []
    for result in rejected:
        assert result.reason and "\n" not in result.reason
    assert summary.built >= 0.99 * summary.total
    written = sorted(tmp_path.glob("*.yaml"))
    assert len(written) == summary.built
    for path in random.Random(7).sample(written, 200):
        role = load_role_file(path).role
        assert role.identity.title and role.sentences
        posting = corpus.parent / (role.identity.source_file or "")
        text = " ".join(parse_posting(posting.read_text(encoding="utf-8")).text.split())
        misquoted = [(where, s) for where, s in sources(role) if s not in text]
        assert misquoted == [], f"{path.name}: sources not in {posting}"


def sources(model: BaseModel, where: str = "role") -> Iterator[tuple[str, str]]:
    """Every quoted source sentence of a model, with where it sits."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, BaseModel):
                yield from sources(item, f"{where}.{name}")
            elif isinstance(item, str) and (name == "source" or name.endswith("_source")):
                yield f"{where}.{name}", str(item)

"""Start-up checks of the catalogue against the answer side: renderers and their arguments."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answers.compose import Composer, check_catalogue
from bot.answers.render import check_answer
from bot.errors import KnowledgeError
from bot.matching import load_catalogue

CATALOGUE = """\
version: 1
intents:
- id: salary
  kind: job
  answer: salary
  examples: [pay]
- id: perks
  kind: job
  answer: {answer}
  related: [salary]
  examples: [perks]
"""


def _write(tmp_path: Path, answer: str) -> Path:
    path = tmp_path / "intents.yaml"
    path.write_text(CATALOGUE.format(answer=answer), encoding="utf-8")
    return path


def test_unknown_renderer_fails_at_startup_with_path_and_line(tmp_path: Path) -> None:
    """A job intent naming a renderer that doesn't exist stops start-up at its line."""
    path = _write(tmp_path, "perkz")
    with pytest.raises(KnowledgeError, match=rf"^{path}:7: intent 'perks': unknown renderer"):
        Composer(load_catalogue(path))


def test_unknown_renderer_argument_fails_with_path_and_line(tmp_path: Path) -> None:
    """A renderer argument it doesn't know ("benefit:yachts") is an error too."""
    path = _write(tmp_path, '"benefit:yachts"')
    with pytest.raises(KnowledgeError, match=rf"^{path}:7: .*no argument 'yachts'"):
        check_catalogue(load_catalogue(path))


def test_related_topic_must_be_an_intent(tmp_path: Path) -> None:
    """A related topic that is no intent id fails loading at the intent's line."""
    path = tmp_path / "intents.yaml"
    path.write_text(CATALOGUE.format(answer="benefits").replace("[salary]", "[pay]"))
    with pytest.raises(KnowledgeError, match=rf"^{path}:7: intent 'perks': related topic 'pay'"):
        load_catalogue(path)


def test_shipped_catalogue_checks_clean() -> None:
    """Every renderer the shipped catalogue names exists, with a known argument."""
    catalogue = load_catalogue()
    check_catalogue(catalogue)
    assert check_answer("benefit:holiday") is None
    assert check_answer("salary:x") is not None
    assert catalogue.get("salary").related

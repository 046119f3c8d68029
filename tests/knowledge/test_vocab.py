"""Vocabulary files under knowledge/vocab: loading, and bad entries named by path:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge.vocab import load_tech, technologies

GOOD = """\
technologies:
- name: Go
  ask_exact: true
  category: language
  spell: 'Golang|Go'
  ask: [golang]
- name: Kafka
  category: queue
"""


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tech.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_vocabulary_loads_once_per_name() -> None:
    """The shipped file loads; names are unique and every spelling compiles."""
    vocab = technologies()
    names = [t.name for t in vocab]
    assert len(names) == len(set(names)) and "Kubernetes" in names
    assert all(t.spell is not None for t in vocab if t.category != "other")


def test_entries_default_their_spelling_and_question_names(tmp_path: Path) -> None:
    """Without 'spell' the name is its spelling; an exact name is not a lower-case alias."""
    go, kafka = load_tech(_file(tmp_path, GOOD))
    assert go.ask == ("golang",) and go.ask_exact
    assert kafka.spell is not None and kafka.spell.search("we run Kafka") is not None
    assert kafka.ask == ("kafka",)


@pytest.mark.parametrize(
    ("bad", "line", "message"),
    [
        (GOOD.replace("category: queue", "category: queues"), 8, "unknown category 'queues'"),
        (GOOD.replace("'Golang|Go'", "'Golang|(Go'"), 5, "bad regex"),
        (GOOD.replace("[golang]", "[GoLang]"), 6, "lower case"),
        (GOOD + "- name: Go\n", 9, "already listed at line 2"),
        (GOOD + "  colour: red\n", 9, "unknown key 'colour'"),
        (GOOD + "- name: Golang\n  ask: [golang]\n", 10, "'golang' already names Go"),
        (GOOD.replace("ask_exact: true", "ask_exact: maybe"), 3, "'ask_exact' must be true"),
        ("technologies:\n- [a list]\n", 2, "must be a mapping"),
        ("technologies: [\n", 2, "not valid YAML"),
    ],
)
def test_a_bad_entry_is_an_error_at_its_line(
    tmp_path: Path, bad: str, line: int, message: str
) -> None:
    """Each kind of bad entry fails loading with ``path:line: message``."""
    path = _file(tmp_path, bad)
    with pytest.raises(KnowledgeError, match=rf"^{path}:{line}: .*{message}"):
        load_tech(path)


def test_cue_lists_load_and_a_bad_phrase_is_named_by_line(tmp_path: Path) -> None:
    """A cue file needs every list; an upper-case or empty phrase fails at its line."""
    from bot.knowledge.vocab import load_cues

    path = tmp_path / "cues.yaml"
    path.write_text("deny:\n  - except\nonly:\n  - only\n  - Must Live\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=rf"^{path}:5: only: 'Must Live'"):
        load_cues(path, ("deny", "only"))
    path.write_text("deny: [except]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="needs a 'only' list"):
        load_cues(path, ("deny", "only"))

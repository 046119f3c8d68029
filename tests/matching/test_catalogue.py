"""Loading and validating the intent catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.matching import Catalogue, load_catalogue, parse_catalogue

GOOD_INTENT = "{id: salary, kind: job, label: Salary, examples: [pay]}"


def test_fixture_loads_into_frozen_objects(catalogue: Catalogue) -> None:
    """The test catalogue loads with its intents, kinds, defaults and lowercased synonyms."""
    assert catalogue.ids[:2] == ("salary", "remote")
    salary = catalogue.get("salary")
    assert salary.kind == "job" and salary.answer == "salary"
    assert "What's the salary?" in salary.examples
    assert catalogue.get("oos_banking").reply
    assert catalogue.synonyms["k8s"] == "kubernetes"
    assert len(catalogue.digest) == 64
    with pytest.raises(AttributeError):
        salary.label = "x"  # type: ignore[misc]


def test_job_intent_answer_defaults_to_its_id() -> None:
    """A job intent without ``answer`` is rendered by the renderer named like the intent."""
    cat = parse_catalogue(f"version: 1\nintents: [{GOOD_INTENT}]")
    assert cat.get("salary").answer == "salary"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("intents: [", "not valid YAML (line"),
        ("- a list", "expected a mapping"),
        ("version: 2\nintents: []", "unsupported catalogue version 2"),
        ("version: 1", "'intents' must be a non-empty list"),
        ("version: 1\nintent: []", "unknown top-level key(s): intent"),
        ("synonyms: [a, b]\nintents: [" + GOOD_INTENT + "]", "'synonyms' must be a mapping"),
        ("intents: [{kind: job, examples: [x]}]", "'id' must be a snake_case string"),
        ("intents: [{id: Salary, kind: job, examples: [x]}]", "'id' must be a snake_case"),
        ("intents: [{id: a, kind: joke, examples: [x]}]", "'kind' must be one of job"),
        ("intents: [{id: a, kind: job, examples: []}]", "'examples' needs at least one"),
        ("intents: [{id: a, kind: job, examples: x}]", "'examples' must be a list"),
        ("intents: [{id: a, kind: job, examples: [x], exmples: [y]}]", "unknown key(s): exmples"),
        ("intents: [{id: a, kind: oos, examples: [x]}]", "oos intents need a 'reply'"),
        ("intents: [{id: a, kind: job, examples: [x], answer: ''}]", "'answer' must be a non"),
        (f"intents: [{GOOD_INTENT}, {GOOD_INTENT}]", "duplicate intent id 'salary'"),
    ],
)
def test_malformed_catalogue_is_one_clear_error(text: str, message: str) -> None:
    """Each kind of mistake raises a KnowledgeError whose one-line message names it."""
    with pytest.raises(KnowledgeError) as info:
        parse_catalogue(text, source="cat.yaml")
    assert message in str(info.value)
    assert str(info.value).startswith("cat.yaml")
    assert "\n" not in str(info.value)


def test_missing_file_is_a_knowledge_error(tmp_path: Path) -> None:
    """A catalogue path that does not exist raises KnowledgeError naming the path."""
    with pytest.raises(KnowledgeError, match="cannot read the intent catalogue"):
        load_catalogue(tmp_path / "nope.yaml")

"""Technology names in questions, compared with a role's stack."""

from __future__ import annotations

from bot.answers.tech import in_stack, mentioned
from tests.answers.support import role

STACK = role("monzo").tech_stack


def test_mentions_known_and_own_names() -> None:
    """Aliases map to canonical names; the role's own names are found too."""
    assert mentioned("do you use k8s or postgres?", STACK) == ["Kubernetes", "PostgreSQL"]
    assert mentioned("Is Envoy Proxy used?", STACK) == ["Envoy Proxy"]


def test_go_only_as_a_name() -> None:
    """ "go" the verb is not Go the language; "Go" and "golang" are."""
    assert mentioned("where do I go to apply?", STACK) == []
    assert mentioned("Do you write Go?", STACK) == ["Go"]
    assert mentioned("golang?", STACK) == ["Go"]


def test_in_stack() -> None:
    """Stack lookup accepts aliases and prefixes of longer names."""
    assert in_stack("Envoy", STACK) is not None
    assert in_stack("kubernetes", STACK) is not None
    assert in_stack("Rust", STACK) is None

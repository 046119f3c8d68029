"""Roles: naming a role in a question, and staying fast with a thousand roles."""

from __future__ import annotations

import time

from bot.answers.roles import RoleIndex, label
from bot.knowledge.schema import Identity, Role
from tests.answers.support import role


def _role(slug: str, title: str, company: str) -> Role:
    return Role(identity=Identity(slug=slug, title=title, company=company))


ROLES = [
    _role("staff-backend", "Staff Backend Engineer", "Monzo"),
    _role("senior-backend", "Senior Backend Engineer", "Monzo"),
    _role("frontend", "Senior Frontend Engineer", "Acme"),
    _role("data", "Data Scientist", "Globex"),
]


def test_title_named_in_question() -> None:
    """ "salary for the staff backend role?" names the staff role."""
    named = RoleIndex(ROLES).named("salary for the staff backend role?")
    assert named is not None and [r.slug for r in named.roles] == ["staff-backend"]


def test_fuzzy_title() -> None:
    """A typo in the title still names the role."""
    named = RoleIndex(ROLES).named("what's the pay for the data scienist job")
    assert named is not None and named.roles[0].slug == "data"


def test_ambiguous_names_several() -> None:
    """ "the backend role" fits two roles: both are returned, to ask which."""
    named = RoleIndex(ROLES).named("is the backend role remote?")
    assert named is not None
    assert {r.slug for r in named.roles} == {"staff-backend", "senior-backend"}


def test_company_names_its_roles() -> None:
    """Naming a company with one role picks it."""
    named = RoleIndex(ROLES).named("does Globex sponsor visas?")
    assert named is not None and [r.slug for r in named.roles] == ["data"]


def test_topic_words_do_not_name_a_role() -> None:
    """A question that merely shares a word with a title names nothing."""
    assert RoleIndex(ROLES).named("what frontend framework do you use?") is None
    assert RoleIndex(ROLES).named("what's the salary?") is None


def test_single_role_needs_no_naming() -> None:
    """With one role loaded, naming is skipped."""
    assert RoleIndex([role("monzo")]).named("salary for the senior backend engineer role") is None


def test_choices_and_label() -> None:
    """Up to five choices, labelled with title and company."""
    index = RoleIndex(ROLES * 2)
    assert len(index.choices()) == 5
    assert label(ROLES[0]) == "Staff Backend Engineer at Monzo"


def test_thousand_roles_stay_fast() -> None:
    """Naming against 1,000 roles takes well under 10 ms per question."""
    words = ["Platform", "Data", "Mobile", "Payments", "Search", "Billing", "Growth", "Infra"]
    roles = [
        _role(f"r{i}", f"{words[i % 8]} Engineer {i}", f"Company{i % 97}") for i in range(1000)
    ]
    index = RoleIndex(roles)
    questions = ["salary for the payments engineer 17 role?", "is it remote?"] * 50
    start = time.perf_counter()
    for q in questions:
        index.named(q)
    per_question = (time.perf_counter() - start) / len(questions)
    assert per_question < 0.01
    named = index.named("salary for the payments engineer 17 role?")
    assert named is not None and named.roles[0].slug == "r17"


def test_a_company_called_by_an_everyday_word_needs_its_capital() -> None:
    """ "is this remote?" isn't about a company called Remote; "does Remote …?" is."""
    roles = [*ROLES, _role("team-lead", "Engineering Team Leader", "Remote")]
    index = RoleIndex(roles, common=frozenset({"remote", "is", "this", "role"}))
    assert index.named("Is this remote?") is None
    assert index.named("Is this role remote?") is None
    named = index.named("Does Remote sponsor visas?")
    assert named is not None and [r.slug for r in named.roles] == ["team-lead"]

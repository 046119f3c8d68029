"""Tests of bot.knowledge.store: YAML round trip, hand edits, errors with line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge.schema import QA, Compensation, Identity, Role, RoleFile, Visa
from bot.knowledge.store import (
    check_dir,
    deep_merge,
    dump_role_file,
    load_role,
    load_role_file,
    load_roles,
    role_files,
)

SRC = "💰 £95,000 - £150,000 base salary"


def role(slug: str = "backend-1") -> Role:
    return Role(
        identity=Identity(slug=slug, title="Backend Engineer", company="Monzo"),
        compensation=Compensation(
            currency="GBP", min=95000, max=150000, period="year", text=SRC, source=(SRC,)
        ),
        visa=Visa(
            sponsorship="yes", text="We can sponsor visas.", source=("We can sponsor visas.",)
        ),
        sentences=(SRC, "We can sponsor visas."),
    )


def write(directory: Path, role_file: RoleFile, name: str | None = None) -> Path:
    path = directory / (name or f"{role_file.role.slug}.yaml")
    path.write_text(dump_role_file(role_file), encoding="utf-8")
    return path


def test_dump_and_load_round_trip(tmp_path: Path) -> None:
    """A dumped role file loads back to an equal RoleFile."""
    original = RoleFile(content_hash="sha256:x", role=role())
    assert load_role_file(write(tmp_path, original)) == original


def test_dump_is_human_friendly(tmp_path: Path) -> None:
    """Block style, emoji unescaped, schema key order, empty hand-edit slots present."""
    text = dump_role_file(RoleFile(role=role()))
    assert "💰" in text and "\\U" not in text
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line[0].isspace()]
    assert keys == ["schema_version", "content_hash", "role", "overrides", "qa"]
    assert "{" not in text.split("overrides")[0]
    assert "!!python" not in text


def test_overrides_replace_and_null_removes(tmp_path: Path) -> None:
    """Overrides deep-merge over the role; ``null`` removes a fact; ``qa`` is added."""
    rf = RoleFile(
        role=role(),
        overrides={"compensation": {"max": 160000}, "visa": None},
        qa=(QA(questions=("Is there a pension?",), answer="Yes."),),
    )
    loaded = load_role(write(tmp_path, rf))
    assert loaded.compensation is not None and loaded.compensation.max == 160000
    assert loaded.compensation.min == 95000
    assert loaded.visa is None
    assert [q.answer for q in loaded.qa] == ["Yes."]


def test_deep_merge_replaces_lists_and_scalars() -> None:
    """Mappings merge key by key; lists and scalars are replaced whole."""
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 1}
    assert deep_merge(base, {"a": {"c": [3]}, "d": None, "e": 2}) == {
        "a": {"b": 1, "c": [3]},
        "e": 2,
    }


def test_yaml_syntax_error_has_path_and_line(tmp_path: Path) -> None:
    """A YAML syntax error reads ``path:line: YAML syntax error: …``."""
    path = tmp_path / "bad.yaml"
    path.write_text("schema_version: 1\nrole:\n  identity: [unclosed\n  title: x\n")
    with pytest.raises(KnowledgeError) as info:
        load_role_file(path)
    assert str(info.value).startswith(f"{path}:4: YAML syntax error")


def test_schema_error_points_at_the_offending_line(tmp_path: Path) -> None:
    """A schema error is reported at the YAML line of the bad key."""
    path = write(tmp_path, RoleFile(role=role()))
    lines = path.read_text().splitlines()
    n = next(i for i, line in enumerate(lines) if "sponsorship:" in line)
    lines[n] = lines[n].replace("'yes'", "maybe").replace('"yes"', "maybe")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(KnowledgeError) as info:
        load_role_file(path)
    assert str(info.value).startswith(f"{path}:{n + 1}: role.visa.sponsorship: Input should be")


def test_unknown_key_is_an_error_with_its_line(tmp_path: Path) -> None:
    """Misspelt keys are not silently ignored."""
    path = write(tmp_path, RoleFile(role=role()))
    path.write_text(path.read_text().replace("  visa:", "  viza:"))
    errors = check_dir(tmp_path)
    line = 1 + path.read_text().splitlines().index("  viza:")
    assert f"{path}:{line}: role.viza: Extra inputs are not permitted" in errors


def test_bad_override_is_located_in_overrides(tmp_path: Path) -> None:
    """An override that breaks the schema is reported at its line under ``overrides``."""
    path = write(tmp_path, RoleFile(role=role(), overrides={"visa": {"sponsorship": "perhaps"}}))
    line = 1 + next(i for i, text in enumerate(path.read_text().splitlines()) if "perhaps" in text)
    with pytest.raises(KnowledgeError) as info:
        load_role(path)
    assert str(info.value).startswith(f"{path}:{line}: role.visa.sponsorship")


def test_load_roles_skips_catalogue_and_postings(tmp_path: Path) -> None:
    """``intents.yaml`` and the ``postings/`` folder are not roles."""
    write(tmp_path, RoleFile(role=role("b")))
    write(tmp_path, RoleFile(role=role("a")))
    (tmp_path / "intents.yaml").write_text("version: 1\nintents: []\n")
    (tmp_path / "postings").mkdir()
    (tmp_path / "postings" / "x.yaml").write_text("not: a role\n")
    assert [r.slug for r in load_roles(tmp_path)] == ["a", "b"]
    assert [p.name for p in role_files(tmp_path)] == ["a.yaml", "b.yaml"]


def test_duplicate_slugs_and_all_errors_are_collected(tmp_path: Path) -> None:
    """Every broken file is reported, and two files with one slug are an error."""
    write(tmp_path, RoleFile(role=role("same")), "one.yaml")
    write(tmp_path, RoleFile(role=role("same")), "two.yaml")
    (tmp_path / "zz.yaml").write_text("- a list\n")
    errors = check_dir(tmp_path)
    assert len(errors) == 2
    assert "duplicate slug 'same'" in errors[0]
    assert errors[1] == f"{tmp_path / 'zz.yaml'}:1: expected a mapping with 'role:', got list"


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    """A knowledge folder that does not exist is a KnowledgeError, not a crash."""
    with pytest.raises(KnowledgeError, match="not found"):
        load_roles(tmp_path / "nope")

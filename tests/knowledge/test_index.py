"""Tests of bot.knowledge.index: the compiled role index beside the YAML files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge import index as index_module
from bot.knowledge.index import INDEX_NAME, compile_index, load_entry
from bot.knowledge.schema import Identity, Location, Role, RoleFile
from bot.knowledge.store import dump_role_file


def write(directory: Path, slug: str, title: str, company: str = "Acme", **extra: object) -> Path:
    role = Role(
        identity=Identity(slug=slug, title=title, company=company),
        location=Location(offices=("London",), remote="hybrid", text="London, hybrid"),
    )
    path = directory / f"{slug}.yaml"
    text = dump_role_file(RoleFile(content_hash=f"sha256:{slug}", role=role, **extra))  # type: ignore[arg-type]
    path.write_text(text, encoding="utf-8")
    return path


def test_index_lists_roles_without_parsing_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second start reads the index; no role file is parsed."""
    write(tmp_path, "b-role", "Backend Engineer")
    write(tmp_path, "a-role", "Data Scientist", company="Globex")
    first = compile_index(tmp_path)
    assert [e.slug for e in first] == ["a-role", "b-role"]
    assert first[0].company == "Globex" and first[0].content_hash == "sha256:a-role"
    assert first[0].locations == ("London", "hybrid")
    assert (tmp_path / INDEX_NAME).is_file()

    def no_parse(path: object) -> Role:
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(index_module, "load_role", no_parse)
    assert compile_index(tmp_path) == first


def test_new_changed_and_removed_files_are_noticed(tmp_path: Path) -> None:
    """A synced file appears, an edited title changes, a deleted file disappears."""
    write(tmp_path, "a-role", "Data Scientist")
    gone = write(tmp_path, "gone", "Old Role")
    compile_index(tmp_path)
    write(tmp_path, "new-role", "Platform Engineer")
    changed = write(tmp_path, "a-role", "Senior Data Scientist II")
    os.utime(changed, ns=(1, 1))  # even an older mtime is a change
    gone.unlink()
    entries = {e.slug: e.title for e in compile_index(tmp_path)}
    assert entries == {"a-role": "Senior Data Scientist II", "new-role": "Platform Engineer"}
    saved = json.loads((tmp_path / INDEX_NAME).read_text(encoding="utf-8"))
    slug = saved["fields"].index("slug")
    assert sorted(r[slug] for r in saved["roles"]) == ["a-role", "new-role"]


def test_overrides_count_in_the_index(tmp_path: Path) -> None:
    """A recruiter's title override is what the index (and role choice) sees."""
    write(tmp_path, "a-role", "Data Scientist", overrides={"identity": {"title": "ML Scientist"}})
    [entry] = compile_index(tmp_path)
    assert entry.title == "ML Scientist"
    assert load_entry(tmp_path, entry).title == "ML Scientist"


def test_broken_files_are_reported_and_the_rest_indexed(tmp_path: Path) -> None:
    """A broken file fails start-up with path:line; the good ones are still indexed."""
    write(tmp_path, "good", "Backend Engineer")
    (tmp_path / "bad.yaml").write_text("role: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"bad\.yaml:\d+: YAML syntax error"):
        compile_index(tmp_path)
    saved = json.loads((tmp_path / INDEX_NAME).read_text(encoding="utf-8"))
    assert [r[saved["fields"].index("slug")] for r in saved["roles"]] == ["good"]
    with pytest.raises(KnowledgeError):  # still reported on the next start
        compile_index(tmp_path)


def test_duplicate_slugs_are_an_error(tmp_path: Path) -> None:
    """Two files with one slug are reported, as load_roles does."""
    path = write(tmp_path, "dup", "Backend Engineer")
    (tmp_path / "copy.yaml").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="duplicate slug 'dup'"):
        compile_index(tmp_path)


def test_a_corrupt_index_is_rebuilt(tmp_path: Path) -> None:
    """A truncated or foreign index file is ignored and rewritten."""
    write(tmp_path, "a-role", "Data Scientist")
    (tmp_path / INDEX_NAME).write_text('{"version": 1, "roles": [{"slu', encoding="utf-8")
    assert [e.slug for e in compile_index(tmp_path)] == ["a-role"]
    assert json.loads((tmp_path / INDEX_NAME).read_text(encoding="utf-8"))["version"] == 1


def test_write_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    """Only the role files and the index remain after a rebuild."""
    write(tmp_path, "a-role", "Data Scientist")
    compile_index(tmp_path)
    write(tmp_path, "b-role", "Data Engineer")
    compile_index(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [INDEX_NAME, "a-role.yaml", "b-role.yaml"]


def test_unwritable_folder_uses_the_cache_dir(tmp_path: Path) -> None:
    """When the index cannot be written beside the YAML it goes to the cache folder."""
    folder = tmp_path / "kb"
    folder.mkdir()
    write(folder, "a-role", "Data Scientist")
    (folder / INDEX_NAME).mkdir()  # stands in for a read-only folder (tests may run as root)
    first = compile_index(folder, cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("roles-index-*.json"))) == 1
    assert compile_index(folder, cache_dir=tmp_path / "cache") == first


def test_a_running_assistant_sees_roles_synced_after_start(tmp_path: Path) -> None:
    """A role file written after start-up (kb build, openings sync) is picked up by the
    running process once the folder changed; the untouched roles were never parsed."""
    from bot.assistant import Assistant
    from bot.models import Question

    write(tmp_path, "a-role", "Data Scientist", company="Globex")
    write(tmp_path, "b-role", "Backend Engineer", company="Acme")
    assistant = Assistant.from_dir(tmp_path, cache_dir=tmp_path / "cache")
    assert assistant.watched is not None
    assistant.watched.every = 0.0
    assert "c-role" not in assistant.index
    write(tmp_path, "c-role", "Platform Engineer", company="Initech")
    os.utime(tmp_path, ns=(1, 1))  # the folder changed (a rename within one mtime tick)
    answer = assistant.ask(Question("what's the salary for the Initech platform role?"))
    assert answer.role == "c-role"
    assert set(assistant.index._parsed) == {"c-role"}  # lazily parsed: only the one used

"""Recruiter overrides: the override, not the posting sentence it replaced, is the source."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.overrides import HIRING_TEAM, merge_overrides
from bot.knowledge.schema import RoleFile
from bot.knowledge.store import dump_role_file, load_role
from bot.models import Question
from tests.answers.support import ROLES, matcher

VISA = "✅We can sponsor visas."


def _monzo_with(tmp_path: Path, overrides: dict[str, object]) -> Path:
    import yaml

    data = yaml.safe_load((ROLES / "monzo.yaml").read_text(encoding="utf-8"))
    role_file = RoleFile.model_validate({**data, "overrides": overrides})
    path = tmp_path / "monzo.yaml"
    path.write_text(dump_role_file(role_file), encoding="utf-8")
    return path


def _ask(path: Path, text: str) -> tuple[str, tuple[str, ...]]:
    from bot.assistant import Assistant

    bot = Assistant([load_role(path)], matcher().catalogue, matcher())
    answer = bot.ask(Question(text))
    return answer.text, answer.sources


def test_changed_fact_quotes_the_override_not_the_posting(tmp_path: Path) -> None:
    """visa sponsorship changed to "no": the answer says no and cites the hiring team."""
    path = _monzo_with(
        tmp_path, {"visa": {"sponsorship": "no", "text": "We can't sponsor visas for this role."}}
    )
    text, sources = _ask(path, "do you sponsor visas?")
    assert "sponsor" in text and not text.lower().startswith("yes")
    assert sources == (f"We can't sponsor visas for this role. ({HIRING_TEAM})",)
    assert all(VISA not in s for s in sources)


def test_a_changed_number_quotes_the_override(tmp_path: Path) -> None:
    """A new salary maximum: the answer has it, and no source still says £150,000."""
    path = _monzo_with(tmp_path, {"compensation": {"max": 160000}})
    text, sources = _ask(path, "what's the salary?")
    assert "£160,000" in text
    assert any(HIRING_TEAM in s.lower() and "160000" in s for s in sources)
    assert not any("150,000" in s for s in sources)


def test_a_removed_fact_is_not_quoted_back_from_the_posting(tmp_path: Path) -> None:
    """visa: null: the bot no longer quotes the posting's visa sentence."""
    path = _monzo_with(tmp_path, {"visa": None})
    text, sources = _ask(path, "do you sponsor visas?")
    assert all(VISA not in s for s in sources) and VISA.strip("✅") not in text


def test_an_override_with_its_own_source_keeps_it() -> None:
    """An override that names its source (as knowledge/README.md shows) keeps that source."""
    merged = merge_overrides(
        {"identity": {"slug": "x", "title": "X"}},
        {"visa": {"sponsorship": "no", "text": "No.", "source": ["Recruiter, 2024-06-01"]}},
    )
    assert merged["visa"]["source"] == ["Recruiter, 2024-06-01"]


def test_replaced_list_items_are_stamped_and_old_sentences_superseded() -> None:
    """A replaced benefits list: each item cites the hiring team; the old sentence is gone."""
    raw = {
        "identity": {"slug": "x", "title": "X"},
        "benefits": {"items": [{"text": "25 days", "kind": "holiday", "source": ["25 days off"]}]},
        "sentences": ["25 days off", "We use Go."],
    }
    merged = merge_overrides(raw, {"benefits": {"items": [{"text": "30 days", "kind": "holiday"}]}})
    assert merged["benefits"]["items"][0]["source"] == [f"30 days ({HIRING_TEAM})"]
    assert merged["sentences"] == ["We use Go."]

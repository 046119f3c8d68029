"""The production wiring: ``adapters.web.create_app(settings)`` as ``run web`` builds it, from
settings alone (tokens, SLACK_API_URL pointing at the fake, knowledge with two roles), and
the role choice per conversation through it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import load_settings
from tests.adapters.slack.conftest import SECRET, SlackWeb
from tests.fakes.slack_api import FakeSlackAPI, ServerThread, action_body, event_body

FIXTURE_ROLE = Path(__file__).resolve().parents[2] / "fixtures" / "roles" / "monzo.yaml"
OTHER = "acme-ios-engineer"


def _dm(user: str, text: str, ts: str) -> dict[str, str]:
    return {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user,
            "text": text, "ts": ts}  # fmt: skip


@pytest.fixture
def production(tmp_path: Path, fake_api: FakeSlackAPI) -> Iterator[SlackWeb]:
    """``create_app(settings)`` with no injected parts, served by uvicorn."""
    from adapters.web import create_app

    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(FIXTURE_ROLE, knowledge / "monzo.yaml")
    text = FIXTURE_ROLE.read_text(encoding="utf-8")
    text = text.replace("slug: monzo-senior-backend-engineer", f"slug: {OTHER}", 1)
    text = text.replace("title: Senior Backend Engineer", "title: iOS Engineer", 1)
    (knowledge / "ios.yaml").write_text(text, encoding="utf-8")
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": fake_api.token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake_api.url,
            "KNOWLEDGE_DIR": str(knowledge),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        }
    )
    with ServerThread(create_app(settings)) as server:
        web = SlackWeb(server)
        try:
            yield web
        finally:
            web.http.close()


def test_role_is_chosen_per_conversation(production: SlackWeb, fake_api: FakeSlackAPI) -> None:
    """With two roles, a first question asks which role (buttons); the click is remembered for
    that conversation only, and the next question is answered about the chosen role."""
    assert production.http.get("/healthz").json()["platforms"] == ["slack"]
    production.post(event_body(_dm("U0ONE", "what's the salary?", "1.1"), "EvW1"))
    (first,) = fake_api.wait_for("chat.postMessage")
    ids = [e["action_id"] for e in first.params["blocks"][-1]["elements"]]
    assert sorted(ids) == [f"role:{OTHER}", "role:monzo-senior-backend-engineer"]

    click = action_body(
        f"role:{OTHER}",
        OTHER,
        user={"id": "U0ONE"},
        channel={"id": "DU0ONE"},
        container={"type": "message", "message_ts": first.params.get("ts", "2.2")},
        message={"ts": "2.2"},
    )
    assert production.post(click, form=True).status_code == 200
    chosen = fake_api.wait_for("chat.postMessage", 2)[1]
    assert "iOS Engineer" in chosen.params["text"]

    production.post(event_body(_dm("U0ONE", "what's the salary?", "3.3"), "EvW2"))
    answer = fake_api.wait_for("chat.postMessage", 3)[2]
    assert "£95,000" in answer.params["text"]
    assert "role:" not in json.dumps(answer.params["blocks"])

    production.post(event_body(_dm("U0TWO", "what's the salary?", "4.4"), "EvW3"))
    other = fake_api.wait_for("chat.postMessage", 4)[3]
    assert "role:" in json.dumps(other.params["blocks"])


def test_app_home_from_the_real_core(production: SlackWeb, fake_api: FakeSlackAPI) -> None:
    """The Home tab offers both roles when none is chosen yet."""
    event = {"type": "app_home_opened", "user": "U0HOME", "channel": "DU0HOME", "tab": "home"}
    production.post(event_body(event, "EvHome"))
    (call,) = fake_api.wait_for("views.publish")
    view = json.dumps(call.params["view"])
    assert "hiring assistant" in view and f"role:{OTHER}" in view

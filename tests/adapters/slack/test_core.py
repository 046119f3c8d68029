"""The Slack app wired to the real core (assistant on a fixture role, SQLite store, the
subscription and digest commands) end to end over HTTP."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.services import Services, services_from_settings
from adapters.slack.config import SlackConfig
from bot.config import load_settings
from tests.adapters.slack.conftest import RECRUITER, SlackWeb
from tests.fakes.slack_api import FakeSlackAPI, ServerThread, action_body, command_body, event_body

FIXTURE_ROLE = Path(__file__).resolve().parents[2] / "fixtures" / "roles" / "monzo.yaml"


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The real services from settings: knowledge with the Monzo role, a fresh SQLite store
    (built once per module: loading the matcher takes a while)."""
    tmp_path = tmp_path_factory.mktemp("core")
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(FIXTURE_ROLE, knowledge / "monzo.yaml")
    settings = load_settings(
        {
            "KNOWLEDGE_DIR": str(knowledge),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            "RECRUITERS": f"slack:{RECRUITER}",
        }
    )
    services = services_from_settings(settings)
    yield services
    services.deduper.close()  # type: ignore[attr-defined]


@pytest.fixture
def core_web(core: Services, config: SlackConfig) -> Iterator[SlackWeb]:
    from adapters.slack.app import build_app
    from adapters.slack.http import slack_routes
    from adapters.web import create_app

    asgi = create_app(load_settings({}), mounted={"slack": slack_routes(build_app(config, core))})
    with ServerThread(asgi) as server:
        web = SlackWeb(server)
        try:
            yield web
        finally:
            web.http.close()


def test_dm_gets_a_sourced_answer_with_buttons(core_web: SlackWeb, fake_api: FakeSlackAPI) -> None:
    """A DM about the salary gets the posting's figure, its quoted source, Apply and topics."""
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "D0DM",
        "user": "U0USER",
        "text": "<!channel> what's the salary? <@U0VICTIM>",
        "ts": "1700000001.000100",
    }
    assert core_web.post(event_body(event, "EvCore1")).status_code == 200
    (call,) = fake_api.wait_for("chat.postMessage")
    blocks = call.params["blocks"]
    assert "£95,000" in blocks[0]["text"]["text"]
    assert blocks[1]["type"] == "context" and "base salary" in blocks[1]["elements"][0]["text"]
    feedback = [e["text"]["text"] for e in blocks[-1]["elements"]]
    assert feedback == ["👍", "👎"]
    actions = blocks[-2]["elements"]
    assert actions[0]["url"].startswith("https://www.remotewlb.com/apply/")
    assert 2 <= len(actions) - 1 <= 3
    assert all(a["action_id"].startswith("topic:") for a in actions[1:])
    rendered = json.dumps(call.params)
    assert "<!channel>" not in rendered and "<@U0VICTIM>" not in rendered


def test_topic_button_answers_from_the_posting(core_web: SlackWeb, fake_api: FakeSlackAPI) -> None:
    """Clicking the "Equity" topic button answers with the posting's stock options."""
    body = action_body(
        "topic:equity",
        "equity",
        channel={"id": "D0DM"},
        container={"type": "message", "message_ts": "1700000003.1"},
        message={"ts": "1700000003.1"},
        response_url=fake_api.response_url("b"),
    )
    assert core_web.post(body, form=True).status_code == 200
    (call,) = fake_api.wait_for("chat.postMessage")
    assert "stock options" in call.params["text"]


def test_subscribe_and_unsubscribe_the_channel(
    core_web: SlackWeb, core: Services, fake_api: FakeSlackAPI
) -> None:
    """/subscribe stores the channel's subscription with filters; /unsubscribe removes it."""
    store = core.deduper
    body = command_body("/subscribe", "remote python", fake_api.response_url("s"))
    assert core_web.post(body, form=True).status_code == 200
    (reply,) = fake_api.wait_for("response_url")
    assert reply.params["text"].startswith("Subscribed slack:C0CHAN")
    assert store.subscriptions.get("slack:C0CHAN").active  # type: ignore[attr-defined]
    core_web.post(command_body("/unsubscribe", "", fake_api.response_url("u")), form=True)
    fake_api.wait_for("response_url", 2)
    assert store.subscriptions.get("slack:C0CHAN") is None  # type: ignore[attr-defined]


def test_recruiter_schedules_a_digest_for_the_channel(
    core_web: SlackWeb, core: Services, fake_api: FakeSlackAPI
) -> None:
    """A recruiter's /digest schedule (no --to) schedules a digest to the current channel."""
    body = command_body(
        "/digest",
        'schedule weekly "mon 09:00" python',
        fake_api.response_url("d"),
        user_id=RECRUITER,
    )
    assert core_web.post(body, form=True).status_code == 200
    (reply,) = fake_api.wait_for("response_url")
    assert reply.params["text"].startswith("scheduled weekly")
    saved = core.deduper.schedules.get_by_name("weekly")  # type: ignore[attr-defined]
    assert saved is not None and saved.destinations == ("slack:C0CHAN",)


def test_openings_lists_stored_openings(
    core_web: SlackWeb, core: Services, fake_api: FakeSlackAPI
) -> None:
    """/openings lists the store's open roles (escaped, linked) and explains a bad filter."""
    from datetime import UTC, datetime

    from bot.storage import OpeningData

    store = core.deduper
    store.openings.add(  # type: ignore[attr-defined]
        [
            OpeningData(
                slug="go-dev",
                title="Go <Developer>",
                company="Acme & Co",
                skill="Golang",
                location="London",
                remote="hybrid",
                salary="£90k",
                salary_min=90000,
                salary_max=90000,
                salary_currency="GBP",
                salary_period="year",
                apply_url="https://jobs.test/go",
                content_hash="h1",
                source_path="go.txt",
                first_seen=datetime(2026, 11, 1, tzinfo=UTC),
            )
        ]
    )
    core_web.post(command_body("/openings", "", fake_api.response_url("o1")), form=True)
    core_web.post(command_body("/openings", "salary>=lots", fake_api.response_url("o2")), form=True)
    replies = {c.path: c.params for c in fake_api.wait_for("response_url", 2)}
    listed = replies["/respond/o1"]["blocks"][0]["text"]["text"]
    assert "<https://jobs.test/go|Go &lt;Developer&gt;>" in listed
    assert "Acme &amp; Co" in listed
    assert replies["/respond/o2"]["text"].startswith("unknown filter")

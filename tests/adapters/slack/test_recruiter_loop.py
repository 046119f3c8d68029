"""End to end on the fake Slack API with the real core: 👎 reaches the inbox, /forget
erases after a confirmation, App Home shows the privacy notice."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.services import Services, services_from_settings
from adapters.slack.config import SlackConfig
from bot import inbox
from bot.config import Settings, load_settings
from bot.journal import Journal
from bot.storage import Store
from tests.adapters.slack.conftest import RECRUITER, SECRET, SlackWeb
from tests.fakes.slack_api import (
    FakeSlackAPI,
    ServerThread,
    action_body,
    command_body,
    event_body,
    view_submission_body,
)

FIXTURE_ROLE = Path(__file__).resolve().parents[2] / "fixtures" / "roles" / "monzo.yaml"


@pytest.fixture
def loop_settings(tmp_path: Path) -> Settings:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(FIXTURE_ROLE, knowledge / "monzo.yaml")
    return load_settings(
        {
            "KNOWLEDGE_DIR": str(knowledge),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            "PRIVACY_KEY": "slack-test-key-12345",
        }
    )


@pytest.fixture
def core(loop_settings: Settings) -> Iterator[Services]:
    services = services_from_settings(loop_settings)
    yield services
    services.deduper.close()  # type: ignore[attr-defined]


@pytest.fixture
def loop_web(core: Services, config: SlackConfig) -> Iterator[SlackWeb]:
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


def _buttons(params: dict[str, Any]) -> dict[str, dict[str, Any]]:
    blocks = params.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return {
        e["text"]["text"]: e for b in blocks or [] if b["type"] == "actions" for e in b["elements"]
    }


DM = {"type": "message", "channel_type": "im", "channel": "D0DM", "user": "U0USER"}


def test_thumbs_down_lands_in_the_inbox(
    loop_web: SlackWeb, core: Services, fake_api: FakeSlackAPI
) -> None:
    """A 👎 under a DM answer puts the question and the answer given into the inbox."""
    store: Store = core.deduper  # type: ignore[assignment]
    event = {**DM, "text": "what's the salary?", "ts": "1700000001.000100"}
    assert loop_web.post(event_body(event, "EvLoop1")).status_code == 200
    (answer,) = fake_api.wait_for("chat.postMessage")
    down = _buttons(answer.params)["👎"]
    assert inbox.groups(store) == []
    body = action_body(
        down["action_id"], down["value"], channel={"id": "D0DM"},
        container={"type": "message", "message_ts": "1700000002.1"},
        message={"ts": "1700000002.1"},
    )  # fmt: skip
    assert loop_web.post(body, form=True).status_code == 200
    fake_api.wait_for("chat.postMessage", 2)
    (group,) = inbox.groups(store)
    assert group.question == "what's the salary?" and group.downvotes == 1
    assert "£95,000" in group.answers[0]


def test_forget_erases_after_confirmation(
    loop_web: SlackWeb, core: Services, fake_api: FakeSlackAPI, loop_settings: Settings
) -> None:
    """/forget answers with a confirmation button; pressing it erases the user's questions."""
    journal: Journal = core.journal  # type: ignore[assignment]
    event = {**DM, "text": "is there a gym?", "ts": "1700000001.000100"}
    loop_web.post(event_body(event, "EvLoop2"))
    fake_api.wait_for("chat.postMessage")
    assert len(journal.export("slack:U0USER")) == 1
    loop_web.post(command_body("/forget", "", fake_api.response_url("f")), form=True)
    (ask,) = fake_api.wait_for("response_url")
    (confirm,) = _buttons(ask.params).values()
    assert len(journal.export("slack:U0USER")) == 1
    body = action_body(
        confirm["action_id"], confirm["value"], channel={"id": "C0CHAN"},
        container={"type": "message", "is_ephemeral": True},
        response_url=fake_api.response_url("g"),
    )  # fmt: skip
    loop_web.post(body, form=True)
    done = fake_api.wait_for("response_url", 2)[-1]
    assert "erased 1 question(s)" in done.params["text"]
    assert journal.export("slack:U0USER") == []


def test_home_shows_the_privacy_notice(loop_web: SlackWeb, fake_api: FakeSlackAPI) -> None:
    """App Home (first contact on Slack) carries the one-line privacy notice."""
    event = {"type": "app_home_opened", "user": "U0USER", "tab": "home"}
    loop_web.post(event_body(event, "EvHome"))
    (call,) = fake_api.wait_for("views.publish")
    assert "Privacy:" in json.dumps(call.params) and "/forget" in json.dumps(call.params)


@pytest.fixture
def handoff_web(loop_settings: Settings, config: SlackConfig) -> Iterator[SlackWeb]:
    from adapters.slack.app import build_app
    from adapters.slack.http import slack_routes
    from adapters.web import create_app

    settings = loop_settings.model_copy(update={"handoff_channel": "slack:C0HAND"})
    services = services_from_settings(settings)
    asgi = create_app(
        load_settings({}), mounted={"slack": slack_routes(build_app(config, services))}
    )
    with ServerThread(asgi) as server:
        web = SlackWeb(server)
        try:
            yield web
        finally:
            web.http.close()
            services.deduper.close()  # type: ignore[attr-defined]


def _posts(fake: FakeSlackAPI, channel: str) -> list[dict[str, Any]]:
    return [c.params for c in fake.calls("chat.postMessage") if c.params.get("channel") == channel]


def test_handoff_relays_a_recruiter_reply_and_silences_the_bot(
    handoff_web: SlackWeb, fake_api: FakeSlackAPI
) -> None:
    """/human posts the request in the handoff channel; the candidate's next DM goes to its
    thread (no bot answer); a recruiter's thread reply is relayed; 'close' ends it."""
    ask = {**DM, "text": "is there a gym?", "ts": "1700000001.000100"}
    handoff_web.post(event_body(ask, "EvH1"))
    fake_api.wait_for("chat.postMessage")
    body = command_body("/human", "", fake_api.response_url("h"), channel_id="D0DM")
    handoff_web.post(body, form=True)
    (started,) = fake_api.wait_for("response_url")
    assert "asked the hiring team" in started.params["text"]
    fake_api.wait_for("chat.postMessage", 2)
    (request,) = _posts(fake_api, "C0HAND")
    assert "slack" in request["text"] and "is there a gym?" in request["text"]
    quiet = {**DM, "text": "what's the salary?", "ts": "1700000005.000100"}
    handoff_web.post(event_body(quiet, "EvH2"))
    fake_api.wait_for("chat.postMessage", 3)
    forwarded = _posts(fake_api, "C0HAND")[-1]
    ts = forwarded["thread_ts"]  # the request's own ts, recorded by the adapter
    assert ts and "what's the salary?" in forwarded["text"]
    assert len(_posts(fake_api, "D0DM")) == 1  # the bot stayed quiet

    def thread_reply(text: str, user: str, event_id: str) -> None:
        event = {
            "type": "message", "channel_type": "channel", "channel": "C0HAND", "user": user,
            "text": text, "ts": f"17000001{len(event_id)}.0001", "thread_ts": ts,
        }  # fmt: skip
        handoff_web.post(event_body(event, event_id))

    thread_reply("Not in the posting", "U0OTHER", "EvH3")  # not a listed recruiter: ignored
    thread_reply("Yes, a free gym in London", RECRUITER, "EvH4")
    fake_api.wait_for("chat.postMessage", 4)
    relayed = _posts(fake_api, "U0USER")
    assert [p["text"] for p in relayed] == ["From the hiring team: Yes, a free gym in London"]
    thread_reply("close", RECRUITER, "EvH55")
    fake_api.wait_for("chat.postMessage", 6)
    assert _posts(fake_api, "U0USER")[-1]["text"].startswith("The hiring team has closed")
    again = {**DM, "text": "what's the salary?", "ts": "1700000009.000100"}
    handoff_web.post(event_body(again, "EvH6"))
    fake_api.wait_for("chat.postMessage", 7)
    assert "£95,000" in _posts(fake_api, "D0DM")[-1]["text"]


def test_recruiter_answers_from_the_app_home_inbox(
    loop_settings: Settings, fake_api: FakeSlackAPI
) -> None:
    """A recruiter's App Home lists the inbox; Answer opens a modal; the submitted answer is
    stored as Q&A and the running bot answers the question with it at once."""
    from adapters.slack.app import build_app
    from adapters.slack.http import slack_routes
    from adapters.web import create_app

    boss = "U0BOSS"
    config = SlackConfig(
        bot_token=fake_api.token, api_url=fake_api.url, signing_secret=SECRET,
        recruiters=frozenset({boss}),
    )  # fmt: skip
    services = services_from_settings(loop_settings)
    asgi = create_app(
        load_settings({}), mounted={"slack": slack_routes(build_app(config, services))}
    )
    with ServerThread(asgi) as server:
        web = SlackWeb(server)
        try:
            ask = {**DM, "text": "is there a gym at the office?", "ts": "1700000001.000100"}
            web.post(event_body(ask, "EvI1"))
            fake_api.wait_for("chat.postMessage")
            web.post(
                event_body({"type": "app_home_opened", "user": "U0USER", "tab": "home"}, "EvI2")
            )
            (candidate_home,) = fake_api.wait_for("views.publish")
            assert "inbox_answer" not in json.dumps(candidate_home.params)  # not a recruiter
            web.post(event_body({"type": "app_home_opened", "user": boss, "tab": "home"}, "EvI3"))
            home = fake_api.wait_for("views.publish", 2)[-1]
            view = home.params["view"]
            view = json.loads(view) if isinstance(view, str) else view
            answer = _buttons({"blocks": view["blocks"]})["Answer"]
            click = action_body(answer["action_id"], answer["value"], user={"id": boss}, view=view)
            web.post(click, form=True)
            (opened,) = fake_api.wait_for("views.open")
            assert "is there a gym at the office?" in json.dumps(opened.params)
            submit = view_submission_body(
                "inbox_answer", answer["value"], {"answer": {"text": "Yes, a free gym."}}, user=boss
            )
            assert web.post(submit, form=True).status_code == 200
            fake_api.wait_for("views.publish", 3)
            confirmation = [
                c for c in fake_api.calls("chat.postMessage") if c.params["channel"] == boss
            ]
            assert confirmation and "Answered inbox group" in confirmation[0].params["text"]
            again = {**DM, "text": "do you have a gym at the office?", "ts": "1700000009.000100"}
            web.post(event_body(again, "EvI4"))
            fake_api.wait_for("chat.postMessage", 3)
            assert _posts(fake_api, "D0DM")[-1]["text"] == "Yes, a free gym."
        finally:
            web.http.close()
            services.deduper.close()  # type: ignore[attr-defined]

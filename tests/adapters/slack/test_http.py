"""End to end over HTTP: signed requests to the running web app (uvicorn on 127.0.0.1), the
real slack-bolt and slack-sdk, answers posted to the fake Slack Web API."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from adapters.services import Services
from bot.storage import Store
from tests.adapters.slack.conftest import RECRUITER, FakeAssistant, FakeCommands, SlackWeb
from tests.fakes.slack_api import FakeSlackAPI, action_body, command_body, event_body

DM = {
    "type": "message",
    "channel_type": "im",
    "channel": "D0DM",
    "user": "U0USER",
    "text": "what's the salary?",
    "ts": "1700000001.000100",
}
MENTION = {
    "type": "app_mention",
    "channel": "C0CHAN",
    "user": "U0USER",
    "text": "<@UBOT> is it remote?",
    "ts": "1700000002.000200",
}


def _all_text(params: dict[str, Any]) -> str:
    """Everything in a chat.postMessage payload that Slack would render."""
    return json.dumps([params.get("text"), params.get("blocks")])


def test_url_verification_is_answered(web: SlackWeb) -> None:
    """A signed url_verification request gets its challenge back."""
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "t"})
    response = web.post(body)
    assert response.status_code == 200
    assert response.json() == {"challenge": "abc123"}


def test_signed_dm_is_answered(web: SlackWeb, fake_api: FakeSlackAPI) -> None:
    """A validly signed DM event is acked and then answered in the DM."""
    response = web.post(event_body(DM))
    assert response.status_code == 200
    (call,) = fake_api.wait_for("chat.postMessage")
    assert call.channel == "D0DM"
    assert call.params.get("thread_ts") is None
    assert "You asked: what's the salary?" in call.params["text"]
    assert call.token == fake_api.token


@pytest.mark.parametrize(
    "how",
    [
        {"secret": "0000000000wrongsecret0000000000"},
        {"timestamp": int(time.time()) - 301},
        {"tamper": True},
    ],
    ids=["wrong-secret", "stale-timestamp", "tampered-body"],
)
def test_bad_signature_is_401_and_not_answered(
    web: SlackWeb, fake_api: FakeSlackAPI, assistant: FakeAssistant, how: dict[str, Any]
) -> None:
    """A wrong secret, a timestamp over five minutes old or a changed body gets 401, no answer."""
    response = web.post(event_body(DM), **how)
    assert response.status_code == 401
    time.sleep(0.2)  # give a (wrongly) started listener the chance to post
    assert fake_api.calls("chat.postMessage") == []
    assert assistant.asked == []


def test_unsigned_request_is_401(web: SlackWeb) -> None:
    """A request without signature headers is refused."""
    response = web.http.post("/slack/events", content=event_body(DM))
    assert response.status_code == 401


def test_mention_is_answered_in_its_thread(
    web: SlackWeb, fake_api: FakeSlackAPI, assistant: FakeAssistant
) -> None:
    """An @mention is answered in the thread of the mention, without the mention itself."""
    assert web.post(event_body(MENTION, "EvMention")).status_code == 200
    (call,) = fake_api.wait_for("chat.postMessage")
    assert call.channel == "C0CHAN"
    assert call.params["thread_ts"] == MENTION["ts"]
    assert assistant.asked[0].text == "is it remote?"
    assert assistant.asked[0].conversation == "slack:C0CHAN"


def test_retried_event_is_answered_once(
    config: Any,
    assistant: FakeAssistant,
    commands: FakeCommands,
    fake_api: FakeSlackAPI,
    store_factory: Callable[[], Store],
) -> None:
    """The same event delivered three times (Slack retries), through two replicas sharing one
    store (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), is answered exactly once."""
    from adapters.slack.app import build_app
    from adapters.slack.http import slack_routes
    from adapters.web import create_app
    from bot.config import load_settings
    from tests.fakes.slack_api import ServerThread

    replicas = []
    for _ in range(2):
        services = Services(assistant=assistant, deduper=store_factory(), commands=commands)
        asgi = create_app(
            load_settings({}), mounted={"slack": slack_routes(build_app(config, services))}
        )
        replicas.append(ServerThread(asgi))
    with replicas[0] as one, replicas[1] as two:
        webs = [SlackWeb(one), SlackWeb(two)]
        body = event_body(DM, "EvRetried")
        assert webs[0].post(body).status_code == 200
        for attempt, web in ((1, webs[1]), (2, webs[0])):
            headers = {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"}
            assert web.post(body, headers=headers).status_code == 200
        fake_api.wait_for("chat.postMessage")
        time.sleep(0.3)  # a duplicate, if any, would arrive in this window
        for web in webs:
            web.http.close()
    assert len(fake_api.calls("chat.postMessage")) == 1
    assert len(assistant.asked) == 1


@pytest.mark.parametrize(
    "event",
    [
        {**DM, "bot_id": "BOTHER", "user": "U0OTHER"},
        {**DM, "user": "UBOT", "bot_id": "BBOT"},
        {**DM, "subtype": "message_changed", "message": {"text": "edited"}},
        {**DM, "subtype": "channel_join"},
        {**DM, "channel_type": "channel", "channel": "C0CHAN"},
    ],
    ids=["other-bot", "own-message", "edit", "join", "channel-message"],
)
def test_ignored_messages_get_no_answer(
    web: SlackWeb, fake_api: FakeSlackAPI, assistant: FakeAssistant, event: dict[str, Any]
) -> None:
    """Bot messages (its own included), edits, joins and plain channel messages are acked and
    ignored."""
    assert web.post(event_body(event, "EvIgnored")).status_code == 200
    time.sleep(0.2)
    assert assistant.asked == []
    assert fake_api.calls("chat.postMessage") == []


def test_pings_in_a_question_never_reach_slack_unescaped(
    web: SlackWeb, fake_api: FakeSlackAPI
) -> None:
    """<!channel>, <!here> and <@U…> in a question (echoed by the answer) arrive escaped."""
    text = "<!channel> <!here> <@U0VICTIM> &lt;!everyone&gt; salary?"
    assert web.post(event_body({**DM, "text": text}, "EvPing")).status_code == 200
    (call,) = fake_api.wait_for("chat.postMessage")
    rendered = _all_text(call.params)
    for ping in ("<!channel>", "<!here>", "<@U0VICTIM>", "<!everyone>", "<!", "<@"):
        assert ping not in rendered
    assert "@channel" in rendered


def test_ask_command_answers_through_response_url(web: SlackWeb, fake_api: FakeSlackAPI) -> None:
    """/ask is acked at once and answered by a POST to its response_url."""
    body = command_body("/ask", "do you sponsor visas? <!channel>", fake_api.response_url("ask"))
    response = web.post(body, form=True)
    assert response.status_code == 200
    (call,) = fake_api.wait_for("response_url")
    assert call.path == "/respond/ask"
    assert "You asked: do you sponsor visas? @channel" in call.params["text"]
    assert "<!channel>" not in _all_text(call.params)
    assert fake_api.calls("chat.postMessage") == []


def test_channel_commands_use_the_current_channel(
    web: SlackWeb, fake_api: FakeSlackAPI, commands: FakeCommands
) -> None:
    """/subscribe, /unsubscribe and /openings act on the channel they were typed in."""
    web.post(command_body("/subscribe", "python london", fake_api.response_url("s")), form=True)
    web.post(command_body("/openings", "python", fake_api.response_url("o")), form=True)
    web.post(command_body("/unsubscribe", "", fake_api.response_url("u")), form=True)
    calls = fake_api.wait_for("response_url", 3)
    by_path = {c.path: c.params["text"] for c in calls}
    assert by_path["/respond/s"] == "Subscribed slack:C0CHAN to python london."
    assert "Backend &lt;Engineer&gt;" in by_path["/respond/o"]
    assert by_path["/respond/u"] == "Unsubscribed slack:C0CHAN."
    assert ("subscribe", "slack:C0CHAN", "python london") in commands.calls


def test_digest_command_is_refused_for_non_recruiters(
    web: SlackWeb, fake_api: FakeSlackAPI, commands: FakeCommands, caplog: pytest.LogCaptureFixture
) -> None:
    """/digest from someone not in RECRUITERS gets a polite refusal and the attempt is logged."""
    body = command_body("/digest", "run-now weekly", fake_api.response_url("d"))
    assert web.post(body, form=True).status_code == 200
    (call,) = fake_api.wait_for("response_url")
    assert "for the hiring team only" in call.params["text"]
    assert not [c for c in commands.calls if c[0] == "digest"]
    assert any("refused /digest from slack:U0USER" in r.getMessage() for r in caplog.records)


def test_digest_command_runs_for_recruiters(
    web: SlackWeb, fake_api: FakeSlackAPI, commands: FakeCommands
) -> None:
    """/digest from a recruiter runs the core command with its arguments and actor."""
    body = command_body(
        "/digest",
        'schedule weekly "every monday 9am"',
        fake_api.response_url("d"),
        user_id=RECRUITER,
    )
    assert web.post(body, form=True).status_code == 200
    (call,) = fake_api.wait_for("response_url")
    words = ["schedule", "weekly", "every monday 9am", "--to", "slack:C0CHAN"]
    assert ("digest", words, f"slack:{RECRUITER}") in commands.calls
    assert call.params["text"].startswith("digest schedule weekly")


def test_topic_button_answers_that_topic_in_the_thread(
    web: SlackWeb, fake_api: FakeSlackAPI, assistant: FakeAssistant
) -> None:
    """Clicking a follow-up topic button answers that topic in the message's thread."""
    body = action_body(
        "topic:salary",
        "salary",
        channel={"id": "C0CHAN"},
        container={"type": "message", "message_ts": "1700000003.1"},
        message={"ts": "1700000003.1", "thread_ts": "1700000002.000200"},
        response_url=fake_api.response_url("b"),
    )
    assert web.post(body, form=True).status_code == 200
    (call,) = fake_api.wait_for("chat.postMessage")
    assert call.params["text"] == "Topic salary"
    assert call.params["thread_ts"] == "1700000002.000200"
    assert assistant.calls == [("topic", "slack:C0CHAN", "salary")]


def test_app_home_shows_summary_and_topics(web: SlackWeb, fake_api: FakeSlackAPI) -> None:
    """Opening the App Home tab publishes the role summary with topic and role buttons."""
    event = {"type": "app_home_opened", "user": "U0USER", "channel": "D0DM", "tab": "home"}
    assert web.post(event_body(event, "EvHome")).status_code == 200
    (call,) = fake_api.wait_for("views.publish")
    view = call.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert call.params["user_id"] == "U0USER"
    text = json.dumps(view)
    assert "Backend Engineer at Monzo &lt;London&gt;" in text
    assert "topic:salary" in text and "role:ios" in text


def test_failing_core_gets_the_fixed_apology(
    web: SlackWeb, fake_api: FakeSlackAPI, assistant: FakeAssistant
) -> None:
    """An exception in the core is logged and the user gets a fixed apology, no internals."""
    assistant.fail = True
    assert web.post(event_body(DM, "EvFail")).status_code == 200
    (call,) = fake_api.wait_for("chat.postMessage")
    assert call.params["text"].startswith("Sorry, something went wrong on my side")
    assert "boom" not in _all_text(call.params)


def test_event_is_acked_before_the_answer_is_computed(
    web: SlackWeb, fake_api: FakeSlackAPI, assistant: FakeAssistant
) -> None:
    """The HTTP ack returns while the answer is still being computed; the answer follows."""
    assistant.gate = threading.Event()
    started = time.monotonic()
    assert web.post(event_body(DM, "EvSlow")).status_code == 200
    assert time.monotonic() - started < 3
    assert fake_api.calls("chat.postMessage") == []
    assistant.gate.set()
    fake_api.wait_for("chat.postMessage")


def test_slash_command_is_acked_before_the_answer_is_computed(
    web: SlackWeb, fake_api: FakeSlackAPI, assistant: FakeAssistant
) -> None:
    """/ask is acked with an empty 200 before the slow answer goes to response_url."""
    assistant.gate = threading.Event()
    response = web.post(command_body("/ask", "salary?", fake_api.response_url("a")), form=True)
    assert response.status_code == 200
    assert fake_api.calls("response_url") == []
    assistant.gate.set()
    fake_api.wait_for("response_url")


def test_home_tab_button_answers_in_the_dm(
    web: SlackWeb, fake_api: FakeSlackAPI, assistant: FakeAssistant
) -> None:
    """A topic button on the Home tab (no channel) is answered in the app's DM with the user."""
    body = action_body(
        "topic:remote", "remote", container={"type": "view", "view_id": "V1"}, view={"type": "home"}
    )
    assert web.post(body, form=True).status_code == 200
    (call,) = fake_api.wait_for("chat.postMessage")
    assert call.channel == "U0USER"
    assert assistant.calls == [("topic", "slack:U0USER", "remote")]


def test_button_on_an_ephemeral_answer_replies_through_response_url(
    web: SlackWeb, fake_api: FakeSlackAPI
) -> None:
    """A topic button under an ephemeral /ask answer replies ephemerally via response_url."""
    body = action_body(
        "topic:salary",
        "salary",
        channel={"id": "C0CHAN"},
        container={"type": "message", "is_ephemeral": True},
        response_url=fake_api.response_url("eph"),
    )
    assert web.post(body, form=True).status_code == 200
    (call,) = fake_api.wait_for("response_url")
    assert call.params["text"] == "Topic salary"
    assert call.params["response_type"] == "ephemeral"
    assert fake_api.calls("chat.postMessage") == []


def test_oversized_body_is_refused(web: SlackWeb, fake_api: FakeSlackAPI) -> None:
    """A body over 1 MB is refused with 413 before any signature work."""
    response = web.post(event_body({**DM, "text": "x" * 1_100_000}))
    assert response.status_code == 413
    assert fake_api.calls("chat.postMessage") == []


def test_label_button_is_asked_as_a_question(
    web: SlackWeb, fake_api: FakeSlackAPI, assistant: FakeAssistant
) -> None:
    """A suggestion that is not a known topic is asked as a question in its conversation."""
    body = action_body(
        "ask:2",
        "Visa",
        channel={"id": "D0DM"},
        container={"type": "message"},
        message={"ts": "1.1"},
    )
    assert web.post(body, form=True).status_code == 200
    (call,) = fake_api.wait_for("chat.postMessage")
    assert call.params.get("thread_ts") is None  # DMs stay inline
    assert [(q.text, q.conversation) for q in assistant.asked] == [("Visa", "slack:U0USER")]

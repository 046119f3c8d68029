"""Pure translations: Slack events to questions, answers to Block Kit."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from adapters.slack.translate import (
    MAX_BLOCKS,
    MAX_SECTION,
    escape,
    render_answer,
    reply_thread_ts,
    slack_text_to_plain,
    split_text,
    to_question,
)
from bot.models import Answer

DM = {
    "type": "message",
    "channel_type": "im",
    "channel": "D1",
    "user": "U1",
    "text": "hi",
    "ts": "1.1",
}


def test_dm_becomes_a_question_keyed_by_user() -> None:
    """A DM becomes a Question for conversation slack:<user>."""
    question = to_question(DM)
    assert question is not None
    assert (question.text, question.conversation, question.user) == ("hi", "slack:U1", "slack:U1")


def test_mention_drops_the_leading_bot_mention() -> None:
    """An app_mention loses the leading <@BOT> and is keyed by its channel."""
    event = {
        "type": "app_mention",
        "channel": "C1",
        "user": "U1",
        "text": "<@UBOT>: salary?",
        "ts": "2.2",
    }
    question = to_question(event)
    assert question is not None
    assert (question.text, question.conversation) == ("salary?", "slack:C1")


def test_ignored_events() -> None:
    """Bot messages, own messages, edits, joins, channel messages and empty texts give None."""
    ignored = [
        {**DM, "bot_id": "B1"},
        {**DM, "subtype": "bot_message"},
        {**DM, "subtype": "message_changed"},
        {**DM, "subtype": "message_deleted"},
        {**DM, "subtype": "channel_join"},
        {**DM, "channel_type": "channel"},
        {**DM, "text": "   "},
        {**DM, "user": None},
        {"type": "reaction_added", "user": "U1"},
    ]
    assert [to_question(e) for e in ignored] == [None] * len(ignored)
    assert to_question({**DM, "user": "UBOT"}, bot_user_id="UBOT") is None


def test_slack_markup_becomes_plain_text() -> None:
    """Mentions, channel links, links and entities become readable plain text."""
    text = (
        "<!channel> <@U1|ann> <@U2> <#C1|jobs> <https://x.test|site> <!subteam^S1|@devs>"
        " a &amp; b &lt;c&gt;"
    )
    assert slack_text_to_plain(text) == "@channel @ann @U2 #jobs site @devs a & b <c>"


def test_reply_threads() -> None:
    """Mentions are answered in their thread; DMs inline unless asked in a thread."""
    assert reply_thread_ts({"type": "app_mention", "ts": "5.5"}) == "5.5"
    assert reply_thread_ts({"type": "app_mention", "ts": "5.5", "thread_ts": "4.4"}) == "4.4"
    assert reply_thread_ts(DM) is None
    assert reply_thread_ts({**DM, "thread_ts": "3.3"}) == "3.3"


ANSWER = Answer(
    answered=True,
    text="Pay is £95,000 <!channel> & more",
    intent="salary",
    role="backend",
    sources=("Salary: £95,000 <b>",),
    suggestions=("Remote work", "Visa sponsorship", "Benefits", "Interview"),
    apply_url="https://jobs.test/apply?a=1&b=2",
)


def test_answer_blocks() -> None:
    """Answer section, quoted source context, Apply and at most three topic buttons, fallback."""
    blocks, text = render_answer(ANSWER, topics=[("remote", "Remote work")])
    assert [b["type"] for b in blocks] == ["section", "context", "actions"]
    assert blocks[0]["text"]["text"] == "Pay is £95,000 &lt;!channel&gt; &amp; more"
    assert "Salary: £95,000 &lt;b&gt;" in blocks[1]["elements"][0]["text"]
    buttons = blocks[2]["elements"]
    assert buttons[0]["text"]["text"] == "Apply" and buttons[0]["url"] == ANSWER.apply_url
    assert [b["action_id"] for b in buttons[1:]] == ["topic:remote", "ask:1", "ask:2"]
    assert text == "Pay is £95,000 &lt;!channel&gt; &amp; more"


def test_role_choice_buttons() -> None:
    """When the core asks which role, the answer carries one button per role."""
    answer = Answer(answered=False, text="Which role?", choices=(("a", "A"), ("b", "B")))
    blocks, _ = render_answer(answer)
    assert [e["action_id"] for e in blocks[-1]["elements"]] == ["role:a", "role:b"]


def test_unsafe_apply_url_gets_no_button() -> None:
    """Only http(s) URLs become an Apply button."""
    blocks, _ = render_answer(Answer(answered=True, text="x", apply_url="javascript:alert(1)"))
    assert "Apply" not in json.dumps(blocks)


def test_long_answer_stays_within_limits() -> None:
    """A huge answer is split into sections of at most 3,000 characters and 50 blocks."""
    blocks, text = render_answer(Answer(answered=True, text=("word & " * 40000)))
    assert len(blocks) <= MAX_BLOCKS
    assert all(len(b["text"]["text"]) <= MAX_SECTION for b in blocks if b["type"] == "section")
    assert len(text) <= 3000


@given(st.text(alphabet="ab<>&!@ \n", max_size=9000))
def test_escaped_text_has_no_control_characters(text: str) -> None:
    """Whatever the user wrote, rendered mrkdwn has no raw < or >; splits keep entities whole."""
    blocks, fallback = render_answer(Answer(answered=True, text=text, sources=(text,)))
    rendered = json.dumps([b.get("text") for b in blocks] + [b.get("elements") for b in blocks])
    assert "<" not in rendered and ">" not in rendered
    assert "<" not in fallback
    for piece in split_text(escape(text), 50):
        assert len(piece) <= 50
        amp = piece.rfind("&")
        assert amp == -1 or ";" in piece[amp:]


def test_topics_fill_in_when_the_answer_suggests_none() -> None:
    """Without suggestions, the role's other topics become the follow-up buttons."""
    answer = Answer(answered=True, text="x", intent="salary", intents=("salary",))
    topics = [("salary", "Salary"), ("remote", "Remote"), ("visa", "Visa"), ("equity", "Equity"),
              ("benefits", "Benefits")]  # fmt: skip
    blocks, _ = render_answer(answer, topics=topics)
    ids = [e["action_id"] for e in blocks[-1]["elements"]]
    assert ids == ["topic:remote", "topic:visa", "topic:equity"]

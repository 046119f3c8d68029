"""Block Kit for digests, opening lists and the App Home tab."""

from __future__ import annotations

import json

from adapters.slack.render import render_digest, render_home, render_openings
from adapters.slack.translate import MAX_BLOCKS, MAX_SECTION
from bot.chat import Home
from bot.models import Answer
from bot.ports import DigestMessage, OpeningItem


def _item(n: int, title: str = "Engineer") -> OpeningItem:
    return OpeningItem(f"{title} {n}", "Acme & Sons", "Remote <EU>", "£1", f"https://x.test/{n}")


def test_digest_with_items() -> None:
    """A digest has a plain-text header, escaped linked items and the "more" line."""
    (message,) = render_digest(DigestMessage("Weekly", (_item(1),), more=2))
    blocks, text = message
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Weekly"}}
    body = blocks[1]["text"]["text"]
    assert "<https://x.test/1|Engineer 1>" in body
    assert "Acme &amp; Sons (Remote &lt;EU&gt;; £1)" in body
    assert body.endswith("… and 2 more")
    assert text.startswith("Weekly: Engineer 1 at Acme &amp; Sons")


def test_empty_digest_sends_the_empty_line() -> None:
    """A period without openings sends the empty line."""
    ((blocks, text),) = render_digest(DigestMessage("Weekly", (), empty_line="Nothing new <3"))
    assert text == "Nothing new &lt;3"
    assert blocks[0]["text"]["text"] == "Nothing new &lt;3"


def test_huge_digest_is_split_within_limits() -> None:
    """Thousands of long items are split into several messages within Slack's limits."""
    items = tuple(_item(n, "Very long title " * 20) for n in range(2000))
    messages = render_digest(DigestMessage("Big", items))
    assert len(messages) > 1
    for blocks, _ in messages:
        assert len(blocks) <= MAX_BLOCKS
        assert all(len(b["text"]["text"]) <= MAX_SECTION for b in blocks if b["type"] == "section")
    joined = json.dumps([m[0] for m in messages])
    assert all(f"https://x.test/{n}|" in joined for n in (0, 999, 1999))


def test_link_not_made_from_unsafe_url() -> None:
    """A URL with Slack control characters is not turned into a link."""
    (message,) = render_digest(
        DigestMessage("W", (OpeningItem("T", None, None, None, "https://x|<!here>"),))
    )
    assert "<!here>" not in json.dumps(message)


def test_openings_reply() -> None:
    """/openings lists escaped items, or says nothing matched the filter."""
    blocks, _ = render_openings([_item(1)], "python")
    assert "*Open roles (1)*" in blocks[0]["text"]["text"]
    blocks, text = render_openings([], "<!channel>")
    assert text == "No open roles matching “&lt;!channel&gt;” right now."


def test_home_view() -> None:
    """The App Home shows the summary, topic buttons, the other roles and the notice."""
    view = render_home(
        Home(
            Answer(answered=True, text="Backend <role>"),
            (("a", "Backend"), ("b", "iOS")),
            (("salary", "Salary"), ("remote", "Remote")),
            "Privacy: <b>kept</b> 90 days",
        )
    )
    assert view["type"] == "home"
    text = json.dumps(view)
    assert "Backend &lt;role&gt;" in text
    assert "Privacy: &lt;b&gt;kept&lt;/b&gt; 90 days" in text
    assert "topic:salary" in text and "role:b" in text

"""The slack-bolt App: listeners that translate payloads to the chat core and render back.

Every listener acknowledges first and answers after the ack (``process_before_response`` is
off, so the answer runs on bolt's listener threads while the HTTP response is already sent).
A global middleware dedupes Events API deliveries by ``event_id`` in the shared store, so a
Slack retry (``X-Slack-Retry-Num``) or a second replica never answers twice. What a message,
command or button means is decided by :class:`bot.chat.Chat`; this module only moves data.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, App, BoltResponse, Respond
from slack_sdk import WebClient

from adapters.services import Services
from adapters.slack.client import make_client
from adapters.slack.config import SlackConfig
from adapters.slack.render import ANSWER_VIEW, answer_modal, render_home
from adapters.slack.translate import (
    action_incoming,
    command_incoming,
    render_reply,
    reply_thread_ts,
    to_incoming,
)
from bot.chat import Chat, Incoming, Reply

log = logging.getLogger(__name__)

COMMANDS = (
    "/ask", "/openings", "/subscribe", "/unsubscribe", "/digest", "/mydata", "/forget", "/human",
)  # fmt: skip
# As subscribed in manifest.yaml; channel messages matter only in handoff threads.
EVENTS = ("message.im", "message.channels", "message.groups", "app_mention", "app_home_opened")


class _DropTokenSkipped(logging.Filter):
    """bolt warns "token will be unused" when SLACK_BOT_TOKEN is in the environment and a
    client is given; the client carries that very token, so the warning is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


_BOLT_LOG = logging.getLogger("slack_bolt.App")
if not any(isinstance(f, _DropTokenSkipped) for f in _BOLT_LOG.filters):
    _BOLT_LOG.addFilter(_DropTokenSkipped())


def build_app(
    config: SlackConfig,
    services: Services,
    *,
    client: WebClient | None = None,
    workers: int = 8,
) -> App:
    """The bolt App for ``config`` (HTTP mode when it has a signing secret) over ``services``."""
    app = App(
        name="hiring-bot",
        client=client or make_client(config),
        token_verification_enabled=False,  # runtime.start_app checks the token once, first
        signing_secret=config.signing_secret or "",
        request_verification_enabled=config.signing_secret is not None,
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(max_workers=workers, thread_name_prefix="slack"),
    )
    chat = services.chat(f"slack:{user}" for user in config.recruiters)
    _Listeners(chat, services).register(app)
    return app


Post = Callable[[Reply], None]


class _Listeners:
    def __init__(self, chat: Chat, services: Services) -> None:
        self.chat = chat
        self.deduper = services.deduper

    def register(self, app: App) -> None:
        app.middleware(self.dedupe_events)
        app.event("message")(self.on_message)
        app.event("app_mention")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        for name in COMMANDS:  # the manifest's commands
            app.command(name)(self.on_command)
        app.action(re.compile(r"^(topic|ask|role|up|down|forget|human):"))(self.on_button)
        app.action("apply")(self.on_apply)
        app.action(re.compile(r"^inbox_(answer|dismiss):"))(self.on_inbox)
        app.view(ANSWER_VIEW)(self.on_answer_submitted)

    def dedupe_events(self, body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        """Acknowledge a repeated ``event_id`` without handling it again."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if isinstance(event_id, str) and not self.deduper.first_time(f"slack:event:{event_id}"):
            return BoltResponse(status=200, body="")
        next()
        return None

    def _deliver(self, client: WebClient, replies: Sequence[Reply], here: Post) -> None:
        """Each reply to this chat through ``here``, or to its own destination."""
        for reply in replies:
            if reply.to is None:
                here(reply)
                continue
            platform, _, channel = reply.to.partition(":")
            if platform != "slack":
                log.warning("cannot deliver to %s from Slack", platform)
                continue
            blocks, text = render_reply(reply)
            posted = client.chat_postMessage(
                channel=channel, thread_ts=reply.thread, blocks=blocks, text=text
            )
            if reply.handoff is not None and posted.get("ts"):
                self.chat.posted(reply, str(posted["ts"]))

    def on_message(self, event: dict[str, Any], context: Any, client: WebClient) -> None:
        incoming = to_incoming(event, bot_user_id=context.get("bot_user_id"))
        if incoming is None:
            return

        def here(reply: Reply) -> None:
            blocks, text = render_reply(reply)
            client.chat_postMessage(
                channel=event["channel"], thread_ts=reply_thread_ts(event), blocks=blocks,
                text=text, unfurl_links=False, unfurl_media=False,
            )  # fmt: skip

        self._deliver(client, self.chat.handle(incoming), here)

    def on_home_opened(self, event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") == "home" and event.get("user"):
            self._publish_home(client, str(event["user"]))

    def _publish_home(self, client: WebClient, user: str) -> None:
        client.views_publish(user_id=user, view=render_home(self.chat.home(f"slack:{user}")))

    def on_command(
        self, ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()

        def here(reply: Reply) -> None:
            blocks, text = render_reply(reply)
            respond(text=text, blocks=blocks, response_type="ephemeral")

        self._deliver(client, self.chat.handle(command_incoming(command)), here)

    def on_apply(self, ack: Ack) -> None:
        """The Apply button opens its URL in the browser; Slack still expects an ack."""
        ack()

    def on_button(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        incoming = action_incoming(body)
        user = str((body.get("user") or {}).get("id", ""))
        channel = (body.get("channel") or {}).get("id")
        container = body.get("container") or {}

        def here(reply: Reply) -> None:
            blocks, text = render_reply(reply)
            if container.get("is_ephemeral") and body.get("response_url"):
                respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
            elif channel:
                message = body.get("message") or {}
                thread = message.get("thread_ts") or (
                    None if channel.startswith("D") else message.get("ts")
                )
                client.chat_postMessage(channel=channel, thread_ts=thread, blocks=blocks, text=text)
            else:  # App Home: answer in the app's DM
                client.chat_postMessage(channel=user, blocks=blocks, text=text)

        self._deliver(client, self.chat.handle(incoming), here)
        if not channel and incoming.button and incoming.button[0] == "role":
            self._publish_home(client, user)  # the home tab shows the chosen role

    # -- the recruiters' inbox in App Home -------------------------------------------------

    def on_inbox(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """ "Answer" opens the modal; "Dismiss" dismisses (the core checks RECRUITERS)."""
        ack()
        action = (body.get("actions") or [{}])[0]
        kind = str(action.get("action_id", "")).partition(":")[0]
        group = str(action.get("value", ""))
        user = str((body.get("user") or {}).get("id", ""))
        if kind == "inbox_answer":
            question = self._question_of(body, group)
            client.views_open(trigger_id=body.get("trigger_id"), view=answer_modal(group, question))
            return
        self._recruiter_command(client, user, "dismiss", group)

    def on_answer_submitted(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()  # closes the modal; the result goes to the recruiter's DM
        view = body.get("view") or {}
        values = (view.get("state") or {}).get("values") or {}
        text = str(((values.get("answer") or {}).get("text") or {}).get("value") or "")
        user = str((body.get("user") or {}).get("id", ""))
        group = str(view.get("private_metadata") or "")
        self._recruiter_command(client, user, "answer", f"{group} {text}")

    def _recruiter_command(self, client: WebClient, user: str, command: str, text: str) -> None:
        incoming = Incoming(f"slack:{user}", f"slack:{user}", text, command=command)
        for reply in self.chat.handle(incoming):
            blocks, fallback = render_reply(reply)
            client.chat_postMessage(channel=user, blocks=blocks, text=fallback)
        self._publish_home(client, user)

    @staticmethod
    def _question_of(body: dict[str, Any], group: str) -> str:
        """The group's question as the home view showed it (the section above the button)."""
        blocks = (body.get("view") or {}).get("blocks") or []
        for i, block in enumerate(blocks):
            ids = [e.get("value") for e in block.get("elements") or [] if isinstance(e, dict)]
            if block.get("type") == "actions" and group in ids and i > 0:
                return str(((blocks[i - 1].get("text") or {}).get("text")) or "")
        return f"inbox group #{group}"

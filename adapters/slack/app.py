"""The slack-bolt App: listeners that translate at the edge and call the core.

Every listener acknowledges first and answers after the ack (``process_before_response`` is
off, so the answer runs on bolt's listener threads while the HTTP response is already sent).
A global middleware dedupes Events API deliveries by ``event_id`` in the shared store, so a
Slack retry (``X-Slack-Retry-Num``) or a second replica never answers twice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, App, BoltResponse, Respond
from slack_sdk import WebClient

from adapters.services import Services
from adapters.slack.client import make_client
from adapters.slack.config import SlackConfig
from adapters.slack.render import render_home, render_openings
from adapters.slack.translate import (
    Block,
    digest_args,
    render_answer,
    render_text,
    reply_thread_ts,
    slack_text_to_plain,
    to_question,
)
from bot.errors import BotError
from bot.models import Answer, Question

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. Please try again in a minute."
REFUSAL = (
    "Sorry, `/digest` is for the hiring team only. "
    "If you need a digest in this channel, please ask one of the recruiters."
)
COMMANDS = ("/ask", "/openings", "/subscribe", "/unsubscribe", "/digest")
EVENTS = ("message.im", "app_mention", "app_home_opened")  # as subscribed in manifest.yaml
ASK_USAGE = "Ask me about the role, for example: `/ask what's the salary?`"


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
    _Listeners(config, services).register(app)
    return app


class _Listeners:
    def __init__(self, config: SlackConfig, services: Services) -> None:
        self.config = config
        self.assistant = services.assistant
        self.commands = services.commands
        self.deduper = services.deduper

    def register(self, app: App) -> None:
        app.middleware(self.dedupe_events)
        app.event("message")(self.on_message)
        app.event("app_mention")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        handlers = [self.on_ask, self.on_openings, self.on_subscribe, self.on_unsubscribe]
        handlers.append(self.on_digest)
        for name, handler in zip(COMMANDS, handlers, strict=True):  # the manifest's order
            app.command(name)(handler)
        app.action(re.compile(r"^(topic|ask|role):"))(self.on_button)
        app.action("apply")(self.on_apply)

    # -- middleware ----------------------------------------------------------------------
    def dedupe_events(self, body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        """Acknowledge a repeated ``event_id`` without handling it again."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if isinstance(event_id, str) and not self.deduper.first_time(f"slack:event:{event_id}"):
            return BoltResponse(status=200, body="")
        next()
        return None

    # -- helpers -------------------------------------------------------------------------
    def _answer(self, produce: Callable[[], Answer]) -> tuple[list[Block], str]:
        """The one catch point per incoming message: any failure becomes the fixed apology."""
        try:
            answer = produce()
            try:
                topics = list(self.assistant.topics(answer.role))
            except Exception:
                log.exception("listing topics failed")
                topics = []
            return render_answer(answer, topics=topics)
        except Exception:
            log.exception("answering failed")
            return render_text(APOLOGY)

    def _conversation(self, channel: str | None, user: str) -> str:
        if not channel or channel.startswith("D"):
            return f"slack:{user}"
        return f"slack:{channel}"

    # -- events --------------------------------------------------------------------------
    def on_message(
        self, event: dict[str, Any], context: Mapping[str, Any], client: WebClient
    ) -> None:
        question = to_question(event, bot_user_id=context.get("bot_user_id"))
        if question is None:
            return
        blocks, text = self._answer(lambda: self.assistant.ask(question))
        client.chat_postMessage(
            channel=event["channel"],
            thread_ts=reply_thread_ts(event),
            blocks=blocks,
            text=text,
            unfurl_links=False,
            unfurl_media=False,
        )

    def on_home_opened(self, event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") != "home" or not event.get("user"):
            return
        self._publish_home(client, str(event["user"]))

    def _publish_home(self, client: WebClient, user: str) -> None:
        conversation = f"slack:{user}"
        try:
            summary = self.assistant.summary(conversation)
            topics = list(self.assistant.topics(summary.role))
            roles = list(self.assistant.roles())
            view = render_home(summary, roles, topics)
        except Exception:
            log.exception("building the App Home failed")
            view = render_home(Answer(answered=False, text=APOLOGY), [], [])
        client.views_publish(user_id=user, view=view)

    # -- slash commands ------------------------------------------------------------------
    def on_ask(self, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        text = slack_text_to_plain(str(command.get("text") or ""))
        if not text:
            blocks, fallback = render_text(ASK_USAGE)
        else:
            user = str(command.get("user_id", ""))
            question = Question(
                text=text,
                conversation=self._conversation(command.get("channel_id"), user),
                user=f"slack:{user}",
            )
            blocks, fallback = self._answer(lambda: self.assistant.ask(question))
        respond(text=fallback, blocks=blocks, response_type="ephemeral")

    def _run_text(self, respond: Respond, produce: Callable[[], str]) -> None:
        try:
            reply = produce()
        except BotError as exc:
            reply = str(exc)
        except Exception:
            log.exception("slash command failed")
            reply = APOLOGY
        blocks, fallback = render_text(reply)
        respond(text=fallback, blocks=blocks, response_type="ephemeral")

    def on_openings(self, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        filter_text = slack_text_to_plain(str(command.get("text") or ""))
        try:
            blocks, fallback = render_openings(self.commands.openings(filter_text), filter_text)
        except BotError as exc:
            blocks, fallback = render_text(str(exc))
        except Exception:
            log.exception("/openings failed")
            blocks, fallback = render_text(APOLOGY)
        respond(text=fallback, blocks=blocks, response_type="ephemeral")

    def on_subscribe(self, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        destination = f"slack:{command.get('channel_id', '')}"
        filters = slack_text_to_plain(str(command.get("text") or ""))
        self._run_text(respond, lambda: self.commands.subscribe(destination, filters))

    def on_unsubscribe(self, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        destination = f"slack:{command.get('channel_id', '')}"
        self._run_text(respond, lambda: self.commands.unsubscribe(destination))

    def on_digest(self, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        user = str(command.get("user_id", ""))
        if user not in self.config.recruiters:
            log.warning("refused /digest from slack:%s in %s", user, command.get("channel_id"))
            blocks, fallback = render_text(REFUSAL)
            respond(text=fallback, blocks=blocks, response_type="ephemeral")
            return

        def run() -> str:
            args = digest_args(str(command.get("text") or ""), command.get("channel_id"))
            return self.commands.digest(args, f"slack:{user}")

        self._run_text(respond, run)

    # -- interactivity -------------------------------------------------------------------
    def on_apply(self, ack: Ack) -> None:
        """The Apply button opens its URL in the browser; Slack still expects an ack."""
        ack()

    def _click(self, kind: str, value: str, conversation: str, user: str) -> Answer:
        """The core's answer to a button: a topic, a role choice or a label asked as text."""
        if kind == "topic":
            return self.assistant.answer_topic(conversation, value)
        if kind == "role":
            return self.assistant.choose_role(conversation, value)
        question = Question(text=value, conversation=conversation, user=f"slack:{user}")
        return self.assistant.ask(question)

    def on_button(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        kind = str(action.get("action_id", "")).partition(":")[0]
        value = str(action.get("value", ""))
        user = str((body.get("user") or {}).get("id", ""))
        channel = (body.get("channel") or {}).get("id")
        conversation = self._conversation(channel, user)
        blocks, text = self._answer(lambda: self._click(kind, value, conversation, user))
        container = body.get("container") or {}
        if container.get("is_ephemeral") and body.get("response_url"):
            respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
        elif channel:
            message = body.get("message") or {}
            thread = message.get("thread_ts") or (
                None if channel.startswith("D") else message.get("ts")
            )
            client.chat_postMessage(channel=channel, thread_ts=thread, blocks=blocks, text=text)
        else:  # App Home: answer in the app's DM and refresh the tab
            client.chat_postMessage(channel=user, blocks=blocks, text=text)
            if kind == "role":
                self._publish_home(client, user)

"""Item 7: only usage mistakes reach a user as text; anything else is logged with an id and
answered with a fixed apology naming that id (chat commands and the web process alike)."""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.services import StoreCommands
from adapters.web import create_app
from bot.chat import Chat, Incoming
from bot.config import load_settings
from bot.errors import StorageError
from tests.adapters.telegram.conftest import FakeAssistant
from tests.fakes.slack_api import ServerThread

SECRETISH = "database error: connection to 10.1.2.3 refused"


class _BrokenSubscriptions:
    def upsert(self, *args: Any, **kwargs: Any) -> Any:
        raise StorageError(SECRETISH)

    def get(self, destination: str) -> Any:
        return None


class _BrokenStore:
    subscriptions = _BrokenSubscriptions()


def test_a_storage_failure_in_subscribe_is_an_apology_with_an_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """/subscribe while the database fails: the user reads the apology and its id, never
    the storage error; the log has the id beside the error."""
    commands = StoreCommands(_BrokenStore(), load_settings({}))
    chat = Chat(FakeAssistant(), commands)
    msg = Incoming(user="telegram:42", conversation="telegram:42", command="subscribe")
    with caplog.at_level(logging.ERROR):
        [reply] = chat.handle(msg)
    assert SECRETISH not in reply.text
    found = re.search(r"error ([0-9a-f]{8})", reply.text)
    assert found, reply.text
    assert any(found.group(1) in r.getMessage() for r in caplog.records)
    assert SECRETISH in caplog.text


def test_a_usage_mistake_is_shown_as_written() -> None:
    """A malformed filter is the user's to fix: its one-line explanation is the reply."""
    chat = Chat(FakeAssistant(), StoreCommands(_BrokenStore(), load_settings({})))
    msg = Incoming(user="telegram:42", conversation="telegram:42", command="subscribe")
    [reply] = chat.handle(Incoming(**{**_fields(msg), "text": "colour=red"}))
    assert "unknown filter 'colour'" in reply.text


def _fields(msg: Incoming) -> dict[str, Any]:
    return {name: getattr(msg, name) for name in Incoming.__slots__}


def test_a_web_route_failure_is_a_500_naming_a_logged_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An exception escaping a route is answered 500 with an error id (no traceback in the
    response) and logged once with that id."""

    async def broken(request: Request) -> Response:
        raise RuntimeError(SECRETISH)

    app = create_app(load_settings({}), mounted={"slack": [Route("/boom", broken)]})
    with caplog.at_level(logging.ERROR), ServerThread(app) as server:
        response = httpx.get(server.url + "/boom")
    assert response.status_code == 500
    body = response.json()
    assert SECRETISH not in response.text and "Traceback" not in response.text
    assert any(body["error_id"] in r.getMessage() for r in caplog.records)

"""Slack HTTP mode throughput: signed events per second, request to ``chat.postMessage``.

One process: the fake Slack Web API and the web app (uvicorn, the real slack-bolt and
slack-sdk) run in threads; client threads post signed ``app_mention`` events and the latency
of each is measured from the start of its request to the moment its answer (matched by
``thread_ts``) reaches the fake. Baselines measured in the same run:

- ``postMessage direct``: slack_sdk's WebClient calling the fake, nothing else;
- ``signed ack only``: a signed ``url_verification`` round trip (HTTP, signature, ack).

    python bench/slack_events.py [--events 300] [--concurrency 8] [--real]

``--real`` adds a row with the real core (the Monzo fixture role, a SQLite store for the
event dedupe) instead of an echoing assistant.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from slack_sdk import WebClient  # noqa: E402

from adapters.services import MemoryDeduper, Services  # noqa: E402
from adapters.slack.app import build_app  # noqa: E402
from adapters.slack.config import SlackConfig  # noqa: E402
from adapters.slack.http import slack_routes  # noqa: E402
from adapters.web import create_app  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.models import Answer, Question  # noqa: E402
from tests.fakes.slack_api import FakeSlackAPI, ServerThread, event_body, sign  # noqa: E402

SECRET = "benchsecret0123456789abcdef"  # noqa: S105 (a throwaway secret for the local run)
FIXTURE_ROLE = ROOT / "tests" / "fixtures" / "roles" / "monzo.yaml"


class EchoAssistant:
    """Answers instantly with the question (adapter overhead only)."""

    def ask(self, question: Question) -> Answer:
        return Answer(answered=True, text=f"You asked: {question.text}", suggestions=("Salary",))

    def topics(self, role: str | None) -> list[tuple[str, str]]:
        return [("salary", "Salary")]

    def answer_topic(self, conversation: str, intent_id: str) -> Answer:
        return Answer(answered=True, text=intent_id)

    def roles(self) -> list[tuple[str, str]]:
        return []

    def choose_role(self, conversation: str, slug: str) -> Answer:
        return Answer(answered=True, text=slug)

    def summary(self, conversation: str) -> Answer:
        return Answer(answered=True, text="hi")


class NoCommands:
    def openings(self, filter_text: str) -> list[Any]:
        return []

    def subscribe(self, destination: str, filters_text: str) -> str:
        return ""

    def unsubscribe(self, destination: str) -> str:
        return ""

    def digest(self, args: list[str], actor: str) -> str:
        return ""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Clients:
    """One keep-alive HTTP client per thread, all closed at the end."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._all: list[httpx.Client] = []
        self._lock = threading.Lock()

    def get(self) -> httpx.Client:
        client: httpx.Client | None = getattr(self._local, "client", None)
        if client is None:
            client = httpx.Client(base_url=self.url, timeout=30)
            self._local.client = client
            with self._lock:
                self._all.append(client)
        return client

    def close(self) -> None:
        for client in self._all:
            client.close()


def run_parallel(
    n: int, concurrency: int, one: Callable[[int], float]
) -> tuple[float, list[float]]:
    """Run ``one(i)`` for i < n on ``concurrency`` threads; (wall seconds, latencies)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = list(pool.map(one, range(n)))
    return time.perf_counter() - started, latencies


def bench_direct(api: FakeSlackAPI, n: int, concurrency: int) -> tuple[float, list[float]]:
    client = WebClient(token=api.token, base_url=api.url)  # urllib: no pooled sockets

    def one(i: int) -> float:
        start = time.perf_counter()
        client.chat_postMessage(channel="C0BENCH", text=f"direct {i}")
        return time.perf_counter() - start

    return run_parallel(n, concurrency, one)


def bench_ack(url: str, n: int, concurrency: int) -> tuple[float, list[float]]:
    clients = Clients(url)

    def one(i: int) -> float:
        body = json.dumps({"type": "url_verification", "challenge": f"c{i}", "token": "t"})
        headers = {"Content-Type": "application/json", **sign(SECRET, body)}
        start = time.perf_counter()
        response = clients.get().post("/slack/events", content=body, headers=headers)
        assert response.status_code == 200, response.text
        return time.perf_counter() - start

    try:
        return run_parallel(n, concurrency, one)
    finally:
        clients.close()


def bench_events(
    api: FakeSlackAPI, url: str, n: int, concurrency: int, tag: str
) -> tuple[float, list[float]]:
    """Signed mentions; latency = request start → its chat.postMessage at the fake."""
    clients = Clients(url)
    sent_at: dict[str, float] = {}
    before = len(api.calls("chat.postMessage"))

    def one(i: int) -> float:
        ts = f"1700000000.{tag}{i:06d}"
        event = {
            "type": "app_mention",
            "channel": "C0BENCH",
            "user": "U0BENCH",
            "text": f"<@UBOT> what's the salary? ({i})",
            "ts": ts,
        }
        body = event_body(event, f"Ev{tag}{i:06d}")
        headers = {"Content-Type": "application/json", **sign(SECRET, body)}
        sent_at[ts] = time.monotonic()
        response = clients.get().post("/slack/events", content=body, headers=headers)
        assert response.status_code == 200, response.text
        return 0.0

    started = time.perf_counter()
    try:
        run_parallel(n, concurrency, one)
    finally:
        clients.close()
    calls = api.wait_for("chat.postMessage", before + n, timeout=120)[before:]
    wall = time.perf_counter() - started
    latencies = [c.at - sent_at[str(c.params["thread_ts"])] for c in calls]
    return wall, latencies


def serve(api: FakeSlackAPI, services: Services) -> ServerThread:
    config = SlackConfig(bot_token=api.token, api_url=api.url, signing_secret=SECRET)
    app = build_app(config, services, workers=8)
    return ServerThread(create_app(load_settings({}), mounted={"slack": slack_routes(app)}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--real", action="store_true", help="add a row with the real core")
    args = parser.parse_args(argv)
    n, c = args.events, args.concurrency
    rows: list[tuple[str, float, list[float]]] = []
    with FakeSlackAPI() as api:
        wall, lat = bench_direct(api, n, c)
        rows.append(("postMessage direct (baseline)", wall, lat))
        echo = Services(EchoAssistant(), MemoryDeduper(), NoCommands())
        with serve(api, echo) as server:
            wall, lat = bench_ack(server.url, n, c)
            rows.append(("signed ack only (baseline)", wall, lat))
            bench_events(api, server.url, min(n, 20), c, "9")  # warm-up
            wall, lat = bench_events(api, server.url, n, c, "1")
            rows.append(("signed event → postMessage, echo core", wall, lat))
        if args.real:
            from adapters.services import services_from_settings

            with tempfile.TemporaryDirectory() as tmp:
                knowledge = Path(tmp) / "knowledge"
                knowledge.mkdir()
                shutil.copy(FIXTURE_ROLE, knowledge / "monzo.yaml")
                env = {"KNOWLEDGE_DIR": str(knowledge), "DATABASE_URL": f"sqlite:///{tmp}/b.db"}
                real = services_from_settings(load_settings(env))
                with serve(api, real) as server:
                    bench_events(api, server.url, min(n, 20), c, "8")
                    wall, lat = bench_events(api, server.url, n, c, "2")
                    rows.append(("signed event → postMessage, real core", wall, lat))
                real.deduper.close()  # type: ignore[attr-defined]
    base = statistics.median(rows[0][2])
    print(f"{n} requests per row, {c} client threads, one process\n")
    print(f"| {'scenario':<40} | {'per s':>7} | {'median ms':>9} | {'p99 ms':>7} | {'× base':>6} |")
    print(f"|{'-' * 42}|{'-' * 9}|{'-' * 11}|{'-' * 9}|{'-' * 8}|")
    for name, wall, lat in rows:
        med = statistics.median(lat)
        print(
            f"| {name:<40} | {len(lat) / wall:>7.0f} | {med * 1000:>9.1f} | "
            f"{percentile(lat, 0.99) * 1000:>7.1f} | {med / base:>6.1f} |"
        )
    return 0


if __name__ == "__main__":
    from bench.progress import Progress

    with Progress("slack events"):
        raise SystemExit(main())

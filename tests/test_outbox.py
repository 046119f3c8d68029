"""The outbox worker: retries, permanent failures, crashes and racing senders."""

# The backend fixtures are imported from tests/storage/conftest.py and requested by
# parameter name, which pyflakes reads as redefinitions.
# ruff: noqa: F811

from __future__ import annotations

import random
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import DeliveryError, StorageError, UsageError
from bot.outbox import (
    OutboxWorker,
    RetryPolicy,
    delivery_key,
    enqueue,
    message_from_json,
    message_to_json,
    new_delivery,
)
from bot.ports import DigestMessage, OpeningItem, Outcome, SendResult
from bot.sender_process import run_sender_main
from bot.senders import FakeSender, SenderRegistry
from bot.storage import Delivery, Store, open_store
from tests.storage.conftest import (  # noqa: F401 - fixtures used by name
    FakeClock,
    backend,
    clock,
    postgres_target,
    store,
    store_factory,
)

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MESSAGE = DigestMessage(
    heading="New openings",
    items=(OpeningItem("Go Engineer", "Acme", "London", "£90,000", "https://x.test/apply"),),
)


def _registry(fake: FakeSender) -> SenderRegistry:
    return SenderRegistry(senders={"telegram": fake, "slack": fake, "console": fake})


def _worker(store: Store, fake: FakeSender, **kwargs: object) -> OutboxWorker:
    kwargs.setdefault("rng", random.Random(1))
    return OutboxWorker(store, _registry(fake), worker="w", **kwargs)  # type: ignore[arg-type]


def _enqueue(store: Store, destinations: list[str], schedule_id: int = 1) -> None:
    enqueue(
        store,
        (
            new_delivery(d, MESSAGE, scheduled_for=WHEN, schedule_id=schedule_id)
            for d in destinations
        ),
    )


def test_message_json_round_trip() -> None:
    """A digest survives the trip through the outbox's JSON content."""
    assert message_from_json(message_to_json(MESSAGE)) == MESSAGE


def test_malformed_content_is_a_delivery_error() -> None:
    """Content without a heading is refused clearly."""
    with pytest.raises(DeliveryError):
        message_from_json({"items": []})


def test_delivery_key_is_canonical_utc() -> None:
    """The same instant in two time zones gives the same key."""
    from zoneinfo import ZoneInfo

    london = WHEN.astimezone(ZoneInfo("Europe/London"))
    assert delivery_key(3, london, "console") == delivery_key(3, WHEN, "console")
    assert delivery_key(3, WHEN, "console") == "3:2026-03-02T09:00:00+00:00:console"


def test_enqueue_twice_sends_once(store: Store) -> None:
    """A clock that re-runs after enqueuing adds no second delivery."""
    fake = FakeSender()
    _enqueue(store, ["telegram:1", "slack:C1"])
    _enqueue(store, ["telegram:1", "slack:C1"])
    assert _worker(store, fake).drain() == 2
    assert sorted(fake.calls) == ["slack:C1", "telegram:1"]
    assert store.deliveries.counts() == {"sent": 2}


def test_429_is_retried_after_retry_after(store: Store, clock: FakeClock) -> None:
    """A 429 waits at least the platform's retry_after, then sends."""
    fake = FakeSender().then("telegram:1", SendResult(Outcome.RETRY, 120, "429"))
    _enqueue(store, ["telegram:1"])
    worker = _worker(store, fake)
    worker.drain()
    (d,) = store.deliveries.list()
    assert d.status == "failed" and d.last_error == "429"
    assert d.next_attempt_at >= clock.value + timedelta(seconds=120)
    clock.advance(119)
    assert worker.drain() == 0
    clock.advance(600)
    assert worker.drain() == 1
    assert len(fake.sent) == 1 and store.deliveries.counts() == {"sent": 1}


def test_5xx_and_timeouts_back_off_exponentially(store: Store, clock: FakeClock) -> None:
    """A 5xx then a timeout are retried with growing delays, then the send succeeds."""
    fake = FakeSender().then(
        "slack:C1", SendResult(Outcome.RETRY, None, "http_503"), TimeoutError("read timed out")
    )
    _enqueue(store, ["slack:C1"])
    worker = _worker(store, fake, policy=RetryPolicy(base_seconds=10))
    delays = []
    for _ in range(2):
        worker.drain()
        (d,) = store.deliveries.list()
        delays.append((d.next_attempt_at - clock.value).total_seconds())
        clock.value = d.next_attempt_at
    assert store.deliveries.list()[0].last_error == "TimeoutError: read timed out"
    assert 5 <= delays[0] <= 10 and 10 <= delays[1] <= 20
    worker.drain()
    assert store.deliveries.counts() == {"sent": 1}


def test_max_attempts_then_dead(store: Store, clock: FakeClock) -> None:
    """A destination that keeps failing is given up after max_attempts."""
    fake = FakeSender().then("telegram:1", *[SendResult(Outcome.RETRY, None, "502")] * 5)
    _enqueue(store, ["telegram:1"])
    worker = _worker(store, fake, policy=RetryPolicy(max_attempts=3))
    for _ in range(5):
        worker.drain()
        clock.advance(7200)
    (d,) = store.deliveries.list()
    assert (d.status, d.attempts) == ("dead", 3)
    assert "gave up after 3 attempts" in (d.last_error or "")
    assert fake.sent == []


def test_permanent_error_deactivates_the_destination(store: Store) -> None:
    """A blocked chat is marked dead, its subscription deactivated, its queue dropped."""
    store.subscriptions.upsert("telegram:9", {})
    store.subscriptions.upsert("telegram:8", {})
    fake = FakeSender().then("telegram:9", SendResult(Outcome.PERMANENT, error="Forbidden"))
    _enqueue(store, ["telegram:9", "telegram:8"], schedule_id=1)
    _enqueue(store, ["telegram:9"], schedule_id=2)
    _worker(store, fake, batch=1).drain()
    assert fake.calls.count("telegram:9") == 1
    sub = store.subscriptions.get("telegram:9")
    assert sub is not None and not sub.active
    assert "Forbidden" in (sub.deactivated_reason or "")
    other = store.subscriptions.get("telegram:8")
    assert other is not None and other.active
    assert store.deliveries.counts() == {"dead": 2, "sent": 1}
    assert list(store.deliveries.failed_destinations()) == ["telegram:9"]


def test_failed_schedule_destination_is_reported(store: Store) -> None:
    """A destination without a subscription that fails for good shows in the listing."""
    from bot.subscriptions import describe_subscriptions

    fake = FakeSender().then("slack:C9", SendResult(Outcome.PERMANENT, error="is_archived"))
    _enqueue(store, ["slack:C9"])
    _worker(store, fake).drain()
    assert describe_subscriptions(store) == [
        "slack:C9: not subscribed [failed: permanent error: is_archived]"
    ]


def test_unknown_platform_sender_is_retried_not_crashed(store: Store) -> None:
    """A sender that cannot load is a retry with the reason, not a crash of the worker."""
    _enqueue(store, ["slack:C1"])
    registry = SenderRegistry(classes={"slack": "no_such_module_xyz:Sender"})
    OutboxWorker(store, registry, worker="w").drain()
    (d,) = store.deliveries.list()
    assert d.status == "failed" and "not available" in (d.last_error or "")


def test_stop_releases_the_unsent_rest(store: Store) -> None:
    """Stopping mid-batch hands the unsent deliveries back as pending."""
    _enqueue(store, [f"telegram:{i}" for i in range(4)])
    stop = threading.Event()
    fake = FakeSender()

    def hook(step: str, _d: Delivery) -> None:
        if step == "marked":
            stop.set()

    worker = _worker(store, fake, batch=4, hook=hook)
    assert worker.run_once(stop) == 4
    assert len(fake.sent) == 1
    assert store.deliveries.counts() == {"sent": 1, "pending": 3}


def _overlap(spans: list[tuple[str, float, float]]) -> int:
    """The most sends in flight at one moment."""
    edges = sorted([(start, 1) for _, start, _ in spans] + [(end, -1) for _, _, end in spans])
    best = current = 0
    for _, step in edges:
        current += step
        best = max(best, current)
    return best


def _runs(store: Store, destinations: list[str], runs: int) -> None:
    """``runs`` digests per destination, their headings saying which run they are."""
    for run in range(1, runs + 1):
        message = DigestMessage(heading=f"run {run}", items=MESSAGE.items)
        enqueue(
            store,
            (new_delivery(d, message, scheduled_for=WHEN, schedule_id=run) for d in destinations),
        )


def test_threads_send_a_batch_concurrently(store: Store) -> None:
    """Eight threads keep up to eight slow sends in flight (the speed-up is measured in bench/)."""
    destinations = [f"telegram:{i}" for i in range(48)]
    _enqueue(store, destinations)
    fake = FakeSender(delay=0.05)
    worker = _worker(store, fake, concurrency=8, batch=48)
    assert worker.drain() == 48
    assert sorted(fake.calls) == sorted(destinations)  # each once
    assert store.deliveries.counts() == {"sent": 48}
    assert 5 <= _overlap(fake.spans) <= 8


def test_one_thread_sends_one_at_a_time(store: Store) -> None:
    """Concurrency 1 is the old sequential worker: no two sends overlap, claim order kept."""
    destinations = [f"telegram:{i}" for i in range(6)]
    _enqueue(store, destinations)
    fake = FakeSender(delay=0.01)
    _worker(store, fake, batch=6).drain()
    assert _overlap(fake.spans) == 1
    assert fake.calls == destinations


def test_one_destination_is_never_sent_to_concurrently(store: Store) -> None:
    """Several digests to one chat in a batch go one after another, in order, on one lane."""
    destinations = [f"telegram:{i}" for i in range(5)]
    _runs(store, destinations, 4)
    fake = FakeSender(delay=0.02)
    worker = _worker(store, fake, concurrency=8, batch=20)
    assert worker.drain() == 20
    assert store.deliveries.counts() == {"sent": 20}
    for destination in destinations:
        assert [m.heading for m in fake.sent_to(destination)] == [f"run {r}" for r in range(1, 5)]
        mine = [span for span in fake.spans if span[0] == destination]
        assert _overlap(mine) == 1
    assert _overlap(fake.spans) >= 3  # yet different chats did overlap


@pytest.mark.parametrize("concurrency", [1, 4])
def test_permanent_error_drops_the_rest_of_the_batch(store: Store, concurrency: int) -> None:
    """A chat refused for good gets no further send from the same claimed batch."""
    store.subscriptions.upsert("telegram:9", {})
    _runs(store, ["telegram:9", "telegram:8"], 3)
    fake = FakeSender().then("telegram:9", SendResult(Outcome.PERMANENT, error="Forbidden"))
    _worker(store, fake, concurrency=concurrency, batch=6).drain()
    assert fake.calls.count("telegram:9") == 1 and fake.calls.count("telegram:8") == 3
    sub = store.subscriptions.get("telegram:9")
    assert sub is not None and not sub.active
    assert store.deliveries.counts() == {"dead": 3, "sent": 3}
    assert all("Forbidden" in (d.last_error or "") for d in store.deliveries.list(status="dead"))


@pytest.mark.parametrize("trigger", ["stop", "lease"])
def test_threads_finish_in_flight_sends_and_release_the_rest(
    store: Store, clock: FakeClock, trigger: str
) -> None:
    """On stop (SIGTERM) or a nearly spent lease, sends in flight finish and are marked,
    and no new send starts: the rest of the batch is handed back as pending."""
    destinations = [f"telegram:{i}" for i in range(16)]
    _enqueue(store, destinations)
    stop = threading.Event()
    fake = FakeSender(delay=0.05)

    def hook(step: str, _d: Delivery) -> None:
        if step == "sent" and not stop.is_set():
            if trigger == "lease":
                clock.advance(100)  # 120 s lease, 30 s send budget
            else:
                stop.set()

    worker = _worker(store, fake, batch=16, concurrency=4, hook=hook)
    assert worker.run_once(stop if trigger == "stop" else None) == 16
    counts = store.deliveries.counts()
    assert set(counts) == {"sent", "pending"}
    assert 1 <= counts["sent"] <= 4 and counts["sent"] == len(fake.calls)
    assert counts["sent"] + counts["pending"] == 16


def test_a_failing_lane_stops_the_others_and_is_raised(store: Store) -> None:
    """A storage error in one thread stops new sends, releases the unstarted rest and is
    raised; only the failed delivery is left in flight (sent, not yet marked)."""
    _enqueue(store, [f"telegram:{i}" for i in range(12)])
    fake = FakeSender(delay=0.02)

    def hook(step: str, d: Delivery) -> None:
        if step == "sent" and d.destination == "telegram:0":
            raise StorageError("database went away")

    with pytest.raises(StorageError, match="went away"):
        _worker(store, fake, batch=12, concurrency=3, hook=hook).run_once()
    counts = store.deliveries.counts()
    assert counts["in_flight"] == 1 and counts["sent"] == len(fake.calls) - 1
    assert counts["sent"] + counts["pending"] == 11


@pytest.mark.parametrize("concurrency", [1, 3])
def test_racing_senders_send_each_delivery_once(
    store_factory: Callable[[], Store], concurrency: int
) -> None:
    """Four senders (each with ``concurrency`` threads) drain one outbox without a duplicate."""
    first = store_factory()
    destinations = [f"telegram:{i}" for i in range(120)]
    _enqueue(first, destinations)
    fake = FakeSender()
    workers = [
        OutboxWorker(
            store_factory(), _registry(fake), worker=f"w{i}", batch=5, concurrency=concurrency
        )
        for i in range(4)
    ]
    barrier = threading.Barrier(len(workers))

    def run(w: OutboxWorker) -> None:
        barrier.wait()
        w.drain()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(s.destination for s in fake.sent) == sorted(destinations)
    assert first.deliveries.counts() == {"sent": 120}
    assert sum(1 for w in workers if w.stats["sent"]) >= 2  # the work was actually shared


class Crash(BaseException):
    """kill -9: not an Exception, so nothing in the worker catches it."""


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    n=st.integers(min_value=1, max_value=5),
    batch=st.integers(min_value=1, max_value=3),
    crashes=st.sets(st.integers(min_value=0, max_value=20), max_size=6),
    concurrency=st.sampled_from([1, 3]),
)
def test_crash_between_any_steps_sends_nothing_twice(
    n: int, batch: int, crashes: set[int], concurrency: int
) -> None:
    """Crashing between any two steps (enqueue, claim, start, send, mark) never sends a
    delivery twice, and loses none except one whose crash fell between its ``in_flight``
    commit and the request (microseconds in reality): that one is left ``unconfirmed``,
    never silently (also with sender threads)."""
    clock = FakeClock()
    lock = threading.Lock()  # the hook runs on the worker's threads
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bot.db'}", clock=clock)
        fake = FakeSender()
        destinations = [f"telegram:{i}" for i in range(n)]
        step = 0
        unsent: set[str] = set()  # crashed after the in_flight commit, before the request

        def point(name: str, key: str) -> None:
            nonlocal step
            with lock:
                step += 1
                crash = step - 1 in crashes
                if crash and name == "started":
                    unsent.add(key)
            if crash:
                raise Crash(name)

        def hook(name: str, d: Delivery) -> None:
            point(name, d.destination)

        for _incarnation in range(len(crashes) + 2):
            try:
                _enqueue(store, destinations)  # the clock re-runs its enqueue every start
                point("enqueued", "")
                worker = OutboxWorker(
                    store,
                    _registry(fake),
                    worker=f"w{_incarnation}",
                    batch=batch,
                    concurrency=concurrency,
                    policy=RetryPolicy(max_attempts=100),
                    hook=hook,
                )
                worker.drain()
                break
            except Crash:
                clock.advance(3600)  # the dead sender's leases expire
        OutboxWorker(store, _registry(fake), worker="last").drain()  # settles the leftovers
        unconfirmed = {d.destination for d in store.deliveries.list(status="unconfirmed")}
        store.close()
    sends = Counter(s.destination for s in fake.sent)
    assert set(sends) == set(destinations) - unsent  # lost only in the start→send gap
    assert all(n == 1 for n in sends.values())  # never twice
    assert unsent <= unconfirmed  # and the loss is visible


def test_run_sender_once_prints_console_digests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``run sender --once`` sends what is due to the console and exits 0."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store = open_store(url)
    _enqueue(store, ["console"])
    assert run_sender_main(["--once"]) == 0
    out = capsys.readouterr().out
    assert "New openings" in out and "Go Engineer at Acme (London; £90,000)" in out
    assert store.deliveries.counts() == {"sent": 1}
    store.close()


def test_run_sender_with_threads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``run sender --concurrency 4`` sends everything due once; 0 threads is a usage error."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store = open_store(url)
    _enqueue(store, ["console"])
    _enqueue(store, ["console"], schedule_id=2)
    with pytest.raises(UsageError, match="concurrency"):
        run_sender_main(["--once", "--concurrency", "0"])
    assert run_sender_main(["--once", "--concurrency", "4"]) == 0
    assert store.deliveries.counts() == {"sent": 2}
    store.close()


def test_bench_outbox_runs_on_a_toy_input(tmp_path: Path) -> None:
    """The outbox benchmark's measurements work on a tiny SQLite outbox."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "bench" / "outbox.py"
    spec = importlib.util.spec_from_file_location("bench_outbox", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    rate, p99 = bench.throughput(url, None, 1, 30, 10)
    assert rate > 0 and p99 >= 0
    peak, _seconds = bench.fanout_peak(url, None, 50)
    assert peak > 0


def test_delivery_left_in_flight_is_unconfirmed_not_resent(store: Store, clock: FakeClock) -> None:
    """A sender that dies mid-send leaves its delivery unconfirmed: never resent by default,
    resent once with ``resend_unconfirmed`` (at-least-once)."""
    _enqueue(store, ["telegram:1", "telegram:2"])

    def die(step: str, d: Delivery) -> None:
        if step == "sent" and d.destination == "telegram:1":
            raise Crash(step)

    fake = FakeSender()
    with pytest.raises(Crash):
        _worker(store, fake, batch=1, hook=die).drain()
    assert [s.destination for s in fake.sent] == ["telegram:1"]
    clock.advance(3600)  # the dead sender's lease expires
    _worker(store, fake).drain()
    assert sorted(s.destination for s in fake.sent) == ["telegram:1", "telegram:2"]
    [left] = store.deliveries.list(status="unconfirmed")
    assert left.destination == "telegram:1" and "not resent" in (left.last_error or "")


def test_resend_unconfirmed_claims_in_flight_again(store: Store, clock: FakeClock) -> None:
    """With ``resend_unconfirmed`` a delivery whose sender died mid-send is sent again."""
    _enqueue(store, ["telegram:1"])

    def die(step: str, d: Delivery) -> None:
        if step == "started":
            raise Crash(step)

    fake = FakeSender()
    with pytest.raises(Crash):
        _worker(store, fake, hook=die).drain()
    clock.advance(3600)
    OutboxWorker(store, _registry(fake), worker="again", resend_unconfirmed=True).drain()
    assert [s.destination for s in fake.sent] == ["telegram:1"]
    assert store.deliveries.counts() == {"sent": 1}

"""A smoke run of bench/slack_events.py on a handful of events."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "slack_events.py"


def test_bench_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    """The benchmark runs end to end on five events and prints its table with the baselines."""
    spec = importlib.util.spec_from_file_location("slack_events_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--events", "5", "--concurrency", "2"]) == 0
    out = capsys.readouterr().out
    assert "postMessage direct (baseline)" in out
    assert "signed event → postMessage, echo core" in out
    assert "median ms" in out and "p99 ms" in out

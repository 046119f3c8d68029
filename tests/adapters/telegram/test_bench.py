"""A smoke run of bench/telegram_fanout.py on a handful of subscribers."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "telegram_fanout.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("telegram_fanout_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_max_per_window_counts_half_open_windows() -> None:
    """The one-second window check counts [t, t+1) exactly."""
    bench = _module()
    assert bench.max_per_window([0.0, 0.5, 0.99, 1.0, 1.6]) == 3  # [0.5, 1.5) holds 3
    assert bench.max_per_window([0.0, 1.0, 2.0]) == 1


def test_bench_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    """The benchmark runs end to end on 20 subscribers (one blocked) through the outbox."""
    bench = _module()
    args = ["--subscribers", "20", "--sequential", "5", "--limited", "0", "--crash", "0"]
    args += ["--latency-count", "20"]
    assert bench.main([*args, "--blocked", "0.05"]) == 0
    out = capsys.readouterr().out
    assert "send() sequential, limits off" in out
    assert "1 blocked: 1 deactivated; dup 0, missing 0" in out

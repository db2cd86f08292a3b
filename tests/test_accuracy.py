"""Regression guard: detection accuracy on the labelled dev sets stays above measured floors."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "accuracy.py"

# Measured dev numbers minus a small margin; raise them when detection improves.
FLOORS = {
    ("industry", "accuracy"): 0.95,
    ("industry", "macro_f1"): 0.95,
    ("signals", "accuracy"): 0.96,
    ("signals", "macro_f1"): 0.95,
    ("signals", "topic_accuracy"): 0.93,
    ("sophistication", "accuracy"): 0.95,
}


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_accuracy", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def metrics() -> dict[str, Any]:
    result: dict[str, Any] = _load().main([])
    return result


@pytest.mark.parametrize(("task", "metric"), sorted(FLOORS))
def test_dev_floor(metrics: dict[str, Any], task: str, metric: str) -> None:
    assert metrics["dev"][task][metric] >= FLOORS[(task, metric)]


def test_both_splits_reported(metrics: dict[str, Any]) -> None:
    assert set(metrics) == {"dev", "test"}
    assert all(metrics["test"][task]["n"] > 0 for task in ("industry", "signals", "sophistication"))

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
    ("signals", "accuracy"): 0.97,
    ("signals", "macro_f1"): 0.97,
    ("signals", "topic_accuracy"): 0.96,
    ("sophistication", "accuracy"): 0.96,
}

# The blind set was written independently and then used for error analysis, so it is a tuning
# set now, not a held-out one; these floors (measured minus a few points) guard against
# regressions only. Generalisation is measured on the separate holdout set.
BLIND_FLOORS = {
    ("industry", "accuracy"): 0.95,
    ("industry", "macro_f1"): 0.95,
    ("signals", "accuracy"): 0.95,
    ("signals", "macro_f1"): 0.95,
    ("signals", "topic_accuracy"): 0.94,
    ("sophistication", "accuracy"): 0.95,
}

# The holdout set was written by someone who never saw the detector, then its signal errors
# were used for error analysis (impatience/fatigue/expertise/redirect/correction frames), so
# it became a tuning set as well: these floors (measured minus a few points) guard against
# regressions only and say nothing about unseen data. Industry and sophistication were not
# tuned on it.
HOLDOUT_FLOORS = {
    ("industry", "accuracy"): 0.88,
    ("industry", "macro_f1"): 0.88,
    ("signals", "accuracy"): 0.95,
    ("signals", "macro_f1"): 0.95,
    ("signals", "topic_accuracy"): 0.94,
    ("sophistication", "accuracy"): 0.94,
}

# The final set was the honest estimate until its signal errors were released for error
# analysis and it became the model's fifth training writer (macro F1 0.899 before that), so
# it is a tuning set now: these floors (measured minus a few points) guard against
# regressions only. Unseen-writer accuracy is measured on the lead's separate sealed set.
# Industry was not tuned on it (measured 0.95) and no final sophistication set exists.
FINAL_FLOORS = {
    ("industry", "accuracy"): 0.9,
    ("industry", "macro_f1"): 0.9,
    ("signals", "accuracy"): 0.95,
    ("signals", "macro_f1"): 0.95,
    ("signals", "topic_accuracy"): 0.94,
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


@pytest.mark.parametrize(("task", "metric"), sorted(BLIND_FLOORS))
def test_blind_floor(metrics: dict[str, Any], task: str, metric: str) -> None:
    assert metrics["blind"][task][metric] >= BLIND_FLOORS[(task, metric)]


@pytest.mark.parametrize(("task", "metric"), sorted(HOLDOUT_FLOORS))
def test_holdout_floor(metrics: dict[str, Any], task: str, metric: str) -> None:
    assert metrics["holdout"][task][metric] >= HOLDOUT_FLOORS[(task, metric)]


@pytest.mark.parametrize(("task", "metric"), sorted(FINAL_FLOORS))
def test_final_floor(metrics: dict[str, Any], task: str, metric: str) -> None:
    assert metrics["final"][task][metric] >= FINAL_FLOORS[(task, metric)]


def test_both_splits_reported(metrics: dict[str, Any]) -> None:
    assert {"dev", "test", "blind", "holdout"} <= set(metrics)
    assert all(metrics["test"][task]["n"] > 0 for task in ("industry", "signals", "sophistication"))

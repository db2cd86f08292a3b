"""The trained second-opinion model: shipped, deterministic, reproducible, behind the guards."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from types import ModuleType

import pytest

from engine.signal_model import MAX_FEATURE_CHARS, MODEL, SignalModel, features, load
from engine.signals import SIGNAL_KINDS, detect_signal, rules_signal, second_opinion

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT / "bench" / "train_signals.py"
SHIPPED = ROOT / "engine" / "data" / "signal_model.json"


def _train_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_train_signals", TRAIN)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _probs(**given: float) -> dict[str, float]:
    return {k: given.get(k, 0.0) for k in SIGNAL_KINDS}


def _model() -> SignalModel:
    assert MODEL is not None
    return MODEL


def test_model_loads_from_package_data() -> None:
    model = _model()
    assert model.kinds == SIGNAL_KINDS
    assert 0.0 < model.threshold < 1.0
    assert len(model.weights) > 1000
    assert load() is not None


def test_probabilities_are_a_distribution_and_deterministic() -> None:
    model = _model()
    for text in ("I'm beat, can we stop here", "", "x" * 10_000, "let's talk about pricing"):
        probs = model.probabilities(text)
        assert set(probs) == set(SIGNAL_KINDS)
        assert math.isclose(sum(probs.values()), 1.0, abs_tol=1e-9)
        assert probs == model.probabilities(text)


def test_features_cap_the_text_length() -> None:
    head = "please just write the spec " * 20
    assert features(head[:MAX_FEATURE_CHARS] + "tired " * 500) == features(head)


def test_shipped_model_matches_the_training_data_hash() -> None:
    train = _train_module()
    assert _model().data_sha256 == train.data_sha256()


def test_retraining_reproduces_the_shipped_file_exactly() -> None:
    train = _train_module()
    rows = train.load_rows()
    assert {r["group"] for r in rows} == {"dev", "test", "blind", "holdout", "final"}
    assert train.model_json(rows) == SHIPPED.read_text(encoding="utf-8")


def test_shipped_file_is_compact_and_sorted() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    data = json.loads(text)
    assert json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n" == text
    assert all(any(vector) for vector in data["weights"].values())
    assert len(text) < 1_000_000


@pytest.mark.parametrize(
    ("text", "kind", "topic"),
    [
        ("my energy is gone for today", "fatigue", None),
        ("lets speak about stripe integration", "redirect", "integrations"),
    ],
)
def test_model_catches_what_the_rules_miss(text: str, kind: str, topic: str | None) -> None:
    assert rules_signal(text).kind == "none"
    signal = detect_signal(text)
    assert (signal.kind, signal.topic) == (kind, topic)
    assert _model().threshold <= signal.confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "this is taking forever, just show me something",
        "actually the users are nurses",
        "let's talk about payments",
        "no idea, you pick",
    ],
)
def test_rules_stay_primary(text: str) -> None:
    assert detect_signal(text) == rules_signal(text)


# Whatever the model says, these stay "none": the rules' guards hold.
GUARDED = [
    ("drivers are exhausted by the end of the shift so the UI has to be simple", "fatigue"),
    ("the managers are fried by friday", "fatigue"),
    ("they want to jump straight to checkout without creating an account", "impatience"),
    ("doctors are always in a hurry", "impatience"),
    ("our CTO here handles the infra", "expertise"),
    (
        "not sure it's the same everywhere, but in our clinics the receptionist does intake",
        "dont_know",
    ),
    ("don't know the exact number, roughly 40 vendors", "dont_know"),
    ("actually pretty simple", "correction"),
    ("wait, is that the same as the invoice screen?", "correction"),
    ("let's talk about it later", "redirect"),  # no topic to go to
]


@pytest.mark.parametrize(("text", "kind"), GUARDED)
def test_a_confident_model_never_flips_a_guard(text: str, kind: str) -> None:
    probabilities = _probs(**{kind: 0.99})
    assert second_opinion(text, probabilities, 0.5).kind == "none"
    assert detect_signal(text).kind == "none"


def test_second_opinion_below_threshold_is_none() -> None:
    probabilities = _probs(fatigue=0.4, none=0.6)
    assert second_opinion("my energy is gone for today", probabilities, 0.45).kind == "none"


def test_second_opinion_correction_uses_rules_topic_value_and_current_topic() -> None:
    probabilities = _probs(correction=0.9)
    signal = second_opinion("hmm it's iPad only, not phones", probabilities, 0.45)
    assert (signal.kind, signal.topic, signal.value, signal.previous) == (
        "correction",
        "platforms",
        "iPad only",
        "phones",
    )
    fallback = second_opinion("twice a week, not daily", probabilities, 0.45, "user_journey")
    assert (fallback.kind, fallback.topic, fallback.value) == (
        "correction",
        "user_journey",
        "twice a week",
    )

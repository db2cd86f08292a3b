"""The shipped topic model: it loads, matches its training data, and files statements by content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest

from bench import train_topics
from engine import filing, topic_model
from engine.filing import file_message, model_input
from engine.linear_model import LinearModel, text_features
from engine.types import TopicId

TRAINING = Path(__file__).resolve().parent.parent / "bench" / "data" / "topics"


def _training_texts() -> set[str]:
    texts = set()
    for path in TRAINING.glob("*.jsonl"):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts |= {json.loads(line)["text"].lower() for line in lines if line.strip()}
    return texts


def test_model_loads_with_every_topic_and_none_and_matches_its_training_files() -> None:
    model = topic_model.MODEL
    assert model is not None
    assert model.labels == (*get_args(TopicId), "none")
    assert model.data_sha256 == train_topics.data_sha256()  # retrain after editing the data
    assert len(_training_texts()) > 3000


@pytest.mark.parametrize(
    ("statement", "topic"),
    [
        ("the people opening it would mostly be the night shift pharmacists", "target_users"),
        ("honestly chasing signed waivers every saturday morning drives me nuts", "pain_points"),
        ("has to work on android tablets, the drivers have cheap samsungs", "platforms"),
        ("we need it to push the invoices into xero", "integrations"),
        (
            "must have for launch is booking, the loyalty stuff can wait till v2",
            "feature_priorities",
        ),
        ("about 40 stores and maybe 900 staff total", "scale"),
        ("what would you recommend here?", "none"),
    ],
)
def test_statements_it_never_saw_get_their_topic(statement: str, topic: str) -> None:
    assert statement.lower() not in _training_texts()
    text, marks = model_input(statement)
    probs = topic_model.topic_probabilities(text, marks)
    assert max(probs, key=lambda label: probs[label]) == topic, probs


def test_a_named_value_keeps_the_rest_of_the_statement_under_its_own_topic() -> None:
    filed = file_message("pulls open incidents from pagerduty + the last 24h of deploys").facts
    topics = {f.topic for f in filed}
    assert {"integrations", "key_actions"} <= topics, filed


def test_without_a_model_the_rules_alone_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(topic_model, "MODEL", None)
    filed = file_message("we need it to push the invoices into xero").facts
    assert any(f.topic == "integrations" and f.value == "Xero" for f in filed)
    assert filing.model_input("")[1] == ["r:nothing"]


@pytest.mark.parametrize("text", ["", "🚀🔥", "x" * 100_000, "\x00\x7f binary", "中文 العربية"])
def test_odd_input_never_raises_and_probabilities_sum_to_one(text: str) -> None:
    file_message(text)
    probs = topic_model.topic_probabilities(text, ["r:nothing"])
    assert abs(sum(probs.values()) - 1.0) < 1e-9


def test_linear_model_scales_by_feature_count_and_ignores_unknown_features() -> None:
    model = LinearModel(
        {
            "labels": ["a", "b"],
            "bias": [0.0, 0.0],
            "weights": {"w:x": {"0": 2.0}},
            "data_sha256": "",
        }
    )
    assert model.scores(["w:x"]) == [2.0, 0.0]
    assert model.scores(["w:x", "w:unknown", "w:other", "w:more"]) == [1.0, 0.0]
    assert model.probabilities([])["a"] == 0.5
    assert text_features("Flows!", 240, 4)[:2] == ["w:flow", "b:<s> flow"]


def test_a_negated_platform_wish_is_stored_as_an_exclusion() -> None:
    filed = file_message("most of our parents wont download an app, trust me", "platforms").facts
    assert filed and all(f.negative for f in filed if f.topic == "platforms"), filed


def test_a_question_without_a_question_mark_files_nothing() -> None:
    assert not file_message("do people actually like bots").facts

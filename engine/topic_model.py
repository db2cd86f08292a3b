"""A small trained statement classifier: which interview topic one statement answers, if any.

Softmax regression (`engine/linear_model.py`) trained by `bench/train_topics.py` on labelled
chat statements written by independent writers, shipped as `engine/data/topic_model.json`. The
label "none" is a statement that answers no topic (a question back, small talk, "idk").
"""

from __future__ import annotations

from engine.linear_model import LinearModel, read, text_features

MAX_FEATURE_CHARS = 240
CHAR_NGRAM = 4
MODEL_FILE = "topic_model.json"
NONE = "none"

MODEL = read(MODEL_FILE, LinearModel)


def features(text: str, marks: list[str]) -> list[str]:
    """The model's features of one statement: its words, and the rules' reading (`marks`)."""
    return text_features(text, MAX_FEATURE_CHARS, CHAR_NGRAM) + marks


def topic_probabilities(statement: str, marks: list[str]) -> dict[str, float]:
    """P(topic) for one statement over every topic id and "none" (empty without a model),
    given what the hand rules read in it (`engine.filing.model_input`)."""
    if MODEL is None:
        return {}
    return MODEL.probabilities(features(statement, marks))

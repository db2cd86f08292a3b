"""A small trained industry classifier: a second opinion for the rule detector on real text.

Multinomial logistic regression over binary features (stemmed word unigrams and bigrams and
character 4-grams of each word) trained by `bench/train_industry.py` on real public one-line
product descriptions plus our written sets, shipped as `engine/data/industry_model.json`.
Pure Python and deterministic; the weights are loaded once, at import.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

from engine.lexicon import normalize, stem, words

if TYPE_CHECKING:
    from engine.types import Industry

MAX_FEATURE_CHARS = 300  # only the head of a long message is featurised
CHAR_NGRAM = 5
MODEL_FILE = "industry_model.json"
# When the model's answer replaces the rules' (chosen on bench/data/industry_real/dev.jsonl by
# `python bench/industry_real.py --sweep`): never when it says "other" (its answer to chat
# filler, which it was trained on) or is less than FLOOR sure; then weak rules (confidence below
# WEAK_RULES) give way to it, and any rules when it is at least OVERRULE sure.
FLOOR = 0.25
WEAK_RULES = 0.5
OVERRULE = 0.5


def features(text: str) -> list[str]:
    """The distinct binary features of a text, in a fixed order."""
    tokens = [stem(w) for w in words(normalize(text[:MAX_FEATURE_CHARS]))]
    found: dict[str, None] = {}
    padded = ["<s>", *tokens, "</s>"]
    for i, token in enumerate(tokens):
        found["w:" + token] = None
        found["b:" + padded[i] + " " + token] = None
        edged = f"<{token}>"
        for j in range(len(edged) - CHAR_NGRAM + 1):
            found["c:" + edged[j : j + CHAR_NGRAM]] = None
    if tokens:
        found["b:" + tokens[-1] + " </s>"] = None
    return list(found)


class IndustryModel:
    """Softmax regression weights: P(industry | text) over a fixed tuple of industries."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.labels: tuple[Industry, ...] = cast("tuple[Industry, ...]", tuple(data["labels"]))
        self.bias: list[float] = [float(b) for b in data["bias"]]
        # sparse: feature -> {label index: weight}
        self.weights: dict[str, dict[int, float]] = {
            name: {int(k): float(w) for k, w in vector.items()}
            for name, vector in data["weights"].items()
        }
        self.data_sha256: str = str(data["data_sha256"])

    def scores(self, text: str) -> list[float]:
        """Raw class scores (logits) for `text`, in the order of `labels`."""
        present = features(text)
        scores = list(self.bias)
        found = [self.weights[f] for f in present if f in self.weights]
        if found:
            scale = 1.0 / math.sqrt(len(present))
            for vector in found:
                for k, w in vector.items():
                    scores[k] += scale * w
        return scores

    def probabilities(self, text: str) -> dict[Industry, float]:
        """P(industry) for every label; they sum to one."""
        scores = self.scores(text)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    def predict(self, text: str) -> tuple[Industry, float]:
        """The most probable industry and its probability."""
        probs = self.probabilities(text)
        best = max(self.labels, key=lambda label: probs[label])
        return best, probs[best]


def load() -> IndustryModel | None:
    """The shipped model, read from the package data; None if the package ships none."""
    source = resources.files("engine") / "data" / MODEL_FILE
    if not source.is_file():
        return None
    return IndustryModel(json.loads(source.read_text(encoding="utf-8")))


MODEL = load()


def predict(text: str) -> tuple[Industry, float]:
    """The model's industry for `text` and its probability; ("other", 0.0) without a model."""
    if MODEL is None:
        return "other", 0.0
    return MODEL.predict(text)


def second_opinion(
    text: str, rules: Industry, rules_confidence: float
) -> tuple[Industry, float] | None:
    """The model's industry and probability when it should replace the rules' reading, else None."""
    label, probability = predict(text)
    if MODEL is None or label in (rules, "other"):  # "other" is also what it says to chat filler
        return None
    if probability < FLOOR:
        return None
    if rules_confidence < WEAK_RULES or probability >= OVERRULE:
        return label, probability
    return None

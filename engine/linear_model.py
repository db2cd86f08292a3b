"""Softmax regression over sparse binary text features: the format our trained models ship in."""

from __future__ import annotations

import json
import math
from importlib import resources
from typing import Any, TypeVar

from engine.lexicon import normalize, stem, words


def text_features(text: str, max_chars: int, char_ngram: int) -> list[str]:
    """The distinct binary features of a text, in a fixed order: stemmed words, word bigrams
    (with sentence edges) and character n-grams of each word."""
    tokens = [stem(w) for w in words(normalize(text[:max_chars]))]
    found: dict[str, None] = {}
    padded = ["<s>", *tokens, "</s>"]
    for i, token in enumerate(tokens):
        found["w:" + token] = None
        found["b:" + padded[i] + " " + token] = None
        edged = f"<{token}>"
        for j in range(len(edged) - char_ngram + 1):
            found["c:" + edged[j : j + char_ngram]] = None
    if tokens:
        found["b:" + tokens[-1] + " </s>"] = None
    return list(found)


M = TypeVar("M", bound="LinearModel")


class LinearModel:
    """Softmax regression weights: P(label | features) over a fixed tuple of labels."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.labels: tuple[str, ...] = tuple(str(x) for x in data["labels"])
        self.bias: list[float] = [float(b) for b in data["bias"]]
        # sparse: feature -> {label index: weight}
        self.weights: dict[str, dict[int, float]] = {
            name: {int(k): float(w) for k, w in vector.items()}
            for name, vector in data["weights"].items()
        }
        self.data_sha256: str = str(data["data_sha256"])

    def scores(self, present: list[str]) -> list[float]:
        """Raw class scores (logits) for a text's features, in the order of `labels`."""
        scores = list(self.bias)
        found = [self.weights[f] for f in present if f in self.weights]
        if found:
            scale = 1.0 / math.sqrt(len(present))
            for vector in found:
                for k, w in vector.items():
                    scores[k] += scale * w
        return scores

    def probabilities(self, present: list[str]) -> dict[str, float]:
        """P(label) for every label given a text's features; they sum to one."""
        scores = self.scores(present)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}


def read(name: str, kind: type[M]) -> M | None:
    """A shipped model of class `kind` from `engine/data/<name>`; None if none is shipped."""
    source = resources.files("engine") / "data" / name
    if not source.is_file():
        return None
    return kind(json.loads(source.read_text(encoding="utf-8")))

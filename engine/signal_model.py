"""A small trained text classifier: a second opinion on signal kinds where the rules see none.

Multinomial logistic regression over binary features (stemmed word unigrams and bigrams,
clause-initial words, person markers, character 3-5-grams of each word), trained by
`bench/train_signals.py` and shipped as `engine/data/signal_model.json`. Pure Python and
deterministic; the weights are loaded once, at import.
"""

from __future__ import annotations

import json
import math
import re
from importlib import resources
from typing import Any

from engine.lexicon import expand_shorthand, normalize, stem, words

MAX_FEATURE_CHARS = 240  # only the head of a long message is featurised
CHAR_NGRAMS = (3, 4, 5)
MODEL_FILE = "signal_model.json"

_CLAUSE = re.compile(r"[.!?;:,()]|\s[—–-]\s")
_FIRST_SINGULAR = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "let's"})
_SECOND = frozenset({"you", "your", "you're", "you've", "you'd", "you'll", "yourself"})
_FIRST_PLURAL = frozenset({"we", "we're", "we've", "we'd", "we'll", "us", "our", "ours"})
_THIRD = frozenset(
    str.split(
        "he she they them their they're he's she's user users people customer customers client"
        " clients patient patients staff employee employees team teams everyone"
    )
)


def features(text: str) -> list[str]:
    """The distinct binary features of a message, in a fixed order."""
    cues = expand_shorthand(normalize(text[:MAX_FEATURE_CHARS]))
    found: dict[str, None] = {}
    tokens: list[str] = []
    for clause in _CLAUSE.split(cues):
        clause_words = words(clause)
        if not clause_words:
            continue
        stems = [stem(w) for w in clause_words]
        found["f:" + stems[0]] = None  # clause-initial word: imperatives, "not", "no", "wait"
        for w in clause_words:
            if w in _FIRST_SINGULAR:
                found["p:1"] = None
            elif w in _SECOND:
                found["p:2"] = None
            elif w in _FIRST_PLURAL:
                found["p:we"] = None
            elif w in _THIRD:
                found["p:3"] = None
        tokens += ["<s>", *stems]
    tokens.append("</s>")
    for i, token in enumerate(tokens):
        if token not in ("<s>", "</s>"):
            found["w:" + token] = None
        if i + 1 < len(tokens) and tokens[i + 1] != "<s>":
            found["b:" + token + " " + tokens[i + 1]] = None
    for word in words(cues):
        padded = f"<{word}>"
        for n in CHAR_NGRAMS:
            for i in range(len(padded) - n + 1):
                found["c:" + padded[i : i + n]] = None
    if cues.rstrip().endswith("?"):
        found["q:?"] = None
    return list(found)


class SignalModel:
    """Softmax regression weights: P(kind | message) over a fixed tuple of kinds."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.kinds: tuple[str, ...] = tuple(data["kinds"])
        self.bias: list[float] = [float(b) for b in data["bias"]]
        self.weights: dict[str, list[float]] = {
            name: [float(w) for w in vector] for name, vector in data["weights"].items()
        }
        self.threshold: float = float(data["threshold"])
        self.data_sha256: str = str(data["data_sha256"])

    def probabilities(self, text: str) -> dict[str, float]:
        """P(kind) for every kind; they sum to one."""
        present = features(text)
        found = [self.weights[f] for f in present if f in self.weights]
        if not found:
            scores = self.bias
        else:
            scale = 1.0 / math.sqrt(len(present))
            sums = [sum(column) for column in zip(*found, strict=True)]
            scores = [b + scale * s for b, s in zip(self.bias, sums, strict=True)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {kind: e / total for kind, e in zip(self.kinds, exps, strict=True)}

    def predict(self, text: str) -> tuple[str, float]:
        """The most probable kind and its probability."""
        probs = self.probabilities(text)
        kind = max(self.kinds, key=lambda k: probs[k])
        return kind, probs[kind]


def load() -> SignalModel | None:
    """The shipped model, read from the package data; None if the package ships none."""
    source = resources.files("engine") / "data" / MODEL_FILE
    if not source.is_file():
        return None
    return SignalModel(json.loads(source.read_text(encoding="utf-8")))


MODEL = load()

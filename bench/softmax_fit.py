"""Fit softmax regression on sparse binary features (SGD, lazy L2): what every trainer here uses."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

Vectors = dict[str, list[float]]


def fit(
    docs: Sequence[list[str]],
    golds: Sequence[int],
    n_labels: int,
    *,
    epochs: int,
    learning_rate: float,
    l2: float,
    min_count: int,
    seed: int,
) -> tuple[list[float], Vectors]:
    """Bias and per-feature weight vectors (one weight per label) for documents given as their
    feature lists, each with the index of its gold label. Features seen in fewer than
    `min_count` documents get no weight; each document's features are scaled by 1/sqrt(n)."""
    counts: dict[str, int] = {}
    for doc in docs:
        for f in doc:
            counts[f] = counts.get(f, 0) + 1
    vectors: Vectors = {f: [0.0] * n_labels for f in sorted(counts) if counts[f] >= min_count}
    examples = [
        ([f for f in doc if f in vectors], 1.0 / math.sqrt(max(1, len(doc))), gold)
        for doc, gold in zip(docs, golds, strict=True)
    ]
    bias = [0.0] * n_labels
    scale = 1.0  # lazy L2: the true weights are scale * vectors
    order = list(range(len(examples)))
    shuffle = random.Random(seed).shuffle
    step = 0
    for _ in range(epochs):
        shuffle(order)
        for index in order:
            present, x, gold = examples[index]
            rate = learning_rate / (1.0 + learning_rate * l2 * step)
            step += 1
            scores = list(bias)
            for f in present:
                for k, w in enumerate(vectors[f]):
                    scores[k] += scale * x * w
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            grads = [e / total - (k == gold) for k, e in enumerate(exps)]
            bias = [b - rate * g for b, g in zip(bias, grads, strict=True)]
            scale *= 1.0 - rate * l2
            delta = [rate * g * x / scale for g in grads]
            for f in present:
                vectors[f] = [w - d for w, d in zip(vectors[f], delta, strict=True)]
    return bias, {f: [scale * w for w in v] for f, v in vectors.items()}


def shipped(
    labels: Sequence[str], bias: list[float], vectors: Vectors, *, digits: int, prune: float
) -> dict[str, Any]:
    """The model file's weights: sparse, rounded, without weights smaller than `prune`."""
    weights: dict[str, dict[str, float]] = {}
    for f, vector in vectors.items():
        sparse = {str(k): round(w, digits) + 0.0 for k, w in enumerate(vector) if abs(w) >= prune}
        if sparse:
            weights[f] = sparse
    return {
        "labels": list(labels),
        "bias": [round(b, digits) + 0.0 for b in bias],
        "weights": weights,
    }


def model_file(
    labels: Sequence[str],
    bias: list[float],
    vectors: Vectors,
    *,
    data_sha256: str,
    rows: int,
    config: dict[str, float],
    digits: int,
    prune: float,
) -> dict[str, Any]:
    """A model file's whole content: the shipped weights, the hash of the data they were
    trained on, the row count and the training settings."""
    return {
        **shipped(labels, bias, vectors, digits=digits, prune=prune),
        "data_sha256": data_sha256,
        "rows": rows,
        "config": config,
    }

"""A small trained industry classifier: a second opinion for the rule detector on real text.

Softmax regression (`engine/linear_model.py`: stemmed word unigrams and bigrams and character
5-grams of each word) trained by `bench/train_industry.py` on real public one-line
product descriptions plus our written sets, shipped as `engine/data/industry_model.json`.
Pure Python and deterministic; the weights are loaded once, at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from engine.linear_model import LinearModel, read, text_features

if TYPE_CHECKING:
    from engine.types import Industry

MAX_FEATURE_CHARS = 300  # only the head of a long message is featurised
CHAR_NGRAM = 5
MODEL_FILE = "industry_model.json"
# When the model's answer replaces the rules' (chosen on bench/data/industry_real/dev.jsonl by
# `python bench/industry_real.py --sweep`): never when it says "other" (its answer to chat
# filler, which it was trained on) or is less than FLOOR sure; then weak rules (confidence below
# WEAK_RULES) give way to it, and any rules when it is at least OVERRULE sure. Dev has no
# "other" rows, so it rewards guessing (FLOOR 0.15 scored 0.5 points more); unseen chat filler
# reaches 0.20 ("who built this?" -> consumer), so FLOOR keeps a margin above that.
FLOOR = 0.25
WEAK_RULES = 0.6
OVERRULE = 0.6


def features(text: str) -> list[str]:
    """The distinct binary features of a text, in a fixed order."""
    return text_features(text, MAX_FEATURE_CHARS, CHAR_NGRAM)


class IndustryModel(LinearModel):
    """The industry classifier: P(industry | text) over a fixed tuple of industries."""

    def predict(self, text: str) -> tuple[Industry, float]:
        """The most probable industry and its probability."""
        probs = self.probabilities(features(text))
        best = max(self.labels, key=lambda label: probs[label])
        return cast("Industry", best), probs[best]


def load() -> IndustryModel | None:
    """The shipped model, read from the package data; None if the package ships none."""
    return read(MODEL_FILE, IndustryModel)


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

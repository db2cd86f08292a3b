"""The understanding benchmark scores what it claims to (right / wrong topic, corrections, ...)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import understanding
from bench.understanding import Score, _matches, measure


def test_matches_needs_one_alternative_of_every_group() -> None:
    assert _matches("~60 engineers, 8 rotations", [["60 engineers"], ["8 rotations"]])
    assert _matches("QuickBooks", [["quickbooks online", "quickbooks"]])
    assert not _matches("~60 engineers", [["60 engineers"], ["8 rotations"]])


def _message(text: str, kind: str = "answer", **extra: object) -> dict[str, object]:
    return {
        "user": "ann",
        "text": text,
        "kind": kind,
        "facts": [],
        "negations": [],
        "corrections": [],
        **extra,
    }


async def test_scores_right_wrong_corrections_negations_and_non_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conv = {
        "id": "synthetic",
        "product_name": "Shelfie",
        "messages": [
            _message(
                "we're building Shelfie. payments through stripe and square",
                facts=[
                    {"topic": "integrations", "key": [["stripe"]]},
                    {"topic": "platforms", "key": [["square"]]},
                ],
            ),
            _message("what do other shops do?", "question_back"),
            _message(
                "no HIPAA, it's for shops",
                negations=[{"topic": "security_compliance", "not": ["hipaa"]}],
            ),
            _message(
                "actually not stripe, we moved to paypal",
                "correction",
                corrections=[{"topic": "integrations", "from": ["stripe"], "to": ["paypal"]}],
            ),
        ],
    }
    (tmp_path / "synthetic.json").write_text(json.dumps(conv), encoding="utf-8")
    monkeypatch.setattr(understanding, "FINISH", False)
    score: Score = await measure(tmp_path)
    assert score.expected == 1  # the stripe fact was corrected away later
    assert score.wrong_topic == 1  # square is filed under integrations, labelled platforms
    assert score.corrections_applied == score.corrections == 1
    assert score.negations == 1 and score.inverted == 0
    assert score.non_answers == 1 and score.non_answers_filed == 0
    assert score.names_right == 1

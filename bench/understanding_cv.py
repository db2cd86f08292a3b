"""Understanding on conversations the topic model never saw: hold out each labelled set in turn.

For every conversation set (each by its own independent writer), train the statement-topic
model on the statement writers and every *other* set, install it in the running engine, and
measure the held-out set with `bench/understanding.py`. The hand rules were tuned on these sets
over earlier sessions, so this estimates the model's share of generalising, not the rules'; the
only honest number stays a sealed set measured once.

    python bench/understanding_cv.py                 # every set in train_topics.CONVERSATION_SETS
    python bench/understanding_cv.py tuning4 tuning5 # only these
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import understanding  # noqa: E402
from bench.train_topics import CONVERSATION_SETS, CONVERSATIONS, load_rows, model_data, train  # noqa: E402
from engine import topic_model  # noqa: E402
from engine.linear_model import LinearModel  # noqa: E402

HEADLINE = (
    "right_topic_pct",
    "wrong_topic_pct",
    "stored_wrong_pct",
    "corrections_applied",
    "inverted_negations",
    "non_answers_filed",
    "reasked_already_answered",
)


def held_out(name: str) -> dict[str, Any]:
    """The headline numbers of set `name` with a model trained without it."""
    rows = load_rows([s for s in CONVERSATION_SETS if s != name])
    topic_model.MODEL = LinearModel(model_data(rows, *train(rows)))
    score = asyncio.run(understanding.measure(CONVERSATIONS / name))
    report = understanding.report(score)
    return {"expected_facts": report["expected_facts"], **{k: report[k] for k in HEADLINE}}


def main(argv: list[str]) -> int:
    """Print each held-out set's numbers and the pooled right/wrong shares."""
    understanding.FINISH = False
    names = [a for a in argv if not a.startswith("-")] or [
        s for s in CONVERSATION_SETS if s != "examples"
    ]
    results = {name: held_out(name) for name in names}
    total = sum(r["expected_facts"] for r in results.values())
    pooled = {
        key: round(sum(r[key] * r["expected_facts"] for r in results.values()) / total, 1)
        for key in ("right_topic_pct", "wrong_topic_pct", "stored_wrong_pct")
    }
    print(json.dumps({"held_out": results, "pooled": pooled}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

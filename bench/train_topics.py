"""Train the statement-topic classifier and write `engine/data/topic_model.json`.

Softmax regression over `engine.topic_model.features` (bench/softmax_fit.py), trained on the
labelled chat statements in `bench/data/topics/*.jsonl` (one file per independent writer, who
never saw the code; label = the topic the statement's content answers, or "none").

    python bench/train_topics.py            # cross-validate by writer, then write the model
    python bench/train_topics.py --cv       # only the leave-one-writer-out estimate

Leave-one-writer-out trains on every other writer and tests on the one left out: other
products, other people, other phrasing, so it estimates accuracy on text like nothing seen.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, get_args

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.softmax_fit import Vectors, fit, model_file  # noqa: E402
from bench.understanding import NO_FACT_KINDS  # noqa: E402
from engine.filing import model_input  # noqa: E402
from engine.linear_model import LinearModel  # noqa: E402
from engine.statements import split  # noqa: E402
from engine.topic_model import MODEL_FILE, NONE, features  # noqa: E402
from engine.types import TopicId  # noqa: E402

DATA = ROOT / "bench" / "data" / "topics"
CONVERSATIONS = ROOT / "bench" / "data" / "conversations"
OUT = ROOT / "engine" / "data" / MODEL_FILE
LABELS: tuple[str, ...] = (*get_args(TopicId), NONE)

EPOCHS = 12
LEARNING_RATE = 0.5
L2 = 1e-5
MIN_COUNT = 2
SEED = 7
DIGITS = 2
PRUNE = 0.02

Row = dict[str, Any]


def load_rows(sets: Sequence[str] | None = None) -> list[Row]:
    """Every labelled statement, with its writer (the file's name), and the statements of the
    conversation `sets` (default: every tuning set)."""
    rows = []
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row["topic"] in LABELS:
                    rows.append(_row(row["text"], row["topic"], path.stem))
    return rows + conversation_rows(CONVERSATION_SETS if sets is None else sets)


def _row(text: str, label: str, writer: str) -> Row:
    condensed, marks = model_input(text)
    return {"text": text, "features": features(condensed, marks), "label": label, "writer": writer}


def conversation_rows(sets: Sequence[str]) -> list[Row]:
    """Statements of the labelled conversation sets (tuning sets, never sealed ones): each
    statement under the topic whose fact keys it contains, messages that are not answers as
    "none"; one "writer" per set."""
    rows = []
    for path in _conversation_files(sets):
        conv = json.loads(path.read_text(encoding="utf-8"))
        for message in conv["messages"]:
            if message["kind"] in NO_FACT_KINDS:
                rows.append(_row(message["text"], NONE, path.parent.name))
                continue
            for statement in split(message["text"]):
                low = statement.lower()
                topics = {
                    fact["topic"]
                    for fact in message["facts"]
                    if all(any(alt.lower() in low for alt in group) for group in fact["key"])
                }
                rows += [_row(statement, t, path.parent.name) for t in sorted(topics)]
    return rows


def _conversation_files(sets: Sequence[str] = ()) -> list[Path]:
    return sorted(p for s in sets for p in (CONVERSATIONS / s).glob("*.json"))


# every conversation set that is no longer sealed (a sealed set joins only after its one
# measurement); bench/understanding_cv.py holds each out in turn
CONVERSATION_SETS = (
    "dev",
    "examples",
    "tuning2",
    "tuning3",
    "tuning4",
    "tuning5",
    "tuning6",
    "tuning7",
    "tuning8",
    "tuning9",
)


def data_sha256() -> str:
    """Hash of the training files' names and bytes, in a fixed order."""
    digest = hashlib.sha256()
    for path in [*sorted(DATA.glob("*.jsonl")), *_conversation_files(CONVERSATION_SETS)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def train(rows: Sequence[Row]) -> tuple[list[float], Vectors]:
    """Bias and weight vectors fitted on `rows`."""
    return fit(
        [r["features"] for r in rows],
        [LABELS.index(r["label"]) for r in rows],
        len(LABELS),
        epochs=EPOCHS,
        learning_rate=LEARNING_RATE,
        l2=L2,
        min_count=MIN_COUNT,
        seed=SEED,
    )


def model_data(rows: Sequence[Row], bias: list[float], vectors: Vectors) -> dict[str, Any]:
    """The model file's content."""
    return model_file(
        LABELS,
        bias,
        vectors,
        data_sha256=data_sha256(),
        rows=len(rows),
        config={"epochs": EPOCHS, "learning_rate": LEARNING_RATE, "l2": L2, "seed": SEED},
        digits=DIGITS,
        prune=PRUNE,
    )


def predict(model: LinearModel, row: Row) -> str:
    """The model's top label for a row."""
    probs = model.probabilities(row["features"])
    return max(probs, key=lambda label: probs[label])


def cross_validate(rows: Sequence[Row]) -> dict[str, Any]:
    """Leave-one-writer-out accuracy, overall and per held-out writer, and per-label recall."""
    writers = sorted({r["writer"] for r in rows})
    right = total = 0
    per_writer: dict[str, float] = {}
    hits: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for held in writers:
        train_rows = [r for r in rows if r["writer"] != held]
        test_rows = [r for r in rows if r["writer"] == held]
        model = LinearModel(model_data(train_rows, *train(train_rows)))
        ok = 0
        for r in test_rows:
            good = predict(model, r) == r["label"]
            ok += good
            hits[r["label"]] += good
            seen[r["label"]] += 1
        per_writer[held] = round(ok / max(1, len(test_rows)), 3)
        right += ok
        total += len(test_rows)
    return {
        "accuracy": round(right / max(1, total), 3),
        "statements": total,
        "per_writer": per_writer,
        "recall": {label: round(hits[label] / seen[label], 2) for label in LABELS if seen[label]},
    }


def main(argv: Sequence[str]) -> int:
    """Cross-validate, then (unless --cv) train on everything and write the model."""
    rows = load_rows()
    if len({r["writer"] for r in rows}) > 1:
        print(json.dumps({"leave_one_writer_out": cross_validate(rows)}, indent=2))
    if "--cv" in argv:
        return 0
    data = model_data(rows, *train(rows))
    OUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} statements, {len(data['weights'])} features")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Train the industry classifier and write `engine/data/industry_model.json`.

Softmax regression over `engine.industry_model.features`, fitted by a fixed number of SGD
epochs with L2 decay, once per seed with the weights averaged, in pure Python and
deterministically (same data, same file).

Training data: `bench/data/industry_real/train.jsonl` (real public descriptions, see
SOURCE.md) plus our written sets `industry.jsonl`, `holdout_industry.jsonl`,
`blind_industry.jsonl` and `final_industry.jsonl`, and `industry_real/chat_filler_other.jsonl`
(chat non-answers we wrote, labelled "other", so that "hi" or "what do you mean?" is no
evidence of an industry). Never `industry_real/test.jsonl`;
`industry_real/dev.jsonl` is only scored, for choosing the settings below.

    python bench/train_industry.py          # train, write the model, print dev scores
    python bench/train_industry.py --sweep  # dev scores for other settings (nothing written)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.softmax_fit import Vectors, fit, model_file  # noqa: E402
from engine.industry_model import MODEL_FILE, IndustryModel, features  # noqa: E402
from engine.profile import INDUSTRIES  # noqa: E402

DATA = ROOT / "bench" / "data"
REAL = DATA / "industry_real"
OUT = ROOT / "engine" / "data" / MODEL_FILE
SOURCES = (
    "industry_real/train.jsonl",
    "industry_real/chat_filler_other.jsonl",
    "industry.jsonl",
    "holdout_industry.jsonl",
    "blind_industry.jsonl",
    "final_industry.jsonl",
)

EPOCHS = 15
LEARNING_RATE = 0.5
L2 = 1e-4
MIN_COUNT = 2  # a feature must occur in this many training texts
REAL_WEIGHT = 1  # each real training text counts this many times (our written sets once)
SEEDS = tuple(range(11, 16))  # one fit per seed, averaged (consecutive: the file names the first)
DIGITS = 2
PRUNE = 0.02  # weights smaller than this are not shipped

Row = dict[str, Any]


def load(name: str) -> list[Row]:
    """Rows of one jsonl file as {"text", "label"} (the written sets call it "industry")."""
    rows = []
    with (DATA / name).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                rows.append({"text": row["text"], "label": row.get("label", row.get("industry"))})
    return rows


def data_sha256() -> str:
    """Hash of the training files' names and bytes, in a fixed order."""
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update(name.encode() + b"\0" + (DATA / name).read_bytes() + b"\0")
    return digest.hexdigest()


def train(rows: Sequence[Row], epochs: int = EPOCHS, l2: float = L2) -> tuple[list[float], Vectors]:
    """Bias and per-feature weight vectors (one weight per label) fitted on `rows`: the average
    of one fit per seed in SEEDS (SGD's order noise averages out; still one linear model)."""
    labels = list(INDUSTRIES)
    docs = [features(r["text"]) for r in rows]
    golds = [labels.index(r["label"]) for r in rows]
    fits = [
        fit(
            docs,
            golds,
            len(labels),
            epochs=epochs,
            learning_rate=LEARNING_RATE,
            l2=l2,
            min_count=MIN_COUNT,
            seed=seed,
        )
        for seed in SEEDS
    ]
    bias = [sum(b[k] for b, _ in fits) / len(fits) for k in range(len(labels))]
    vectors = {
        f: [sum(v[f][k] for _, v in fits) / len(fits) for k in range(len(labels))]
        for f in fits[0][1]
    }
    return bias, vectors


def model_data(rows: Sequence[Row], bias: list[float], vectors: Vectors) -> dict[str, Any]:
    """The model file's content: sparse, rounded, pruned weights."""
    return model_file(
        INDUSTRIES,
        bias,
        vectors,
        data_sha256=data_sha256(),
        rows=len(rows),
        config={
            "epochs": EPOCHS,
            "learning_rate": LEARNING_RATE,
            "l2": L2,
            "first_seed": SEEDS[0],
            "seeds": len(SEEDS),
            "min_count": MIN_COUNT,
            "real_weight": REAL_WEIGHT,
        },
        digits=DIGITS,
        prune=PRUNE,
    )


def accuracy(model: IndustryModel, rows: Sequence[Row]) -> float:
    """Share of rows whose top label is the gold one."""
    return sum(model.predict(r["text"])[0] == r["label"] for r in rows) / max(1, len(rows))


def training_rows() -> list[Row]:
    """Every row the model is trained on; the real descriptions REAL_WEIGHT times, since real
    one-liners (not our tidy written lines) are what the model must read."""
    return [
        row
        for name in SOURCES
        for row in load(name)
        for _ in range(REAL_WEIGHT if name == "industry_real/train.jsonl" else 1)
    ]


def main() -> int:
    """Train and write the model (or only sweep settings with --sweep)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="score settings on dev only")
    args = parser.parse_args()
    rows = training_rows()
    dev = load("industry_real/dev.jsonl")
    if args.sweep:
        for epochs in (8, 15, 25):
            for l2 in (1e-5, 1e-4, 1e-3):
                model = IndustryModel(model_data(rows, *train(rows, epochs, l2)))
                print(f"epochs={epochs} l2={l2}: dev accuracy {accuracy(model, dev):.3f}")
        return 0
    data = model_data(rows, *train(rows))
    text = json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"
    OUT.write_text(text, encoding="utf-8")
    model = IndustryModel(data)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data['weights'])} features, {len(text)} bytes")
    print(f"dev accuracy (model alone, real, not trained on): {accuracy(model, dev):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

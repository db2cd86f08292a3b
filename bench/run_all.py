"""Run every benchmark in bench/ and print their results (`make bench`)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BENCHES = (
    "accuracy",
    "industry_real",
    "understanding",
    "turn_latency",
    "render",
    "store",
    "model_calls",
    "slack_ack",
    "fuzz",
    "discord_ack",
)


def main() -> int:
    """Run each benchmark module's `main()`; a missing module is reported, not fatal."""
    failed = 0
    for name in BENCHES:
        print(f"\n=== bench/{name}.py ===", flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            print(f"skipped: {exc}")
            continue
        try:
            module.main()
        except Exception as exc:  # a failing benchmark must not hide the others
            failed += 1
            print(f"FAILED: {type(exc).__name__}: {exc}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

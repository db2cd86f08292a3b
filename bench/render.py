"""Benchmark: per-screen PNG time and the whole pack of a 6-screen session (median, p99)."""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.deliverables.layout import layout_screen
from engine.deliverables.pack import render_pack
from engine.deliverables.png import render_png
from engine.deliverables.requirements import derive_requirements
from engine.deliverables.screens import spec_from_session
from engine.session import Assumption, Fact, Session
from engine.types import Profile

RUNS = 20
BRIEF = "# Brief\n\n## Users\n\nAgency owners.\n\n- R1 Log expenses\n- R2 Scan receipts\n"
AT = datetime(2025, 1, 1, tzinfo=UTC)


def session() -> Session:
    """A fintech session that yields a desktop spec of several screens."""
    facts = {
        "target_users": "agency owners and their finance assistant",
        "core_problem": "Receipts pile up and nobody knows the real monthly burn",
        "key_actions": "log expenses, scan receipts, approve expenses, reconcile the ledger",
        "platforms": "web app first, desktop browser",
    }
    return Session(
        key="bench:w:c:t",
        idea="Expense tracking and a shared ledger for small agencies",
        profile=Profile(industry="fintech", industry_confidence=0.9),
        facts=tuple(
            Fact(topic=t, value=v, user_id="U", user_name="D", turn=i)
            for i, (t, v) in enumerate(facts.items())
        ),
        assumptions=(
            Assumption(
                id="A1",
                topic="integrations",
                value="Stripe, Xero",
                confidence=0.6,
                reasoning="common",
                impact="settings",
            ),
        ),
        created_at=AT,
        updated_at=AT,
    )


def _stats(samples: list[float]) -> dict[str, float]:
    """Median and p99 in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {"median_ms": statistics.median(ordered) * 1000, "p99_ms": p99 * 1000}


def main() -> dict[str, dict[str, float]]:
    """Run the benchmark, print a summary and return the numbers."""
    s = session()
    spec = spec_from_session(s, derive_requirements(s))
    screens = spec.screens[:6]
    spec = spec.model_copy(update={"screens": screens})
    per_screen: list[float] = []
    pack: list[float] = []
    render_pack(s, BRIEF, spec, 1)  # warm caches (fonts, glyph metrics)
    for _ in range(RUNS):
        for screen in screens:
            start = time.perf_counter()
            render_png(layout_screen(screen))
            per_screen.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_pack(s, BRIEF, spec, 1)
        pack.append(time.perf_counter() - start)
    result = {"screen_png": _stats(per_screen), "pack_6_screens": _stats(pack)}
    for name, numbers in result.items():
        print(f"{name:16} median {numbers['median_ms']:7.1f} ms   p99 {numbers['p99_ms']:7.1f} ms")
    return result


if __name__ == "__main__":
    main()

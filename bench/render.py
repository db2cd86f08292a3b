"""Benchmark: per-screen PNG time and the whole pack of a 6-screen session (median, p99)."""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.deliverables_fit import load_cases
from engine.deliverables.layout import layout_screen
from engine.deliverables.pack import render_pack
from engine.deliverables.png import render_png
from engine.deliverables.requirements import derive_requirements
from engine.deliverables.screens import spec_from_session
from engine.session import Assumption, Fact, Session
from engine.types import Profile, Screen

RUNS = 20
BRIEF = "# Brief\n\n## Users\n\nAgency owners.\n\n- R1 Log expenses\n- R2 Scan receipts\n"
AT = datetime(2025, 1, 1, tzinfo=UTC)


def session() -> Session:
    """A session where people described six desktop screens (the largest usual pack)."""
    facts = {
        "target_users": "agency owners and their finance assistant",
        "core_problem": "Receipts pile up and nobody knows the real monthly burn",
        "key_actions": "log expenses, scan receipts, approve expenses, reconcile the ledger",
        "screens": "an expense inbox, a receipt scanner, an approvals queue, the ledger, "
        "a monthly report, settings",
        "data": "expenses have date, merchant, category, amount and status",
        "platforms": "web app first, desktop browser",
    }
    return Session(
        key="bench:w:c:t",
        idea="Expense tracking and a shared ledger for small agencies",
        profile=Profile(industry="fintech", industry_confidence=0.9),
        objects=("expense", "receipt"),
        facts=tuple(
            Fact(topic=t, value=v, user_id="U", user_name="D", turn=i)  # type: ignore[arg-type]
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


def every_kind() -> list[Screen]:
    """Every screen of the hand-built sessions: GUI frames, terminal, API, chat and states."""
    out: list[Screen] = []
    for _, s in load_cases():
        out += spec_from_session(s, derive_requirements(s)).screens
    return out


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
    cpu_screen: list[float] = []
    cpu_pack: list[float] = []
    for _ in range(RUNS):
        for screen in screens:
            start, cpu = time.perf_counter(), time.process_time()
            render_png(layout_screen(screen))
            per_screen.append(time.perf_counter() - start)
            cpu_screen.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        render_pack(s, BRIEF, spec, 1)
        pack.append(time.perf_counter() - start)
        cpu_pack.append(time.process_time() - cpu)
    kinds = every_kind()
    any_screen: list[float] = []
    for _ in range(3):
        for screen in kinds:
            start = time.perf_counter()
            render_png(layout_screen(screen))
            any_screen.append(time.perf_counter() - start)
    result = {
        "screen_png": _stats(per_screen),
        "any_kind_png": _stats(any_screen),
        "pack_6_screens": _stats(pack),
        "screen_png_cpu": _stats(cpu_screen),
        "pack_6_screens_cpu": _stats(cpu_pack),
    }
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(wall time includes waiting for a core; *_cpu is this process's CPU time)"
    )
    print(f"{len(screens)} described screens; {len(kinds)} screens of every kind")
    for name, numbers in result.items():
        print(f"{name:18} median {numbers['median_ms']:7.1f} ms   p99 {numbers['p99_ms']:7.1f} ms")
    return result


if __name__ == "__main__":
    main()

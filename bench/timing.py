"""Shared timing statistics for the benchmarks."""

from __future__ import annotations

import os
import platform
import statistics
from pathlib import Path


def percentile(samples: list[float], q: float) -> float:
    """The q-quantile (0–1) of samples, nearest-rank."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summary(samples_s: list[float]) -> dict[str, float]:
    """Median, p99 and mean in milliseconds."""
    ms = [s * 1000 for s in samples_s]
    return {
        "median_ms": round(statistics.median(ms), 4),
        "p99_ms": round(percentile(ms, 0.99), 4),
        "mean_ms": round(statistics.fmean(ms), 4),
        "n": len(ms),
    }


def machine() -> str:
    """nproc and CPU model, as BENCHMARKS.md records them."""
    model = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"nproc={os.cpu_count()}, CPU={model}, Python {platform.python_version()}"

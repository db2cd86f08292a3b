"""The Observer port: the engine reports what it measured; adapters turn it into metrics."""

from __future__ import annotations

from typing import Protocol


class Observer(Protocol):
    """Receives named measurements (counts and durations) with string labels."""

    def observe(self, name: str, value: float = 1.0, **labels: str) -> None:
        """Record one measurement, e.g. `observe("render_seconds", 0.21)`."""
        ...

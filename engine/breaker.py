"""Circuit breaker: after repeated failures, skip a dependency for a cool-down."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

State = Literal["closed", "open", "half_open"]
OPENS_AT_ONCE = frozenset({"timeout", "unreachable"})  # a hang costs one timeout, not one a turn


class Breaker:
    """Closed: calls go through. Open: calls are skipped until the cool-down ends. Half-open:
    one trial call decides. A timeout opens it at once; other failures after `threshold`."""

    def __init__(
        self,
        cooldown: float = 60.0,
        threshold: int = 3,
        clock: Callable[[], float] = time.monotonic,
        immediate: frozenset[str] = OPENS_AT_ONCE,
    ) -> None:
        """A closed breaker; failures of a kind in `immediate` open it at once."""
        self._cooldown = cooldown
        self._threshold = threshold
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial = False
        self._immediate = immediate

    @property
    def state(self) -> State:
        """closed, open or half_open (cool-down over, one trial allowed)."""
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self._cooldown:
            return "half_open"
        return "open"

    def allow(self) -> bool:
        """True when a call may be made now (in half-open state, only one trial at a time)."""
        state = self.state
        if state == "closed":
            return True
        if state == "half_open" and not self._trial:
            self._trial = True
            return True
        return False

    def success(self) -> None:
        """A call succeeded: close."""
        self._failures = 0
        self._opened_at = None
        self._trial = False

    def failure(self, kind: str = "error") -> None:
        """A call failed with `kind`; open when it is a hang or the failures add up."""
        self._failures += 1
        self._trial = False
        if kind in self._immediate or self._failures >= self._threshold or self._opened_at:
            self._opened_at = self._clock()

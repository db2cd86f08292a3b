"""The engine's spending side effects: the daily model budget per workspace and moderation."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from engine.store.base import Counters
from engine.usage import COST_COUNTER, crossing_notice, utc_today

log = logging.getLogger(__name__)

BUDGET_USED_UP = "today's model budget for this workspace is used up"


class Moderator(Protocol):
    """Checks a message before any model sees it."""

    async def flagged(self, text: str) -> bool:
        """True when the text must be refused; errors fail open (False)."""
        ...


@dataclass(frozen=True, slots=True)
class BudgetState:
    """A workspace's spend today against its daily budget (limit 0 means no cap)."""

    spent_usd: float
    limit_usd: float

    @property
    def exhausted(self) -> bool:
        """True once today's spend reached the budget."""
        return self.limit_usd > 0 and self.spent_usd >= self.limit_usd


class Budget:
    """A daily model budget per workspace, kept in the store's `cost_usd` counter."""

    def __init__(
        self,
        counters: Counters,
        daily_usd: float,
        today: Callable[[], str] = utc_today,
    ) -> None:
        """`daily_usd` <= 0 disables the cap (spend is still counted)."""
        self._counters = counters
        self._limit = max(0.0, float(daily_usd))
        self._today = today

    async def state(self, workspace: str) -> BudgetState:
        """Today's spend of a workspace; a store failure reads as nothing spent (fail open)."""
        try:
            row = await self._counters.read(workspace, self._today())
        except Exception as exc:  # the budget must never break a turn
            log.warning("budget read failed: %s", type(exc).__name__)
            row = {}
        return BudgetState(float(row.get(COST_COUNTER, 0.0)), self._limit)

    async def charge(self, workspace: str, usd: float, before: BudgetState) -> str | None:
        """Add a turn's cost; returns a notice when this crossed 80 % or 100 % of the budget."""
        if usd <= 0:
            return None
        try:
            await self._counters.add(workspace, {COST_COUNTER: usd})
        except Exception as exc:
            log.warning("budget write failed: %s", type(exc).__name__)
        return crossing_notice(before.spent_usd, before.spent_usd + usd, self._limit)

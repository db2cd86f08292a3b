"""The Brain port and the turn plan it returns."""

from __future__ import annotations

from typing import Protocol

from engine.messages import Inbound
from engine.session import Session
from engine.types import TurnPlan


class Brain(Protocol):
    """Understands one user message in the context of its session."""

    async def turn(self, session: Session, inbound: Inbound) -> TurnPlan:
        """Plan the turn; must not raise for bad input or model trouble."""
        ...

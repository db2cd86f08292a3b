"""What an adapter needs from the engine: the port both platform adapters are written against."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from engine.messages import Inbound, Reply, Send, Unfinished


class Handler(Protocol):
    """What the adapter needs from the engine."""

    async def arrive(self, inbound: Inbound, where: str = "") -> str:
        """Take the message's place in its thread's line, on arrival; with `where`, record
        it in flight from now (answered there if this replica dies before its turn)."""
        ...

    async def handle(
        self, inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        """Answer one inbound message or button press, in its place in line; with `send`,
        post the answer through it (once, before the thread's next turn starts)."""
        ...

    def starts_interview(self, text: str) -> bool:
        """Whether `text` is an idea (not a command word)."""
        ...


@runtime_checkable
class Recoverable(Protocol):
    """A handler that can hand out the turns dead replicas left unfinished."""

    async def unfinished(self, platform: str) -> list[Unfinished]:
        """The turns of `platform` that dead replicas left unfinished (each returned once)."""
        ...

    async def answer_lost(
        self, turn: Unfinished, show: Callable[[Unfinished], Awaitable[None]]
    ) -> None:
        """Show one of them with `show` (a saved answer in its thread's line)."""
        ...

"""What an adapter needs from the engine: the port both platform adapters are written against."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from engine.messages import Inbound, Reply, Unfinished


class Handler(Protocol):
    """What the adapter needs from the engine."""

    async def arrive(self, inbound: Inbound) -> str:
        """Take the message's place in its thread's line, on arrival."""
        ...

    async def handle(self, inbound: Inbound, ticket: str = "", placeholder: str = "") -> Reply:
        """Answer one inbound message or button press, in its place in line."""
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

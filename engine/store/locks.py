"""Per-key FIFO locks for one process, dropped when no one holds or waits for them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class _Entry:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class KeyedLocks:
    """One asyncio.Lock per key (FIFO), so memory does not grow with idle keys."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Hold the key's lock; later callers wait in arrival order."""
        entry = self._entries.setdefault(key, _Entry())
        entry.users += 1
        try:
            async with entry.lock:
                yield
        finally:
            entry.users -= 1
            if entry.users == 0 and self._entries.get(key) is entry:
                del self._entries[key]


@dataclass
class _Line:
    next: int = 1
    serving: int = 1
    abandoned: set[int] = field(default_factory=set)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)


class TicketLines:
    """Numbered places in line per key: a place is taken on arrival and served in number
    order, so work that awaits something before it starts keeps its arrival order."""

    def __init__(self) -> None:
        self._lines: dict[str, _Line] = {}

    def take(self, key: str) -> int:
        """The next place in line for `key` (synchronous: taken the moment it is asked)."""
        line = self._lines.setdefault(key, _Line())
        number = line.next
        line.next += 1
        return number

    @asynccontextmanager
    async def serve(self, key: str, number: int | None = None) -> AsyncIterator[None]:
        """Wait until place `number` (a new one when None) is served; hold it while inside."""
        if number is None:
            number = self.take(key)
        line = self._lines.setdefault(key, _Line(next=number + 1, serving=number))
        try:
            async with line.changed:
                await line.changed.wait_for(lambda: line.serving >= number)
        except BaseException:
            await self.leave(key, number)
            raise
        try:
            yield
        finally:
            await self._advance(key, line)

    async def leave(self, key: str, number: int) -> None:
        """Give up place `number`; the line moves on without it."""
        line = self._lines.get(key)
        if line is None:
            return
        if line.serving == number:
            await self._advance(key, line)
        elif number > line.serving:
            line.abandoned.add(number)

    async def _advance(self, key: str, line: _Line) -> None:
        async with line.changed:
            line.serving += 1
            while line.serving in line.abandoned:
                line.abandoned.discard(line.serving)
                line.serving += 1
            line.changed.notify_all()
        if line.serving >= line.next and self._lines.get(key) is line:
            del self._lines[key]

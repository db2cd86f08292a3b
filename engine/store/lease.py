"""A held turn's lease keeper: extends the lease, names a turn that holds its thread too long."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from engine.store.base import StoreError

LOG = logging.getLogger(__name__)
LONG_TURN_SECONDS = 60.0  # a turn holding its thread this long is logged with where it waits


async def keep_lease(
    extend: Callable[[], Awaitable[bool]], interval: float, holder: asyncio.Task[Any] | None
) -> None:
    """Call `extend` every `interval` seconds while the turn is held; say once where a turn
    that holds its thread for longer than LONG_TURN_SECONDS is waiting (a hung turn blocks
    its thread for as long as it lives). Stops when cancelled, whatever error the cancelled
    call raised (a cancelled Redis call can surface as a connection error)."""
    started, told = time.monotonic(), False
    while True:
        await asyncio.sleep(interval)
        held = time.monotonic() - started
        if not told and holder is not None and held > LONG_TURN_SECONDS:
            told = True
            LOG.warning(
                "a turn has held its thread for %.0f s; waiting at:\n%s", held, where(holder)
            )
        try:
            kept = await extend()
        except StoreError as exc:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                return  # the turn is over; the error is the cancelled call
            LOG.warning("could not extend the turn lease: %s", exc)
            continue
        if not kept:
            LOG.warning("turn lease of a thread expired while held")
            return


def where(task: asyncio.Task[Any]) -> str:
    """Where a task is suspended: each awaiting coroutine's file, line and name, outermost
    first (Task.print_stack shows only the outermost frame of a suspended coroutine)."""
    lines: list[str] = []
    awaited: Any = task.get_coro()
    while awaited is not None and len(lines) < 40:
        frame = getattr(awaited, "cr_frame", None) or getattr(awaited, "gi_frame", None)
        if frame is None:
            lines.append(repr(awaited)[:300])
            break
        lines.append(f"  {frame.f_code.co_filename}:{frame.f_lineno} {frame.f_code.co_name}")
        awaited = getattr(awaited, "cr_await", None) or getattr(awaited, "gi_yieldfrom", None)
    return "\n".join(lines)

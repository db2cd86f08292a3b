"""The recovery loop both adapters run: answer dead replicas' turns every few seconds."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

log = logging.getLogger(__name__)

RECOVERY_SECONDS = 5.0


@contextlib.asynccontextmanager
async def recovering(
    once: Callable[[], Awaitable[int]], alive: Callable[[], bool] = lambda: True
) -> AsyncIterator[None]:
    """While inside (and `alive()`), call `once` every RECOVERY_SECONDS: it heartbeats this
    replica and answers dead replicas' turns; a failure is logged, never raised."""

    async def logged() -> None:
        try:
            await once()
        except Exception:
            log.exception("recovering unfinished turns failed")

    async def loop() -> None:
        # each round runs on its own: a saved answer waiting for its thread's line must not
        # delay the next round's heartbeat (other replicas would take this one's turns)
        rounds: set[asyncio.Task[None]] = set()
        try:
            while alive():
                round_ = asyncio.get_running_loop().create_task(logged())
                rounds.add(round_)
                round_.add_done_callback(rounds.discard)
                await asyncio.sleep(RECOVERY_SECONDS)
        finally:
            for round_ in rounds:
                round_.cancel()
            await asyncio.gather(*rounds, return_exceptions=True)

    task = asyncio.get_running_loop().create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

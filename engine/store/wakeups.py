"""Wake-ups for turns waiting on a thread: local events, fed by every replica's releases."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

from engine.store.keys import PREFIX

LOG = logging.getLogger(__name__)
CHANNEL = f"{PREFIX}:released"
"""Pub/sub channel: a released or abandoned turn publishes its thread's slug here."""
RECONNECT_MAX_SECONDS = 5.0


class Wakeups:
    """One event per thread that waiting turns sleep on; `listen` sets them from Redis."""

    def __init__(self) -> None:
        """No waiters, not listening."""
        self._events: dict[str, asyncio.Event] = {}
        self.subscribed = asyncio.Event()

    def event(self, slug: str) -> asyncio.Event:
        """The event the next wake of `slug` sets (take it before looking at the lock, so a
        release in between is not missed)."""
        return self._events.setdefault(slug, asyncio.Event())

    def wake(self, slug: str) -> None:
        """Wake every local waiter of `slug`."""
        event = self._events.pop(slug, None)
        if event is not None:
            event.set()

    @property
    def listening(self) -> bool:
        """Whether releases anywhere wake this replica's waiters now."""
        return self.subscribed.is_set()

    def wake_all(self) -> None:
        """Wake every local waiter (releases may have been missed)."""
        for slug in list(self._events):
            self.wake(slug)

    async def listen(self, client: Redis) -> None:
        """Until cancelled: wake local waiters on every release of any replica; after a
        failure, reconnect with back-off (waiters poll faster meanwhile)."""
        delay = 0.1
        while True:
            try:
                await self._subscribed(client)
            except (RedisError, OSError) as exc:
                LOG.info("turn wake-ups paused (%s); polling instead", type(exc).__name__)
            finally:
                self.subscribed.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECONNECT_MAX_SECONDS)

    async def _subscribed(self, client: Redis) -> None:
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(CHANNEL)
            self.subscribed.set()
            self.wake_all()  # anything released while not subscribed
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    data = message["data"]
                    self.wake(data.decode() if isinstance(data, bytes) else str(data))
        finally:
            with contextlib.suppress(RedisError, OSError):
                await pubsub.aclose()  # type: ignore[no-untyped-call]

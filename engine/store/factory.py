"""Builds the configured store (memory or Redis) and checks that it answers."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.store.base import StoreError
from engine.store.memory import MemoryStore
from engine.store.redis import RedisStore, safe_location

if TYPE_CHECKING:
    from engine.settings import Settings


# Both stores implement every storage port (SessionStore, TurnGate, Limiter, Counters) plus
# forget_user, ping and close; the ports stay small Protocols, this names the concrete pair.
Store = MemoryStore | RedisStore


@dataclass(frozen=True, slots=True)
class Health:
    """The result of a store health check (safe to print: no credentials)."""

    ok: bool
    backend: str
    where: str
    latency_ms: float
    detail: str = ""


def make_store(settings: Settings) -> Store:
    """The store SESSION_STORAGE asks for: MemoryStore, or RedisStore on REDIS_URL."""
    if settings.session_storage == "redis":
        return RedisStore.from_settings(settings)
    return MemoryStore.from_settings(settings)


def describe(settings: Settings) -> tuple[str, str]:
    """(backend, location without credentials) of the configured store."""
    if settings.session_storage != "redis":
        return "memory", "in-process"
    backend = "redis-cluster" if settings.redis_cluster else "redis"
    return backend, safe_location(settings.redis_url.get_secret_value())


async def ping(store: Store, backend: str = "", where: str = "") -> Health:
    """Ping a store and time it; failures come back as `ok=False` with a clear detail."""
    started = time.perf_counter()
    try:
        ok = await store.ping()
        detail = "" if ok else "no answer"
    except StoreError as exc:
        ok, detail = False, str(exc)
    latency = (time.perf_counter() - started) * 1000
    return Health(ok, backend or type(store).__name__, where, round(latency, 2), detail)


async def check(settings: Settings) -> Health:
    """Build the configured store, ping it and close it (for `meta-agent doctor`)."""
    backend, where = describe(settings)
    store = make_store(settings)
    try:
        return await ping(store, backend, where)
    finally:
        await store.close()

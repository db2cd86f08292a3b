"""A store outage around a turn: what the user is told always matches what was saved, and a
message that could not take its place in line never overtakes or is overtaken."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import replies
from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Inbound, ThreadKey
from engine.store.base import StoreError
from engine.store.memory import MemoryStore
from engine.store.redis import RedisStore
from tests.harness import settings
from tests.redis_server import RedisServer, redis_binary

THREAD = ThreadKey("slack", "T1", "C1", "100.1")
IDEA = "A booking app for dog groomers"


class Outage:
    """Raises StoreError from the wrapped method while `down` is set."""

    def __init__(self) -> None:
        self.down = True

    def check(self) -> None:
        if self.down:
            raise StoreError("Redis arrivals failed: ConnectionError")


class FlakyArrivals:
    """Arrivals over a MemoryStore whose tickets fail during the outage."""

    def __init__(self, store: MemoryStore, outage: Outage) -> None:
        self.store, self.outage = store, outage

    async def ticket(self, key: ThreadKey) -> str:
        self.outage.check()
        return await self.store.ticket(key)

    async def leave(self, key: ThreadKey, ticket: str) -> None:
        await self.store.leave(key, ticket)


class FlakyCounters:
    """Counters that always fail (the store dropped after the session was saved)."""

    async def add(self, workspace: str, counts: dict[str, float]) -> None:
        raise StoreError("Redis count failed: TimeoutError")


def _msg(n: int, text: str) -> Inbound:
    return Inbound(THREAD, f"Ev{n}", "U1", "Ann", text)


async def test_a_message_that_got_no_place_in_line_is_asked_to_resend_and_not_stored() -> None:
    store, outage = MemoryStore(), Outage()
    ports = Ports(
        sessions=store,
        gate=store,
        brain=RulesBrain(),
        threads=store,
        arrivals=FlakyArrivals(store, outage),
    )
    engine = Engine(settings(), ports)
    first = _msg(1, IDEA)
    ticket = await engine.arrive(first)  # Redis is down while Slack waits for the ack
    outage.down = False  # back before the turn runs: the next message already has its place
    second = _msg(2, "groomers and pet owners")
    second_ticket = await engine.arrive(second)
    # before the fix the first message waited in line behind the second one
    refused = await asyncio.wait_for(engine.handle(first, ticket), 10)
    assert (refused.kind, refused.text) == ("error", replies.UNAVAILABLE)
    assert await store.load(THREAD) is None
    answered = await engine.handle(second, second_ticket)
    assert answered.kind == "question"
    stored = await store.load(THREAD)
    assert stored is not None
    assert [t.text for t in stored.transcript if t.role == "user"] == ["groomers and pet owners"]


async def test_a_saved_turn_whose_counters_fail_is_answered_not_asked_to_resend() -> None:
    store = MemoryStore()
    ports = Ports(
        sessions=store, gate=store, brain=RulesBrain(), threads=store, counters=FlakyCounters()
    )
    reply = await Engine(settings(), ports).handle(_msg(1, IDEA))
    assert reply.kind == "question"
    assert replies.UNAVAILABLE not in reply.text
    assert await store.load(THREAD) is not None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path / "redis", appendonly=True).start()
    yield running
    running.stop()


@pytest.mark.skipif(redis_binary() is None, reason="needs a redis-server binary")
async def test_a_redis_save_whose_index_fails_saves_nothing(
    server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = settings(session_storage="redis", redis_url=server.url)
    store = RedisStore.from_settings(config)
    try:
        engine = Engine(config, Ports(sessions=store, gate=store, brain=RulesBrain()))

        async def broken(session: object) -> None:
            raise StoreError("Redis index failed: TimeoutError")

        monkeypatch.setattr(store, "_index", broken)
        reply = await engine.handle(_msg(1, IDEA))
        assert reply.text == replies.UNAVAILABLE
        assert await store.load(THREAD) is None  # told to resend, and nothing was kept
    finally:
        await store.close()

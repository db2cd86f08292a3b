"""Turns in flight are recorded before work begins; a dead replica's turns are found once,
by one live replica, and a live replica's turns are never taken."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Inbound, ThreadKey, Unfinished
from engine.store.inflight import MemoryInflight
from engine.store.redis import RedisStore
from tests.harness import settings
from tests.redis_server import RedisServer

THREAD = ThreadKey("slack", "T1", "C1", "300.1")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path / "redis", appendonly=True).start()
    yield running
    running.stop()


@pytest.fixture
async def stores(server: RedisServer) -> AsyncIterator[tuple[RedisStore, RedisStore]]:
    config = settings(session_storage="redis", redis_url=server.url, lock_lease_seconds=1)
    pair = (RedisStore.from_settings(config), RedisStore.from_settings(config))
    yield pair
    for store in pair:
        await store.close()


def _engine(store: RedisStore, **ports: object) -> Engine:
    config = settings(session_storage="redis", lock_lease_seconds=1)
    return Engine(
        config,
        Ports(sessions=store, gate=store, brain=RulesBrain(), inflight=store.inflight, **ports),  # type: ignore[arg-type]
    )


async def test_a_dead_replicas_turn_is_recovered_once(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    lost = Unfinished(THREAD, "Ev1", "C1|111.1")
    await stores[0].inflight.begin(lost, "replica-that-was-killed")  # no heartbeat ever
    found = await a.unfinished("slack")
    assert [(u.thread, u.message_id, u.placeholder) for u in found] == [(THREAD, "Ev1", "C1|111.1")]
    assert await b.unfinished("slack") == []
    assert await a.unfinished("slack") == []


async def test_a_live_replicas_turns_are_left_alone_until_its_heartbeat_stops(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    await a.unfinished("slack")  # heartbeat of a, for one lease (1 s)
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev2", "C1|222.2"), a.replica)
    assert await b.unfinished("slack") == []
    await asyncio.sleep(1.2)  # a stops beating (as after kill -9); its lease runs out
    assert [u.message_id for u in await b.unfinished("slack")] == ["Ev2"]


async def test_a_finished_turn_leaves_no_record(stores: tuple[RedisStore, RedisStore]) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    reply = await a.handle(Inbound(THREAD, "Ev3", "U1", "Ann", "a rota app"), "", "C1|333.3")
    assert reply.kind == "question"
    await asyncio.sleep(1.2)
    assert await b.unfinished("slack") == []


async def test_memory_inflight_follows_the_same_contract() -> None:
    clock = [0.0]
    inflight = MemoryInflight(clock=lambda: clock[0])
    assert await inflight.orphans("me", 1.0) == []
    await inflight.begin(Unfinished(THREAD, "Ev4", "p"), "me")
    await inflight.begin(Unfinished(THREAD, "Ev5", "q"), "ghost")
    assert [u.message_id for u in await inflight.orphans("me", 1.0)] == ["Ev5"]
    clock[0] = 2.0
    assert [u.message_id for u in await inflight.orphans("other", 1.0)] == ["Ev4"]
    await inflight.begin(Unfinished(THREAD, "Ev6", "r"), "other")
    await inflight.end(THREAD, "Ev6")
    assert await inflight.orphans("x", 1.0) == []

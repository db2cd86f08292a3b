"""RedisStore on a real three-node Redis Cluster: one slot per conversation, replicas agree."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio.cluster import RedisCluster

from engine.store.keys import thread_keys, user_threads_key
from engine.store.redis import RedisStore, make_client
from tests.redis_server import (
    RedisClusterServers,
    redis_binary,
    sample_session,
    started_cluster,
    thread,
)

pytestmark = pytest.mark.skipif(redis_binary() is None, reason="no redis-server binary")


cluster = pytest.fixture(scope="module")(started_cluster)


@pytest.fixture
async def raw(cluster: RedisClusterServers) -> AsyncIterator[RedisCluster]:
    """A plain cluster client on flushed primaries."""
    client = RedisCluster.from_url(cluster.url)
    await client.flushall(target_nodes=RedisCluster.PRIMARIES)
    yield client
    await client.aclose()


@pytest.fixture
async def stores(
    cluster: RedisClusterServers, raw: RedisCluster
) -> AsyncIterator[tuple[RedisStore, RedisStore]]:
    """Two replicas, each with its own cluster client."""
    pair = (
        RedisStore(make_client(cluster.url, cluster=True)),
        RedisStore(make_client(cluster.url, cluster=True)),
    )
    for store in pair:
        await store.ping()
    yield pair
    for store in pair:
        await store.close()


async def all_keys(raw: RedisCluster) -> list[str]:
    """Every key on every primary."""
    found: list[str] = []
    for node in raw.get_primaries():
        found += [k.decode() async for k in raw.scan_iter(match="*", target_nodes=node)]
    return sorted(found)


def test_a_conversation_lives_in_one_slot(raw: RedisCluster) -> None:
    slots = {raw.keyslot(name) for name in thread_keys(thread().slug())}
    assert len(slots) == 1


async def test_conversations_spread_over_the_nodes(
    stores: tuple[RedisStore, RedisStore], raw: RedisCluster
) -> None:
    store, _ = stores
    for n in range(30):
        await store.save(sample_session(thread(n)))
    sizes = [await raw.dbsize(target_nodes=node) for node in raw.get_primaries()]
    assert len(sizes) == 3
    assert sum(1 for size in sizes if size > 0) >= 2


async def test_turns_across_two_cluster_replicas_keep_arrival_order(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    order: list[int] = []
    inside = 0

    async def one(i: int) -> None:
        nonlocal inside
        await asyncio.sleep(i * 0.005)
        async with stores[i % 2].turn(thread()):
            inside += 1
            assert inside == 1
            order.append(i)
            await asyncio.sleep(0.01)
            inside -= 1

    await asyncio.gather(*(one(i) for i in range(10)))
    assert order == list(range(10))


async def test_dedupe_across_cluster_replicas(stores: tuple[RedisStore, RedisStore]) -> None:
    a, b = stores
    results = await asyncio.gather(
        a.first_delivery(thread(), "Ev1"),
        b.first_delivery(thread(), "Ev1"),
        b.first_delivery(thread(), "Ev1"),
    )
    assert sorted(results) == [False, False, True]


async def test_rate_limit_and_counters_on_cluster(stores: tuple[RedisStore, RedisStore]) -> None:
    a, b = stores
    assert await a.allow("T9", "U1") == 0.0
    await a.add("T9", {"turns": 2})
    await b.add("T9", {"turns": 3})
    assert (await b.read("T9", a._today()))["turns"] == 5.0


async def test_forget_user_across_slots_leaves_nothing(
    stores: tuple[RedisStore, RedisStore], raw: RedisCluster
) -> None:
    a, b = stores
    for n in range(6):
        await a.save(sample_session(thread(n), users=("UA",)))
        await b.first_delivery(thread(n), f"Ev{n}")
    await b.save(sample_session(thread("other"), users=("UB",)))
    assert await b.forget_user("T1", "UA") == 6
    left = await all_keys(raw)
    assert left == [
        "ma:{slack:T1:C1:other}:session",
        user_threads_key("T1", "UB"),
    ]

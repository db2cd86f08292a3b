"""RedisStore specifics: keys, TTLs, ordering across replicas, leases, dedupe, forget, factory."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import SecretStr
from redis.asyncio import Redis

from engine.messages import InterviewSummary
from engine.redact import redact
from engine.session import new_session
from engine.settings import Settings
from engine.store import lease
from engine.store import redis as redis_store
from engine.store.base import StaleSession, StoreError
from engine.store.factory import check, describe, make_store
from engine.store.keys import (
    latest_key,
    listed_key,
    lock_key,
    owned_key,
    recent_data_key,
    recent_key,
    session_key,
    stats_key,
    user_threads_key,
)
from engine.store.memory import MemoryStore
from engine.store.redis import RedisStore, make_client, safe_location
from tests.redis_server import RedisServer, redis_binary, redis_server, sample_session, thread

pytestmark = pytest.mark.skipif(redis_binary() is None, reason="no redis-server binary")


@pytest.fixture(scope="module")
def server() -> Iterator[RedisServer]:
    """A standalone redis-server for this module."""
    with redis_server() as running:
        yield running


@pytest.fixture
async def raw(server: RedisServer) -> AsyncIterator[Redis]:
    """A plain client on a flushed server, to look at keys directly."""
    client = Redis.from_url(server.url)
    await client.flushall()
    yield client
    await client.aclose()


@pytest.fixture
async def stores(server: RedisServer, raw: Redis) -> AsyncIterator[tuple[RedisStore, RedisStore]]:
    """Two replicas: two RedisStores with separate clients on one server."""
    pair = (RedisStore(make_client(server.url)), RedisStore(make_client(server.url)))
    for store in pair:
        await store.ping()
    yield pair
    for store in pair:
        await store.close()


async def keys_of(raw: Redis, pattern: str) -> list[bytes]:
    """Every key matching `pattern`, found with SCAN."""
    return [key async for key in raw.scan_iter(match=pattern, count=1000)]


async def test_keys_carry_the_thread_hash_tag(
    stores: tuple[RedisStore, RedisStore], raw: Redis
) -> None:
    store, _ = stores
    await store.save(sample_session(thread()))
    await store.first_delivery(thread(), "Ev1")
    names = sorted(k.decode() for k in await keys_of(raw, "ma:{slack:T1:C1:1}*"))
    assert names == ["ma:{slack:T1:C1:1}:seen", "ma:{slack:T1:C1:1}:session"]


async def test_session_is_plain_json_with_refreshed_ttl(server: RedisServer, raw: Redis) -> None:
    store = RedisStore(make_client(server.url), session_ttl_seconds=120)
    try:
        saved = await store.save(sample_session(thread()))
        await raw.expire(session_key(saved.key), 5)
        await store.save(saved)
        assert 110 < await raw.ttl(session_key(saved.key)) <= 120
        body = await raw.get(session_key(saved.key))
        assert body.startswith(b'{"schema_version":2,"key":"slack:T1:C1:1","revision":2,')
    finally:
        await store.close()


async def test_revision_check_survives_odd_thread_ids(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    store, _ = stores
    key = thread('x"y\\z:{}')
    first = await store.save(new_session(key))
    second = await store.save(first)
    assert second.revision == 2
    with pytest.raises(StaleSession):
        await store.save(first)


async def test_two_replicas_one_writer_wins(stores: tuple[RedisStore, RedisStore]) -> None:
    a, b = stores
    base = await a.save(new_session(thread()))
    results = await asyncio.gather(
        a.save(base.model_copy(update={"idea": "a"})),
        b.save(base.model_copy(update={"idea": "b"})),
        return_exceptions=True,
    )
    assert sum(isinstance(r, StaleSession) for r in results) == 1
    loaded = await a.load(thread())
    assert loaded is not None
    assert loaded.revision == 2


async def test_turns_across_two_replicas_run_in_arrival_order(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    order: list[int] = []
    inside = 0
    overlaps = 0

    async def one(i: int) -> None:
        nonlocal inside, overlaps
        await asyncio.sleep(i * 0.005)
        async with stores[i % 2].turn(thread()):
            inside += 1
            overlaps += inside > 1
            order.append(i)
            await asyncio.sleep(0.01)
            inside -= 1

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(10)))
    assert overlaps == 0
    assert order == list(range(10))
    assert time.perf_counter() - started < 5


async def test_same_delivery_three_times_across_replicas_answered_once(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = stores
    results = await asyncio.gather(
        a.first_delivery(thread(), "Ev42"),
        b.first_delivery(thread(), "Ev42"),
        a.first_delivery(thread(), "Ev42"),
    )
    assert sorted(results) == [False, False, True]
    assert await b.first_delivery(thread(), "Ev42") is False


async def test_dedupe_window_expires(server: RedisServer, raw: Redis) -> None:
    store = RedisStore(make_client(server.url), dedupe_ttl_seconds=0.2)
    try:
        assert await store.first_delivery(thread(), "Ev1") is True
        assert await store.first_delivery(thread(), "Ev1") is False
        await asyncio.sleep(0.3)
        assert await store.first_delivery(thread(), "Ev1") is True
    finally:
        await store.close()


async def test_lease_is_extended_while_a_long_turn_runs(server: RedisServer, raw: Redis) -> None:
    a = RedisStore(make_client(server.url), lock_lease_seconds=0.3)
    b = RedisStore(make_client(server.url), lock_lease_seconds=0.3)
    events: list[str] = []
    try:

        async def long_turn() -> None:
            async with a.turn(thread()):
                events.append("a in")
                await asyncio.sleep(1.0)  # > 3 leases
                events.append("a out")

        async def later() -> None:
            await asyncio.sleep(0.1)
            async with b.turn(thread()):
                events.append("b in")

        await asyncio.gather(long_turn(), later())
        assert events == ["a in", "a out", "b in"]
    finally:
        await a.close()
        await b.close()


async def test_dead_holder_is_taken_over_after_its_lease(
    stores: tuple[RedisStore, RedisStore], raw: Redis
) -> None:
    store, _ = stores
    await raw.set(lock_key(thread().slug()), "crashed-replica", px=300)
    started = time.perf_counter()
    async with asyncio.timeout(3), store.turn(thread()):
        waited = time.perf_counter() - started
    assert 0.2 < waited < 2.0


async def test_dead_waiter_is_skipped(stores: tuple[RedisStore, RedisStore], raw: Redis) -> None:
    store, _ = stores
    slug = thread().slug()
    await raw.set(f"ma:{{{slug}}}:ticket", 1)
    await raw.zadd(f"ma:{{{slug}}}:queue", {"1": 1})
    await raw.hset(f"ma:{{{slug}}}:beats", "1", 0)  # heartbeat long gone
    async with asyncio.timeout(2), store.turn(thread()):
        pass


async def test_turn_leaves_no_keys_behind(
    stores: tuple[RedisStore, RedisStore], raw: Redis
) -> None:
    store, other = stores
    async with store.turn(thread()):
        pass
    async with other.turn(thread()):
        pass
    assert await keys_of(raw, "ma:*") == []


async def test_delete_leaves_nothing_of_the_thread(
    stores: tuple[RedisStore, RedisStore], raw: Redis
) -> None:
    store, _ = stores
    key = thread()
    async with store.turn(key):
        await store.save(sample_session(key, users=("UA", "UB")))
        await store.first_delivery(key, "Ev1")
    await store.save(sample_session(thread(2), users=("UA",)))
    assert await store.delete(key) == 2
    assert await keys_of(raw, f"ma:{{{key.slug()}}}*") == []
    assert await raw.zrange(user_threads_key("T1", "UA"), 0, -1) == [b"slack:T1:C1:2"]
    assert await raw.exists(user_threads_key("T1", "UB")) == 0


async def test_forget_user_leaves_nothing_of_their_threads(
    stores: tuple[RedisStore, RedisStore], raw: Redis
) -> None:
    a, b = stores
    await a.save(sample_session(thread(1), users=("UA",)))
    await b.save(sample_session(thread(2), users=("UB", "UA")))
    await a.first_delivery(thread(1), "Ev1")
    await b.save(sample_session(thread(3), users=("UB",)))
    assert await b.forget_user("T1", "UA") == 2
    for n in (1, 2):
        assert await keys_of(raw, f"ma:{{{thread(n).slug()}}}*") == []
    assert await raw.exists(user_threads_key("T1", "UA")) == 0
    assert await raw.zrange(user_threads_key("T1", "UB"), 0, -1) == [b"slack:T1:C1:3"]


async def test_user_index_outlives_the_session(server: RedisServer, raw: Redis) -> None:
    store = RedisStore(make_client(server.url), session_ttl_seconds=100)
    try:
        await store.save(sample_session(thread(), users=("UA",)))
        assert await raw.ttl(user_threads_key("T1", "UA")) > 100
    finally:
        await store.close()


async def test_counters_expire_after_retention(server: RedisServer, raw: Redis) -> None:
    store = RedisStore(make_client(server.url), retention_days=2, today=lambda: "2025-01-02")
    try:
        await store.add("T1", {"turns": 1.5})
        await store.add("T1", {})
        assert await raw.hgetall(stats_key("T1", "2025-01-02")) == {b"turns": b"1.5"}
        assert 2 * 86_400 - 10 < await raw.ttl(stats_key("T1", "2025-01-02")) <= 2 * 86_400
    finally:
        await store.close()


async def test_rate_limit_shared_across_replicas(server: RedisServer, raw: Redis) -> None:
    a = RedisStore(make_client(server.url), user_per_minute=2)
    b = RedisStore(make_client(server.url), user_per_minute=2)
    try:
        assert await a.allow("T1", "U1") == 0.0
        assert await b.allow("T1", "U1") == 0.0
        assert 0 < await a.allow("T1", "U1") <= 30
    finally:
        await a.close()
        await b.close()


def test_safe_location_and_redact_hide_passwords() -> None:
    url = "redis://admin:hunter2-secret@cache.internal:6380/2"
    assert safe_location(url) == "redis://cache.internal:6380/2"
    assert "hunter2" not in redact(f"failed on {url}")
    assert redact("token hunter2 leaked", ["hunter2"]) == "token [secret] leaked"


async def test_factory_builds_the_configured_store(server: RedisServer) -> None:
    memory = make_store(Settings(SESSION_STORAGE="memory"))
    assert isinstance(memory, MemoryStore)
    await memory.close()
    settings = Settings(SESSION_STORAGE="redis", REDIS_URL=SecretStr(server.url))
    store = make_store(settings)
    assert isinstance(store, RedisStore)
    try:
        saved = await store.save(sample_session(thread("factory")))
        assert saved.revision == 1
    finally:
        await store.close()
    health = await check(settings)
    assert health.ok
    assert health.backend == "redis"
    assert describe(settings)[1] == f"redis://127.0.0.1:{server.port}/0"


async def test_thread_records_carry_the_session_ttl(server: RedisServer, raw: Redis) -> None:
    store = RedisStore(make_client(server.url), session_ttl_seconds=120)
    try:
        await store.claim(thread(), "UA")
        assert 110 < await raw.ttl(owned_key(thread().slug())) <= 120
        assert 110 < await raw.ttl(latest_key("T1", "UA")) <= 120
        await raw.hset(latest_key("T1", "UA"), "slack:C1", "1.0 9.0")  # expired entry
        assert await store.latest(thread(), "UA") is None
    finally:
        await store.close()


async def test_recent_lists_carry_the_session_ttl(server: RedisServer, raw: Redis) -> None:
    store = RedisStore(make_client(server.url), session_ttl_seconds=120)
    at = datetime(2026, 11, 27, tzinfo=UTC)
    summary = InterviewSummary(thread(1), "Clinic booking", 3, 2, 14, 1, at)
    try:
        await store.note(summary, ["UA"])
        for name in (recent_key("T1", "UA"), recent_data_key("T1", "UA")):
            assert 110 < await raw.ttl(name) <= 120
        assert 110 < await raw.ttl(listed_key(thread(1).slug())) <= 120
        assert await store.recent("slack", "T1", "UA", 10) == (summary,)
        await raw.zadd(recent_key("T1", "UA"), {thread(1).slug(): time.time() - 121})
        assert await store.recent("slack", "T1", "UA", 10) == ()  # noted longer ago than the TTL
        await raw.hset(recent_data_key("T1", "UA"), thread(2).slug(), b"{not json")
        await raw.zadd(recent_key("T1", "UA"), {thread(2).slug(): time.time()})
        assert await store.recent("slack", "T1", "UA", 10) == ()  # unreadable: left out
    finally:
        await store.close()


@pytest.mark.parametrize("drop_subscription", [False, True])
async def test_a_waiter_is_woken_by_a_release_on_the_other_replica(
    stores: tuple[RedisStore, RedisStore], monkeypatch: pytest.MonkeyPatch, drop_subscription: bool
) -> None:
    # with polling slowed to a minute, only the release's wake-up can let b in within 10 s
    monkeypatch.setattr(redis_store, "POLL_MIN_SECONDS", 60.0)
    monkeypatch.setattr(redis_store, "POLL_MAX_LISTENING", 60.0)
    a, b = stores
    holding, order = asyncio.Event(), []

    async def first() -> None:
        async with a.turn(thread()):
            holding.set()
            await asyncio.sleep(0.3)
            order.append("a")

    async def second() -> None:
        await holding.wait()
        async with b.turn(thread()):
            order.append("b")

    b._listen()  # subscribed before the release, as a waiting replica is
    await asyncio.wait_for(b._wakeups.subscribed.wait(), 10)
    if drop_subscription:
        await a.client.execute_command("CLIENT", "KILL", "TYPE", "pubsub")
        await asyncio.sleep(0.5)
    await asyncio.wait_for(asyncio.gather(first(), second()), 10)
    assert order == ["a", "b"]


async def test_the_wake_up_listener_stops_on_close(server: RedisServer) -> None:
    store = RedisStore(make_client(server.url))
    store._listen()
    await asyncio.wait_for(store._wakeups.subscribed.wait(), 10)
    listener = store._listener
    await store.close()
    assert listener is not None and listener.done() and store._listener is None


async def test_a_turn_holding_its_thread_too_long_is_logged_with_where_it_waits(
    server: RedisServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(lease, "LONG_TURN_SECONDS", 0.2)
    store = RedisStore(make_client(server.url), lock_lease_seconds=0.3)
    stuck = asyncio.Event()

    async def hung_turn() -> None:
        async with store.turn(thread()):
            await asyncio.wait_for(stuck.wait(), 1.0)  # a call that never answers in time

    try:
        with (
            caplog.at_level("WARNING", logger="engine.store.redis"),
            contextlib.suppress(TimeoutError),
        ):
            await hung_turn()
    finally:
        await store.close()
    [line] = [r.getMessage() for r in caplog.records if "held its thread" in r.getMessage()]
    assert "hung_turn" in line  # the stack names where the turn is waiting


async def test_a_turn_ends_even_when_its_lease_keeper_swallows_the_cancellation(
    server: RedisServer,
) -> None:
    store = RedisStore(make_client(server.url), lock_lease_seconds=0.3)
    real = store._run

    async def extend_that_hides_cancellation(op: str, *args: Any) -> Any:
        if op != "turn" or args[0] is not store._extend:
            return await real(op, *args)
        try:
            await asyncio.sleep(30)  # a slow extend, cancelled when the turn ends...
        except asyncio.CancelledError:
            raise StoreError("Redis turn failed: ConnectionError") from None  # ...as redis-py may

    store._run = extend_that_hides_cancellation  # type: ignore[method-assign]
    try:
        async with asyncio.timeout(10):
            async with store.turn(thread()):
                await asyncio.sleep(0.25)  # the keeper is inside its extend call now
            async with store.turn(thread()):  # released: the next turn gets the thread
                pass
    finally:
        store._run = real  # type: ignore[method-assign]
        await store.close()

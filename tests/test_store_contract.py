"""One contract for every store: memory, Redis standalone and Redis cluster behave alike."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from redis.asyncio.cluster import RedisCluster

from engine.messages import InterviewSummary, ThreadKey
from engine.session import new_session
from engine.store.base import StaleSession
from engine.store.factory import Store
from engine.store.keys import RECENT_KEEP
from engine.store.memory import MemoryStore
from engine.store.redis import RedisStore, make_client
from tests.redis_server import (
    RedisServer,
    redis_binary,
    redis_server,
    sample_session,
    started_cluster,
    thread,
)

Factory = Callable[..., Awaitable[Store]]

pytestmark = pytest.mark.skipif(redis_binary() is None, reason="no redis-server binary")


@pytest.fixture(scope="module")
def server() -> Iterator[RedisServer]:
    """A standalone redis-server for this module."""
    with redis_server() as running:
        yield running


cluster = pytest.fixture(scope="module")(started_cluster)


async def _flush(url: str, cluster: bool) -> None:
    client = make_client(url, cluster=cluster)
    try:
        if isinstance(client, RedisCluster):
            await client.flushall(target_nodes=RedisCluster.PRIMARIES)
        else:
            await client.flushall()
    finally:
        await client.aclose()


@pytest.fixture(params=["memory", "redis", "cluster"])
async def make(request: pytest.FixtureRequest) -> AsyncIterator[Factory]:
    """Builds stores of one kind (with option overrides); closes them afterwards."""
    kind: str = request.param
    url = ""
    if kind != "memory":
        running = request.getfixturevalue("server" if kind == "redis" else "cluster")
        url = running.url
        await _flush(url, kind == "cluster")
    made: list[Store] = []

    async def factory(**options: Any) -> Store:
        store: Store
        if kind == "memory":
            store = MemoryStore(**options)
        else:
            store = RedisStore(make_client(url, cluster=kind == "cluster"), **options)
        made.append(store)
        return store

    yield factory
    for store in made:
        await store.close()


@pytest.fixture
async def store(make: Factory) -> Store:
    """A store with default options."""
    return await make()


async def test_load_missing_is_none(store: Store) -> None:
    assert await store.load(thread("none")) is None


async def test_save_then_load_round_trips_and_bumps_revision(store: Store) -> None:
    session = sample_session(thread(), turns=3)
    saved = await store.save(session)
    assert saved.revision == 1
    assert await store.load(thread()) == saved
    again = await store.save(saved)
    assert again.revision == 2
    assert await store.load(thread()) == again


async def test_stale_writer_is_refused(store: Store) -> None:
    first = await store.save(new_session(thread()))
    a = first.model_copy(update={"idea": "from a"})
    b = first.model_copy(update={"idea": "from b"})
    await store.save(a)
    with pytest.raises(StaleSession):
        await store.save(b)
    loaded = await store.load(thread())
    assert loaded is not None
    assert loaded.idea == "from a"
    assert loaded.revision == 2


async def test_new_session_cannot_overwrite_existing(store: Store) -> None:
    await store.save(new_session(thread()))
    with pytest.raises(StaleSession):
        await store.save(new_session(thread()))


async def test_delete_removes_and_counts(store: Store) -> None:
    assert await store.delete(thread("none")) == 0
    await store.save(sample_session(thread()))
    await store.first_delivery(thread(), "m1")
    assert await store.delete(thread()) >= 1
    assert await store.load(thread()) is None
    assert await store.first_delivery(thread(), "m1") is True


async def test_deleted_session_is_not_resurrected_by_an_inflight_turn(store: Store) -> None:
    saved = await store.save(sample_session(thread()))
    await store.delete(thread())
    with pytest.raises(StaleSession):
        await store.save(saved)
    assert await store.load(thread()) is None


async def test_sessions_of_threads_are_independent(store: Store) -> None:
    await store.save(sample_session(thread(1)))
    await store.save(sample_session(thread(2)))
    await store.delete(thread(1))
    assert await store.load(thread(1)) is None
    assert await store.load(thread(2)) is not None


async def test_turns_run_one_at_a_time_in_arrival_order(store: Store) -> None:
    order: list[int] = []
    inside = 0
    await store.ping()  # connect first: arrival is when the ticket is taken

    async def one(i: int) -> None:
        nonlocal inside
        await asyncio.sleep(i * 0.005)
        async with store.turn(thread()):
            inside += 1
            assert inside == 1
            order.append(i)
            await asyncio.sleep(0.01)
            inside -= 1

    await asyncio.gather(*(one(i) for i in range(10)))
    assert order == list(range(10))


async def test_turn_is_released_after_an_error(store: Store) -> None:
    with pytest.raises(ValueError, match="boom"):
        async with store.turn(thread()):
            raise ValueError("boom")
    async with asyncio.timeout(2):
        async with store.turn(thread()):
            pass


async def test_turns_of_different_threads_do_not_wait(store: Store) -> None:
    async with store.turn(thread(1)), asyncio.timeout(2), store.turn(thread(2)):
        pass


async def test_cancelled_waiter_does_not_block_later_turns(store: Store) -> None:
    release = asyncio.Event()

    async def holder() -> None:
        async with store.turn(thread()):
            await release.wait()

    async def waiter() -> None:
        async with store.turn(thread()):
            pass

    held = asyncio.create_task(holder())
    await asyncio.sleep(0.05)
    waiting = asyncio.create_task(waiter())
    await asyncio.sleep(0.05)
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    release.set()
    await held
    async with asyncio.timeout(3), store.turn(thread()):
        pass


async def test_first_delivery_once_per_thread(store: Store) -> None:
    assert await store.first_delivery(thread(1), "Ev1") is True
    assert await store.first_delivery(thread(1), "Ev1") is False
    assert await store.first_delivery(thread(2), "Ev1") is True
    assert await store.first_delivery(thread(1), "Ev2") is True


async def test_first_delivery_is_bounded(make: Factory) -> None:
    store = await make(max_delivery_ids=3)
    for i in range(5):
        assert await store.first_delivery(thread(), f"m{i}") is True
    assert await store.first_delivery(thread(), "m4") is False
    assert await store.first_delivery(thread(), "m0") is True


async def test_rate_limit_per_user(make: Factory) -> None:
    store = await make(user_per_minute=3, workspace_per_minute=100)
    assert [await store.allow("T1", "U1") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = await store.allow("T1", "U1")
    assert 0 < wait <= 20.0
    assert await store.allow("T1", "U2") == 0.0
    assert await store.allow("T2", "U1") == 0.0


async def test_rate_limit_per_workspace(make: Factory) -> None:
    store = await make(user_per_minute=100, workspace_per_minute=2)
    assert await store.allow("T1", "U1") == 0.0
    assert await store.allow("T1", "U2") == 0.0
    wait = await store.allow("T1", "U3")
    assert 0 < wait <= 30.0
    assert await store.allow("T2", "U3") == 0.0


async def test_rate_limit_refills(make: Factory) -> None:
    store = await make(user_per_minute=6000, workspace_per_minute=6000)
    while await store.allow("T1", "U1") == 0.0:
        pass
    await asyncio.sleep(0.03)
    assert await store.allow("T1", "U1") == 0.0


async def test_counters_add_and_read(make: Factory) -> None:
    store = await make(today=lambda: "2025-03-04")
    await store.add("T1", {"turns": 1, "cost_usd": 0.25})
    await store.add("T1", {"turns": 2, "cost_usd": 0.5})
    await store.add("T2", {"turns": 7})
    assert await store.read("T1", "2025-03-04") == {"turns": 3.0, "cost_usd": 0.75}
    assert await store.read("T2", "2025-03-04") == {"turns": 7.0}
    assert await store.read("T1", "2025-03-05") == {}


async def test_forget_user_removes_every_session_of_the_user(store: Store) -> None:
    await store.save(sample_session(thread(1), users=("UA",)))
    await store.save(sample_session(thread(2), turns=4, users=("UB", "UA")))
    await store.save(sample_session(thread(3), users=("UB",)))
    await store.save(sample_session(thread(4, workspace="T2"), users=("UA",)))
    assert await store.forget_user("T1", "UA") == 2
    assert await store.load(thread(1)) is None
    assert await store.load(thread(2)) is None
    assert await store.load(thread(3)) is not None
    assert await store.load(thread(4, workspace="T2")) is not None
    assert await store.forget_user("T1", "UA") == 0


async def test_ping(store: Store) -> None:
    assert await store.ping() is True


# thread records: ownership and each user's latest thread per channel


def _in(channel: str, ts: str, workspace: str = "T1", platform: str = "slack") -> ThreadKey:
    return ThreadKey(platform, workspace, channel, ts)


async def test_unclaimed_thread_is_not_owned_and_has_no_latest(store: Store) -> None:
    assert await store.owns(_in("C1", "1.0")) is False
    assert await store.latest(_in("C1", ""), "UA") is None


async def test_claim_owns_the_thread_and_makes_it_the_users_latest(store: Store) -> None:
    await store.claim(_in("C1", "1.0"), "UA")
    await store.claim(_in("C1", "2.0"), "UA")
    await store.claim(_in("C1", "3.0"), "UB")
    await store.claim(_in("C2", "9.0"), "UA")
    assert await store.owns(_in("C1", "1.0")) and await store.owns(_in("C1", "2.0"))
    assert not await store.owns(_in("C1", "4.0"))
    assert not await store.owns(_in("C1", "1.0", workspace="T2"))
    assert await store.latest(_in("C1", ""), "UA") == _in("C1", "2.0")
    assert await store.latest(_in("C1", "anything"), "UB") == _in("C1", "3.0")
    assert await store.latest(_in("C2", ""), "UA") == _in("C2", "9.0")
    assert await store.latest(_in("C1", "", platform="discord"), "UA") is None
    assert await store.latest(_in("C1", "", workspace="T2"), "UA") is None


async def test_delete_ends_ownership_and_forget_user_drops_latest(store: Store) -> None:
    await store.claim(_in("C1", "1.0"), "UA")
    await store.claim(_in("C1", "2.0"), "UB")
    await store.delete(_in("C1", "1.0"))
    assert not await store.owns(_in("C1", "1.0"))
    assert await store.owns(_in("C1", "2.0"))
    await store.forget_user("T1", "UB")
    assert await store.latest(_in("C1", ""), "UB") is None
    assert await store.latest(_in("C1", ""), "UA") == _in("C1", "1.0")


async def test_memory_thread_records_expire_with_the_session_ttl() -> None:
    now = [0.0]
    store = MemoryStore(session_ttl_seconds=60, clock=lambda: now[0])
    await store.claim(_in("C1", "1.0"), "UA")
    now[0] = 59.0
    assert await store.owns(_in("C1", "1.0"))
    assert await store.latest(_in("C1", ""), "UA") == _in("C1", "1.0")
    now[0] = 61.0
    assert not await store.owns(_in("C1", "1.0"))
    assert await store.latest(_in("C1", ""), "UA") is None


# recent interviews: each person's list, newest first, with the session TTL


def _summary(key: ThreadKey, title: str = "Clinic booking", version: int = 0) -> InterviewSummary:
    at = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    return InterviewSummary(key, title, stated=3, assumed=2, total=14, version=version, updated=at)


async def test_recent_lists_a_persons_interviews_newest_first(store: Store) -> None:
    await store.note(_summary(_in("C1", "1.0"), "first"), ["UA"])
    await store.note(_summary(_in("C2", "2.0"), "second", version=2), ["UA", "UB"])
    await store.note(_summary(_in("C1", "3.0"), "other's"), ["UB"])
    await store.note(_summary(_in("C1", "4.0", workspace="T2"), "elsewhere"), ["UA"])
    await store.note(_summary(_in("C1", "5.0", platform="discord"), "on discord"), ["UA"])
    listed = await store.recent("slack", "T1", "UA", 10)
    assert [s.title for s in listed] == ["second", "first"]
    assert listed[0] == _summary(_in("C2", "2.0"), "second", version=2)
    assert [s.title for s in await store.recent("slack", "T1", "UB", 10)] == ["other's", "second"]
    assert [s.title for s in await store.recent("discord", "T1", "UA", 10)] == ["on discord"]
    assert await store.recent("slack", "T1", "UC", 10) == ()
    assert [s.title for s in await store.recent("slack", "T1", "UA", 1)] == ["second"]


async def test_noting_again_replaces_the_entry_and_moves_it_up(store: Store) -> None:
    await store.note(_summary(_in("C1", "1.0"), "draft"), ["UA"])
    await store.note(_summary(_in("C1", "2.0"), "newer"), ["UA"])
    await store.note(_summary(_in("C1", "1.0"), "Clinic booking", version=1), ["UA"])
    listed = await store.recent("slack", "T1", "UA", 10)
    assert [(s.title, s.version) for s in listed] == [("Clinic booking", 1), ("newer", 0)]


async def test_recent_keeps_the_newest_entries_only(store: Store) -> None:
    for n in range(RECENT_KEEP + 3):
        await store.note(_summary(_in("C1", f"{n}.0"), f"idea {n}"), ["UA"])
    listed = await store.recent("slack", "T1", "UA", RECENT_KEEP + 10)
    assert len(listed) == RECENT_KEEP
    assert listed[0].title == f"idea {RECENT_KEEP + 2}"
    assert listed[-1].title == "idea 3"


async def test_delete_takes_the_thread_off_every_list(store: Store) -> None:
    await store.save(sample_session(thread(1), users=("UA",)))
    await store.note(_summary(thread(1), "gone"), ["UA", "UB"])  # UB only looked: no session turn
    await store.note(_summary(thread(2), "kept"), ["UA"])
    await store.delete(thread(1))
    assert [s.title for s in await store.recent("slack", "T1", "UA", 10)] == ["kept"]
    assert await store.recent("slack", "T1", "UB", 10) == ()


async def test_forget_user_drops_their_list_and_the_threads_it_deleted(store: Store) -> None:
    await store.save(sample_session(thread(1), users=("UA", "UB")))
    await store.note(_summary(thread(1), "shared"), ["UA", "UB"])
    await store.note(_summary(thread(2), "UA's other"), ["UA"])
    await store.note(_summary(thread(3), "UB's own"), ["UB"])
    await store.forget_user("T1", "UA")
    assert await store.recent("slack", "T1", "UA", 10) == ()
    assert [s.title for s in await store.recent("slack", "T1", "UB", 10)] == ["UB's own"]


async def test_memory_recent_lists_expire_with_the_session_ttl() -> None:
    now = [0.0]
    store = MemoryStore(session_ttl_seconds=60, clock=lambda: now[0])
    await store.note(_summary(_in("C1", "1.0"), "old"), ["UA"])
    now[0] = 30.0
    await store.note(_summary(_in("C1", "2.0"), "new"), ["UA"])
    now[0] = 61.0
    assert [s.title for s in await store.recent("slack", "T1", "UA", 10)] == ["new"]
    now[0] = 91.0
    assert await store.recent("slack", "T1", "UA", 10) == ()

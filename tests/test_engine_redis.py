"""Two engine replicas sharing a real redis-server: order, dedupe, outage and recovery."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Inbound, Reply, ThreadKey
from engine.store.redis import RedisStore
from tests.harness import settings
from tests.redis_server import RedisServer

THREAD = ThreadKey("slack", "T1", "C1", "100.1")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path / "redis", appendonly=True, fsync="always").start()
    yield running
    running.stop()


@pytest.fixture
async def replicas(server: RedisServer) -> AsyncIterator[tuple[Engine, Engine, RedisStore]]:
    config = settings(session_storage="redis", redis_url=server.url, lock_lease_seconds=5)
    stores = [RedisStore.from_settings(config), RedisStore.from_settings(config)]
    for store in stores:
        await store.ping()
    engines = [
        Engine(
            config, Ports(sessions=s, gate=s, brain=RulesBrain(), limiter=s, counters=s, arrivals=s)
        )
        for s in stores
    ]
    yield engines[0], engines[1], stores[0]
    for store in stores:
        await store.close()


def _msg(n: int | str, text: str) -> Inbound:
    return Inbound(THREAD, f"Ev{n}", "U1", "Ann", text)


async def test_ten_messages_from_two_replicas_are_answered_in_arrival_order(
    replicas: tuple[Engine, Engine, RedisStore],
) -> None:
    a, b, store = replicas
    texts = ["An app for nurses to hand off patients between shifts"] + [
        f"answer number {i} about the night shift" for i in range(1, 10)
    ]

    tickets: list[asyncio.Future[str]] = [asyncio.get_running_loop().create_future() for _ in texts]

    async def send(i: int) -> Reply:
        await asyncio.sleep(i * 0.01)  # all ten arrive within 100 ms
        if i:
            await tickets[i - 1]  # as on Slack: sent after the previous delivery was acked
        engine, msg = (a if i % 2 == 0 else b), _msg(i, texts[i])
        tickets[i].set_result(await engine.arrive(msg))  # the adapter's ack
        return await engine.handle(msg, tickets[i].result())

    replies = await asyncio.gather(*(send(i) for i in range(10)))
    assert all(r.kind in ("question", "deliverables") for r in replies), [r.text for r in replies]
    session = await store.load(THREAD)
    assert session is not None
    users = [t.text for t in session.transcript if t.role == "user"]
    assert users == texts
    roles = [t.role for t in session.transcript]
    assert roles == ["user", "bot"] * 10  # never interleaved
    bots = [t.text for t in session.transcript if t.role == "bot"]
    assert bots == [r.text for r in replies]


async def test_a_delivery_retried_on_both_replicas_is_answered_once(
    replicas: tuple[Engine, Engine, RedisStore],
) -> None:
    a, b, store = replicas
    same = _msg("retry", "A booking tool for dental clinics")
    replies = await asyncio.gather(a.handle(same), b.handle(same), a.handle(same))
    assert sorted(r.kind for r in replies) == ["duplicate", "duplicate", "question"]
    session = await store.load(THREAD)
    assert session is not None
    assert [t.role for t in session.transcript] == ["user", "bot"]


async def test_redis_lost_mid_conversation_then_back(
    server: RedisServer, replicas: tuple[Engine, Engine, RedisStore]
) -> None:
    a, _, store = replicas
    await a.handle(_msg(1, "An app for nurses to hand off patients between shifts"))
    server.kill()
    lost = await a.handle(_msg(2, "Night-shift nurses"))
    assert lost.kind == "error"
    assert "temporarily unavailable" in lost.text and "resend" in lost.text
    server.restart()
    back = await a.handle(_msg(3, "Night-shift nurses"))
    assert back.kind == "question"
    session = await store.load(THREAD)
    assert session is not None
    assert [t.text for t in session.transcript if t.role == "user"] == [
        "An app for nurses to hand off patients between shifts",
        "Night-shift nurses",
    ]


async def test_an_unreadable_session_is_kept_until_the_user_restarts(
    server: RedisServer, replicas: tuple[Engine, Engine, RedisStore]
) -> None:
    from redis.asyncio import Redis

    from engine.store.keys import session_key

    a = replicas[0]
    raw = Redis.from_url(server.url)
    await raw.set(session_key(THREAD.slug()), b'{"schema_version": 99, "garbage": true}')
    reply = await a.handle(_msg(1, "An app for nurses"))
    assert reply.kind == "error"
    assert "restart" in reply.text
    assert await raw.get(session_key(THREAD.slug())) == b'{"schema_version": 99, "garbage": true}'
    restarted = await a.handle(_msg(2, "restart"))
    assert "Starting over" in restarted.text
    fresh = await a.handle(_msg(3, "An app for nurses to hand off patients between shifts"))
    assert fresh.kind == "question"
    await raw.aclose()


async def test_arrival_tickets_keep_order_when_work_before_the_turn_is_slow(
    replicas: tuple[Engine, Engine, RedisStore],
) -> None:
    """50 threads x 5 messages, each sent after the previous was acknowledged (its ticket
    taken), alternating replicas, with a random delay before each turn starts (an adapter
    posting its placeholder): every stored transcript is in send order."""
    a, b, store = replicas
    rng = random.Random(7)
    pending: list[asyncio.Task[Reply]] = []
    threads = [ThreadKey("slack", "T1", "C1", f"{200 + t}.1") for t in range(50)]

    async def later(engine: Engine, inbound: Inbound, ticket: str, delay: float) -> Reply:
        await asyncio.sleep(delay)
        return await engine.handle(inbound, ticket)

    async def thread_sender(key: ThreadKey) -> None:
        for i in range(5):
            engine = a if (i + rng.randrange(2)) % 2 else b
            text = "a rota app for care homes" if i == 0 else f"answer {i} for {key.thread}"
            inbound = Inbound(key, f"{key.thread}-{i}", "U1", "Ann", text)
            ticket = await engine.arrive(inbound)  # the ack
            assert ticket
            pending.append(asyncio.create_task(later(engine, inbound, ticket, rng.random() / 50)))

    await asyncio.gather(*(thread_sender(key) for key in threads))
    await asyncio.gather(*pending)
    for key in threads:
        session = await store.load(key)
        assert session is not None
        said = [t.text for t in session.transcript if t.role == "user"]
        assert said == ["a rota app for care homes"] + [
            f"answer {i} for {key.thread}" for i in range(1, 5)
        ]


async def test_a_duplicate_gives_its_place_in_line_back(
    replicas: tuple[Engine, Engine, RedisStore],
) -> None:
    a, b, _ = replicas
    first = _msg("dup", "a rota app for care homes")
    assert (await a.handle(first, await a.arrive(first))).kind == "question"
    again = await b.handle(first, await b.arrive(first))
    assert again.kind == "duplicate"
    follow = _msg("next", "the night-shift nurses")
    async with asyncio.timeout(5):  # the duplicate's ticket does not block the line
        assert (await a.handle(follow, await a.arrive(follow))).kind == "question"

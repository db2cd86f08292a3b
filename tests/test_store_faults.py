"""RedisStore under faults: unreachable, lost mid-conversation, frozen, restarted with AOF."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from engine.breaker import Breaker
from engine.settings import Settings
from engine.store.base import StaleSession, StoreError
from engine.store.factory import check
from engine.store.redis import RedisStore, make_client
from tests.redis_server import RedisServer, free_port, redis_binary, sample_session, thread

pytestmark = pytest.mark.skipif(redis_binary() is None, reason="no redis-server binary")

SECRET = "pw-SECRET-do-not-print"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    """A per-test server with an append-only file, free to be killed and restarted."""
    running = RedisServer(tmp_path / "redis", appendonly=True, fsync="always").start()
    yield running
    if running.process is not None and running.process.poll() is None:
        running.process.send_signal(signal.SIGCONT)
    running.stop()


def redis_settings(url: str) -> Settings:
    """Settings pointing at `url`."""
    return Settings(SESSION_STORAGE="redis", REDIS_URL=SecretStr(url))


async def test_unreachable_redis_raises_a_clear_error_without_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    port = free_port()
    store = RedisStore.from_settings(redis_settings(f"redis://ops:{SECRET}@127.0.0.1:{port}/0"))
    started = time.perf_counter()
    try:
        with pytest.raises(StoreError) as caught:
            await store.load(thread())
    finally:
        await store.close()
    assert time.perf_counter() - started < 3
    message = str(caught.value)
    assert f"127.0.0.1:{port}" in message
    assert "load" in message
    assert SECRET not in message
    assert SECRET not in repr(caught.value.__cause__)
    assert SECRET not in caplog.text


async def test_health_check_reports_an_unreachable_redis() -> None:
    port = free_port()
    health = await check(redis_settings(f"redis://:{SECRET}@127.0.0.1:{port}/0"))
    assert not health.ok
    assert health.where == f"redis://127.0.0.1:{port}/0"
    assert SECRET not in health.detail
    assert health.detail


async def test_wrong_password_is_a_store_error_without_the_password(tmp_path: Path) -> None:
    running = RedisServer(tmp_path / "auth", password="right-password").start()
    try:
        url = f"redis://:{SECRET}@127.0.0.1:{running.port}/0"
        store = RedisStore.from_settings(redis_settings(url))
        try:
            with pytest.raises(StoreError) as caught:
                await store.save(sample_session(thread()))
        finally:
            await store.close()
        assert SECRET not in str(caught.value)
        good = RedisStore.from_settings(redis_settings(running.url))
        try:
            assert (await good.save(sample_session(thread()))).revision == 1
        finally:
            await good.close()
    finally:
        running.stop()


async def test_redis_lost_mid_conversation_fails_fast_then_recovers(server: RedisServer) -> None:
    store = RedisStore(make_client(server.url))
    try:
        saved = await store.save(sample_session(thread()))
        assert await store.first_delivery(thread(), "Ev1")
        server.kill()
        started = time.perf_counter()
        for operation in (
            store.load(thread()),
            store.save(saved),
            store.first_delivery(thread(), "Ev2"),
            store.allow("T1", "U1"),
            store.add("T1", {"turns": 1}),
            store.forget_user("T1", "U1"),
        ):
            with pytest.raises(StoreError):
                await operation
        with pytest.raises(StoreError):
            async with store.turn(thread()):
                pass
        assert time.perf_counter() - started < 10
        server.restart()
        assert await store.load(thread()) == saved
        assert await store.first_delivery(thread(), "Ev1") is False
        again = await store.save(saved)
        assert again.revision == 2
        with pytest.raises(StaleSession):
            await store.save(saved)
    finally:
        await store.close()


async def test_redis_lost_during_a_turn_does_not_hang(server: RedisServer) -> None:
    store = RedisStore(make_client(server.url), lock_lease_seconds=1.0)
    try:
        saved = await store.save(sample_session(thread()))

        async def turn_that_loses_redis() -> None:
            async with store.turn(thread()):
                server.kill()
                await store.save(saved)

        started = time.perf_counter()
        with pytest.raises(StoreError):
            await turn_that_loses_redis()
        assert time.perf_counter() - started < 10
        server.restart()
        async with asyncio.timeout(5), store.turn(thread()):
            assert (await store.save(saved)).revision == 2
    finally:
        await store.close()


async def test_frozen_redis_times_out_instead_of_hanging(server: RedisServer) -> None:
    store = RedisStore(make_client(server.url))
    try:
        await store.save(sample_session(thread()))
        assert server.process is not None
        server.process.send_signal(signal.SIGSTOP)
        started = time.perf_counter()
        try:
            with pytest.raises(StoreError):
                await store.load(thread())
        finally:
            server.process.send_signal(signal.SIGCONT)
        assert time.perf_counter() - started < 10
        loaded = await store.load(thread())
        assert loaded is not None
        assert loaded.revision == 1
    finally:
        await store.close()


async def test_kill_9_and_restart_with_appendonly_keeps_sessions(server: RedisServer) -> None:
    writer = RedisStore(make_client(server.url))
    try:
        saved = await writer.save(sample_session(thread(), turns=10))
        await writer.add("T1", {"turns": 3})
    finally:
        await writer.close()
    server.kill()
    server.restart()
    reader = RedisStore(make_client(server.url))
    try:
        assert await reader.load(thread()) == saved
        assert (await reader.save(saved)).revision == 2
        assert await reader.forget_user("T1", "U1") == 1
    finally:
        await reader.close()


async def test_breaker_skips_calls_after_repeated_timeouts_and_a_trial_recovers(
    server: RedisServer,
) -> None:
    clock = [0.0]
    store = RedisStore(make_client(server.url, timeout=0.2))
    store.breaker = Breaker(5.0, threshold=2, clock=lambda: clock[0], immediate=frozenset())
    try:
        saved = await store.save(sample_session(thread()))
        assert server.process is not None
        server.process.send_signal(signal.SIGSTOP)
        try:
            for _ in range(2):
                with pytest.raises(StoreError, match="failed"):
                    await store.load(thread())
            for _ in range(20):  # skipped without touching the frozen server
                with pytest.raises(StoreError, match="cooling down"):
                    await store.load(thread())
        finally:
            server.process.send_signal(signal.SIGCONT)
        clock[0] = 5.0
        assert await store.load(thread()) == saved
        assert store.breaker.state == "closed"
    finally:
        await store.close()

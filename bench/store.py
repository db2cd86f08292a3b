"""Store benchmark: round trips, bytes per session and turns/s on its own redis-server."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from redis.asyncio import Redis  # noqa: E402

from engine.session import to_json  # noqa: E402
from engine.store.keys import session_key  # noqa: E402
from engine.store.memory import MemoryStore  # noqa: E402
from engine.store.redis import RedisStore, make_client  # noqa: E402
from tests.redis_server import RedisServer, sample_session, thread  # noqa: E402

ROUND_TRIPS = 2000
CONVERSATIONS = 1000
TURNS_PER_CONVERSATION = 5


def summary(samples_s: list[float]) -> dict[str, float]:
    """Median and p99 of durations, in microseconds."""
    ordered = sorted(samples_s)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "median_us": round(statistics.median(ordered) * 1e6, 1),
        "p99_us": round(p99 * 1e6, 1),
    }


async def timed(step: Callable[[], Awaitable[object]], count: int) -> list[float]:
    """Durations of `count` sequential runs of `step` (after a short warm-up)."""
    for _ in range(50):
        await step()
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        await step()
        samples.append(time.perf_counter() - started)
    return samples


async def store_round_trip(store: MemoryStore | RedisStore, turns: int) -> list[float]:
    """load + save of one session, repeated."""
    key = thread(f"rt-{turns}-{type(store).__name__}")
    await store.save(sample_session(key, turns=turns))

    async def step() -> None:
        session = await store.load(key)
        assert session is not None
        await store.save(session)

    return await timed(step, ROUND_TRIPS)


async def bare_round_trip(client: Redis, turns: int) -> list[float]:
    """GET + SET of the same session bytes, no Lua, no parsing."""
    name = session_key(thread(f"bare-{turns}").slug())
    data = to_json(sample_session(thread("bare"), turns=turns))
    await client.set(name, data)

    async def step() -> None:
        await client.get(name)
        await client.set(name, data, ex=86_400)

    return await timed(step, ROUND_TRIPS)


async def round_trips(url: str) -> dict[str, Any]:
    """RedisStore vs MemoryStore vs bare GET+SET at 10 turns."""
    redis_store = RedisStore(make_client(url))
    memory = MemoryStore()
    raw: Redis = Redis.from_url(url)
    try:
        await redis_store.ping()
        result: dict[str, Any] = {
            "redis_store": summary(await store_round_trip(redis_store, 10)),
            "memory_store": summary(await store_round_trip(memory, 10)),
            "bare_get_set": summary(await bare_round_trip(raw, 10)),
        }
    finally:
        await redis_store.close()
        await raw.aclose()
    ratio = result["redis_store"]["median_us"] / result["bare_get_set"]["median_us"]
    result["ratio_redis_store_to_bare"] = round(ratio, 2)
    return result


async def session_sizes(url: str) -> dict[str, Any]:
    """JSON bytes and Redis MEMORY USAGE of sessions with 10 and 50 turns."""
    store = RedisStore(make_client(url))
    raw: Redis = Redis.from_url(url)
    sizes: dict[str, Any] = {}
    try:
        for turns in (10, 50):
            session = sample_session(thread(f"size-{turns}"), turns=turns)
            saved = await store.save(session)
            usage = await raw.memory_usage(session_key(saved.key))
            sizes[f"{turns}_turns"] = {"json_bytes": len(to_json(saved)), "redis_bytes": usage}
    finally:
        await store.close()
        await raw.aclose()
    return sizes


async def conversation(store: RedisStore, n: int, turns: int, latencies: list[float]) -> None:
    """One conversation: `turns` turns of lock + load + save."""
    key = thread(f"conv-{n}")
    for _ in range(turns):
        started = time.perf_counter()
        async with store.turn(key):
            session = await store.load(key)
            await store.save(session or sample_session(key, turns=10))
        latencies.append(time.perf_counter() - started)


async def drive(url: str, first: int, count: int, start_at: float) -> dict[str, Any]:
    """Run `count` concurrent conversations from `first`; returns latencies and elapsed."""
    store = RedisStore(make_client(url))
    latencies: list[float] = []
    try:
        await store.ping()
        await asyncio.sleep(max(0.0, start_at - time.time()))
        started = time.perf_counter()
        await asyncio.gather(
            *(
                conversation(store, first + i, TURNS_PER_CONVERSATION, latencies)
                for i in range(count)
            )
        )
        elapsed = time.perf_counter() - started
    finally:
        await store.close()
    return {"latencies": latencies, "elapsed": elapsed}


def drive_process(url: str, first: int, count: int, start_at: float) -> dict[str, Any]:
    """Entry point of one benchmark process."""
    return asyncio.run(drive(url, first, count, start_at))


def throughput(url: str, processes: int) -> dict[str, Any]:
    """turns/s of CONVERSATIONS concurrent conversations split over `processes` processes."""
    share = CONVERSATIONS // processes
    start_at = time.time() + 1.5
    jobs = [(url, i * share, share, start_at) for i in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.starmap(drive_process, jobs)
    latencies = [x for r in results for x in r["latencies"]]
    elapsed = max(r["elapsed"] for r in results)
    return {
        "processes": processes,
        "conversations": CONVERSATIONS,
        "turns": len(latencies),
        "turns_per_s": round(len(latencies) / elapsed, 1),
        "turn_latency": summary(latencies),
    }


def main() -> dict[str, Any]:
    """Run every measurement against a private redis-server; print and return the results."""
    with tempfile.TemporaryDirectory(prefix="ma-bench-") as tmp:
        server = RedisServer(Path(tmp)).start()
        try:
            results: dict[str, Any] = {
                "round_trip_10_turns": asyncio.run(round_trips(server.url)),
                "session_size": asyncio.run(session_sizes(server.url)),
                "throughput_1_process": throughput(server.url, 1),
                "throughput_2_processes": throughput(server.url, 2),
            }
        finally:
            server.stop()
    print(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()

"""Benchmark: Slack ack latency for 100 concurrent threads, next to a bare Bolt app that only acks.

Three processes, as in production: the bot (Bolt app on aiohttp), Slack's Web API (the loopback
fake the bot posts placeholders, answers and buttons to) and Slack's event sender (this process,
which measures). Each of 100 threads sends 5 mentions, pausing 0.3-0.6 s to read the answer
between them; "burst" starts all 100 threads at the same instant, "staggered" spreads their
starts over 0.3 s. The engine behind the bot takes 50 ms per turn, after the ack. The bare app
gets the same load with a listener that does nothing.

"render" (`--render`): the real engine (offline brain, MemoryStore) answers the staggered load
while, in the same bot process, 10 other threads re-render every deliverable back to back
(`export`, ~250 ms of drawing each), so rendering competes with the acks all the time.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

SCRIPT = str(Path(__file__).resolve())
ROOT = Path(SCRIPT).parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from bot.slack_app import SlackAdapter  # noqa: E402
from bot.slack_server import build_web_app, new_bolt_app, start_http  # noqa: E402
from engine.brain.rules import RulesBrain  # noqa: E402
from engine.engine import Engine, Ports  # noqa: E402
from engine.messages import Action, Inbound, Reply, ThreadKey, Unfinished  # noqa: E402
from engine.settings import Settings  # noqa: E402
from engine.store.memory import MemoryStore  # noqa: E402
from engine.turns import RenderPool  # noqa: E402
from tests.fakes.slack_api import (  # noqa: E402
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    app_mention,
    event_callback,
    sign,
)

THREADS = 100
ROUNDS = 5
RENDER_THREADS = int(os.environ.get("BENCH_RENDER_THREADS", "10"))
RENDER_IDEA = (
    "a booking app for dog groomers with 2 salons: owners book a slot, pay a deposit, get "
    "reminders; groomers see the day's calendar and client notes"
)
WORK_SECONDS = 0.05
PAUSE_SECONDS = (0.3, 0.6)  # a user reading the answer before writing again
P99_BUDGET_MS = 50.0
# The bot gets a core of its own when there are two or more, as it would in production;
# Slack's side (the sender and the fake Web API) shares the others.
_CPUS = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
BOT_CPUS = {_CPUS[0]} if len(_CPUS) > 1 else None
SLACK_CPUS = set(_CPUS[1:]) if len(_CPUS) > 1 else None


class SlowHandler:
    """A stand-in engine that takes 50 ms per turn."""

    def __init__(self) -> None:
        self.handled = 0

    async def arrive(self, inbound: Inbound) -> str:
        """No line to keep in this test double."""
        return ""

    async def recover(self) -> list[Unfinished]:
        """Nothing to recover in this test double."""
        return []

    async def handle(self, inbound: Inbound, ticket: str = "", placeholder: str = "") -> Reply:
        """Sleep, then answer with a question and a button."""
        await asyncio.sleep(WORK_SECONDS)
        self.handled += 1
        return Reply(f"Got it: {inbound.text}", actions=(Action("skip", "Skip"),))

    def starts_interview(self, text: str) -> bool:
        """Every text starts an interview here."""
        return True


class CountingEngine:
    """The real engine, counting the turns it answered."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.handled = 0

    async def arrive(self, inbound: Inbound) -> str:
        """The engine's place in line."""
        return await self.engine.arrive(inbound)

    async def handle(self, inbound: Inbound, ticket: str = "", placeholder: str = "") -> Reply:
        """Answer with the engine."""
        reply = await self.engine.handle(inbound, ticket, placeholder)
        self.handled += 1
        return reply

    def starts_interview(self, text: str) -> bool:
        """The engine's decision."""
        return self.engine.starts_interview(text)


async def render_loop(engine: Engine, n: int, stop: asyncio.Event, done: list[int]) -> None:
    """One thread that delivers, then keeps correcting a count, each correction bringing the
    next version, so every file is drawn again each time (a version drawn once is reused)."""
    thread = ThreadKey("slack", "T0TEAM", f"R{n:03d}", f"{9000 + n}.000001")
    await engine.handle(Inbound(thread, f"r{n}-idea", "U0R", "Rita", RENDER_IDEA))
    count = 0
    while not stop.is_set():  # a corrected count after the files brings the next version
        text = f"correction, its {count + 2} salons now" if count else "done"
        reply = await engine.handle(Inbound(thread, f"r{n}-{count}", "U0R", "Rita", text))
        if reply.kind != "deliverables":
            raise RuntimeError(f"expected deliverables, got {reply.kind}: {reply.text[:80]}")
        count += 1
    done.append(count)


def real_engine(settings: Settings) -> tuple[Engine, RenderPool]:
    """The engine as deployed (RENDER_WORKERS render processes) with the offline brain and
    one MemoryStore."""
    store = MemoryStore.from_settings(settings)
    pool = RenderPool(settings.render_workers)
    ports = Ports(sessions=store, gate=store, brain=RulesBrain(), threads=store, render=pool)
    return Engine(settings, ports), pool


# ---------------------------------------------------------------- child processes


async def read_line() -> str:
    """One line from stdin, without blocking the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)


def say(value: object) -> None:
    """One line to the parent."""
    print(value, flush=True)


async def serve_bot(kind: str, api_url: str) -> None:
    """Child: serve the meta or bare app; print the port, then turns handled once stopped."""
    logging.getLogger("slack_bolt").setLevel(logging.ERROR)
    settings = Settings(
        _env_file=None,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_APP_TOKEN=None,
        SLACK_API_URL=api_url,
    )
    handler: SlowHandler | CountingEngine = SlowHandler()
    stop, renders, loops = asyncio.Event(), list[int](), list[asyncio.Task[None]]()
    pool: RenderPool | None = None
    if kind == "meta":
        web_app = SlackAdapter.build(settings, handler).web_app()
    elif kind == "render":
        engine, pool = real_engine(settings)
        await pool.warm()  # as `serve` does before it takes traffic
        handler = CountingEngine(engine)
        web_app = SlackAdapter.build(settings, handler).web_app()
        loops = [
            asyncio.create_task(render_loop(engine, n, stop, renders))
            for n in range(RENDER_THREADS)
        ]
    else:
        bare = new_bolt_app(settings)

        @bare.event("app_mention")
        async def ack_only() -> None:
            """Nothing: Bolt acks events before listeners run."""

        web_app = build_web_app(bare)
    runner = await start_http(web_app, "127.0.0.1", 0)
    say(runner.addresses[0][1])
    await read_line()
    stop.set()
    await asyncio.gather(*loops)
    await runner.cleanup()  # drains the turns in flight
    if pool is not None:
        pool.close()
    say(f"{handler.handled} {time.process_time():.3f} {sum(renders)}")


async def serve_fake_api() -> None:
    """Child: the fake Slack Web API; print its URL, then the answers posted once stopped."""
    async with FakeSlack() as slack:
        say(slack.api_url)
        await read_line()
    say(len(slack.of("chat.update")))


class Child:
    """This script run as a child process, talked to by lines on stdin/stdout."""

    def __init__(self, *args: str, cpus: set[int] | None = None) -> None:
        self.args = args
        self.cpus = cpus
        self.process: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> Child:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            SCRIPT,
            *self.args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        if self.cpus:
            os.sched_setaffinity(self.process.pid, self.cpus)
        return self

    async def line(self) -> str:
        """The child's next line."""
        assert self.process is not None
        assert self.process.stdout is not None
        return (await self.process.stdout.readline()).decode().strip()

    async def stop(self) -> str:
        """Ask the child to stop; its last line."""
        assert self.process is not None
        assert self.process.stdin is not None
        self.process.stdin.write(b"stop\n")
        await self.process.stdin.drain()
        return await self.line()

    async def __aexit__(self, *_: object) -> None:
        assert self.process is not None
        if self.process.returncode is None and self.process.stdin is not None:
            self.process.stdin.close()
        try:
            async with asyncio.timeout(30):
                await self.process.wait()
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


# ---------------------------------------------------------------- the sender (this process)


async def post_event(
    session: aiohttp.ClientSession, url: str, event: dict[str, Any], event_id: str
) -> float:
    """Send one signed event; the ack latency in seconds."""
    body = json.dumps(event_callback(event, event_id)).encode()
    headers = {"Content-Type": "application/json", **sign(body)}
    start = time.perf_counter()
    async with session.post(url, data=body, headers=headers) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"unexpected status {response.status}")
    return time.perf_counter() - start


async def conversation(
    n: int, session: aiohttp.ClientSession, url: str, burst: bool
) -> list[float]:
    """One thread: ROUNDS messages, a pause to read after each; a burst starts all at once."""
    pause = random.Random(n)
    root = f"{3000 + n}.000001"
    latencies: list[float] = []
    if not burst:
        await asyncio.sleep(pause.uniform(0, PAUSE_SECONDS[0]))
    for r in range(ROUNDS):
        ts = f"{3000 + n}.{r + 1:06d}"
        event = app_mention(f"<@U0BOT> answer {r}", ts, channel=f"C{n:05d}", thread_ts=root)
        latencies.append(await post_event(session, url, event, f"Ev{n}x{r}"))
        await asyncio.sleep(pause.uniform(*PAUSE_SECONDS))
    return latencies


async def warm_up(session: aiohttp.ClientSession, url: str) -> None:
    """Open THREADS keep-alive connections (Slack reuses its connections) and let auth.test run."""
    warm = [
        post_event(session, url, app_mention("<@U0BOT> hi", "1.000001", f"CW{n}"), f"EvW{n}")
        for n in range(THREADS)
    ]
    await asyncio.gather(*warm)
    await asyncio.sleep(1.0)


async def load(kind: str, api_url: str, burst: bool) -> tuple[list[float], int, float, int]:
    """Start the bot process, run THREADS conversations, stop it: latencies, turns, CPU s and
    deliverable renders done meanwhile."""
    async with Child("--bot", kind, api_url, cpus=BOT_CPUS) as bot:
        url = f"http://127.0.0.1:{await bot.line()}/slack/events"
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=THREADS)) as session:
            await warm_up(session, url)
            runs = [conversation(n, session, url, burst) for n in range(THREADS)]
            results = await asyncio.gather(*runs)
        handled, cpu, renders = (await bot.stop()).split()
    return [x for r in results for x in r], int(handled), float(cpu), int(renders)


def percentile(samples: list[float], q: int) -> float:
    """The q-th percentile in milliseconds."""
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1] * 1000


async def run(burst: bool = False, render: bool = False) -> dict[str, Any]:
    """Measure the bare app, then Meta-Agent's app, under the same load."""
    if SLACK_CPUS:
        os.sched_setaffinity(0, SLACK_CPUS)
    async with Child("--fake-api", cpus=SLACK_CPUS) as api:
        api_url = await api.line()
        bare, _, bare_cpu, _ = await load("bare", api_url, burst)
        meta, handled, meta_cpu, renders = await load(
            "render" if render else "meta", api_url, burst
        )
        answers = int(await api.stop())
    scenario = "render" if render else "burst" if burst else "staggered"
    result: dict[str, Any] = {
        "scenario": scenario,
        "renders_meanwhile": renders,
        "threads": THREADS,
        "requests": len(meta),
        "handled": handled,
        "answers_posted": answers,
        "meta_p50_ms": round(statistics.median(meta) * 1000, 2),
        "meta_p99_ms": round(percentile(meta, 99), 2),
        "bare_p50_ms": round(statistics.median(bare) * 1000, 2),
        "bare_p99_ms": round(percentile(bare, 99), 2),
        "meta_cpu_s": round(meta_cpu, 2),
        "bare_cpu_s": round(bare_cpu, 2),
    }
    result["ratio_p50"] = round(result["meta_p50_ms"] / result["bare_p50_ms"], 2)
    result["ratio_p99"] = round(result["meta_p99_ms"] / result["bare_p99_ms"], 2)
    result["p99_within_budget"] = result["meta_p99_ms"] <= P99_BUDGET_MS
    return result


def main(
    scenarios: tuple[tuple[bool, bool], ...] = ((True, False), (False, False)),
) -> dict[str, Any]:
    """Run the scenarios ((burst, render) pairs), print the numbers and return them."""
    results: dict[str, Any] = {}
    print(
        f"slack ack: {THREADS} threads x {ROUNDS} events, engine {WORK_SECONDS * 1000:.0f} ms "
        f"after the ack, p99 budget {P99_BUDGET_MS:.0f} ms"
    )
    for burst, render in scenarios:
        result = asyncio.run(run(burst, render))
        results[result["scenario"]] = result
        verdict = "ok" if result["p99_within_budget"] else "MISSED"
        print(
            f"  {result['scenario']} ({result['answers_posted']} answers posted, "
            f"{result['renders_meanwhile']} deliverable renders meanwhile):"
        )
        for name in ("meta", "bare"):
            p50, p99 = result[f"{name}_p50_ms"], result[f"{name}_p99_ms"]
            cpu = result[f"{name}_cpu_s"]
            print(f"    {name:<5} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  (bot CPU {cpu:.2f} s)")
        print(
            f"    ratio p50 {result['ratio_p50']:7.2f}x    p99 {result['ratio_p99']:7.2f}x"
            f"    p99 {verdict}"
        )
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--bot"]:
        asyncio.run(serve_bot(sys.argv[2], sys.argv[3]))
    elif sys.argv[1:2] == ["--fake-api"]:
        asyncio.run(serve_fake_api())
    elif sys.argv[1:2] == ["--render"]:
        main(((False, True),))
    else:
        main()

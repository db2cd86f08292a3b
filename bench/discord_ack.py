"""Benchmark: Discord deferral latency at 100 concurrent interactions, beside a bare bot.

Two processes: Discord's side (this one: the loopback fake REST API and gateway, which sends
INTERACTION_CREATE and measures) and the bot (a child process running the real discord.py client).
Latency is the time from sending INTERACTION_CREATE on the gateway to receiving the deferral
callback, both read on this process's clock. Each round sends 100 `/interview status` at once;
the Meta-Agent bot's engine takes 50 ms per turn after the deferral, then edits the response.
The bare bot is discord.py with one command that only defers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = str(Path(__file__).resolve())
ROOT = Path(SCRIPT).parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import discord  # noqa: E402
from discord import app_commands  # noqa: E402

from bot.discord_client import make_client, point_at  # noqa: E402
from engine.messages import Inbound, Reply  # noqa: E402
from engine.settings import Settings  # noqa: E402
from tests.fakes.discord_api import BOT_TOKEN, FakeDiscord, user_payload  # noqa: E402

CONCURRENT = 100
ROUNDS = 5
WORK_SECONDS = 0.05
P99_BUDGET_MS = 100.0


class SlowHandler:
    """A stand-in engine that takes 50 ms per turn."""

    async def handle(self, inbound: Inbound) -> Reply:
        """Think, then answer."""
        await asyncio.sleep(WORK_SECONDS)
        return Reply(f"Status for {inbound.user_name}: 40% covered.", kind="info")

    def starts_interview(self, text: str) -> bool:
        """Commands only in this benchmark."""
        return False


def bare_client() -> discord.Client:
    """discord.py with `/interview status` that only defers."""
    client = discord.Client(intents=discord.Intents.default())
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    group = app_commands.Group(name="interview", description="bare")

    @group.command(name="status", description="defer only")
    async def status(interaction: discord.Interaction[discord.Client]) -> None:
        await interaction.response.defer(thinking=True)

    tree.add_command(group)
    return client


async def run_bot(kind: str, api: str, gateway: str) -> None:
    """The child process: run one bot until stdin closes."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        DISCORD_BOT_TOKEN=BOT_TOKEN,
        DISCORD_API_BASE=api,
        DISCORD_GATEWAY_URL=gateway,
    )
    if kind == "bare":
        point_at(settings)
        client = bare_client()
    else:
        client, _ = make_client(settings, SlowHandler(), ready_timeout=0.05)
    task = asyncio.get_running_loop().create_task(client.start(BOT_TOKEN))
    while not client.is_ready():
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await client.close()
    await task


async def burst(fake: FakeDiscord, users: list[dict[str, object]]) -> list[float]:
    """Send one INTERACTION_CREATE per user at once; each one's deferral latency in ms."""
    loop = asyncio.get_running_loop()
    sent: dict[int, float] = {}
    all_acked = asyncio.Event()

    def check(_: object) -> None:
        if sent.keys() <= fake.acknowledged.keys():
            all_acked.set()

    fake.on_call = check
    for user in users:
        iid = fake.snowflake()
        sent[iid] = loop.time()
        await fake.slash("status", user=user, interaction_id=iid)
        await asyncio.sleep(0)  # let callbacks that already arrived be timed
    check(None)
    await asyncio.wait_for(all_acked.wait(), 60)
    return [(fake.acknowledged[i] - t) * 1000 for i, t in sent.items()]


@dataclass
class Side:
    """One bot under test: the fake Discord it talks to and its process."""

    kind: str
    fake: FakeDiscord
    child: asyncio.subprocess.Process
    latencies: list[float] = field(default_factory=list)


async def launch(kind: str) -> Side:
    """Start a fake Discord and a bot process connected to it; wait until it is READY."""
    fake = FakeDiscord()
    await fake.start()
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        SCRIPT,
        "--bot",
        kind,
        fake.api_base,
        fake.gateway_url,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    await asyncio.wait_for(child.stdout.readline(), 30)
    return Side(kind, fake, child)


async def land(side: Side) -> None:
    """Stop the bot process and its fake."""
    assert side.child.stdin is not None
    side.child.stdin.close()
    await asyncio.wait_for(side.child.wait(), 15)
    await side.fake.stop()


async def measure() -> list[Side]:
    """ROUNDS bursts for each bot, alternating, so both see the same machine load."""
    sides = [await launch("meta"), await launch("bare")]
    users = [user_payload(300000000000000000 + i, f"user{i}") for i in range(CONCURRENT)]
    try:
        for _ in range(ROUNDS):
            for side in sides:
                side.latencies += await burst(side.fake, users)
                await asyncio.sleep(0.5)  # the answers (edits) go out before the next burst
    finally:
        for side in sides:
            await land(side)
    return sides


def summary(latencies: list[float]) -> dict[str, float]:
    """Median and p99 in ms."""
    ordered = sorted(latencies)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1], 2),
        "samples": len(ordered),
    }


async def run() -> int:
    """Measure both bots and print JSON; 1 if Meta-Agent's p99 is over budget."""
    logging.disable(logging.WARNING)
    sides = await measure()
    meta, bare = summary(sides[0].latencies), summary(sides[1].latencies)
    result = {
        "cpus": os.cpu_count(),
        "concurrent": CONCURRENT,
        "rounds": ROUNDS,
        "meta_agent": meta,
        "bare_discord_py": bare,
        "ratio_median": round(meta["median_ms"] / max(bare["median_ms"], 0.01), 2),
        "ratio_p99": round(meta["p99_ms"] / max(bare["p99_ms"], 0.01), 2),
        "p99_budget_ms": P99_BUDGET_MS,
    }
    print(json.dumps(result, indent=2))
    return 0 if meta["p99_ms"] <= P99_BUDGET_MS else 1


def main() -> int:
    """Entry point for `make bench` (bench/run_all.py)."""
    return asyncio.run(run())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bot", nargs=3, metavar=("KIND", "API", "GATEWAY"))
    parser.add_argument("--concurrent", type=int, default=CONCURRENT)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    CONCURRENT, ROUNDS = args.concurrent, args.rounds
    if args.bot:
        logging.disable(logging.WARNING)
        asyncio.run(run_bot(*args.bot))
        raise SystemExit(0)
    raise SystemExit(main())

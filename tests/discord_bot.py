"""Test helpers: the real discord.py client, with the adapter, against the fake Discord; the
`fake` (Discord) and `bots` fixtures (a module may define its own `fake`)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import discord
import pytest

from bot.discord_app import DiscordAdapter
from bot.discord_client import make_client
from bot.handler import Handler
from engine.settings import Settings
from tests.fakes.discord_api import BOT_TOKEN, FakeDiscord, user_payload
from tests.harness import settings as base_settings

ANN = user_payload(111111111111111111, "ann")
BO = user_payload(222222222222222222, "bo")
PINGS = re.compile(r"@(everyone|here)|<@[!&]?\d+>")


def discord_settings(fake: FakeDiscord, **overrides: object) -> Settings:
    """Settings pointing discord.py at the fake."""
    values: dict[str, object] = {
        "DISCORD_BOT_TOKEN": BOT_TOKEN,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
    }
    values.update(overrides)
    return base_settings(**values)


@dataclass
class Bot:
    """A running client (its gateway loop in a task)."""

    client: discord.Client
    adapter: DiscordAdapter
    task: asyncio.Task[None]

    async def stop(self) -> None:
        """Close the client and wait for its loop to end."""
        await self.client.close()
        await asyncio.wait_for(self.task, 5)


async def start_bot(fake: FakeDiscord, handler: Handler, **overrides: object) -> Bot:
    """Log in, connect to the fake gateway and wait until READY (and GUILD_CREATE)."""
    client, adapter = make_client(discord_settings(fake, **overrides), handler, ready_timeout=0.02)
    task = asyncio.get_running_loop().create_task(client.start(BOT_TOKEN))
    ready = asyncio.ensure_future(client.wait_until_ready())
    done, _ = await asyncio.wait({ready, task}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        if task.done():
            task.result()
        raise TimeoutError("the client never became ready")
    return Bot(client, adapter, task)


async def until(check: Callable[[], Any], limit: float = 8.0) -> Any:
    """Poll `check` until it returns something truthy (an event arrived), or fail."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while True:
        value = check()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.01)


class Bots:
    """Starts bots and stops every one still running at teardown (no reconnect loops left)."""

    def __init__(self) -> None:
        """None running yet."""
        self.running: list[Bot] = []

    async def start(self, fake: FakeDiscord, handler: Handler, **overrides: object) -> Bot:
        """Start a bot and remember it."""
        bot = await start_bot(fake, handler, **overrides)
        self.running.append(bot)
        return bot

    async def stop(self, bot: Bot) -> None:
        """Stop one bot now."""
        self.running.remove(bot)
        await bot.stop()

    async def close(self) -> None:
        """Stop the rest."""
        for bot in self.running:
            await bot.stop()
        self.running.clear()


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """The fake Discord on loopback."""
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bots() -> AsyncIterator[Bots]:
    """Bots started by a test, all stopped at its end."""
    running = Bots()
    yield running
    await running.close()

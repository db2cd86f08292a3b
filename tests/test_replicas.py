"""Thread state lives in Redis: any replica (and a restarted one) answers replies without a
mention and finds the user's latest interview for a slash command."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.slack_app import SlackAdapter
from bot.slack_server import start_http
from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import ThreadKey
from engine.store.redis import RedisStore, make_client
from tests.fakes.slack_api import TEAM_ID, FakeSlack, app_mention, message
from tests.redis_server import RedisServer, redis_binary
from tests.test_slack_app import Bot, Recording, make_settings

pytestmark = pytest.mark.skipif(redis_binary() is None, reason="no redis-server binary")

THREAD = ThreadKey("slack", TEAM_ID, "C0CHAN", "100.1")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path / "redis", appendonly=True).start()
    yield running
    running.stop()


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


@asynccontextmanager
async def replica(slack: FakeSlack, server: RedisServer) -> AsyncIterator[Bot]:
    """One bot process: its own Redis client, Engine and Slack adapter over HTTP."""
    config = make_settings(slack).model_copy(update={"rate_limit_user_per_minute": 1000})
    store = RedisStore(make_client(server.url))
    ports = Ports(sessions=store, gate=store, brain=RulesBrain(), limiter=store, threads=store)
    handler = Recording(Engine(config, ports))
    adapter = SlackAdapter.build(config, handler)
    runner = await start_http(adapter.web_app(), "127.0.0.1", 0)
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    try:
        async with aiohttp.ClientSession() as session:
            yield Bot(adapter, handler, slack, session, url)
    finally:
        await runner.cleanup()
        await store.close()


async def test_a_reply_without_a_mention_is_answered_by_another_replica_and_after_restart(
    slack: FakeSlack, server: RedisServer
) -> None:
    idea = "<@U0BOT> a booking app for dog groomers, owners book a slot online"
    async with replica(slack, server) as a, replica(slack, server) as b:
        await a.event(app_mention(idea, "100.1"), "Ev1")
        await a.settle()
        assert [r.kind for r in a.handler.answers] == ["question"]

        await b.event(message("groomers and the pet owners", "100.2", thread_ts="100.1"), "Ev2")
        await b.settle()
        (inbound,) = b.handler.inbounds
        assert inbound.addressed is False and inbound.thread == THREAD
        assert [r.kind for r in b.handler.answers] == ["question"]

        await b.event(message("not for the bot", "200.2", thread_ts="200.1"), "Ev3")
        await b.settle()
        assert b.handler.answers[-1].kind == "ignored"

    server.stop()  # the bots and Redis restart; the thread records were persisted
    server.restart()
    async with replica(slack, server) as c:
        await c.event(message("they double-book on paper", "100.3", thread_ts="100.1"), "Ev4")
        await c.settle()
        assert [r.kind for r in c.handler.answers] == ["question"]
        assert await c.command("status") == (200, "")
        await c.settle()
        status = c.handler.answers[-1]
        assert status.thread == THREAD
        assert "Coverage" in status.text
    posted = [call.args.get("thread_ts") for call in slack.of("chat.postMessage")]
    assert posted.count("200.1") == 0
    assert all("<@" not in i.text for i in c.handler.inbounds)

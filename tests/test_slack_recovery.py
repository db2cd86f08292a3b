"""Slack turns a killed replica left unfinished, through the real Bolt app and the real engine
on a real Redis: a saved turn gets its saved answer, an unsaved one a "please resend"."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import ThreadKey, Unfinished
from engine.session import answer_to
from engine.store.redis import RedisStore
from tests.fakes.slack_api import TEAM_ID, FakeSlack, app_mention, message
from tests.harness import settings
from tests.redis_server import RedisServer
from tests.test_slack_app import make_settings, serve

DEAD = "replica-killed-mid-turn"
RESEND = "send it again"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path / "redis", appendonly=True).start()
    yield running
    running.stop()


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


async def test_saved_turns_get_their_answer_and_unsaved_ones_a_resend(
    slack: FakeSlack, server: RedisServer
) -> None:
    config = make_settings(slack).model_copy(update={"lock_lease_seconds": 1.0})
    store = RedisStore.from_settings(settings(session_storage="redis", redis_url=server.url))
    ports = Ports(
        sessions=store,
        gate=store,
        brain=RulesBrain(),
        threads=store,
        arrivals=store,
        inflight=store.inflight,
    )
    try:
        async with serve(slack, Engine(config, ports), config) as bot:
            idea = "<@U0BOT> a booking app for our 2 yoga studios, ppl dm us on insta to book lol"
            await bot.event(app_mention(idea, "100.1"), "Ev1")
            await bot.settle()
            reply = "students mostly, and the teachers who run the classes"
            await bot.event(message(reply, "100.2", thread_ts="100.1"), "Ev2")
            await bot.settle()
            key = ThreadKey("slack", TEAM_ID, "C0CHAN", "100.1")
            session = await store.load(key)
            assert session is not None
            said = answer_to(session, "C0CHAN:100.2")  # a message's id: channel and ts
            assert said is not None
            # the killed replica had saved 100.2 but not replaced its "thinking…"; 100.3 it
            # had not saved (a plain reply: no placeholder)
            client = bot.adapter.app.client
            thinking = await client.chat_postMessage(
                channel="C0CHAN", thread_ts="100.1", text="thinking…"
            )
            ts = str(thinking["ts"])
            await store.inflight.begin(Unfinished(key, "C0CHAN:100.2", f"C0CHAN|{ts}|100.1"), DEAD)
            lost = Unfinished(key, "C0CHAN:100.3", "C0CHAN||100.1", addressed=False)
            await store.inflight.begin(lost, DEAD)
            posts = len(slack.of("chat.postMessage"))

            assert await bot.adapter.recover_once(client) == 2
            [replaced] = [c for c in slack.of("chat.update") if c.args["ts"] == ts]
            assert RESEND not in replaced.args["text"]
            answered = [c.args["text"] for c in slack.of("chat.postMessage")[:posts]]
            assert replaced.args["text"] in answered  # as the turn answered it the first time
            again = slack.of("chat.postMessage")[posts:]
            assert [(c.args["thread_ts"], RESEND in c.args["text"]) for c in again] == [
                ("100.1", True)
            ]
            assert await bot.adapter.recover_once(client) == 0
    finally:
        await store.close()

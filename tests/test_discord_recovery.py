"""Discord turns a killed replica left unfinished: the real discord.py client against the fake
Discord, the real engine on a real Redis shared with the "dead" and a live replica."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.discord_events import AnswerPlace, answer_place
from bot.discord_recovery import Recovery
from engine.brain.base import Brain
from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Inbound, Reply, ThreadKey, Unfinished
from engine.session import Session
from engine.store.redis import RedisStore
from engine.types import TurnPlan
from tests.discord_bot import ANN, Bots, until
from tests.fakes.discord_api import APP_ID, CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.harness import settings
from tests.redis_server import RedisServer

DEAD = "replica-killed-mid-turn"  # its heartbeat never existed (as after kill -9)
IDEA = "an app so our dog walkers can see their walks for the day, now its a group chat mess"
RESEND = "send it again"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path / "redis", appendonly=True).start()
    yield running
    running.stop()


@pytest.fixture
async def stores(server: RedisServer) -> AsyncIterator[tuple[RedisStore, RedisStore]]:
    config = settings(session_storage="redis", redis_url=server.url, lock_lease_seconds=1)
    pair = (RedisStore.from_settings(config), RedisStore.from_settings(config))
    yield pair
    for store in pair:
        await store.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bots() -> AsyncIterator[Bots]:
    running = Bots()
    yield running
    await running.close()


class Stalling:
    """The offline brain, stalled on demand like a replica that died mid-turn (until
    `release` is set, then it fails and the engine answers offline)."""

    def __init__(self) -> None:
        self.stall = False
        self.release = asyncio.Event()
        self.rules = RulesBrain()

    async def turn(self, session: Session, inbound: Inbound) -> TurnPlan:
        if self.stall:
            await self.release.wait()
        return await self.rules.turn(session, inbound)


class Places:
    """The engine, with where each turn said it is answered."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.places: list[AnswerPlace | None] = []

    async def arrive(self, inbound: Inbound) -> str:
        return await self.engine.arrive(inbound)

    async def handle(self, inbound: Inbound, ticket: str = "", placeholder: str = "") -> Reply:
        self.places.append(answer_place(placeholder))
        return await self.engine.handle(inbound, ticket, placeholder)

    def starts_interview(self, text: str) -> bool:
        return self.engine.starts_interview(text)


def _engine(store: RedisStore, brain: Brain | None = None) -> Engine:
    config = settings(session_storage="redis", lock_lease_seconds=1)
    ports = Ports(
        sessions=store,
        gate=store,
        brain=brain or RulesBrain(),
        inflight=store.inflight,
        threads=store,
        arrivals=store,
    )
    return Engine(config, ports)


def _reference(body: object) -> str | None:
    assert isinstance(body, dict)
    reference = body.get("message_reference") or {}
    return str(reference["message_id"]) if reference else None


async def _interview(fake: FakeDiscord) -> tuple[int, int]:
    """An interview started with /interview start and one reply answered: (thread, reply)."""
    await fake.slash("start", {"idea": IDEA}, user=ANN)
    thread = int((await until(lambda: fake.threads()))[0]["id"])
    await until(lambda: len(fake.posted(thread)) >= 1)
    reply = await fake.say(thread, "the walkers mostly, n the office that plans routes", user=ANN)
    await until(lambda: len(fake.posted(thread)) >= 2)
    return thread, reply


async def test_a_dead_replicas_turns_are_answered_once_in_their_place(
    fake: FakeDiscord, bots: Bots, stores: tuple[RedisStore, RedisStore]
) -> None:
    bot = await bots.start(fake, _engine(stores[1]))
    thread, saved = await _interview(fake)
    key = ThreadKey("discord", str(GUILD_ID), str(CHANNEL_ID), str(thread))
    answered_before = fake.posted(thread)[1].body or {}
    # the killed replica had saved `saved` but not posted its answer, and had not got to
    # `lost`; it was also answering two deferred interactions, one of them long ago
    lost = int(fake.message_payload(thread, ANN, "oh and owners shud see it too")["id"])
    status = await fake.slash("status", user=ANN, channel_id=thread)
    await until(lambda: fake.sent(f"itoken-{status}/messages/@original", "PATCH"))
    fresh = AnswerPlace(thread, 0, APP_ID, f"itoken-{status}", time.time())
    stale = AnswerPlace(thread, 0, APP_ID, "itoken-1", time.time() - 20 * 60)
    for turn in (
        Unfinished(key, str(saved), AnswerPlace(thread, saved).ref(), addressed=False),
        Unfinished(key, str(lost), AnswerPlace(thread, lost).ref(), addressed=False),
        Unfinished(key, "i-fresh", fresh.ref()),
        Unfinished(key, "i-stale", stale.ref()),
    ):
        await stores[0].inflight.begin(turn, DEAD)
    posts = len(fake.posted(thread))

    assert await bot.adapter.recovery.recover_once() == 4
    new = [c.body or {} for c in fake.posted(thread)[posts:]]
    by_reference = {_reference(body): str(body["content"]) for body in new}
    assert by_reference[str(saved)] == answered_before["content"]
    assert RESEND not in by_reference[str(saved)]
    assert RESEND in by_reference[str(lost)]
    assert RESEND in by_reference[None]  # the stale interaction: said in its thread
    assert len(new) == 3
    hooks = fake.sent(f"/webhooks/{APP_ID}/itoken-{status}", "POST")
    assert [RESEND in str((h.body or {})["content"]) for h in hooks] == [True]
    assert not [c for c in fake.sent("/webhooks/", "POST") if c.path.endswith("/itoken-1")]

    assert await bot.adapter.recovery.recover_once() == 0
    assert len(fake.posted(thread)) == posts + 3


async def test_a_live_replicas_turns_are_never_taken(
    fake: FakeDiscord, bots: Bots, stores: tuple[RedisStore, RedisStore]
) -> None:
    bot = await bots.start(fake, _engine(stores[1]))
    thread, _ = await _interview(fake)
    key = ThreadKey("discord", str(GUILD_ID), str(CHANNEL_ID), str(thread))
    live = _engine(stores[0])
    assert await live.unfinished("discord") == []  # its heartbeat, for one lease (1 s)
    working = int(fake.message_payload(thread, ANN, "its for 2 cities btw")["id"])
    await stores[0].inflight.begin(
        Unfinished(key, str(working), AnswerPlace(thread, working).ref()), live.replica
    )
    on_slack = ThreadKey("slack", "T1", "C1", "100.1")  # a dead replica's Slack turn
    await stores[0].inflight.begin(Unfinished(on_slack, "Ev1", "C1|100.2|100.1"), DEAD)
    posts = len(fake.posted(thread))
    assert await bot.adapter.recovery.recover_once() == 0
    assert len(fake.posted(thread)) == posts
    assert [u.message_id for u in await live.unfinished("slack")] == ["Ev1"]

    await asyncio.sleep(1.2)  # the live replica stops beating: now it is dead
    assert await bot.adapter.recovery.recover_once() == 1
    [body] = [c.body or {} for c in fake.posted(thread)[posts:]]
    assert _reference(body) == str(working) and RESEND in str(body["content"])


async def test_the_recovery_loop_runs_while_serving_and_stops_with_it(
    fake: FakeDiscord, bots: Bots, stores: tuple[RedisStore, RedisStore]
) -> None:
    bot = await bots.start(fake, _engine(stores[1]))
    thread, _ = await _interview(fake)
    key = ThreadKey("discord", str(GUILD_ID), str(CHANNEL_ID), str(thread))
    lost = int(fake.message_payload(thread, ANN, "and a map view pls")["id"])
    await stores[0].inflight.begin(
        Unfinished(key, str(lost), AnswerPlace(thread, lost).ref()), DEAD
    )
    posts = len(fake.posted(thread))
    async with bot.adapter.recovery.running():
        await until(lambda: len(fake.posted(thread)) > posts)
    assert _reference(fake.posted(thread)[posts].body) == str(lost)


async def test_a_turn_in_flight_on_a_replica_without_a_heartbeat_is_asked_for_again(
    fake: FakeDiscord, bots: Bots, stores: tuple[RedisStore, RedisStore]
) -> None:
    brain = Stalling()
    handler = Places(_engine(stores[0], brain))  # replica a never heartbeats: as if killed
    bot = await bots.start(fake, handler)
    thread, reply = await _interview(fake)
    assert handler.places[-1] == AnswerPlace(thread, reply)
    status = await fake.slash("status", user=ANN, channel_id=thread)
    await until(lambda: fake.sent(f"itoken-{status}/messages/@original", "PATCH"))
    place = handler.places[-1]
    assert place is not None and place.token_fresh()
    assert (place.channel, place.app, place.token) == (thread, APP_ID, f"itoken-{status}")

    brain.stall = True
    stuck = await fake.say(thread, "also the owners want a photo after each walk", user=ANN)
    posts = len(fake.posted(thread))
    other = Recovery(bot.client, _engine(stores[1]))  # replica b, same Discord app
    for _ in range(200):
        if await other.recover_once():
            break
        await asyncio.sleep(0.02)
    [body] = [c.body or {} for c in fake.posted(thread)[posts:]]
    assert _reference(body) == str(stuck) and RESEND in str(body["content"])
    brain.release.set()  # let the stalled turn end before the test does
    await until(lambda: len(fake.posted(thread)) > posts + 1)

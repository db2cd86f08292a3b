"""Turns in flight are recorded before work begins; a dead replica's turns are found once,
by one live replica, and a live replica's turns are never taken."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Inbound, ThreadKey, Unfinished
from engine.session import answer_to, from_json
from engine.store.inflight import MemoryInflight
from engine.store.keys import session_key
from engine.store.redis import RedisStore
from tests.harness import settings
from tests.redis_server import RedisServer

THREAD = ThreadKey("slack", "T1", "C1", "300.1")


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


def _engine(store: RedisStore, **ports: object) -> Engine:
    config = settings(session_storage="redis", lock_lease_seconds=1)
    return Engine(
        config,
        Ports(
            sessions=store,
            gate=store,
            brain=RulesBrain(),
            inflight=store.inflight,
            threads=store,
            arrivals=store,
            **ports,  # type: ignore[arg-type]
        ),
    )


def _said(text: str, message_id: str, addressed: bool = True) -> Inbound:
    return Inbound(THREAD, message_id, "U1", "ann", text, addressed=addressed)


DEAD = "replica-that-was-killed"  # never heartbeats
IDEA = "we want an app for dog walkers to book walks, rn its all whatsapp n chaos"


async def test_a_dead_replicas_turn_is_recovered_once(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    lost = Unfinished(THREAD, "Ev1", "C1|111.1")
    await stores[0].inflight.begin(lost, "replica-that-was-killed")  # no heartbeat ever
    found = await a.unfinished("slack")
    assert [(u.thread, u.message_id, u.placeholder) for u in found] == [(THREAD, "Ev1", "C1|111.1")]
    assert await b.unfinished("slack") == []
    assert await a.unfinished("slack") == []


async def test_a_live_replicas_turns_are_left_alone_until_its_heartbeat_stops(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    await a.unfinished("slack")  # heartbeat of a, for one lease (1 s)
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev2", "C1|222.2"), a.replica)
    assert await b.unfinished("slack") == []
    await asyncio.sleep(1.2)  # a stops beating (as after kill -9); its lease runs out
    assert [u.message_id for u in await b.unfinished("slack")] == ["Ev2"]


async def test_a_finished_turn_leaves_no_record(stores: tuple[RedisStore, RedisStore]) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    reply = await a.handle(Inbound(THREAD, "Ev3", "U1", "Ann", "a rota app"), "", "C1|333.3")
    assert reply.kind == "question"
    await asyncio.sleep(1.2)
    assert await b.unfinished("slack") == []


async def test_memory_inflight_follows_the_same_contract() -> None:
    clock = [0.0]
    inflight = MemoryInflight(clock=lambda: clock[0])
    assert await inflight.orphans("me", 1.0) == []
    await inflight.begin(Unfinished(THREAD, "Ev4", "p"), "me")
    await inflight.begin(Unfinished(THREAD, "Ev5", "q"), "ghost")
    assert [u.message_id for u in await inflight.orphans("me", 1.0)] == ["Ev5"]
    clock[0] = 2.0
    assert [u.message_id for u in await inflight.orphans("other", 1.0)] == ["Ev4"]
    await inflight.begin(Unfinished(THREAD, "Ev6", "r"), "other")
    await inflight.end(THREAD, "Ev6")
    assert await inflight.orphans("x", 1.0) == []
    elsewhere = ThreadKey("discord", "G1", "C1", "7")
    await inflight.begin(Unfinished(elsewhere, "m7", "s"), "ghost")
    assert await inflight.orphans("me", 1.0, "slack") == []
    assert [u.message_id for u in await inflight.orphans("me", 1.0, "discord")] == ["m7"]


async def test_a_dead_replicas_turn_that_was_saved_posts_its_saved_answer(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    first = await a.handle(_said(IDEA, "Ev10"), await a.arrive(_said(IDEA, "Ev10")), "C1|1.1")
    answer = "mostly the walkers themselves, and owners who book"
    second = await a.handle(_said(answer, "Ev11"), await a.arrive(_said(answer, "Ev11")), "C1|2.2")
    # a died after saving Ev11 but before posting its answer; Ev12 never got that far
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev11", "C1|2.2"), DEAD)
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev12", "C1|3.3"), DEAD)
    found = {u.message_id: u for u in await b.unfinished("slack")}
    assert found.keys() == {"Ev11", "Ev12"}
    saved = found["Ev11"].reply
    assert saved is not None and saved.text == second.text != first.text
    assert saved.kind == second.kind == "question"
    assert [x.id for x in saved.actions] == [x.id for x in second.actions]
    assert found["Ev12"].reply is None and "send it again" in found["Ev12"].text
    session = await stores[1].load(THREAD)
    assert session is not None
    assert [t.message_id for t in session.transcript if t.role == "user"] == ["Ev10", "Ev11"]


async def test_a_saved_delivery_is_completed_with_its_files(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    await a.handle(_said(IDEA, "Ev20"), await a.arrive(_said(IDEA, "Ev20")), "C1|1.1")
    escape = "just give me the brief already, skip the rest"
    ticket = await a.arrive(_said(escape, "Ev21"))
    delivered = await a.handle(_said(escape, "Ev21"), ticket, "C1|2.2")
    assert delivered.kind == "deliverables" and delivered.attachments
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev21", "C1|2.2"), DEAD)
    [turn] = await b.unfinished("slack")
    assert turn.reply is not None and turn.reply.kind == "deliverables"
    assert turn.reply.text.startswith(delivered.text.split("\n")[0])
    names = sorted(f.filename for f in turn.reply.attachments)
    assert names == sorted(f.filename for f in delivered.attachments)


async def test_a_plain_reply_is_dropped_only_where_the_bot_would_have_ignored_it(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    elsewhere = ThreadKey("slack", "T1", "C1", "999.9")  # a thread the bot never joined
    chatter = Unfinished(elsewhere, "Ev30", "C1||999.9", addressed=False)
    await stores[0].inflight.begin(chatter, DEAD)
    assert await b.unfinished("slack") == []
    await a.handle(_said(IDEA, "Ev31"), await a.arrive(_said(IDEA, "Ev31")), "C1|1.1")
    reply = Unfinished(THREAD, "Ev32", "C1||300.1", addressed=False)  # the bot's own thread
    await stores[0].inflight.begin(reply, DEAD)
    [asked] = await b.unfinished("slack")
    assert asked.message_id == "Ev32" and asked.reply is None


async def test_each_platform_takes_only_its_own_turns(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    b = _engine(stores[1])
    on_discord = ThreadKey("discord", "G1", "C1", "77")
    await stores[0].inflight.begin(Unfinished(on_discord, "m1", '{"channel":77}'), DEAD)
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev40", "C1|4.4"), DEAD)
    assert [u.message_id for u in await b.unfinished("slack")] == ["Ev40"]
    assert [u.message_id for u in await b.unfinished("discord")] == ["m1"]
    assert await b.unfinished("discord") == await b.unfinished("slack") == []


async def test_a_session_saved_before_message_ids_still_loads_and_asks_for_a_resend(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    await a.handle(_said(IDEA, "Ev50"), await a.arrive(_said(IDEA, "Ev50")), "C1|1.1")
    key = session_key(THREAD.slug())
    data = json.loads(await stores[0].client.get(key))
    for line in data["transcript"]:
        del line["message_id"]  # as an older build stored it
    await stores[0].client.set(key, json.dumps(data))
    old = from_json(json.dumps(data))
    assert [t.message_id for t in old.transcript] == ["", ""]
    assert answer_to(old, "") is None and answer_to(old, "Ev50") is None
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev50", "C1|1.1"), DEAD)
    [turn] = await b.unfinished("slack")
    assert turn.reply is None and "send it again" in turn.text
    follow_up = "walkers n owners"
    reply = await b.handle(_said(follow_up, "Ev51"), await b.arrive(_said(follow_up, "Ev51")))
    assert reply.kind == "question"
    session = await stores[1].load(THREAD)
    assert session is not None and session.transcript[-2].message_id == "Ev51"

"""Turns in flight are recorded before work begins; a dead replica's turns are found once,
by one live replica, and a live replica's turns are never taken. A turn saved before its
replica died gets its saved answer, an unsaved one a "please resend": in the engine on a real
Redis, then through the real Bolt app and the real discord.py client against the fakes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot import recovery
from bot.discord_events import AnswerPlace, answer_place
from bot.discord_recovery import Recovery
from bot.slack_events import Target
from bot.slack_format import THINKING, SlackMessage
from bot.slack_send import placeholder_metadata, post
from engine.brain.base import Brain
from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Inbound, Reply, Send, ThreadKey, Unfinished
from engine.session import Session, answer_to, from_json, said_by, stamped
from engine.store.inflight import MemoryInflight
from engine.store.keys import session_key
from engine.store.redis import RedisStore
from engine.types import TurnPlan
from tests.discord_bot import ANN, Bots, until
from tests.fakes.discord_api import APP_ID, CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.fakes.slack_api import TEAM_ID, FakeSlack, app_mention, message
from tests.harness import settings
from tests.redis_server import RedisServer
from tests.test_slack_app import Bot, make_settings, serve

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


def _said(text: str, message_id: str, addressed: bool = True) -> Inbound:
    return Inbound(THREAD, message_id, "U1", "ann", text, addressed=addressed)


DEAD = "replica-that-was-killed"  # never heartbeats (as after kill -9)
RESEND = "send it again"
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
    await inflight.end(THREAD, "Ev6", "other")
    assert await inflight.orphans("x", 1.0) == []
    elsewhere = ThreadKey("discord", "G1", "C1", "7")
    await inflight.begin(Unfinished(elsewhere, "m7", "s"), "ghost")
    assert await inflight.orphans("me", 1.0, "slack") == []
    assert [u.message_id for u in await inflight.orphans("me", 1.0, "discord")] == ["m7"]


async def test_a_dead_replicas_turns_are_found_behind_a_thousand_live_ones(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    for i in range(1000):  # older than the dead replica's turns, all of a live replica
        await stores[0].inflight.begin(Unfinished(THREAD, f"live{i}", "C1||300.1"), a.replica)
    await a.unfinished("slack")  # a is alive (for 1 s: after the thousand writes)
    for i in range(3):
        await stores[0].inflight.begin(Unfinished(THREAD, f"dead{i}", "C1||300.1"), "killed")
    assert sorted(u.message_id for u in await b.unfinished("slack")) == ["dead0", "dead1", "dead2"]


async def test_a_redelivery_answered_by_another_replica_keeps_the_originals_record(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    inbound = Inbound(THREAD, "Ev7", "U1", "Ann", "a rota app for the night shift")
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev7", "C1|777.7"), "killed-mid-turn")
    # the killed replica had marked Ev7 seen; Slack's retry reached b, which answers it as a
    # duplicate: that must not erase the record the killed replica left, which recovery
    # still finds (and, the message being unsaved, asks for again)
    assert await stores[1].first_delivery(THREAD, "Ev7")
    assert (await b.handle(inbound, "", "C1|777.8")).kind == "duplicate"
    [turn] = await a.unfinished("slack")
    assert turn.message_id == "Ev7" and turn.reply is None


async def test_a_turn_is_in_flight_from_its_arrival_before_it_starts(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    inbound = Inbound(THREAD, "Ev8", "U1", "Ann", "a rota app")
    await a.arrive(inbound, "C1||300.1")  # acked, queued; then the replica is killed
    await asyncio.sleep(1.2)  # a never beat: its turns are orphans once b looks
    assert [(u.message_id, u.placeholder) for u in await b.unfinished("slack")] == [
        ("Ev8", "C1||300.1")
    ]


async def test_a_dead_replicas_turn_that_was_saved_posts_its_saved_answer(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    first = await a.handle(_said(IDEA, "Ev10"), await a.arrive(_said(IDEA, "Ev10")), "C1|1.1")
    answer = "mostly the walkers themselves, and owners who book"
    second = await a.handle(_said(answer, "Ev11"), await a.arrive(_said(answer, "Ev11")), "C1|2.2")
    # a died after saving Ev11 but before posting its answer; Ev12 never got that far
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev11", "C1|2.2"), a.replica)
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev12", "C1|3.3"), a.replica)
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


async def test_a_redelivery_a_live_replica_answered_is_not_answered_again(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    await b.handle(_said(IDEA, "Ev60"), await b.arrive(_said(IDEA, "Ev60")), "C1|1.1")
    # a took Ev61, queued it and died; Slack's retry of Ev61 reached b, which answered it
    await a.arrive(_said("owners of dogs, and the walkers", "Ev61"), "C1||1.1")
    retry = _said("owners of dogs, and the walkers", "Ev61")
    await b.handle(retry, await b.arrive(retry), "C1||1.1")
    session = await stores[1].load(THREAD)
    assert session is not None
    line = said_by(session, "Ev61")
    assert line is not None and line.replica == b.replica
    await asyncio.sleep(1.2)  # a's heartbeat (never sent) is gone: its record is an orphan
    [orphan] = await b.unfinished("slack")  # nothing to say twice: a's placeholder goes
    assert orphan.posting and orphan.reply is not None and orphan.reply.kind == "ignored"


async def test_a_saved_answer_that_later_turns_passed_is_not_shown_out_of_order(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    await a.handle(_said(IDEA, "Ev70"), await a.arrive(_said(IDEA, "Ev70")), "C1|1.1")
    await a.handle(
        _said("the walkers", "Ev71"), await a.arrive(_said("the walkers", "Ev71")), "C1|2.2"
    )
    await a.handle(_said("on phones", "Ev72"), await a.arrive(_said("on phones", "Ev72")), "C1|3.3")
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev71", "C1|2.2"), a.replica)
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev72", "C1|3.3"), a.replica)
    found = {u.message_id: u for u in await b.unfinished("slack")}
    passed, latest = found["Ev71"], found["Ev72"]
    assert passed.posting and passed.reply is not None and passed.reply.kind == "ignored"
    assert latest.reply is not None and latest.reply.kind == "question" and not latest.posting


async def test_a_saved_answer_is_shown_in_line_and_only_while_it_is_still_the_latest(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    await a.handle(_said(IDEA, "Ev80"), await a.arrive(_said(IDEA, "Ev80")), "C1|1.1")
    said = "the walkers, n owners who book"
    await a.handle(_said(said, "Ev81"), await a.arrive(_said(said, "Ev81")), "C1|2.2")
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev81", "C1|2.2"), a.replica)
    [lost] = await b.unfinished("slack")  # a died after saving Ev81: its answer, latest now
    assert lost.reply is not None and lost.reply.kind == "question"
    shown: list[Unfinished] = []

    async def show(turn: Unfinished) -> None:
        shown.append(turn)

    # the message queued behind a's lock is answered before the recovery gets its place
    nxt = _said("on their phones mostly", "Ev82")
    await b.handle(nxt, await b.arrive(nxt), "C1|3.3")
    await b.answer_lost(lost, show)
    [late] = shown
    assert late.posting and late.reply is not None and late.reply.kind == "ignored"

    # still the latest: shown as saved; a "please resend" needs no line
    again = _said("also a map of the walk", "Ev83")
    await a.handle(again, await a.arrive(again), "C1|4.4")
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev83", "C1|4.4"), a.replica)
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev84", "C1|5.5"), a.replica)
    for turn in sorted(await b.unfinished("slack"), key=lambda t: t.message_id):
        await b.answer_lost(turn, show)
    assert [(t.message_id, t.posting) for t in shown[1:]] == [("Ev83", False), ("Ev84", False)]
    assert shown[1].reply is not None and shown[1].reply.kind == "question"
    assert shown[2].reply is None and "send it again" in shown[2].text


async def test_a_saved_delivery_is_completed_with_its_files(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    await a.handle(_said(IDEA, "Ev20"), await a.arrive(_said(IDEA, "Ev20")), "C1|1.1")
    escape = "just give me the brief already, skip the rest"
    ticket = await a.arrive(_said(escape, "Ev21"))
    delivered = await a.handle(_said(escape, "Ev21"), ticket, "C1|2.2")
    assert delivered.kind == "deliverables" and delivered.attachments
    await stores[0].inflight.begin(Unfinished(THREAD, "Ev21", "C1|2.2"), a.replica)
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


# ---------------------------------------------------------------- Slack, through the Bolt app


async def test_a_turn_killed_while_its_answer_was_posted_is_marked_posting(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = _engine(stores[0]), _engine(stores[1])
    taken: list[Unfinished] = []

    async def send(reply: Reply) -> None:  # kill -9 lands here, mid-post: b looks now
        taken.extend(await b.unfinished("slack"))

    inbound = Inbound(THREAD, "Ev9", "U1", "Ann", "a rota app for the night shift")
    await a.handle(inbound, "", "C1||300.1", send)
    [turn] = taken
    assert turn.posting and turn.reply is not None  # saved, and maybe already shown


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


@contextlib.asynccontextmanager
async def _slack_interview(
    slack: FakeSlack, server: RedisServer, idea: str
) -> AsyncIterator[tuple[Bot, RedisStore]]:
    """A Bolt app on Redis (1 s leases) whose interview `idea` started in thread 100.1."""
    config = make_settings(slack).model_copy(update={"lock_lease_seconds": 1.0})
    store = RedisStore.from_settings(settings(session_storage="redis", redis_url=server.url))
    try:
        async with serve(slack, _engine(store), config) as bot:
            await bot.event(app_mention(idea, "100.1"), "Ev1")
            await bot.settle()
            yield bot, store
    finally:
        await store.close()


async def test_saved_turns_get_their_answer_and_unsaved_ones_a_resend(
    slack: FakeSlack, server: RedisServer
) -> None:
    idea = "<@U0BOT> a booking app for our 2 yoga studios, ppl dm us on insta to book lol"
    async with _slack_interview(slack, server, idea) as (bot, store):
        reply = "students mostly, and the teachers who run the classes"
        await bot.event(message(reply, "100.2", thread_ts="100.1"), "Ev2")
        await bot.settle()
        key = ThreadKey("slack", TEAM_ID, "C0CHAN", "100.1")
        session = await store.load(key)
        assert session is not None
        said = answer_to(session, "C0CHAN:100.2")  # a message's id: channel and ts
        assert said is not None
        # the replica that saved it is the one that died
        await store.save(stamped(session, "C0CHAN:100.2", DEAD))
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
        assert [(c.args["thread_ts"], RESEND in c.args["text"]) for c in again] == [("100.1", True)]
        assert await bot.adapter.recover_once(client) == 0

        # killed while posting: a placeholder is edited again (an edit repeats nothing);
        # a plain reply's answer is never posted anew (it may be there already)
        again_ts = str((await client.chat_postMessage(channel="C0CHAN", text="…"))["ts"])
        edit = Unfinished(key, "C0CHAN:100.2", f"C0CHAN|{again_ts}|100.1", posting=True)
        await store.inflight.begin(edit, DEAD)
        plain = Unfinished(key, "C0CHAN:100.2", "C0CHAN||100.1", addressed=False, posting=True)
        await store.inflight.begin(plain, "another-dead-replica")
        posts = len(slack.of("chat.postMessage"))
        assert await bot.adapter.recover_once(client) == 1
        assert [c.args["ts"] for c in slack.of("chat.update")][-1] == again_ts
        assert len(slack.of("chat.postMessage")) == posts


async def test_a_placeholder_posted_before_its_turn_recorded_it_is_found_and_replaced(
    slack: FakeSlack, server: RedisServer
) -> None:
    idea = "<@U0BOT> smth for my 3 barbershops so ppl stop no-showing, we use a paper book"
    async with _slack_interview(slack, server, idea) as (bot, store):
        [first] = slack.of("chat.postMessage")[:1]
        assert first.args["metadata"]["event_payload"] == {"message": "C0CHAN:100.1"}
        key = ThreadKey("slack", TEAM_ID, "C0CHAN", "100.1")
        # killed after Slack showed "thinking…" for 100.2 but before its record said so
        # (the record made on arrival has no placeholder); 100.3's is a live turn's;
        # 100.4's placeholder was never posted
        client, here = bot.adapter.app.client, Target("C0CHAN", "100.1")
        mine = await post(
            client, here, SlackMessage(THINKING), placeholder_metadata("C0CHAN:100.2")
        )
        other = await post(
            client, here, SlackMessage(THINKING), placeholder_metadata("C0CHAN:100.3")
        )
        for ts in ("100.2", "100.4"):
            await store.inflight.begin(Unfinished(key, f"C0CHAN:{ts}", "C0CHAN||100.1"), DEAD)
        posts = len(slack.of("chat.postMessage"))

        assert await bot.adapter.recover_once(client) == 2
        [edited] = slack.of("chat.update")[-1:]
        assert edited.args["ts"] == mine["ts"] and RESEND in edited.args["text"]
        assert slack.messages["C0CHAN"][str(other["ts"])]["text"] == THINKING
        [again] = slack.of("chat.postMessage")[posts:]
        assert again.args["thread_ts"] == "100.1" and RESEND in again.args["text"]
        reads = slack.of("conversations.replies")
        assert [(c.args["ts"], c.args["include_all_metadata"]) for c in reads] == [
            ("100.1", "1"),
            ("100.1", "1"),
        ]


async def test_a_dead_replicas_placeholder_for_a_message_answered_elsewhere_is_removed(
    slack: FakeSlack, server: RedisServer
) -> None:
    idea = "<@U0BOT> app for my cleaning crew to see todays jobs, we use a whatsapp group now"
    async with _slack_interview(slack, server, idea) as (bot, store):
        # the killed replica had taken this mention too (a Slack retry) and shown "thinking…";
        # the live replica answered it (its own placeholder, same metadata, now the answer)
        client, here = bot.adapter.app.client, Target("C0CHAN", "100.1")
        stale = await post(
            client, here, SlackMessage(THINKING), placeholder_metadata("C0CHAN:100.1")
        )
        key = ThreadKey("slack", TEAM_ID, "C0CHAN", "100.1")
        await store.inflight.begin(Unfinished(key, "C0CHAN:100.1", "C0CHAN||100.1"), DEAD)
        posts = len(slack.of("chat.postMessage"))

        assert await bot.adapter.recover_once(client) == 1
        assert [c.args["ts"] for c in slack.of("chat.delete")] == [stale["ts"]]
        assert len(slack.of("chat.postMessage")) == posts
        answered = [m for m in slack.messages["C0CHAN"].values() if m["text"] != THINKING]
        assert answered  # the live replica's answer stays


# ---------------------------------------------------------------- Discord, through discord.py

WALKS = "an app so our dog walkers can see their walks for the day, now its a group chat mess"


class Stalling:
    """The offline brain, stalled on demand like a replica that died mid-turn (until
    `release` is set)."""

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

    async def arrive(self, inbound: Inbound, where: str = "") -> str:
        self.places.append(answer_place(where))
        return await self.engine.arrive(inbound, where)

    async def handle(
        self, inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        if placeholder:
            self.places.append(answer_place(placeholder))
        return await self.engine.handle(inbound, ticket, placeholder, send)

    def starts_interview(self, text: str) -> bool:
        return self.engine.starts_interview(text)


def _reference(body: object) -> str | None:
    assert isinstance(body, dict)
    reference = body.get("message_reference") or {}
    return str(reference["message_id"]) if reference else None


async def _interview(fake: FakeDiscord) -> tuple[ThreadKey, int, int]:
    """An interview started with /interview start and one reply answered: its key, its
    thread and the reply."""
    await fake.slash("start", {"idea": WALKS}, user=ANN)
    thread = int((await until(lambda: fake.threads()))[0]["id"])
    await until(lambda: len(fake.posted(thread)) >= 1)
    reply = await fake.say(thread, "the walkers mostly, n the office that plans routes", user=ANN)
    await until(lambda: len(fake.posted(thread)) >= 2)
    return ThreadKey("discord", str(GUILD_ID), str(CHANNEL_ID), str(thread)), thread, reply


async def test_a_dead_replicas_turns_are_answered_once_in_their_place(
    fake: FakeDiscord, bots: Bots, stores: tuple[RedisStore, RedisStore]
) -> None:
    bot = await bots.start(fake, _engine(stores[1]))
    key, thread, saved = await _interview(fake)
    answered_before = fake.posted(thread)[1].body or {}
    session = await stores[1].load(key)
    assert session is not None
    await stores[1].save(stamped(session, str(saved), DEAD))  # the dead replica saved it
    # the killed replica had saved `saved` but not posted its answer, and had not got to
    # `lost`; it was also answering three deferred interactions: one long ago, one whose
    # token Discord refuses although it looked fresh
    lost = int(fake.message_payload(thread, ANN, "oh and owners shud see it too")["id"])
    status = await fake.slash("status", user=ANN, channel_id=thread)
    await until(lambda: fake.sent(f"itoken-{status}/messages/@original", "PATCH"))
    fresh = AnswerPlace(thread, 0, APP_ID, f"itoken-{status}", time.time())
    stale = AnswerPlace(thread, 0, APP_ID, "itoken-1", time.time() - 20 * 60)
    old = ((fake.snowflake() >> 22) - 20 * 60 * 1000) << 22  # 20 minutes ago, as a snowflake
    refused = AnswerPlace(thread, 0, APP_ID, f"itoken-{old}", time.time())
    for turn in (
        Unfinished(key, str(saved), AnswerPlace(thread, saved).ref(), addressed=False),
        Unfinished(key, str(lost), AnswerPlace(thread, lost).ref(), addressed=False),
        Unfinished(key, "i-fresh", fresh.ref()),
        Unfinished(key, "i-stale", stale.ref()),
        Unfinished(key, "i-refused", refused.ref()),
    ):
        await stores[0].inflight.begin(turn, DEAD)
    posts = len(fake.posted(thread))

    assert await bot.adapter.recovery.recover_once() == 5
    new = [c.body or {} for c in fake.posted(thread)[posts:]]
    by_reference = {_reference(body): str(body["content"]) for body in new}
    assert by_reference[str(saved)] == answered_before["content"]
    assert RESEND not in by_reference[str(saved)]
    assert RESEND in by_reference[str(lost)]
    # the stale and the refused interactions: said in their thread
    assert [RESEND in str(b["content"]) for b in new if _reference(b) is None] == [True, True]
    assert len(new) == 4
    hooks = fake.sent(f"/webhooks/{APP_ID}/itoken-{status}", "POST")
    assert [RESEND in str((h.body or {})["content"]) for h in hooks] == [True]
    assert not [c for c in fake.sent("/webhooks/", "POST") if c.path.endswith("/itoken-1")]
    assert len(fake.sent(f"/webhooks/{APP_ID}/itoken-{old}", "POST")) == 1  # refused

    assert await bot.adapter.recovery.recover_once() == 0
    assert len(fake.posted(thread)) == posts + 4


async def test_a_live_replicas_turns_are_never_taken(
    fake: FakeDiscord, bots: Bots, stores: tuple[RedisStore, RedisStore]
) -> None:
    bot = await bots.start(fake, _engine(stores[1]))
    key, thread, _ = await _interview(fake)
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


async def test_a_discord_turn_killed_while_posting_is_not_answered_again(
    fake: FakeDiscord, bots: Bots, stores: tuple[RedisStore, RedisStore]
) -> None:
    bot = await bots.start(fake, _engine(stores[1]))
    key, thread, reply = await _interview(fake)
    session = await stores[1].load(key)
    assert session is not None
    await stores[1].save(stamped(session, str(reply), DEAD))  # the dead replica saved it
    # and had begun posting its answer: Discord answers are new messages, so posting again
    # could show it twice
    place = AnswerPlace(thread, reply).ref()
    await stores[0].inflight.begin(Unfinished(key, str(reply), place, posting=True), DEAD)
    posts = len(fake.posted(thread))
    assert await bot.adapter.recovery.recover_once() == 0
    assert len(fake.posted(thread)) == posts
    assert await stores[0].inflight.orphans("someone", 1.0, "discord") == []  # taken, once


async def test_the_recovery_loop_runs_while_serving_and_stops_with_it(
    fake: FakeDiscord, bots: Bots, stores: tuple[RedisStore, RedisStore]
) -> None:
    bot = await bots.start(fake, _engine(stores[1]))
    key, thread, _ = await _interview(fake)
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
    _, thread, reply = await _interview(fake)
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


async def test_a_slow_round_does_not_hold_up_the_next_rounds_heartbeat(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(recovery, "RECOVERY_SECONDS", 0.05)
    rounds: list[int] = []
    stuck = asyncio.Event()

    async def once() -> int:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            await stuck.wait()  # a saved answer waiting for its thread's line
        return 0

    async with recovery.recovering(once):
        await until(lambda: len(rounds) >= 3)
    assert not stuck.is_set()  # the first round was still waiting, and was cancelled on exit

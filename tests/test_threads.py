"""Thread records in the engine: who is addressed, which threads the bot owns, and
channel-level messages acting on the sender's latest thread."""

from __future__ import annotations

from dataclasses import replace

from engine import replies
from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Inbound, ThreadKey
from engine.store.memory import MemoryStore
from tests.harness import settings

THREAD = ThreadKey("discord", "G1", "C1", "T1")
CHANNEL = replace(THREAD, thread="")
IDEA = "we want an app so the dog groomers can take bookings, owners pay a deposit upfront"


def _engine(threads: bool = True) -> tuple[Engine, MemoryStore]:
    store = MemoryStore()
    ports = Ports(store, store, RulesBrain(), threads=store if threads else None)
    return Engine(settings(), ports), store


def _msg(
    n: int, text: str, *, thread: ThreadKey = THREAD, user: str = "U1", addressed: bool = True
) -> Inbound:
    return Inbound(thread, f"m{n}", user, "Ann", text, addressed=addressed)


async def test_an_unaddressed_message_in_a_thread_the_bot_does_not_own_is_ignored() -> None:
    engine, store = _engine()
    reply = await engine.handle(_msg(1, "lol same here", addressed=False))
    assert (reply.kind, reply.text) == ("ignored", "")
    assert await store.load(THREAD) is None
    assert not await store.owns(THREAD)
    # nothing was recorded for that delivery either: the same id, addressed, is answered
    assert (await engine.handle(_msg(1, IDEA))).kind == "question"


async def test_an_addressed_message_makes_the_thread_the_bots_and_replies_need_no_mention() -> None:
    engine, store = _engine()
    assert (await engine.handle(_msg(1, IDEA))).kind == "question"
    assert await store.owns(THREAD)
    answer = await engine.handle(_msg(2, "groomers n pet owners mostly", addressed=False))
    assert answer.kind == "question"
    other = replace(THREAD, thread="T2")
    assert (await engine.handle(_msg(3, "unrelated", thread=other, addressed=False))).kind == (
        "ignored"
    )


async def test_without_thread_records_only_addressed_messages_are_answered() -> None:
    engine, _ = _engine(threads=False)
    assert (await engine.handle(_msg(1, IDEA))).kind == "question"
    assert (await engine.handle(_msg(2, "owners", addressed=False))).kind == "ignored"
    assert (await engine.handle(_msg(3, "status", thread=CHANNEL))).text == (
        replies.NO_INTERVIEW_HERE
    )


async def test_channel_level_commands_act_on_the_senders_latest_thread() -> None:
    engine, _ = _engine()
    none_yet = await engine.handle(_msg(1, "status", thread=CHANNEL))
    assert none_yet.text == replies.NO_INTERVIEW_HERE and none_yet.thread is None
    helped = await engine.handle(_msg(2, "help", thread=CHANNEL))
    assert helped.text == replies.HELP

    await engine.handle(_msg(3, IDEA))
    status = await engine.handle(_msg(4, "status", thread=CHANNEL))
    assert status.thread == THREAD
    assert status.text.startswith(replies.ABOUT_LATEST)
    assert "Coverage" in status.text

    later = replace(THREAD, thread="T9")
    await engine.handle(_msg(5, "a second idea: a quiz app for nurses", thread=later))
    assert (await engine.handle(_msg(6, "profile", thread=CHANNEL))).thread == later
    someone_else = await engine.handle(_msg(7, "status", thread=CHANNEL, user="U2"))
    assert someone_else.text == replies.NO_INTERVIEW_HERE


async def test_forget_ends_ownership_of_the_thread() -> None:
    engine, store = _engine()
    await engine.handle(_msg(1, IDEA))
    assert (await engine.handle(_msg(2, "forget"))).text == replies.FORGOTTEN
    assert not await store.owns(THREAD)
    assert (await engine.handle(_msg(3, "still there?", addressed=False))).kind == "ignored"

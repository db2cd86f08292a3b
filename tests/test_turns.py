"""Rendering runs off the event loop, inside the thread's turn, on the saved version."""

from __future__ import annotations

import asyncio
import os
from dataclasses import replace

import pytest

from engine import worker
from engine.brain.rules import RulesBrain
from engine.deliverables.drawing import Missing
from engine.deliverables.files import Deliverables, render_all
from engine.engine import Engine, Ports
from engine.messages import Reply, ThreadKey
from engine.session import Session
from engine.store.memory import MemoryStore
from engine.turns import RenderPool, render_in_thread
from tests.harness import Chat, make_chat, settings

IDEA = "A marketplace for local farmers to sell vegetables to restaurants"


class HeldRender:
    """Renders on a thread, but holds the first render until released."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.versions: list[int] = []

    async def __call__(self, session: Session) -> Deliverables:
        self.versions.append(session.deliverable_version)
        if len(self.versions) == 2:  # the first correction's render (the first is the delivery)
            self.started.set()
            await self.release.wait()
        return await render_in_thread(session)


def _brief(reply: Reply) -> str:
    return next(a for a in reply.attachments if a.filename.endswith(".md")).content.decode()


async def test_a_correction_during_rendering_waits_and_gets_the_next_version_never_a_torn_one() -> (
    None
):
    config = settings()
    store = MemoryStore.from_settings(config)
    held = HeldRender()
    ports = Ports(sessions=store, gate=store, brain=RulesBrain(), threads=store, render=held)
    chat = Chat(Engine(config, ports), store)
    await chat.say(IDEA)
    assert (await chat.say("just show me something")).kind == "deliverables"

    first = asyncio.create_task(chat.say("actually the platform should be iOS only"))
    await asyncio.wait_for(held.started.wait(), 10)
    # the first correction is still drawing inside its turn: the second waits for it, so
    # its answer can never be shown before the first one's files
    second = asyncio.create_task(chat.say("actually the platform should be Android only"))
    await asyncio.sleep(0.2)
    assert not first.done() and not second.done()
    held.release.set()
    first_reply = await asyncio.wait_for(first, 10)
    second_reply = await asyncio.wait_for(second, 10)
    assert chat.replies.index(first_reply) < chat.replies.index(second_reply)

    assert held.versions == [1, 2, 3]
    assert first_reply.kind == second_reply.kind == "deliverables"
    assert all("-v2" in a.filename for a in first_reply.attachments)
    assert all("-v3" in a.filename for a in second_reply.attachments)
    assert "iOS only" in _brief(first_reply) and "Android only" not in _brief(first_reply)
    assert "Android only" in _brief(second_reply)
    stored = await chat.session()
    assert stored.deliverable_version == 3


async def test_the_render_pool_draws_the_same_files_in_a_worker_process() -> None:
    store = MemoryStore()
    chat = Chat(Engine(settings(), Ports(store, store, RulesBrain())), store)
    await chat.say(IDEA)
    await chat.say("done")
    session = await chat.session()
    pool = RenderPool(1)
    try:
        drawn = await asyncio.wait_for(pool(session), 60)
    finally:
        pool.close()
    local = render_all(session)
    assert drawn.brief == local.brief
    assert [a.filename for a in drawn.attachments] == [a.filename for a in local.attachments]
    assert drawn.spec == local.spec


async def test_warm_starts_every_worker_at_idle_priority_before_any_render() -> None:
    pool = RenderPool(2)
    try:
        pids = await asyncio.wait_for(pool.warm(), 120)
        assert len(pids) == 2 and os.getpid() not in pids
        for pid in pids:
            assert os.getpriority(os.PRIO_PROCESS, pid) >= worker.NICENESS
            if hasattr(os, "SCHED_IDLE"):
                assert os.sched_getscheduler(pid) == os.SCHED_IDLE
    finally:
        pool.close()


class CountingRender:
    """Renders on a thread and counts the versions it was asked to draw."""

    def __init__(self, fail_first: bool = False) -> None:
        self.versions: list[int] = []
        self.fail_first = fail_first

    async def __call__(self, session: Session) -> Deliverables:
        self.versions.append(session.deliverable_version)
        files = await render_in_thread(session)
        if self.fail_first and len(self.versions) == 1:
            gone = Missing(files.attachments[-1].filename, "pdf", "Traceback: boom")
            return replace(files, attachments=files.attachments[:-1], missing=(gone,))
        return files


def _counting_chat(render: CountingRender) -> Chat:
    store = MemoryStore()
    ports = Ports(sessions=store, gate=store, brain=RulesBrain(), threads=store, render=render)
    return Chat(Engine(settings(), ports), store)


async def test_a_version_is_drawn_once_however_often_it_is_sent_again() -> None:
    render = CountingRender()
    chat = _counting_chat(render)
    await chat.say(IDEA)
    first = await chat.say("done")
    again = await chat.say("export")
    assert again.kind == "deliverables" and "v1" in again.text
    assert again.attachments == first.attachments
    assert render.versions == [1]
    changed = await chat.say("actually the platform should be iOS only")
    assert all("-v2" in a.filename for a in changed.attachments)
    await chat.say("export")
    assert render.versions == [1, 2]
    await chat.say("restart")
    await chat.say(IDEA)
    assert (await chat.say("done")).kind == "deliverables"
    assert render.versions == [1, 2, 1]  # a new interview's v1 is new content


async def test_export_after_a_missing_file_draws_again() -> None:
    render = CountingRender(fail_first=True)
    chat = _counting_chat(render)
    await chat.say(IDEA)
    partial = await chat.say("done")
    assert "is missing" in partial.text
    complete = await chat.say("export")
    assert render.versions == [1, 1]
    assert len(complete.attachments) == len(partial.attachments) + 1


async def test_an_answer_is_posted_before_the_next_turn_of_its_thread_starts() -> None:
    chat = make_chat()
    await chat.say(IDEA)
    posts: list[str] = []
    posting, release = asyncio.Event(), asyncio.Event()

    async def slow(reply: Reply) -> None:  # e.g. a slow chat.update to Slack
        posting.set()
        await release.wait()
        posts.append("first")

    async def fast(reply: Reply) -> None:
        posts.append("second")

    first_in, second_in = chat.inbound("mostly nurses on night shift"), chat.inbound("on ipads")
    first_ticket = await chat.engine.arrive(first_in)
    second_ticket = await chat.engine.arrive(second_in)
    first = asyncio.create_task(chat.engine.handle(first_in, first_ticket, "", slow))
    second = asyncio.create_task(chat.engine.handle(second_in, second_ticket, "", fast))
    await asyncio.wait_for(posting.wait(), 10)
    await asyncio.sleep(0.1)
    assert posts == [] and not second.done()  # the next turn waits for the post
    release.set()
    await asyncio.wait_for(asyncio.gather(first, second), 10)
    assert posts == ["first", "second"]
    turns = [t.text for t in (await chat.session()).transcript if t.role == "user"]
    assert turns[-2:] == ["mostly nurses on night shift", "on ipads"]


async def test_a_failed_post_is_raised_to_the_adapter_after_the_turn_is_saved() -> None:
    chat = make_chat()
    await chat.say(IDEA)

    async def broken(reply: Reply) -> None:
        raise ConnectionError("slack is down")

    with pytest.raises(ConnectionError):
        await chat.engine.handle(chat.inbound("front desk staff"), "", "", broken)
    stored = await chat.session()
    assert stored.transcript[-2].text == "front desk staff"  # saved, then the post failed
    assert await chat.engine.unfinished("test") == []  # and no longer in flight


async def test_every_reply_is_posted_exactly_once_even_ignored_and_errors() -> None:
    chat = make_chat()
    seen: list[str] = []

    async def send(reply: Reply) -> None:
        seen.append(reply.kind)

    for text in (IDEA, "", "/help"):
        await chat.engine.handle(chat.inbound(text), "", "", send)
    elsewhere = ThreadKey("test", "W1", "C1", "T-not-ours")
    stray = replace(chat.inbound("hi"), thread=elsewhere, addressed=False)
    await chat.engine.handle(stray, "", "", send)
    assert len(seen) == 4 and seen[-1] == "ignored"

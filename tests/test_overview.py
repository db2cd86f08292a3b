"""Each person's recent interviews through the engine, and the title a turn gives."""

from __future__ import annotations

from dataclasses import replace

from engine.messages import ThreadKey
from engine.store.base import StoreError
from tests.harness import Chat, make_chat


async def test_a_turn_lists_the_interview_for_its_people_only() -> None:
    chat = make_chat()
    await chat.say("I want to build a booking app for my dental clinic", user="U1")
    (mine,) = await chat.engine.recent("test", "W1", "U1") or ()
    assert mine.thread == chat.thread
    assert mine.title == "Booking app for my dental clinic"
    assert (mine.stated, mine.total, mine.version) == (2, 14, 0)
    assert await chat.engine.recent("test", "W1", "U2") == ()
    assert await chat.engine.recent("test", "W2", "U1") == ()
    assert await chat.engine.recent("slack", "W1", "U1") == ()


async def test_the_list_follows_progress_delivery_and_other_people() -> None:
    chat = make_chat()
    await chat.say("A tool for recruiters to track candidates", user="U1")
    await chat.say("Hiring managers also review candidates", user="U2")
    await chat.say("done", user="U1")
    for user in ("U1", "U2"):
        (entry,) = await chat.engine.recent("test", "W1", user) or ()
        assert entry.version == 1
        assert entry.assumed > 0


async def test_newest_first_and_forget_takes_it_off() -> None:
    first = make_chat()
    second = Chat(first.engine, first.store, ThreadKey("test", "W1", "C2", "T9"))
    await first.say("A tool for recruiters to track candidates")
    await second.say("A booking app for dog walkers")
    listed = await first.engine.recent("test", "W1", "U1") or ()
    assert [e.thread for e in listed] == [second.thread, first.thread]
    assert len(await first.engine.recent("test", "W1", "U1", limit=1) or ()) == 1
    await second.say("forget")
    listed = await first.engine.recent("test", "W1", "U1") or ()
    assert [e.thread for e in listed] == [first.thread]


async def test_an_outage_of_the_list_is_none_and_never_fails_a_turn() -> None:
    chat = make_chat()

    class Down:
        async def note(self, *_: object) -> None:
            raise StoreError("down")

        async def recent(self, *_: object) -> tuple[()]:
            raise StoreError("down")

    engine = chat.engine
    engine._ports = replace(engine._ports, recent=Down())
    reply = await chat.say("A booking app for dog walkers")
    assert reply.kind == "question"
    assert await engine.recent("test", "W1", "U1") is None


async def test_the_title_is_given_once_and_again_when_it_changes() -> None:
    chat = make_chat()
    assert (await chat.say("hi")).title == ""
    first = await chat.say("I want to build a booking app for my dental clinic")
    assert first.title == "Booking app for my dental clinic"
    assert (await chat.say("Mostly the front-desk staff")).title == ""
    assert (await chat.say("call it ToothTime")).title == "ToothTime"
    assert (await chat.say("status")).title == ""

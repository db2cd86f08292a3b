"""The real discord.py client against the fake Discord on 127.0.0.1, with the real engine."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import pytest
from PIL import Image

from engine.messages import Inbound, Reply
from tests.discord_bot import ANN, BO, PINGS, Bots, until
from tests.fakes.discord_api import CHANNEL_ID, FakeDiscord, user_payload
from tests.harness import Chat, make_chat

IDEA = (
    "we run 3 vet clinics and want an app so pet owners can book appointments online, "
    "right now its all phone calls n the front desk is swamped"
)


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


def thread_posts(fake: FakeDiscord, thread_id: int) -> list[dict[str, object]]:
    """Bodies of the messages the bot posted in a thread (bot token)."""
    return [c.body or {} for c in fake.posted(thread_id)]


async def answered(fake: FakeDiscord, thread_id: int, count: int) -> list[dict[str, object]]:
    """Wait until the bot has posted `count` messages in the thread."""
    await until(lambda: len(fake.posted(thread_id)) >= count)
    return thread_posts(fake, thread_id)


def buttons(body: dict[str, object]) -> list[str]:
    """The custom ids of the buttons on a posted message."""
    rows = body.get("components") or []
    assert isinstance(rows, list)
    return [b["custom_id"] for row in rows for b in row["components"]]


async def test_whole_interview_with_a_restart_in_the_middle(fake: FakeDiscord, bots: Bots) -> None:
    chat = make_chat()
    bot = await bots.start(fake, chat.engine)
    interaction = await fake.slash("start", {"idea": IDEA}, user=ANN)
    thread = await until(lambda: fake.threads())
    thread_id = int(thread[0]["id"])
    posts = await answered(fake, thread_id, 1)

    # deferred first, then the thread, then the deferral edited to point at it
    callback = fake.sent(f"/interactions/{interaction}/", "POST")[0]
    assert callback.body == {"type": 5}
    assert callback.at <= fake.sent("/threads", "POST")[0].at
    edit = fake.sent("/messages/@original", "PATCH")[0]
    assert f"<#{thread_id}>" in str((edit.body or {})["content"])
    parent = fake.posted(CHANNEL_ID)[0].body or {}
    assert "book appointments" in str(parent["content"])
    assert "meta-agent:deliver" in buttons(posts[0])

    answers = [
        "the pet owners mostly, and the front desk staff who confirm the bookings",
        "no-shows are a big pain, ppl forget and we lose like 10 slots a week",
        "ios and android app i think, plus a web page for the front desk",
    ]
    for number, text in enumerate(answers, start=2):
        await fake.say(thread_id, text, user=ANN)
        await answered(fake, thread_id, number)

    # restart: a new client over the same engine and store; the thread continues
    await bots.stop(bot)
    await bots.start(fake, chat.engine)
    await fake.say(thread_id, "actually not ios and android, just a web app", user=ANN)
    posts = await answered(fake, thread_id, 5)
    session = await chat.store.load(_key(thread_id))
    assert session is not None and session.counters.corrections >= 1

    # the persistent button from before the restart still works: deliver now
    question = max(m for m, body in fake.messages.items() if "meta-agent:deliver" in str(body))
    press = await fake.click(question, "meta-agent:deliver", user=ANN)
    uploads = await until(lambda: [c for c in fake.posted(thread_id) if c.files])
    assert fake.sent(f"/interactions/{press}/", "POST")[0].body == {"type": 6}
    files = [f for call in uploads for f in call.files]
    pngs = [f for f in files if f.filename.endswith(".png")]
    assert pngs and all(f.field.startswith("files[") for f in files)
    for png in pngs:
        with Image.open(io.BytesIO(png.content)) as image:
            image.verify()
    assert any(f.filename.endswith(".md") for f in files)
    retired = fake.sent(f"/channels/{thread_id}/messages/{question}", "PATCH")
    assert retired and retired[0].body and retired[0].body.get("components") == []
    # the next buttons (accept assumptions, email) come on the last message of the delivery
    await until(lambda: any("meta-agent:accept" in buttons(b) for b in thread_posts(fake, thread_id)))


def _key(thread_id: int) -> object:
    from engine.messages import ThreadKey
    from tests.fakes.discord_api import GUILD_ID

    return ThreadKey("discord", str(GUILD_ID), str(CHANNEL_ID), str(thread_id))

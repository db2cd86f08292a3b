"""The real discord.py client against the fake Discord on 127.0.0.1, with the real engine."""

from __future__ import annotations

import asyncio
import io

from PIL import Image

from engine.messages import Inbound, Reply, Send
from tests.discord_bot import ANN, BO, PINGS, Bots, until
from tests.fakes.discord_api import CHANNEL_ID, FakeDiscord, user_payload
from tests.harness import Chat, make_chat, posted

RENDERING = 60.0  # deliverables render in a worker; a loaded 2-core box can take seconds
IDEA = (
    "we run 3 vet clinics and want an app so pet owners can book appointments online, "
    "right now its all phone calls n the front desk is swamped"
)


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
    uploads = await until(lambda: [c for c in fake.posted(thread_id) if c.files], RENDERING)
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
    await until(
        lambda: any("meta-agent:accept" in buttons(b) for b in thread_posts(fake, thread_id))
    )


def _key(thread_id: int) -> object:
    from engine.messages import ThreadKey
    from tests.fakes.discord_api import GUILD_ID

    return ThreadKey("discord", str(GUILD_ID), str(CHANNEL_ID), str(thread_id))


class Slow:
    """The engine behind a model that takes `delay` seconds to think."""

    def __init__(self, chat: Chat, delay: float) -> None:
        self.chat, self.delay = chat, delay
        self.thinking = 0

    async def arrive(self, inbound: Inbound, where: str = "") -> str:
        return ""

    async def handle(
        self, inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        self.thinking += 1
        try:
            await asyncio.sleep(self.delay)
            return await self.chat.engine.handle(inbound, ticket, placeholder, send)
        finally:
            self.thinking -= 1

    def starts_interview(self, text: str) -> bool:
        return self.chat.engine.starts_interview(text)


async def test_a_five_second_model_is_deferred_first_then_answered(
    fake: FakeDiscord, bots: Bots
) -> None:
    slow = Slow(make_chat(), 5.0)
    await bots.start(fake, slow)
    seen_while_thinking: list[str] = []
    fake.on_call = lambda call: seen_while_thinking.append(call.path) if slow.thinking else None
    start = await fake.slash("start", {"idea": IDEA}, user=ANN)
    status = await fake.slash("status", user=BO)
    thread_id = int((await until(lambda: fake.threads()))[0]["id"])
    await answered(fake, thread_id, 1)
    await until(lambda: len(fake.sent("/messages/@original", "PATCH")) >= 2)
    # both interactions were acknowledged before the model finished, the answers after
    assert fake.acknowledged.keys() >= {start, status}
    acks = fake.sent("/callback", "POST")
    answers = [*fake.sent(f"itoken-{status}/messages/@original", "PATCH"), *fake.posted(thread_id)]
    assert max(a.at for a in acks) < min(a.at for a in answers)
    # Discord's contract, not a performance figure: an interaction not acknowledged within
    # 3 s is dead ("Unknown interaction"), so both must have been deferred inside it
    assert all(fake.acknowledged[i] - fake.delivered[i] < 3.0 for i in (start, status))
    assert sum(p.endswith("/callback") for p in seen_while_thinking) == 0  # acked before
    # while the model thought, the thread showed "typing…"
    assert any(p == f"/channels/{thread_id}/typing" for p in seen_while_thinking)
    status_edit = fake.sent(f"itoken-{status}/messages/@original", "PATCH")
    assert status_edit and (status_edit[-1].body or {}).get("content")


class Echo:
    """Answers every message with its own words plus some pings and a long tail of text."""

    def __init__(self) -> None:
        self.inbounds: list[Inbound] = []

    async def arrive(self, inbound: Inbound, where: str = "") -> str:
        return ""

    async def handle(
        self, inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        self.inbounds.append(inbound)
        if inbound.thread.thread == "" or not inbound.addressed:
            return await posted(Reply("", kind="ignored"), send)
        long = "\n\n".join(f"Point {i}: " + "detail " * 60 for i in range(8))
        text = f"You said: {inbound.text}\n\nping <@123> <@&77> @here\n\n{long}"
        return await posted(Reply(text, kind="info"), send)

    def starts_interview(self, text: str) -> bool:
        return True


async def test_mentions_are_neutralised_and_long_text_split(fake: FakeDiscord, bots: Bots) -> None:
    echo = Echo()
    await bots.start(fake, echo)
    await fake.slash("start", {"idea": "a tool for @everyone, ask <@123> @here"}, user=ANN)
    thread_id = int((await until(lambda: fake.threads()))[0]["id"])
    await fake.say(
        thread_id,
        "<@900000000000000002> hey @everyone look at this <@123>",
        user=ANN,
        mentions=[user_payload(123, "carl")],
    )
    await until(lambda: len(echo.inbounds) == 2)
    await until(lambda: sum(1 for b in thread_posts(fake, thread_id) if "Point 7" in str(b)) == 2)
    # the engine saw plain text: our mention removed, others as names
    (said,) = [i for i in echo.inbounds if "look" in i.text]
    assert said.text == "hey @everyone look at this @carl"
    assert said.addressed
    sent = [c.body for c in fake.calls if c.method in ("POST", "PATCH") and c.body]
    contents = [str(b.get("content") or "") for b in sent if isinstance(b, dict)]
    assert contents and not any(PINGS.search(c) for c in contents)
    assert all(
        b.get("allowed_mentions") == {"parse": []}
        for b in sent
        if isinstance(b, dict) and "content" in b
    )
    assert all(len(c) <= 2000 for c in contents)
    assert sum("Point" in c for c in contents) >= 4  # the long answers came in several messages


async def test_plain_messages_in_threads_the_bot_does_not_own_are_ignored(
    fake: FakeDiscord, bots: Bots
) -> None:
    chat = make_chat()
    await bots.start(fake, chat.engine)
    other = fake.thread_channel(CHANNEL_ID, "lunch plans", private=False)
    fake.channels[int(other["id"])] = other
    await fake.dispatch("THREAD_CREATE", other)
    await fake.say(int(other["id"]), "i want pizza, who is in", user=ANN)
    await fake.say(CHANNEL_ID, "an app for vet clinics", user=BO)  # no mention, not a thread
    await fake.slash("start", {"idea": IDEA}, user=ANN)  # a marker that the bot went on
    thread_id = int((await until(lambda: [t for t in fake.threads() if t is not other]))[-1]["id"])
    await answered(fake, thread_id, 1)
    assert not fake.posted(int(other["id"]))
    assert not fake.sent(f"/channels/{other['id']}/typing")
    assert len(fake.posted(CHANNEL_ID)) == 1  # only the interview's starter message


class Recording:
    """The engine, recording what it answered to each delivery id."""

    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self.kinds: list[tuple[str, str]] = []

    async def arrive(self, inbound: Inbound, where: str = "") -> str:
        return ""

    async def handle(
        self, inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        reply = await self.chat.engine.handle(inbound, ticket, placeholder, send)
        self.kinds.append((inbound.message_id, reply.kind))
        return reply

    def starts_interview(self, text: str) -> bool:
        return self.chat.engine.starts_interview(text)


async def test_resume_replay_and_double_click_are_answered_once(
    fake: FakeDiscord, bots: Bots
) -> None:
    chat = make_chat()
    engine = Recording(chat)
    bot = await bots.start(fake, engine)
    await fake.slash("start", {"idea": IDEA}, user=ANN)
    thread_id = int((await until(lambda: fake.threads()))[0]["id"])
    await answered(fake, thread_id, 1)
    await fake.say(thread_id, "pet owners, and the front desk", user=ANN)
    await answered(fake, thread_id, 2)
    # the gateway drops; on RESUME it replays the last three events (thread, message...)
    await fake.drop(replay=3)
    await until(lambda: fake.resumes)
    await fake.say(thread_id, "no-shows are the pain", user=ANN)
    await answered(fake, thread_id, 3)
    # a restarted bot receiving the same message again (the engine's dedupe, not memory)
    replays_before = fake.replayed
    await bots.stop(bot)
    await bots.start(fake, engine)
    replayed = max(m for m, b in fake.messages.items() if b["content"] == "no-shows are the pain")
    await fake.dispatch("MESSAGE_CREATE", fake.messages[replayed])
    # a double click: two interactions on the same button of the same message
    question = max(m for m, b in fake.messages.items() if "meta-agent:skip" in str(b))
    before = len(fake.posted(thread_id))
    first, second = await asyncio.gather(
        fake.click(question, "meta-agent:skip", user=ANN),
        fake.click(question, "meta-agent:skip", user=ANN),
    )
    await until(lambda: {first, second} <= fake.acknowledged.keys())
    await until(lambda: sum(m == f"{question}:skip" for m, _ in engine.kinds) == 2)
    marker = await fake.say(thread_id, "thanks", user=ANN)  # everything before it is done
    await until(lambda: len(fake.posted(thread_id)) >= before + 2)
    # the answer is posted inside the turn: the turn returns (and is recorded) just after
    await until(lambda: any(m == str(marker) for m, _ in engine.kinds))
    assert len(fake.posted(thread_id)) == before + 2  # one answer to the clicks, one to thanks
    clicks = [kind for m, kind in engine.kinds if m == f"{question}:skip"]
    assert sorted(k == "duplicate" for k in clicks) == [False, True]  # answered once
    assert replays_before >= 1 and len(fake.resumes) == 1
    answered_ids = [m for m, kind in engine.kinds if kind not in ("duplicate", "ignored")]
    assert len(answered_ids) == len(set(answered_ids))  # nothing answered twice
    assert (str(replayed), "duplicate") in engine.kinds  # the restarted bot's copy was dropped


async def test_private_thread_and_dm(fake: FakeDiscord, bots: Bots) -> None:
    chat = make_chat()
    await bots.start(fake, chat.engine)
    await fake.slash("start", {"idea": IDEA, "private": True}, user=ANN)
    thread = (await until(lambda: fake.threads()))[0]
    assert thread["type"] == 12
    await until(lambda: fake.sent(f"/channels/{thread['id']}/thread-members/{ANN['id']}", "PUT"))
    await answered(fake, int(thread["id"]), 1)
    assert not fake.posted(CHANNEL_ID)  # a private thread has no starter message

    dm = fake.open_dm(BO)
    await fake.say(dm, "hi, i want an app for dog walkers to share walk reports", user=BO)
    await until(lambda: fake.posted(dm))
    await fake.slash("status", user=BO, channel_id=dm)
    edit = await until(lambda: fake.sent("/messages/@original", "PATCH")[-1:])
    assert "dog walkers" in str((await chat.store.load(_dm_key(dm))).transcript)  # type: ignore[union-attr]
    assert (edit[0].body or {}).get("content")


def _dm_key(channel: int) -> object:
    from engine.messages import ThreadKey

    return ThreadKey("discord", "dm", str(channel), str(channel))


async def test_a_mention_in_a_channel_opens_a_thread_on_that_message(
    fake: FakeDiscord, bots: Bots
) -> None:
    chat = make_chat()
    await bots.start(fake, chat.engine)
    said = await fake.say(
        CHANNEL_ID,
        "<@900000000000000002> a scheduling app for our 5 dental practices",
        user=ANN,
        mentions=[user_payload(900000000000000002, "Meta-Agent")],
    )
    opened = await until(lambda: fake.sent(f"/channels/{CHANNEL_ID}/messages/{said}/threads"))
    thread_id = int(fake.threads()[0]["id"])
    assert "dental" in str(opened[0].body)
    await answered(fake, thread_id, 1)
    session = await chat.store.load(_key(thread_id))  # type: ignore[arg-type]
    assert session is not None and "dental" in str(session.transcript)


async def test_an_interaction_older_than_its_token_is_answered_in_the_channel(
    fake: FakeDiscord, bots: Bots
) -> None:
    await bots.start(fake, Echo())
    thread = fake.thread_channel(CHANNEL_ID, "old interview", private=False)
    fake.channels[int(thread["id"])] = thread
    await fake.dispatch("THREAD_CREATE", thread)
    old = (fake.snowflake() >> 22) - 20 * 60 * 1000  # 20 minutes ago, in snowflake ms
    interaction = await fake.slash(
        "status", user=ANN, channel_id=int(thread["id"]), interaction_id=(old << 22) + 1
    )
    await until(lambda: fake.posted(int(thread["id"])))
    assert fake.acknowledged.keys() >= {interaction}
    assert not fake.sent(f"itoken-{interaction}/messages/@original", "PATCH")
    assert fake.sent(f"itoken-{interaction}/messages/@original", "DELETE")


async def test_without_thread_permissions_the_user_is_told_what_to_grant(
    fake: FakeDiscord, bots: Bots
) -> None:
    fake.deny_threads = True
    await bots.start(fake, make_chat().engine)
    interaction = await fake.slash("start", {"idea": IDEA}, user=ANN)
    edit = await until(lambda: fake.sent(f"itoken-{interaction}/messages/@original", "PATCH"))
    assert "Create Public Threads" in str(edit[0].body)
    assert not fake.threads()

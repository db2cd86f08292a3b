"""The real Bolt app over HTTP against a fake Slack Web API and a fake (or the real) engine."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

import aiohttp
import pytest
from aiohttp import web
from slack_bolt.app.async_app import AsyncApp

from bot.slack_app import USAGE, SlackAdapter, build_app
from bot.slack_events import api_base_url
from bot.slack_server import ACK_FIRST_SECONDS, AckFirst, new_bolt_app, start_http
from engine.brain.rules import RulesBrain
from engine.commands import is_command
from engine.engine import Engine, Ports
from engine.messages import (
    Action,
    Attachment,
    Inbound,
    InterviewSummary,
    Progress,
    Reply,
    Send,
    StageProgress,
    ThreadKey,
    Unfinished,
)
from engine.settings import Settings
from engine.store.memory import MemoryStore
from tests.fakes.slack_api import (
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    SIGNING_SECRET,
    TEAM_ID,
    Call,
    FakeSlack,
    app_mention,
    block_actions,
    event_callback,
    form_payload,
    message,
    sign,
    slash_command,
)
from tests.harness import posted

QUESTION = Reply(
    "Thanks! **Who** will use it?",
    actions=(Action("skip", "Skip this question"), Action("deliver", "Deliverables", "primary")),
    progress=Progress(25, (StageProgress("idea_clarity", "Idea", 1, 3),)),
    kind="question",
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
DELIVERABLES = Reply(
    "Here is your brief.",
    attachments=(
        Attachment("brief.md", b"# Brief\n", "text/markdown", "Requirements brief"),
        Attachment("wireframes.png", PNG, "image/png", "Wireframes"),
    ),
    kind="deliverables",
)


class FakeHandler:
    """Records Inbounds and answers with queued replies (or raises queued errors)."""

    def __init__(self) -> None:
        self.inbounds: list[Inbound] = []
        self.replies: list[Reply | Exception] = []
        self.tickets = 0
        self.lost: list[Unfinished] = []
        self.placeholders: list[str] = []

    async def arrive(self, inbound: Inbound, where: str = "") -> str:
        """Hand out increasing tickets."""
        self.tickets += 1
        return str(self.tickets)

    async def unfinished(self, platform: str) -> list[Unfinished]:
        """Hand out the queued unfinished turns of `platform` once."""
        found = [u for u in self.lost if u.thread.platform == platform]
        self.lost = [u for u in self.lost if u not in found]
        return found

    async def answer_lost(
        self, turn: Unfinished, show: Callable[[Unfinished], Awaitable[None]]
    ) -> None:
        """Show it as it is (no line to keep in this double)."""
        await show(turn)

    async def handle(
        self, inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        """Record, then answer."""
        self.inbounds.append(inbound)
        self.placeholders.append(placeholder)
        answer = self.replies.pop(0) if self.replies else QUESTION
        if isinstance(answer, Exception):
            raise answer
        return await posted(answer, send)

    def starts_interview(self, text: str) -> bool:
        """As the engine decides: text that is not a command."""
        return not is_command(text)


class Recording:
    """The real engine, with every Inbound and Reply recorded."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.inbounds: list[Inbound] = []
        self.answers: list[Reply] = []

    async def arrive(self, inbound: Inbound, where: str = "") -> str:
        """The engine's place in line."""
        return await self.engine.arrive(inbound, where)

    async def handle(
        self, inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        """Record, then let the engine answer."""
        self.inbounds.append(inbound)
        reply = await self.engine.handle(inbound, ticket, placeholder, send)
        self.answers.append(reply)
        return reply

    def starts_interview(self, text: str) -> bool:
        """The engine's decision."""
        return self.engine.starts_interview(text)

    async def recent(
        self, platform: str, workspace: str, user_id: str, limit: int = 10
    ) -> tuple[InterviewSummary, ...] | None:
        """The engine's list of a person's recent interviews."""
        return await self.engine.recent(platform, workspace, user_id, limit)


def make_settings(slack: FakeSlack, app_token: str | None = None) -> Settings:
    """Settings pointing every Slack call at the fake."""
    return Settings(
        _env_file=None,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_APP_TOKEN=app_token,
        SLACK_API_URL=slack.api_url,
    )


@dataclass
class Bot:
    """The Bolt app served over HTTP on loopback, with helpers to send signed payloads."""

    adapter: SlackAdapter
    handler: Any
    slack: FakeSlack
    session: aiohttp.ClientSession
    url: str
    triggers: list[str] = field(default_factory=list)

    async def send(
        self, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """POST `body` signed over its exact bytes (unless headers say otherwise)."""
        all_headers = {"Content-Type": content_type, **sign(body), **(headers or {})}
        async with self.session.post(self.url, data=body, headers=all_headers) as response:
            return response.status, await response.text()

    async def event(
        self, event: dict[str, Any], event_id: str, headers: dict[str, str] | None = None
    ) -> int:
        """Deliver an Events API callback."""
        body = json.dumps(event_callback(event, event_id)).encode()
        status, _ = await self.send(body, "application/json", headers)
        return status

    async def command(
        self, text: str, channel: str = "C0CHAN", user: str = "U0USER"
    ) -> tuple[int, str]:
        """Run `/interview <text>`."""
        trigger = f"trigger-{len(self.triggers)}"
        self.triggers.append(trigger)
        body = slash_command(text, self.slack.response_url(), channel, user, trigger)
        return await self.send(body, "application/x-www-form-urlencoded")

    async def press(self, payload: dict[str, Any]) -> int:
        """Deliver a block_actions payload."""
        status, _ = await self.send(form_payload(payload), "application/x-www-form-urlencoded")
        return status

    async def settle(self) -> None:
        """Let Bolt start the listeners, then wait for every turn to finish."""
        for _ in range(3):
            await asyncio.sleep(0.02)
            await self.adapter.drain()


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


@contextlib.asynccontextmanager
async def serve(
    slack: FakeSlack, handler: Any, config: Settings | None = None
) -> AsyncIterator[Bot]:
    """The adapter over HTTP on loopback in front of `handler`, talking to the fake Slack."""
    adapter = SlackAdapter.build(config or make_settings(slack), handler)
    runner = await start_http(adapter.web_app(), "127.0.0.1", 0)
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as session:
            yield Bot(adapter, handler, slack, session, f"http://127.0.0.1:{port}/slack/events")
    finally:
        await runner.cleanup()


@pytest.fixture
async def bot(slack: FakeSlack) -> AsyncIterator[Bot]:
    async with serve(slack, FakeHandler()) as running:
        yield running


@contextlib.asynccontextmanager
async def serve_engine(slack: FakeSlack) -> AsyncIterator[Bot]:
    """The adapter in front of the real engine over a MemoryStore."""
    config = make_settings(slack).model_copy(update={"rate_limit_user_per_minute": 1000})
    store = MemoryStore.from_settings(config)
    ports = Ports(
        sessions=store, gate=store, brain=RulesBrain(), limiter=store, threads=store, recent=store
    )
    async with serve(slack, Recording(Engine(config, ports)), config) as running:
        yield running


@pytest.fixture
async def real_bot(slack: FakeSlack) -> AsyncIterator[Bot]:
    """The adapter in front of the real engine over a MemoryStore."""
    async with serve_engine(slack) as running:
        yield running


def blocks_of(call: Call) -> list[dict[str, Any]]:
    """The blocks argument of a recorded call (JSON or form-encoded)."""
    blocks = call.args.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def section_text(call: Call) -> str:
    """All section texts of a recorded message call."""
    return "\n\n".join(b["text"]["text"] for b in blocks_of(call) if b["type"] == "section")


# ---------------------------------------------------------------- protocol


async def test_url_verification_answers_the_challenge(bot: Bot) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}).encode()
    status, text = await bot.send(body, "application/json")
    assert status == 200
    assert json.loads(text) == {"challenge": "abc123"}


async def test_bad_signature_is_rejected(bot: Bot) -> None:
    body = json.dumps(event_callback(app_mention("<@U0BOT> hi", "1.1"), "Ev1")).encode()
    forged = sign(body, secret="not-the-secret")
    status, _ = await bot.send(body, "application/json", forged)
    assert status == 401
    await bot.settle()
    assert bot.handler.inbounds == []


async def test_stale_timestamp_is_rejected(bot: Bot) -> None:
    body = json.dumps(event_callback(app_mention("<@U0BOT> hi", "1.1"), "Ev1")).encode()
    stale = sign(body, timestamp=int(time.time()) - 600)
    status, _ = await bot.send(body, "application/json", stale)
    assert status == 401


async def test_body_changed_after_signing_is_rejected(bot: Bot) -> None:
    body = json.dumps(event_callback(app_mention("<@U0BOT> hi", "1.1"), "Ev1")).encode()
    headers = sign(body)
    status, _ = await bot.send(body.replace(b"hi", b"ho"), "application/json", headers)
    assert status == 401


# ---------------------------------------------------------------- mentions and threads


async def test_mention_runs_a_turn_in_the_thread_with_placeholder_and_buttons(bot: Bot) -> None:
    text = "<@U0BOT> a tool for &lt;nurses&gt; &amp; doctors"
    assert await bot.event(app_mention(text, "100.1"), "Ev1") == 200
    await bot.settle()

    assert bot.handler.inbounds == [
        Inbound(
            thread=ThreadKey("slack", TEAM_ID, "C0CHAN", "100.1"),
            message_id="C0CHAN:100.1",
            user_id="U0USER",
            user_name="U0USER",
            text="a tool for <nurses> & doctors",
        )
    ]
    (placeholder,) = bot.slack.of("chat.postMessage")
    assert placeholder.args["thread_ts"] == "100.1"
    assert placeholder.args["channel"] == "C0CHAN"
    assert placeholder.args["text"] == "_thinking…_"
    assert placeholder.token == BOT_TOKEN
    (update,) = bot.slack.of("chat.update")
    assert update.args["ts"] == bot.slack.of("chat.postMessage")[0].args.get(
        "ts", update.args["ts"]
    )
    assert section_text(update) == "Thanks! *Who* will use it?"
    blocks = blocks_of(update)
    assert blocks[-2]["type"] == "context"
    assert "25% stated" in blocks[-2]["elements"][0]["text"]
    buttons = blocks[-1]["elements"]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        ("ma_skip", "skip"),
        ("ma_deliver", "deliver"),
    ]
    assert buttons[1]["style"] == "primary"


async def test_the_placeholder_is_posted_before_the_engine_answers(bot: Bot) -> None:
    seen: list[list[str]] = []
    handle = bot.handler.handle

    async def spy(
        inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        seen.append(bot.slack.methods())
        return await handle(inbound, ticket, placeholder, send)

    spied = {
        "handle": staticmethod(spy),
        "arrive": staticmethod(bot.handler.arrive),
        "unfinished": staticmethod(bot.handler.unfinished),
    }
    bot.adapter.handler = type("Spy", (), spied)()
    await bot.event(app_mention("<@U0BOT> idea", "100.1"), "Ev1")
    await bot.settle()
    assert seen == [["chat.postMessage"]]
    assert bot.slack.methods() == ["chat.postMessage", "chat.update"]


async def test_deliverables_are_uploaded_into_the_thread_in_one_call(bot: Bot) -> None:
    bot.handler.replies = [DELIVERABLES]
    await bot.event(app_mention("<@U0BOT> just show me", "100.1", thread_ts="99.9"), "Ev1")
    await bot.settle()

    assert bot.handler.inbounds[0].thread.thread == "99.9"
    assert len(bot.slack.of("files.getUploadURLExternal")) == 2
    (complete,) = bot.slack.of("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C0CHAN"
    assert complete.args["thread_ts"] == "99.9"
    assert complete.args["initial_comment"] == "Files: Requirements brief, Wireframes"
    titles = [f["title"] for f in json.loads(complete.args["files"])]
    assert titles == ["Requirements brief", "Wireframes"]
    assert sorted(bot.slack.uploads.values()) == sorted([b"# Brief\n", PNG])
    names = [c.args["filename"] for c in bot.slack.of("files.getUploadURLExternal")]
    assert names == ["brief.md", "wireframes.png"]


async def test_thread_replies_go_to_the_engine_unaddressed_without_a_placeholder(
    bot: Bot,
) -> None:
    await bot.event(app_mention("<@U0BOT> idea", "100.1"), "Ev1")
    await bot.settle()
    await bot.event(message("nurses & doctors", "100.2", thread_ts="100.1"), "Ev2")
    await bot.settle()
    assert [i.text for i in bot.handler.inbounds] == ["idea", "nurses & doctors"]
    assert [i.addressed for i in bot.handler.inbounds] == [True, False]
    assert bot.handler.inbounds[1].thread == bot.handler.inbounds[0].thread
    assert bot.handler.inbounds[1].message_id == "C0CHAN:100.2"
    assert bot.slack.methods() == ["chat.postMessage", "chat.update", "chat.postMessage"]


async def test_thread_replies_continue_an_interview_the_engine_owns(real_bot: Bot) -> None:
    await real_bot.event(app_mention("<@U0BOT> a booking app for dog groomers", "100.1"), "Ev1")
    await real_bot.settle()
    await real_bot.event(message("groomers and pet owners", "100.2", thread_ts="100.1"), "Ev2")
    await real_bot.settle()
    assert [r.kind for r in real_bot.handler.answers] == ["question", "question"]
    answer = real_bot.slack.of("chat.postMessage")[-1]
    assert answer.args["thread_ts"] == "100.1"
    assert answer.args["text"] != "_thinking…_"


async def test_messages_outside_owned_threads_are_ignored(real_bot: Bot) -> None:
    await real_bot.event(message("chatter", "200.1"), "Ev1")
    await real_bot.event(message("other thread", "200.3", thread_ts="200.2"), "Ev2")
    await real_bot.settle()
    assert [(i.text, i.addressed) for i in real_bot.handler.inbounds] == [("other thread", False)]
    assert [r.kind for r in real_bot.handler.answers] == ["ignored"]
    assert real_bot.slack.methods() == []


async def test_mention_twin_and_retries_are_answered_once(bot: Bot) -> None:
    mention = app_mention("<@U0BOT> idea", "100.1")
    twin = message("<@U0BOT> idea", "100.1", client_msg_id="msg-100.1")
    assert await bot.event(mention, "Ev1") == 200
    assert await bot.event(twin, "Ev2") == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert await bot.event(mention, "Ev1", retry) == 200
    assert await bot.event(twin, "Ev2", retry) == 200
    await bot.settle()
    assert len(bot.handler.inbounds) == 1
    assert len(bot.slack.of("chat.postMessage")) == 1


async def test_twin_message_arriving_first_is_left_to_the_mention(bot: Bot) -> None:
    await bot.event(message("<@U0BOT> idea", "100.1", thread_ts="99.0"), "Ev2")
    await bot.settle()
    assert bot.handler.inbounds == []
    await bot.event(app_mention("<@U0BOT> idea", "100.1", thread_ts="99.0"), "Ev1")
    await bot.settle()
    assert len(bot.handler.inbounds) == 1


@pytest.mark.parametrize(
    "event",
    [
        message("mine", "300.2", user=BOT_USER_ID, thread_ts="300.1"),
        message(
            "bot", "300.2", user=None, thread_ts="300.1", bot_id="B0OTHER", subtype="bot_message"
        ),
        message("peer", "300.2", user="U0PEER", thread_ts="300.1", bot_id="B0PEER"),
        message("x", "300.2", thread_ts="300.1", subtype="message_changed"),
        message("x", "300.2", thread_ts="300.1", subtype="message_deleted"),
        message("joined", "300.2", thread_ts="300.1", subtype="channel_join"),
        message("own", "300.2", user=BOT_USER_ID, thread_ts="300.1", bot_id=BOT_ID),
    ],
)
async def test_bots_edits_and_other_subtypes_are_ignored(bot: Bot, event: dict[str, Any]) -> None:
    await bot.event(app_mention("<@U0BOT> idea", "300.1"), "Ev0")
    await bot.settle()
    await bot.event(event, "Ev1")
    await bot.settle()
    assert len(bot.handler.inbounds) == 1


async def test_file_share_in_an_active_thread_is_a_user_message(bot: Bot) -> None:
    await bot.event(app_mention("<@U0BOT> idea", "300.1"), "Ev0")
    await bot.settle()
    files = [{"id": "F1", "name": "sketch.png"}]
    event = message("here", "300.2", thread_ts="300.1", subtype="file_share", files=files)
    await bot.event(event, "Ev1")
    await bot.settle()
    assert bot.handler.inbounds[-1].text == "here\n(shared: sketch.png)"


# ---------------------------------------------------------------- direct messages


async def test_dm_without_a_thread_is_one_ongoing_conversation(bot: Bot) -> None:
    await bot.event(message("an app", "400.1", channel="D0DM", channel_type="im"), "Ev1")
    await bot.event(message("for nurses", "400.2", channel="D0DM", channel_type="im"), "Ev2")
    await bot.settle()
    threads = {i.thread for i in bot.handler.inbounds}
    assert threads == {ThreadKey("slack", TEAM_ID, "D0DM", "D0DM")}
    posts = bot.slack.of("chat.postMessage")
    assert [p.args.get("thread_ts") for p in posts] == [None, None]


async def test_dm_in_a_thread_stays_in_that_thread(bot: Bot) -> None:
    event = message("an app", "400.2", channel="D0DM", channel_type="im", thread_ts="400.1")
    await bot.event(event, "Ev1")
    await bot.settle()
    assert bot.handler.inbounds[0].thread == ThreadKey("slack", TEAM_ID, "D0DM", "400.1")
    assert bot.slack.of("chat.postMessage")[0].args["thread_ts"] == "400.1"


# ---------------------------------------------------------------- safe text


async def test_echoed_user_text_cannot_ping_or_hide_links(bot: Bot) -> None:
    bot.handler.replies = [Reply("You said: <!channel> <@U123> <https://evil.example|click> & co")]
    await bot.event(app_mention("<@U0BOT> <!channel>", "600.1"), "Ev1")
    await bot.settle()
    (update,) = bot.slack.of("chat.update")
    for text in (update.args["text"], section_text(update)):
        assert "<!channel>" not in text
        assert "<@U123>" not in text
        assert "|click>" not in text
        assert "&lt;!channel&gt;" in text
        assert "&amp; co" in text
    assert bot.handler.inbounds[0].text == "@channel"


async def test_long_answers_are_split_into_sections_and_messages(bot: Bot) -> None:
    text = "\n\n".join(f"Paragraph {n}. " + "detail " * 400 for n in range(12))
    bot.handler.replies = [Reply(text, actions=(Action("skip", "Skip"),))]
    await bot.event(app_mention("<@U0BOT> idea", "700.1"), "Ev1")
    await bot.settle()
    update = bot.slack.of("chat.update")[0]
    extra = bot.slack.of("chat.postMessage")[1:]
    assert extra, "a long answer continues in more messages"
    assert all(c.args["thread_ts"] == "700.1" for c in extra)
    for call in [update, *extra]:
        assert all(
            len(b["text"]["text"]) <= 3000 for b in blocks_of(call) if b["type"] == "section"
        )
    assert blocks_of(extra[-1])[-1]["type"] == "actions"
    combined = " ".join(section_text(c) for c in [update, *extra])
    assert combined.count("Paragraph") == 12


async def test_duplicate_or_empty_replies_post_nothing(bot: Bot) -> None:
    bot.handler.replies = [Reply("", kind="duplicate")]
    await bot.event(app_mention("<@U0BOT> idea", "800.1"), "Ev1")
    await bot.settle()
    assert bot.slack.methods() == ["chat.postMessage", "chat.delete"]


async def test_an_ignored_reply_posts_nothing(bot: Bot) -> None:
    bot.handler.replies = [Reply("", kind="ignored")]
    await bot.event(message("thanks all", "800.2", thread_ts="800.1"), "Ev2")
    await bot.settle()
    assert [i.text for i in bot.handler.inbounds] == ["thanks all"]
    assert bot.slack.methods() == []


# ---------------------------------------------------------------- errors


async def test_a_failing_turn_posts_an_apology_with_a_reference(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.handler.replies = [RuntimeError("boom")]
    with caplog.at_level(logging.ERROR, logger="bot.slack_app"):
        await bot.event(app_mention("<@U0BOT> idea", "900.1"), "Ev1")
        await bot.settle()
    (update,) = bot.slack.of("chat.update")
    assert update.args["text"].startswith("Sorry — something went wrong on my side (ref ")
    ref = update.args["text"].split("(ref ")[1].split(")")[0]
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)
    assert all(BOT_TOKEN not in r.getMessage() for r in caplog.records)


async def test_a_failing_placeholder_still_apologises(bot: Bot) -> None:
    bot.slack.fail("chat.postMessage", "rate_limited")
    await bot.event(app_mention("<@U0BOT> idea", "900.1"), "Ev1")
    await bot.settle()
    posts = bot.slack.of("chat.postMessage")
    assert len(posts) == 2
    assert posts[1].args["text"].startswith("Sorry — something went wrong")
    assert bot.handler.inbounds == []


# ---------------------------------------------------------------- slash commands


async def test_slash_command_starts_an_interview_in_a_new_thread(bot: Bot) -> None:
    status, body = await bot.command("a &lt;b&gt;booking&lt;/b&gt; app &amp; more")
    assert (status, body) == (200, "")
    await bot.settle()
    parent, placeholder = bot.slack.of("chat.postMessage")
    assert parent.args["text"] == "Interview: a &lt;b&gt;booking&lt;/b&gt; app &amp; more"
    assert "thread_ts" not in parent.args
    (inbound,) = bot.handler.inbounds
    assert inbound.text == "a <b>booking</b> app & more"
    assert inbound.message_id == "command:trigger-0"
    assert inbound.user_name == "ada"
    thread_ts = inbound.thread.thread
    assert placeholder.args["thread_ts"] == thread_ts
    assert bot.slack.of("chat.update")[0].args["ts"] != thread_ts


@pytest.mark.parametrize(
    ("text", "engine_text"),
    [
        ("status", "status"),
        ("export", "export"),
        ("email ada@example.com", "email ada@example.com"),
        ("forget", "forget"),
        ("help", "help"),
    ],
)
async def test_slash_subcommands_go_to_the_users_latest_interview(
    real_bot: Bot, text: str, engine_text: str
) -> None:
    await real_bot.command("a booking app for dog groomers")
    await real_bot.settle()
    status, body = await real_bot.command(text)
    assert (status, body) == (200, "")
    await real_bot.settle()
    first, second = real_bot.handler.inbounds
    assert second.text == engine_text
    assert second.thread == ThreadKey("slack", TEAM_ID, "C0CHAN", "")
    answer = real_bot.handler.answers[-1]
    assert answer.thread == first.thread
    assert "latest interview" in answer.text
    assert real_bot.slack.of("chat.postMessage")[-1].args["thread_ts"] == first.thread.thread


@pytest.mark.parametrize("text", ["done", "restart", "skip", "forget --user <@U0OTHER|ann>"])
async def test_slash_commands_never_start_an_interview_titled_with_the_word(
    real_bot: Bot, text: str
) -> None:
    await real_bot.command(text)
    await real_bot.settle()
    assert not [c for c in real_bot.slack.of("chat.postMessage") if "Interview:" in str(c.args)]
    (inbound,) = real_bot.handler.inbounds
    assert inbound.thread.thread == ""
    assert "<@" not in inbound.text


async def test_slash_subcommand_follows_a_mention_started_interview(real_bot: Bot) -> None:
    await real_bot.event(app_mention("<@U0BOT> a booking app", "100.1"), "Ev1")
    await real_bot.settle()
    await real_bot.command("export")
    await real_bot.settle()
    assert real_bot.handler.inbounds[-1].text == "export"
    assert real_bot.handler.answers[-1].thread == ThreadKey("slack", TEAM_ID, "C0CHAN", "100.1")


async def test_slash_subcommand_without_an_interview_answers_privately(real_bot: Bot) -> None:
    assert await real_bot.command("") == (200, USAGE)
    assert "<" not in USAGE
    assert await real_bot.command("status") == (200, "")
    await real_bot.settle()
    (response,) = real_bot.slack.of("response_url")
    assert response.args["response_type"] == "ephemeral"
    assert "no interview in this channel" in response.args["text"]
    assert real_bot.slack.of("chat.postMessage") == []


async def test_slash_command_where_the_bot_cannot_post_apologises_privately(bot: Bot) -> None:
    bot.slack.fail("chat.postMessage", "channel_not_found")
    await bot.command("a booking app", channel="G0PRIVATE")
    await bot.settle()
    (response,) = bot.slack.of("response_url")
    assert response.args["response_type"] == "ephemeral"
    assert "private" in response.args["text"] and "/invite" in response.args["text"]
    assert bot.handler.inbounds == []


async def test_the_hint_matches_why_slack_refused_the_post(bot: Bot) -> None:
    bot.slack.fail("chat.postMessage", "not_in_channel")
    await bot.command("a booking app", channel="C0PUBLIC")
    await bot.settle()
    (response,) = bot.slack.of("response_url")
    assert "not a member of this channel" in response.args["text"]
    assert "private" not in response.args["text"]


# ---------------------------------------------------------------- buttons


async def test_button_press_becomes_an_action_inbound(bot: Bot) -> None:
    await bot.event(app_mention("<@U0BOT> idea", "100.1"), "Ev1")
    await bot.settle()
    question_ts = bot.slack.of("chat.postMessage")[0].args["thread_ts"]
    payload = block_actions("skip", "100.5", "100.1", bot.slack.response_url())
    assert await bot.press(payload) == 200
    await bot.settle()
    inbound = bot.handler.inbounds[-1]
    assert inbound.action == "skip"
    assert inbound.text == ""
    assert inbound.thread == ThreadKey("slack", TEAM_ID, "C0CHAN", question_ts)
    assert inbound.message_id == "C0CHAN:100.5:skip"
    retired = [c for c in bot.slack.of("chat.update") if c.args["ts"] == "100.5"]
    (retire,) = retired
    assert [b["type"] for b in blocks_of(retire)] == ["section", "context"]
    assert bot.slack.of("chat.postMessage")[-1].args["thread_ts"] == "100.1"


async def test_double_press_is_sent_once(bot: Bot) -> None:
    payload = block_actions("accept", "100.5", "100.1", bot.slack.response_url())
    await bot.press(payload)
    await bot.press(payload)
    await bot.settle()
    assert [i.action for i in bot.handler.inbounds] == ["accept"]


async def test_button_in_a_dm_answers_at_top_level(bot: Bot) -> None:
    payload = block_actions("deliver", "400.5", None, bot.slack.response_url(), channel="D0DM")
    await bot.press(payload)
    await bot.settle()
    assert bot.handler.inbounds[0].thread == ThreadKey("slack", TEAM_ID, "D0DM", "D0DM")
    assert bot.slack.of("chat.postMessage")[0].args.get("thread_ts") is None


# ---------------------------------------------------------------- serving


async def test_new_turns_let_acks_in_flight_go_first_but_not_for_long() -> None:
    gate = AckFirst()
    await asyncio.wait_for(gate.wait(), 0.01)  # idle: no wait
    release = asyncio.Event()

    async def slow(_: web.Request) -> web.StreamResponse:
        await release.wait()
        return web.Response()

    request = cast(web.Request, None)
    in_flight = asyncio.create_task(gate.middleware(request, slow))
    await asyncio.sleep(0)
    assert gate.inflight == 1
    waiter = asyncio.create_task(gate.wait())
    await asyncio.sleep(0.01)
    assert not waiter.done()
    release.set()
    await in_flight
    await asyncio.wait_for(waiter, 0.1)
    assert gate.inflight == 0

    release.clear()
    stuck = asyncio.create_task(gate.middleware(request, slow))
    await asyncio.sleep(0)
    started = time.perf_counter()
    await gate.wait()
    assert time.perf_counter() - started < ACK_FIRST_SECONDS + 0.1
    release.set()
    await stuck


async def test_serving_shares_one_web_api_session_and_closes_it(slack: FakeSlack) -> None:
    adapter = SlackAdapter.build(make_settings(slack), FakeHandler())
    assert adapter.app.client.session is None
    runner = await start_http(adapter.web_app(), "127.0.0.1", 0)
    session = adapter.app.client.session
    assert session is not None
    await runner.cleanup()
    assert session.closed
    assert adapter.app.client.session is None


# ---------------------------------------------------------------- construction


def test_api_base_url_always_ends_with_api_slash() -> None:
    assert api_base_url("https://slack.com/api/") == "https://slack.com/api/"
    assert api_base_url("https://slack.com/api") == "https://slack.com/api/"
    assert api_base_url("http://127.0.0.1:9/") == "http://127.0.0.1:9/api/"


async def test_build_app_configures_the_client_from_settings(slack: FakeSlack) -> None:
    app = build_app(make_settings(slack), FakeHandler())
    assert isinstance(app, AsyncApp)
    assert app.client.base_url == slack.api_url
    assert app.client.token == BOT_TOKEN


async def test_settings_without_tokens_are_refused(slack: FakeSlack) -> None:
    with pytest.raises(ValueError, match="SLACK_BOT_TOKEN"):
        new_bolt_app(Settings(_env_file=None, SLACK_BOT_TOKEN=None))
    with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
        new_bolt_app(Settings(_env_file=None, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET=None))


# ---------------------------------------------------------------- with the real engine


async def test_whole_interview_with_the_real_engine_ends_with_files_in_the_thread(
    slack: FakeSlack,
) -> None:
    config = Settings(
        _env_file=None,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_APP_TOKEN=None,
        SLACK_API_URL=slack.api_url,
        RATE_LIMIT_USER_PER_MINUTE=1000,
    )
    store = MemoryStore.from_settings(config)
    ports = Ports(
        sessions=store, gate=store, brain=RulesBrain(), limiter=store, counters=store, threads=store
    )
    adapter = SlackAdapter.build(config, Engine(config, ports))
    runner = await start_http(adapter.web_app(), "127.0.0.1", 0)
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    try:
        async with aiohttp.ClientSession() as session:
            bot = Bot(adapter, FakeHandler(), slack, session, url)
            idea = "<@U0BOT> an app for nurses to hand off patients between shifts"
            await bot.event(app_mention(idea, "1000.1"), "Ev1")
            await bot.settle()
            first = bot.slack.of("chat.update")[-1]
            assert "ma_deliver" in json.dumps(blocks_of(first))

            answer = "Charge nurses and ward nurses in hospitals; handoffs are lost on paper"
            await bot.event(message(answer, "1000.3", thread_ts="1000.1"), "Ev2")
            await bot.settle()
            question = bot.slack.of("chat.postMessage")[-1]  # no placeholder: unaddressed
            assert question.args["text"] != first.args["text"]
            assert "ma_deliver" in json.dumps(blocks_of(question))

            press = block_actions("deliver", "1000.4", "1000.1", slack.response_url())
            assert await bot.press(press) == 200
            await bot.settle()
    finally:
        await runner.cleanup()

    completes = slack.of("files.completeUploadExternal")
    names = [c.args["filename"] for c in slack.of("files.getUploadURLExternal")]
    assert len(completes) == -(-len(names) // 10)  # at most 10 files per message
    for complete in completes:
        assert (complete.args["channel_id"], complete.args["thread_ts"]) == ("C0CHAN", "1000.1")
        assert len(json.loads(complete.args["files"])) <= 10
    suffixes = {name.rsplit(".", 1)[-1] for name in names}
    assert {"md", "png", "svg", "pdf"} <= suffixes
    assert any("excalidraw" in name for name in names)
    assert all(len(data) > 0 for data in slack.uploads.values())
    assert len(slack.uploads) == len(names)
    delivered = slack.of("chat.update")[-1]
    assert "ma_accept" in json.dumps(blocks_of(delivered))
    posts = [c for c in slack.of("chat.postMessage") if c.args.get("thread_ts")]
    assert all(c.args["thread_ts"] == "1000.1" for c in posts)


async def test_placeholders_left_by_a_dead_replica_are_replaced(bot: Bot) -> None:
    await bot.event(app_mention("<@U0BOT> idea", "100.1"), "Ev1")
    await bot.settle()
    channel, ts, thread_ts = bot.handler.placeholders[0].split("|")
    assert channel == "C0CHAN" and ts and thread_ts == "100.1"
    bot.handler.lost = [
        Unfinished(bot.handler.inbounds[0].thread, "Ev9", f"{channel}|{ts}|{thread_ts}"),
        Unfinished(bot.handler.inbounds[0].thread, "Ev8", "garbage"),
    ]
    assert await bot.adapter.recover_once(bot.adapter.app.client) == 1
    update = bot.slack.of("chat.update")[-1]
    assert update.args["ts"] == ts
    assert "send it again" in update.args["text"]
    assert await bot.adapter.recover_once(bot.adapter.app.client) == 0


async def test_a_plain_reply_lost_with_its_replica_is_asked_for_again_in_its_thread(
    bot: Bot,
) -> None:
    await bot.event(app_mention("<@U0BOT> idea", "100.1"), "Ev1")
    await bot.settle()
    # a turn that had no "thinking…" message still names its channel and thread
    plain = "C0CHAN||100.1"
    bot.handler.lost = [Unfinished(bot.handler.inbounds[-1].thread, "Ev2", plain)]
    posts = len(bot.slack.of("chat.postMessage"))
    assert await bot.adapter.recover_once(bot.adapter.app.client) == 1
    again = bot.slack.of("chat.postMessage")[posts:]
    assert [(c.args["thread_ts"], "send it again" in c.args["text"]) for c in again] == [
        ("100.1", True)
    ]

"""Socket Mode: serve_slack connects through apps.connections.open and acks every envelope."""

from __future__ import annotations

import asyncio
import contextlib
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from bot.slack_app import serve_slack
from engine.messages import Action, Inbound, Reply, Send, Unfinished
from engine.settings import Settings
from tests.fakes.slack_api import (
    APP_TOKEN,
    BOT_TOKEN,
    TEAM_ID,
    FakeSlack,
    app_mention,
    block_actions,
    event_callback,
    slash_command,
)
from tests.harness import posted


class EchoHandler:
    """Answers every Inbound with one question and a button."""

    def __init__(self) -> None:
        self.inbounds: list[Inbound] = []

    async def arrive(self, inbound: Inbound, where: str = "") -> str:
        """No line to keep in this test double."""
        return ""

    async def unfinished(self, platform: str) -> list[Unfinished]:
        """Nothing to recover in this test double."""
        return []

    async def answer_lost(
        self, turn: Unfinished, show: Callable[[Unfinished], Awaitable[None]]
    ) -> None:
        """Nothing to recover in this test double."""
        await show(turn)

    async def handle(
        self, inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        """Record and answer."""
        self.inbounds.append(inbound)
        reply = Reply("Who is it **for**?", actions=(Action("skip", "Skip"),), kind="question")
        return await posted(reply, send)

    def starts_interview(self, text: str) -> bool:
        """Every text starts an interview here."""
        return True


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
async def running(slack: FakeSlack) -> AsyncIterator[EchoHandler]:
    """serve_slack in Socket Mode (no signing secret needed), stopped by cancellation."""
    handler = EchoHandler()
    settings = Settings(
        _env_file=None,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=None,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=slack.api_url,
    )
    task = asyncio.create_task(serve_slack(settings, handler))
    try:
        await slack.wait_for("socket.connected")
        yield handler
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_connects_with_the_app_token(slack: FakeSlack, running: EchoHandler) -> None:
    (open_call,) = slack.of("apps.connections.open")
    assert open_call.token == APP_TOKEN


async def test_events_are_acked_by_envelope_id_and_answered(
    slack: FakeSlack, running: EchoHandler
) -> None:
    event = event_callback(app_mention("<@U0BOT> a clinic app", "10.1"), "Ev1")
    await slack.send_envelope("events_api", event, "env-1")
    await slack.wait_for("socket.ack")
    assert slack.acks[0]["envelope_id"] == "env-1"
    (update,) = await slack.wait_for("chat.update")
    assert update.args["text"] == "Who is it *for*?"
    assert update.token == BOT_TOKEN
    (inbound,) = running.inbounds
    assert inbound.text == "a clinic app"
    assert (inbound.thread.workspace, inbound.thread.thread) == (TEAM_ID, "10.1")


async def test_redelivered_envelopes_are_answered_once(
    slack: FakeSlack, running: EchoHandler
) -> None:
    event = event_callback(app_mention("<@U0BOT> idea", "10.1"), "Ev1")
    await slack.send_envelope("events_api", event, "env-1")
    await slack.send_envelope("events_api", event, "env-2")
    await slack.wait_for("socket.ack", count=2)
    await slack.wait_for("chat.update")
    await asyncio.sleep(0.1)
    assert len(running.inbounds) == 1
    assert {a["envelope_id"] for a in slack.acks} == {"env-1", "env-2"}


async def test_slash_commands_and_buttons_are_acked(slack: FakeSlack, running: EchoHandler) -> None:
    form = dict(
        urllib.parse.parse_qsl(slash_command("a clinic app", slack.response_url()).decode())
    )
    await slack.send_envelope("slash_commands", form, "env-cmd")
    await slack.wait_for("socket.ack")
    await slack.wait_for("chat.update")
    thread = running.inbounds[0].thread.thread
    press = block_actions("skip", "20.5", thread, slack.response_url())
    await slack.send_envelope("interactive", press, "env-btn")
    await slack.wait_for("socket.ack", count=2)
    assert [a["envelope_id"] for a in slack.acks] == ["env-cmd", "env-btn"]
    await slack.wait_for("chat.update", count=3)
    assert running.inbounds[-1].action == "skip"
    assert running.inbounds[-1].thread.thread == thread

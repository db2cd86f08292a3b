"""App Home and the assistant pane: the real Bolt app over HTTP against the fake Slack."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.slack_home import ASSISTANT_GREETING, HOME_COMMANDS, PROMPTS, home_view
from engine.commands import COMMANDS
from engine.messages import InterviewSummary, ThreadKey
from tests.fakes.slack_api import (
    TEAM_ID,
    FakeSlack,
    app_home_opened,
    app_mention,
    assistant_thread_started,
    message,
)
from tests.test_slack_app import Bot, FakeHandler, serve, serve_engine

AT = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def _summary(
    channel: str, thread: str, title: str, version: int = 0, stated: int = 3
) -> InterviewSummary:
    key = ThreadKey("slack", TEAM_ID, channel, thread)
    return InterviewSummary(key, title, stated, 2, 14, version, AT)


@dataclass
class Listed(FakeHandler):
    """A fake engine that also lists recent interviews (None: the store is down)."""

    items: tuple[InterviewSummary, ...] | None = ()

    def __post_init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[str, str, str, int]] = []

    async def recent(
        self, platform: str, workspace: str, user_id: str, limit: int = 10
    ) -> tuple[InterviewSummary, ...] | None:
        """The queued list; records who asked."""
        self.asked.append((platform, workspace, user_id, limit))
        return self.items


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
async def bot(slack: FakeSlack) -> AsyncIterator[Bot]:
    """The adapter in front of a fake engine that lists what a test queues."""
    async with serve(slack, Listed()) as running:
        yield running


@pytest.fixture
async def real_bot(slack: FakeSlack) -> AsyncIterator[Bot]:
    """The adapter in front of the real engine (with recent lists) over a MemoryStore."""
    async with serve_engine(slack) as running:
        yield running


def _view(call_args: dict[str, Any]) -> dict[str, Any]:
    view = call_args["view"]
    parsed = json.loads(view) if isinstance(view, str) else view
    assert isinstance(parsed, dict)
    return parsed


def _texts(view: dict[str, Any]) -> list[str]:
    """Every text of a view's blocks, in order."""
    out: list[str] = []
    for block in view["blocks"]:
        if "text" in block:
            out.append(block["text"]["text"])
        out += [e["text"] for e in block.get("elements", []) if "text" in e]
    return out


async def _open_home(bot: Bot, user: str = "U0USER", event_id: str = "EvH") -> dict[str, Any]:
    before = len(bot.slack.of("views.publish"))
    assert await bot.event(app_home_opened(user), event_id) == 200
    await bot.settle()
    calls = bot.slack.of("views.publish")
    assert len(calls) == before + 1
    assert calls[-1].args["user_id"] == user
    return _view(calls[-1].args)


# ---------------------------------------------------------------- App Home


async def test_home_shows_the_how_to_from_the_command_table(bot: Bot) -> None:
    text = "\n".join(_texts(await _open_home(bot)))
    assert "Mention me in a channel" in text
    assert "`/interview a booking app for dog walkers`" in text
    assert "Messages" in text
    for spec in COMMANDS:
        shown = f"`{spec.usage or spec.name}`: {spec.help}"
        assert (shown in text) == (spec.name in HOME_COMMANDS and not spec.admin), spec
    assert "No interviews yet" in text


async def test_home_lists_the_readers_interviews_newest_first_with_links(bot: Bot) -> None:
    bot.handler.items = (
        _summary("C0CHAN", "200.1", "Clinic booking", version=2),
        _summary("D0DM", "D0DM", "Warehouse scanner"),
    )
    view = await _open_home(bot, user="U0ANN")
    assert bot.handler.asked == [("slack", TEAM_ID, "U0ANN", 10)]
    rows = [t for t in _texts(view) if "stated" in t]
    assert rows == [
        "*<https://fake.slack.com/archives/C0CHAN/p2001|Clinic booking>*\n<#C0CHAN> · "
        "3 stated, 2 assumed of 14 · brief and wireframes v2 · last active "
        "<!date^1795771800^{date_short_pretty} at {time}|2026-11-27 09:30 UTC>",
        "*<https://slack.com/app_redirect?channel=D0DM&amp;team=T0TEAM|Warehouse scanner>*\n"
        "Direct message · 3 stated, 2 assumed of 14 · no files yet · last active "
        "<!date^1795771800^{date_short_pretty} at {time}|2026-11-27 09:30 UTC>",
    ]
    (permalink,) = bot.slack.of("chat.getPermalink")  # a whole DM has no message to link
    assert (permalink.args["channel"], permalink.args["message_ts"]) == ("C0CHAN", "200.1")
    await _open_home(bot, user="U0ANN", event_id="EvH2")
    assert len(bot.slack.of("chat.getPermalink")) == 1  # a permalink never changes


async def test_home_escapes_titles(bot: Bot) -> None:
    bot.handler.items = (_summary("C0CHAN", "200.1", "Alerts for <!channel> & <@U999> <x|y>"),)
    (row,) = [t for t in _texts(await _open_home(bot)) if "stated" in t]
    assert "|Alerts for &lt;!channel&gt; &amp; &lt;@U999&gt; &lt;x|y&gt;>*" in row
    assert "<!channel>" not in row and "<@U999>" not in row


async def test_home_falls_back_to_a_channel_link_and_says_when_the_list_is_down(
    bot: Bot,
) -> None:
    bot.handler.items = (_summary("C0CHAN", "200.1", "Clinic booking"),)
    bot.slack.fail("chat.getPermalink", "channel_not_found")
    (row,) = [t for t in _texts(await _open_home(bot)) if "stated" in t]
    assert row.startswith("*<https://slack.com/app_redirect?channel=C0CHAN&amp;team=T0TEAM|")
    bot.handler.items = None
    text = "\n".join(_texts(await _open_home(bot, event_id="EvH2")))
    assert "couldn't load your interviews" in text


async def test_home_shows_at_most_ten(bot: Bot) -> None:
    bot.handler.items = tuple(_summary("C0CHAN", f"{n}.1", f"idea {n}") for n in range(12))
    rows = [t for t in _texts(await _open_home(bot)) if "stated" in t]
    assert len(rows) == 10


async def test_the_messages_tab_publishes_nothing(bot: Bot) -> None:
    assert await bot.event(app_home_opened(tab="messages"), "EvM") == 200
    await bot.settle()
    assert bot.slack.of("views.publish") == []


async def test_home_with_the_real_engine_lists_only_the_readers_interviews(
    real_bot: Bot,
) -> None:
    bot = real_bot
    await bot.event(app_mention("<@U0BOT> a booking app for my dental clinic", "300.1"), "E1")
    other = app_mention("<@U0BOT> an inventory scanner for our warehouse", "300.2", user="U0BO")
    await bot.event(other, "E2")
    await bot.settle()
    (mine,) = [t for t in _texts(await _open_home(bot, "U0USER")) if "stated" in t]
    link = "https://fake.slack.com/archives/C0CHAN/p3001"
    assert mine.startswith(f"*<{link}|Booking app for my dental clinic>*\n<#C0CHAN> · 2 stated")
    (theirs,) = [t for t in _texts(await _open_home(bot, "U0BO", "EvH2")) if "stated" in t]
    assert "|Inventory scanner for our warehouse>*" in theirs
    assert "No interviews yet" in "\n".join(_texts(await _open_home(bot, "U0NEW", "EvH3")))


def test_home_view_is_a_home_view_within_slacks_limits() -> None:
    items = tuple(_summary("C0CHAN", f"{n}.1", "x" * 60) for n in range(12))
    view = home_view(items, {})
    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    assert all(len(t) <= 3000 for t in _texts(view))
    assert "*xxxxxxxx" in next(t for t in _texts(view) if "stated" in t)  # no link: plain title


# ---------------------------------------------------------------- the assistant pane


async def test_a_new_assistant_thread_is_greeted_with_prompts_that_start_an_interview(
    bot: Bot,
) -> None:
    assert await bot.event(assistant_thread_started("500.1"), "EvA") == 200
    await bot.settle()
    (greeting,) = bot.slack.of("chat.postMessage")
    assert (greeting.args["channel"], greeting.args["thread_ts"]) == ("D0DM", "500.1")
    assert greeting.args["text"] == ASSISTANT_GREETING
    (prompts,) = bot.slack.of("assistant.threads.setSuggestedPrompts")
    sent = prompts.args["prompts"]
    sent = json.loads(sent) if isinstance(sent, str) else sent
    assert (prompts.args["channel_id"], prompts.args["thread_ts"]) == ("D0DM", "500.1")
    assert 3 <= len(sent) <= 4
    assert sent == [dict(p) for p in PROMPTS]
    assert all(p["message"].startswith("Interview me about ") for p in sent)
    assert bot.handler.inbounds == []  # a greeting is not a turn


async def test_context_changes_call_nothing(bot: Bot) -> None:
    changed = assistant_thread_started("500.1")
    changed["type"] = "assistant_thread_context_changed"
    assert await bot.event(changed, "EvC") == 200
    await bot.settle()
    assert bot.slack.methods() == []


async def test_assistant_messages_show_status_then_the_answer_and_the_title(
    real_bot: Bot,
) -> None:
    await real_bot.event(assistant_thread_started("500.1"), "EvA")
    await real_bot.settle()
    real_bot.slack.calls.clear()
    text = "Interview me about a booking app for my clinic"
    event = message(text, "500.3", channel="D0DM", channel_type="im", thread_ts="500.1")
    await real_bot.event(event, "Ev1")
    await real_bot.settle()
    assert real_bot.slack.methods() == [
        "assistant.threads.setStatus",
        "chat.postMessage",
        "assistant.threads.setTitle",
    ]
    status = real_bot.slack.of("assistant.threads.setStatus")[0].args
    assert (status["channel_id"], status["thread_ts"], status["status"]) == (
        "D0DM",
        "500.1",
        "is thinking…",
    )
    (inbound,) = real_bot.handler.inbounds
    assert inbound.thread == ThreadKey("slack", TEAM_ID, "D0DM", "500.1")
    assert real_bot.slack.of("chat.postMessage")[0].args["thread_ts"] == "500.1"
    title = real_bot.slack.of("assistant.threads.setTitle")[0].args
    assert (title["thread_ts"], title["title"]) == ("500.1", "Booking app for my clinic")
    event = message(
        "Front-desk staff", "500.4", channel="D0DM", channel_type="im", thread_ts="500.1"
    )
    await real_bot.event(event, "Ev2")
    await real_bot.settle()
    assert len(real_bot.slack.of("assistant.threads.setTitle")) == 1  # unchanged: not set again


async def test_a_refused_status_falls_back_to_a_placeholder(bot: Bot) -> None:
    bot.slack.fail("assistant.threads.setStatus", "not_allowed")
    event = message("an app", "500.3", channel="D0DM", channel_type="im", thread_ts="500.1")
    await bot.event(event, "Ev1")
    await bot.settle()
    assert bot.slack.methods() == [
        "assistant.threads.setStatus",
        "chat.postMessage",
        "chat.update",
    ]
    assert bot.slack.of("chat.postMessage")[0].args["thread_ts"] == "500.1"

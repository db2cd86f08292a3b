"""The command table: one parser, and each command word gives the same result typed in a
thread, as a Slack slash command and as a button (the real engine behind the real adapter)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.slack_app import SlackAdapter
from bot.slack_server import start_http
from engine import replies
from engine.brain.rules import RulesBrain
from engine.commands import ACTIONS, COMMANDS, address, is_command, parse, target_user
from engine.engine import Engine, Ports
from engine.messages import Reply
from engine.store.memory import MemoryStore
from tests.fakes.slack_api import FakeSlack, app_mention, block_actions
from tests.harness import settings
from tests.test_slack_app import Bot, Recording, make_settings

IDEA = "<@U0BOT> a booking app for dog groomers, owners book a slot and pay a deposit"


def test_every_command_word_and_button_is_in_the_table() -> None:
    names = {s.name for s in COMMANDS}
    assert names == {
        "help",
        "status",
        "skip",
        "done",
        "restart",
        "forget",
        "profile",
        "export",
        "email",
        "accept",
        "more",
    }
    assert {"deliver", "skip", "accept", "email"} <= set(ACTIONS)
    assert [s.name for s in COMMANDS if s.admin] == ["forget"]
    for spec in COMMANDS:
        assert f"`{spec.usage or spec.name}` ({spec.help})" in replies.HELP


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("status", True),
        ("Status?", True),
        ("/done", True),
        ("deliver", True),  # the button's id, which the terminal shows as a word to type
        ("Deliver!", True),
        ("deliver pizzas faster", False),
        ("restart", True),
        ("skip", True),
        ("forget", True),
        ("forget --user U1", True),
        ("forget --user @U1", True),
        ("email ada@example.com", True),
        ("email", True),
        ("email marketing for dentists", False),
        ("email marketing", False),
        ("status page for my API", False),
        ("done with paper forms", False),
        ("a marketplace for dog walkers", False),
        ("help people find parking", False),
    ],
)
def test_is_command_keeps_ideas_that_start_with_a_command_word(text: str, expected: bool) -> None:
    assert is_command(text) is expected


def test_arguments_are_read_from_plain_text() -> None:
    email = parse("email ann@example.com")
    assert email is not None and address(email) == "ann@example.com"
    forget = parse("forget --user @U2")
    assert forget is not None and target_user(forget) == "U2"
    plain = parse("forget")
    assert plain is not None and target_user(plain) is None
    assert parse("", "deliver") == parse("done") == parse("deliver")
    assert parse("", "no-such-button") is None


async def test_starts_interview_is_the_complement_of_a_command() -> None:
    store = MemoryStore()
    engine = Engine(settings(), Ports(store, store, RulesBrain()))
    assert engine.starts_interview("a booking app for groomers")
    assert engine.starts_interview("status page for my API")
    assert not engine.starts_interview("status")
    assert not engine.starts_interview("forget --user U1")
    assert not engine.starts_interview("   ")


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
async def real_bot(slack: FakeSlack) -> AsyncIterator[Bot]:
    """The Slack adapter in front of the real engine over one MemoryStore."""
    config = make_settings(slack).model_copy(
        update={"rate_limit_user_per_minute": 1000, "admin_user_ids": "U0USER"}
    )
    store = MemoryStore.from_settings(config)
    ports = Ports(
        sessions=store, gate=store, brain=RulesBrain(), limiter=store, threads=store, eraser=store
    )
    handler = Recording(Engine(config, ports))
    adapter = SlackAdapter.build(config, handler)
    runner = await start_http(adapter.web_app(), "127.0.0.1", 0)
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as session:
            yield Bot(adapter, handler, slack, session, f"http://127.0.0.1:{port}/slack/events")
    finally:
        await runner.cleanup()


def _outcome(reply: Reply) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """What a command did, without the channel-level note and the version-free file names."""
    text = reply.text.removeprefix(replies.ABOUT_LATEST).strip()
    files = tuple(a.filename for a in reply.attachments)
    return reply.kind, text, files, tuple(a.id for a in reply.actions)


async def _via(bot: Bot, channel: str, gesture: str, text: str, action: str | None) -> Reply:
    """Start an interview in `channel`, then send the command by one gesture."""
    await bot.event(app_mention(IDEA, "100.1", channel=channel), f"Ev-{channel}-1")
    await bot.settle()
    before = len(bot.handler.answers)
    if gesture == "text":
        await bot.event(
            app_mention(f"<@U0BOT> {text}", "100.5", channel=channel, thread_ts="100.1"),
            f"Ev-{channel}-2",
        )
    elif gesture == "slash":
        await bot.command(text, channel=channel)
    else:
        assert action is not None
        await bot.press(block_actions(action, "100.4", "100.1", "", channel=channel))
    await bot.settle()
    (reply,) = bot.handler.answers[before:]
    return reply


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("help", "help"),
        ("status", "status"),
        ("profile", "profile"),
        ("skip", "skip"),
        ("done", "deliver"),
        ("accept", "accept"),
        ("export", "export"),
        ("email", "email"),
        ("restart", "restart"),
        ("forget", "forget"),
        ("email ada@example.com", None),
        ("forget --user <@U0OTHER>", None),
    ],
)
async def test_each_command_gives_the_same_result_by_text_slash_command_and_button(
    real_bot: Bot, text: str, action: str | None
) -> None:
    by_text = await _via(real_bot, "C0TEXT", "text", text, action)
    by_slash = await _via(real_bot, "C0SLASH", "slash", text, action)
    assert by_slash.thread is not None and by_slash.thread.channel == "C0SLASH"
    assert _outcome(by_text) == _outcome(by_slash)
    if action is not None:
        by_button = await _via(real_bot, "C0BUTTON", "button", text, action)
        assert _outcome(by_text) == _outcome(by_button)
    assert by_text.kind in ("info", "question", "deliverables")
    assert all("<@" not in i.text for i in real_bot.handler.inbounds)
    assert not [c for c in real_bot.slack.of("chat.postMessage") if "Interview:" in str(c.args)]


def test_every_button_the_engine_sends_is_a_command_in_the_table() -> None:
    from engine.turns import DELIVERY_ACTIONS, QUESTION_ACTIONS

    for action in (*QUESTION_ACTIONS, *DELIVERY_ACTIONS):
        assert action.id in ACTIONS, action.id

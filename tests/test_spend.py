"""The engine owns moderation and the daily model budget; the OpenAI brain only plans."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import ClassVar

import pytest
from openai import AsyncOpenAI

from engine import replies
from engine.brain.openai import OpenAIBrain
from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Inbound, Reply, ThreadKey
from engine.spend import BUDGET_USED_UP, Budget
from engine.store.memory import MemoryStore
from engine.usage import COST_COUNTER, PriceTable, utc_today
from tests.fakes.openai_server import FakeOpenAI, malformed, server_error
from tests.harness import settings

KEY = "sk-test-0123456789abcdefghijklmnopqrstuv"
PRIMARY = "gpt-4o-mini"
IDEA = "A shift-swap app for hospital nurses"


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(api_key=KEY) as server:
        yield server
        for bot in Bot.made:
            await bot.brain.aclose()
        Bot.made.clear()


class Bot:
    """An engine with the OpenAI brain, and the ports it was given."""

    made: ClassVar[list[Bot]] = []

    def __init__(
        self,
        fake: FakeOpenAI,
        *,
        moderation: bool = False,
        daily_usd: float | None = None,
        prices: PriceTable | None = None,
    ) -> None:
        client = AsyncOpenAI(api_key=KEY, base_url=fake.base_url, max_retries=0, timeout=2.0)
        self.brain = OpenAIBrain(client, RulesBrain(), primary=PRIMARY, prices=prices)
        self.store = MemoryStore()
        self.budget = None if daily_usd is None else Budget(self.store, daily_usd)
        ports = Ports(
            self.store,
            self.store,
            self.brain,
            moderator=self.brain.moderator() if moderation else None,
            budget=self.budget,
        )
        self.engine = Engine(settings(), ports)
        self.n = 0
        Bot.made.append(self)

    async def say(self, text: str, thread: str = "1.0") -> Reply:
        self.n += 1
        key = ThreadKey("slack", "T1", "C1", thread)
        return await self.engine.handle(Inbound(key, f"m{self.n}", "U1", "Ann", text))


async def test_flagged_input_is_refused_without_a_chat_call(fake: FakeOpenAI) -> None:
    bot = Bot(fake, moderation=True)
    reply = await bot.say("FLAGME you idiots")
    assert reply.text == replies.MODERATED
    assert fake.chat_requests == []
    assert [r.path for r in fake.requests] == ["/v1/moderations"]
    assert await bot.store.load(ThreadKey("slack", "T1", "C1", "1.0")) is None


async def test_clean_input_passes_moderation(fake: FakeOpenAI) -> None:
    reply = await Bot(fake, moderation=True).say(IDEA)
    assert reply.kind == "question"
    assert [r.path for r in fake.requests] == ["/v1/moderations", "/v1/chat/completions"]


async def test_moderation_errors_fail_open(fake: FakeOpenAI) -> None:
    fake.script_moderation(server_error())
    reply = await Bot(fake, moderation=True).say("FLAGME")
    assert reply.text != replies.MODERATED
    assert len(fake.chat_requests) == 1


async def test_moderation_off_by_default(fake: FakeOpenAI) -> None:
    await Bot(fake).say("FLAGME")
    assert [r.path for r in fake.requests] == ["/v1/chat/completions"]


async def test_budget_warns_at_80_then_goes_offline(fake: FakeOpenAI) -> None:
    prices = PriceTable.from_setting(json.dumps({PRIMARY: [100.0, 100.0, 100.0]}))
    probe = Bot(fake, daily_usd=1000.0, prices=prices)
    await probe.say(IDEA)
    per_turn = (await probe.store.read("T1", utc_today()))[COST_COUNTER]
    assert per_turn > 0

    bot = Bot(fake, daily_usd=per_turn * 1.2, prices=prices)  # one turn crosses 80 %, next 100 %
    warned = await bot.say(IDEA, thread="2.0")
    assert "80%" in warned.text
    used_up = await bot.say("nurses and charge nurses", thread="2.0")
    assert "offline mode" in used_up.text
    calls_before = len(fake.chat_requests)
    offline = await bot.say("they swap shifts by text today", thread="2.0")
    assert len(fake.chat_requests) == calls_before
    assert offline.kind == "question"
    assert BUDGET_USED_UP in (await bot.say(IDEA, thread="3.0")).text
    spent = (await bot.store.read("T1", utc_today()))[COST_COUNTER]
    assert spent == pytest.approx(2 * per_turn, rel=0.2)


async def test_budget_counts_failed_calls_too(fake: FakeOpenAI) -> None:
    fake.script(malformed())
    bot = Bot(fake, daily_usd=10.0)
    await bot.say(IDEA)
    session = await bot.store.load(ThreadKey("slack", "T1", "C1", "1.0"))
    assert session is not None
    assert session.usage.model_calls == 2
    spent = (await bot.store.read("T1", utc_today()))[COST_COUNTER]
    assert spent == pytest.approx(session.usage.cost_usd)

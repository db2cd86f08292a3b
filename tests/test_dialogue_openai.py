"""With the OpenAI brain (loopback fake), messages that are not answers are not filed either,
even when the model files them as facts."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.runtime import Runtime, open_runtime
from engine.messages import Inbound, Reply, ThreadKey
from tests.fakes.openai_server import FakeOpenAI
from tests.harness import settings

KEY = "sk-test-abcdefghijklmnopqrstuvwxyz123456"
THREAD = ThreadKey("test", "W1", "C1", "T9")


@pytest.fixture
async def runtime() -> AsyncIterator[Runtime]:
    async with FakeOpenAI(api_key=KEY) as fake:
        config = settings(
            openai_api_key=KEY, openai_base_url=fake.base_url, openai_timeout_seconds=2
        )
        rt = await open_runtime(config)
        yield rt
        await rt.close()


async def _say(rt: Runtime, text: str, n: list[int] = [0]) -> Reply:  # noqa: B006
    n[0] += 1
    return await rt.engine.handle(Inbound(THREAD, f"o{n[0]}", "U1", "Ann", text))


async def test_model_facts_from_non_answers_are_dropped(runtime: Runtime) -> None:
    await _say(runtime, "we run 2 taco trucks in austin and want to let customers order ahead")
    await _say(runtime, "office workers on their lunch break")
    before = await runtime.store.load(THREAD)
    assert before is not None and before.facts  # the fake model files every answer
    for text in ("wdym", "huh?", "lol", "i already said that", "what do other trucks do?"):
        reply = await _say(runtime, text)
        assert reply.kind == "question", text
    after = await runtime.store.load(THREAD)
    assert after is not None
    assert [f.value for f in after.facts] == [f.value for f in before.facts]
    assert after.profile.sophistication_score < before.profile.sophistication_score

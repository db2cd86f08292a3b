"""The OpenAI brain's plans carry the same semantics as the offline brain (loopback fake)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.runtime import Runtime, open_runtime
from engine.messages import Inbound, ThreadKey
from engine.session import Session
from tests.fakes.openai_server import FakeOpenAI, plan, plan_body
from tests.harness import settings

KEY = "sk-test-abcdefghijklmnopqrstuvwxyz123456"
THREAD = ThreadKey("test", "W1", "C1", "T9")


@pytest.fixture
async def runtime() -> AsyncIterator[tuple[Runtime, FakeOpenAI]]:
    async with FakeOpenAI(api_key=KEY) as fake:
        config = settings(openai_api_key=KEY, openai_base_url=fake.base_url)
        rt = await open_runtime(config)
        try:
            yield rt, fake
        finally:
            await rt.close()


async def _say(rt: Runtime, text: str, user: str = "U1", n: list[int] = [0]) -> None:  # noqa: B006
    n[0] += 1
    await rt.engine.handle(Inbound(THREAD, f"o{n[0]}", user, user, text))


async def _session(rt: Runtime) -> Session:
    session = await rt.store.load(THREAD)
    assert session is not None
    return session


def _fact(topic: str, value: str, negative: bool = False) -> dict[str, object]:
    return {"topic": topic, "value": value, "negative": negative}


async def test_a_correction_naming_its_topic_replaces_the_earlier_value(
    runtime: tuple[Runtime, FakeOpenAI],
) -> None:
    rt, fake = runtime
    fake.script(
        plan(plan_body(facts=[_fact("integrations", "PagerDuty"), _fact("integrations", "Argo")]))
    )
    await _say(rt, "on-call notes, pulls incidents from pagerduty and deploys from argo")
    fake.script(plan(plan_body(facts=[_fact("scale", "~60 engineers")])))
    await _say(rt, "~60 engineers")
    fix = {"topic": "integrations", "remove": ["Argo"], "values": ["Spinnaker"]}
    fake.script(plan(plan_body(corrections=[fix])))
    await _say(rt, "actually not argo, we moved to spinnaker")
    session = await _session(rt)
    assert session.stated("integrations") == ("PagerDuty", "Spinnaker")
    assert session.counters.corrections == 1


async def test_a_note_is_not_a_fact_and_a_negative_fact_is_an_exclusion(
    runtime: tuple[Runtime, FakeOpenAI],
) -> None:
    rt, fake = runtime
    body = plan_body(
        facts=[_fact("security_compliance", "HIPAA", negative=True)],
        notes=["we treat animals"],
        product_name="ShotClock",
    )
    fake.script(plan(body))
    await _say(rt, "vaccine reminders for our vet clinic. not HIPAA, we treat animals")
    session = await _session(rt)
    assert session.excluded("security_compliance") == ("HIPAA",)
    assert session.stated("security_compliance") == ()
    assert [n.text for n in session.notes] == ["we treat animals"]
    assert all("animals" not in f.value for f in session.facts)
    assert session.product_name == "ShotClock"

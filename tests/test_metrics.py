"""/metrics counts model calls, tokens, cost, fallbacks, renders, emails and errors for real."""

from __future__ import annotations

import asyncio
import json

from bot.metrics import Metrics, ObservedBrain
from engine.brain.openai import OpenAIBrain
from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.mail import ResendMailer
from engine.messages import Inbound, ThreadKey
from engine.store.memory import MemoryStore
from tests.fakes.openai_server import FakeOpenAI, server_error
from tests.fakes.resend_api import API_KEY, FakeResend
from tests.fakes.slack_api import APP_TOKEN, BOT_TOKEN, FakeSlack, app_mention, event_callback
from tests.harness import settings
from tests.test_serve import get, run_serve

IDEA = "we're a vet clinic, pet owners book visits online and get vaccine reminders"


def sample(text: str, name: str, labels: str = "") -> float:
    prefix = f"{name}{{{labels}}} " if labels else f"{name} "
    line = next(x for x in text.splitlines() if x.startswith(prefix))
    return float(line.split()[-1])


async def engine_with(
    metrics: Metrics, model: FakeOpenAI, mail: FakeResend
) -> tuple[Engine, OpenAIBrain]:
    config = settings(
        openai_api_key="sk-test-0123456789abcdefghijkl", openai_base_url=model.base_url
    )
    store = MemoryStore.from_settings(config)
    brain = OpenAIBrain.from_settings(config, RulesBrain())
    ports = Ports(
        sessions=store,
        gate=store,
        brain=ObservedBrain(brain, metrics),
        counters=store,
        mailer=ResendMailer(API_KEY, "bot@example.com", mail.url),
        ledger=store,
        observer=metrics,
    )
    return Engine(config, ports), brain


async def test_model_tokens_cost_render_email_and_fallback_are_counted() -> None:
    metrics = Metrics()
    async with FakeOpenAI() as model, FakeResend() as mail:
        handler, brain = await engine_with(metrics, model, mail)
        key = ThreadKey("slack", "T1", "C1", "1.1")

        kinds: list[str] = []

        async def say(n: int, text: str) -> None:
            kinds.append((await handler.handle(Inbound(key, f"m{n}", "U1", "Ann", text))).kind)

        await say(1, IDEA)
        model.script(server_error(), server_error())
        await say(2, "owners mostly on phones, staff on desktops")
        await say(3, "done")
        await say(4, "email ann@example.com")
        mail.fail(429, "rate_limit_exceeded", "Too many requests")
        await say(5, "email bob@example.com")
        await brain.aclose()
    text = metrics.exposition().decode()
    calls = [x for x in text.splitlines() if x.startswith("meta_agent_model_calls_total{")]
    assert sum(float(x.split()[-1]) for x in calls) == 3  # 1 answer + 2 failed (primary, fallback)
    assert sample(text, "meta_agent_tokens_total", 'kind="prompt"') > 0
    assert sample(text, "meta_agent_cost_usd_total") > 0
    assert sample(text, "meta_agent_render_seconds_count") >= 1
    assert sample(text, "meta_agent_emails_total", 'kind="",outcome="sent"') == 1
    assert sample(text, "meta_agent_emails_total", 'kind="rate_limit",outcome="failed"') == 1
    assert sample(text, "meta_agent_errors_total", 'kind="email_rate_limit"') == 1
    assert (
        sum(
            float(x.split()[-1])
            for x in text.splitlines()
            if x.startswith("meta_agent_model_fallbacks_total{")
        )
        >= 1
    )
    for kind in set(kinds):
        assert sample(text, "meta_agent_turns_total", f'kind="{kind}"') == kinds.count(kind)
    assert sample(text, "meta_agent_turn_seconds_count") == 5
    assert sample(text, "meta_agent_active_sessions") == 1
    assert sample(text, "meta_agent_turns_in_flight") == 0


def test_active_sessions_forget_threads_idle_past_the_window() -> None:
    metrics = Metrics()
    now = [1000.0]
    metrics._clock = lambda: now[0]
    metrics.turn("a", "question", 0.1, 1000.0)
    metrics.turn("b", "question", 0.1, 1500.0)
    assert sample(metrics.exposition().decode(), "meta_agent_active_sessions") == 2
    now[0] = 1000.0 + 901
    assert sample(metrics.exposition().decode(), "meta_agent_active_sessions") == 1


async def test_socket_mode_serve_is_ready_answers_and_stops_cleanly() -> None:
    async with FakeSlack() as slack:
        task, stop, base = await run_serve(
            slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_api_url=slack.api_url
        )
        try:
            status, body = await get(f"{base}/readyz")
            assert status == 200 and json.loads(body)["adapters"] == {"slack": "ok"}
            event = event_callback(app_mention("<@U0BOT> a clinic app", "10.1"), "Ev1")
            await slack.send_envelope("events_api", event, "env-1")
            await slack.wait_for("chat.update")
            status, _ = await get(f"{base}/slack/events")
            assert status in (404, 405)  # Socket Mode: no HTTP events route
        finally:
            stop.set()
            assert await asyncio.wait_for(task, 20) == 0
        assert not slack._sockets  # disconnected on stop

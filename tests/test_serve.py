"""`serve`: /healthz, /readyz and /metrics over real HTTP, and a graceful SIGTERM/SIGINT stop."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.serve import serve
from bot.slack_format import THINKING
from bot.web import Ops
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.slack_api import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    app_mention,
    event_callback,
    sign,
)
from tests.harness import settings
from tests.redis_server import RedisServer, free_port

ROOT = Path(__file__).resolve().parents[1]
IDEA = "<@U0BOT> we run 3 dog grooming salons, need online booking + reminders, staff on ipads"


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path / "redis").start()
    yield running
    running.stop()


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.text()


async def run_serve(**overrides: object) -> tuple[asyncio.Task[int], asyncio.Event, str]:
    port = free_port()
    config = settings(host="127.0.0.1", port=port, **overrides)
    stop, up = asyncio.Event(), asyncio.Event()

    async def ready(_: Ops) -> None:
        up.set()

    task = asyncio.create_task(serve(config, stop, ready))
    waiter = asyncio.create_task(up.wait())
    await asyncio.wait({task, waiter}, timeout=20, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    if task.done():
        task.result()
    return task, stop, f"http://127.0.0.1:{port}"


async def test_ops_endpoints_with_redis_up_then_down(
    redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        task, stop, base = await run_serve(session_storage="redis", redis_url=redis.url)
    try:
        assert (await get(f"{base}/healthz"))[0] == 200
        status, body = await get(f"{base}/readyz")
        assert status == 200 and json.loads(body)["store"] == "ok"
        status, text = await get(f"{base}/metrics")
        assert status == 200
        for name in ("meta_agent_turn_seconds_bucket", "meta_agent_active_sessions"):
            assert name in text
        assert any("no chat adapter configured" in r.getMessage() for r in caplog.records)
        redis.kill()
        status, body = await get(f"{base}/readyz")
        assert status == 503 and json.loads(body)["store"] != "ok"
        assert (await get(f"{base}/healthz"))[0] == 200
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 20) == 0


async def test_slack_turn_is_counted_in_metrics_and_readyz_reports_slack(
    slack: FakeSlack,
) -> None:
    task, stop, base = await run_serve(
        slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_api_url=slack.api_url
    )
    try:
        status, body = await get(f"{base}/readyz")
        assert status == 200 and json.loads(body)["adapters"] == {"slack": "ok"}
        await post_event(base, IDEA, "1700000001.000100")
        await slack.wait_for("chat.update")
        _, text = await get(f"{base}/metrics")
        assert 'meta_agent_turns_total{kind="question"} 1.0' in text
        assert "meta_agent_active_sessions 1.0" in text
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 20) == 0


async def test_a_rejected_slack_token_stops_serve_with_one_line(slack: FakeSlack) -> None:
    from bot.serve import ServeError

    slack.fail("auth.test", "invalid_auth")
    with pytest.raises(ServeError, match="invalid_auth"):
        await run_serve(
            slack_bot_token="xoxb-garbage",
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=slack.api_url,
        )


async def post_event(base: str, text: str, ts: str) -> int:
    body = json.dumps(event_callback(app_mention(text, ts), f"Ev{ts}")).encode()
    headers = {"Content-Type": "application/json", **sign(body)}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{base}/slack/events", data=body, headers=headers) as response,
    ):
        return response.status


async def start_process(
    slack: FakeSlack, model: FakeOpenAI, **env: str
) -> tuple[asyncio.subprocess.Process, str]:
    port = free_port()
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "OPENAI_API_KEY": "sk-test-0123456789abcdefghijkl",
        "OPENAI_BASE_URL": model.base_url,
        "OPENAI_TIMEOUT_SECONDS": "60",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_FORMAT": "json",
        **env,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve",
        cwd=ROOT, env=environment,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if (await get(f"{base}/readyz"))[0] == 200:
                return proc, base
        except aiohttp.ClientError:
            pass
        if proc.returncode is not None:
            break
        await asyncio.sleep(0.05)
    proc.kill()
    _, err = await proc.communicate()
    raise AssertionError(f"serve did not come up: {err.decode()[-2000:]}")


async def wait_for_model_call(model: FakeOpenAI) -> None:
    for _ in range(1000):
        if model.chat_requests:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the model was never called")


def final_texts(slack: FakeSlack) -> list[str]:
    return [str(c.args.get("text")) for c in slack.of("chat.update")]


async def test_sigterm_mid_turn_still_posts_the_reply_and_exits_0(slack: FakeSlack) -> None:
    async with FakeOpenAI(delay=1.0) as model:
        proc, base = await start_process(slack, model)
        assert await post_event(base, IDEA, "1700000002.000100") == 200
        await wait_for_model_call(model)
        placeholder = await slack.wait_for("chat.postMessage")
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert placeholder[0].args["text"] == THINKING
    (update,) = slack.of("chat.update")
    answer = str(update.args["text"])
    assert answer != THINKING and "send your last message again" not in answer
    assert "ref " not in answer and "?" in answer  # the interview's first question
    lines = [json.loads(x) for x in err.decode().splitlines() if x.startswith("{")]
    turn = next(x for x in lines if x["event"].startswith("turn "))
    assert len(turn["thread"]) == 12 and turn["duration_ms"] > 0 and "text" not in turn
    assert "xoxb-test-token" not in err.decode()


async def test_sigint_refuses_new_work_and_cut_off_turns_say_please_resend(
    slack: FakeSlack,
) -> None:
    async with FakeOpenAI(delay=30.0) as model:
        proc, base = await start_process(slack, model, SHUTDOWN_GRACE_SECONDS="3")
        assert await post_event(base, IDEA, "1700000004.000100") == 200
        await wait_for_model_call(model)
        proc.send_signal(signal.SIGINT)
        statuses: list[int] = []
        for _ in range(100):
            status, _ = await get(f"{base}/readyz")
            if status == 503:
                statuses.append(await post_event(base, "<@U0BOT> another idea", "1700000005.1"))
                break
            await asyncio.sleep(0.02)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert statuses == [503]
    assert len(slack.of("chat.postMessage")) == 1  # the refused event never started a turn
    assert any("send your last message again" in t for t in final_texts(slack))
    assert THINKING not in final_texts(slack)

"""`meta-agent doctor` against reachable and unreachable fakes: one line per service, exit code."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.doctor import SLACK_SCOPES, check_discord, env_file_line, run_doctor
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.resend_api import API_KEY, FakeResend
from tests.fakes.slack_api import BOT_TOKEN, SIGNING_SECRET, FakeSlack
from tests.harness import settings
from tests.redis_server import RedisServer, free_port

DEAD = f"http://127.0.0.1:{free_port()}"
ALL_SCOPES = ",".join(SLACK_SCOPES)


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path / "redis").start()
    yield running
    running.stop()


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeSlack, FakeOpenAI, FakeResend]]:
    async with FakeSlack(scopes=ALL_SCOPES) as slack, FakeOpenAI() as model, FakeResend() as mail:
        yield slack, model, mail


async def doctor(**overrides: object) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = await run_doctor(settings(**overrides), lines.append)
    return code, lines


def line(lines: list[str], name: str) -> str:
    return next(x for x in lines if x.startswith(("[ok] " + name, "[FAIL] " + name)))


def everything(
    redis: RedisServer, slack: FakeSlack, model: FakeOpenAI, mail: FakeResend
) -> dict[str, object]:
    return {
        "session_storage": "redis",
        "redis_url": redis.url,
        "openai_api_key": "sk-test-0123456789abcdefghijkl",
        "openai_base_url": model.base_url,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": slack.api_url,
        "resend_api_key": API_KEY,
        "resend_api_url": mail.url,
        "email_from": "Meta-Agent <bot@example.com>",
    }


async def test_all_reachable_is_exit_0_with_versions_and_modes(
    redis: RedisServer, fakes: tuple[FakeSlack, FakeOpenAI, FakeResend]
) -> None:
    code, lines = await doctor(**everything(redis, *fakes))
    assert code == 0, lines
    assert "Redis 7" in line(lines, "sessions") or "Redis 6" in line(lines, "sessions")
    assert "gpt-4o-mini" in line(lines, "model")
    assert "HTTP mode" in line(lines, "slack") and "Fake Team" in line(lines, "slack")
    assert "example.com" in line(lines, "email")
    assert lines[1].startswith("config: ")


async def test_every_service_down_fails_with_a_fix_each(
    fakes: tuple[FakeSlack, FakeOpenAI, FakeResend],
) -> None:
    code, lines = await doctor(
        session_storage="redis",
        redis_url=f"redis://:hunter2pass@127.0.0.1:{free_port()}/0",
        openai_api_key="sk-test-0123456789abcdefghijkl",
        openai_base_url=DEAD + "/v1",
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=DEAD + "/api/",
        resend_api_key=API_KEY,
        resend_api_url=DEAD,
    )
    assert code == 1
    for name in ("sessions", "model", "slack", "email"):
        assert line(lines, name).startswith("[FAIL]") and "fix:" in line(lines, name)
    assert not any("hunter2pass" in x or API_KEY in x for x in lines)


async def test_garbage_slack_token_and_missing_scopes_and_mode(
    fakes: tuple[FakeSlack, FakeOpenAI, FakeResend],
) -> None:
    slack, _, _ = fakes
    base = {"slack_bot_token": "xoxb-garbage", "slack_api_url": slack.api_url}
    slack.fail("auth.test", "invalid_auth")
    code, lines = await doctor(slack_signing_secret=SIGNING_SECRET, **base)
    assert code == 1 and "invalid_auth" in line(lines, "slack")
    slack.scopes = "chat:write,commands"
    code, lines = await doctor(slack_signing_secret=SIGNING_SECRET, **base)
    assert code == 1 and "app_mentions:read" in line(lines, "slack")
    slack.scopes = ALL_SCOPES
    code, lines = await doctor(**base)
    assert code == 1 and "signing secret" in line(lines, "slack")
    code, lines = await doctor(slack_app_token="xapp-1-A0-123-abcdef", **base)
    assert code == 0 and "Socket Mode" in line(lines, "slack")


async def test_wrong_openai_key_and_unknown_model() -> None:
    async with FakeOpenAI(api_key="sk-right-0123456789abcdefghij") as model:
        code, lines = await doctor(
            openai_api_key="sk-wrong-0123456789abcdefgh", openai_base_url=model.base_url
        )
        assert code == 1 and "401" in line(lines, "model")
        code, lines = await doctor(
            openai_api_key="sk-right-0123456789abcdefghij",
            openai_base_url=model.base_url,
            openai_model_primary="gpt-9-imaginary",
        )
        assert code == 1 and "gpt-9-imaginary" in line(lines, "model")  # fmt: skip


async def test_resend_wrong_key_and_unverified_sender_domain(
    fakes: tuple[FakeSlack, FakeOpenAI, FakeResend],
) -> None:
    _, _, mail = fakes
    code, lines = await doctor(
        resend_api_key="re_wrong_0123456789abcdefgh", resend_api_url=mail.url
    )
    assert code == 1 and "403" in line(lines, "email")
    code, lines = await doctor(
        resend_api_key=API_KEY, resend_api_url=mail.url, email_from="bot@unverified.example.org"
    )
    assert code == 1 and "verify unverified.example.org" in line(lines, "email")


async def test_nothing_configured_is_fine_and_says_so() -> None:
    code, lines = await doctor()
    assert code == 0
    assert "in-process memory" in line(lines, "sessions")
    assert any("no adapter configured" in x for x in lines)


async def test_discord_token_checked_with_users_me() -> None:
    seen: list[str] = []

    async def me(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Authorization", ""))
        if request.headers.get("Authorization") != "Bot good-token":
            return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        return web.json_response({"id": "1", "username": "meta-agent"})

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", me)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        api = f"http://127.0.0.1:{port}/api/v10"
        assert (await check_discord("good-token", api)).ok
        bad = await check_discord("bad-token", api)
        assert not bad.ok and "401" in bad.message and "DISCORD_BOT_TOKEN" in bad.fix
    finally:
        await runner.cleanup()
    down = await check_discord("good-token", DEAD)
    assert not down.ok and "unreachable" in down.message
    assert seen == ["Bot good-token", "Bot bad-token"]


def test_env_file_line(tmp_path: Path) -> None:
    assert "no .env" in env_file_line(tmp_path)
    (tmp_path / ".env").write_text("LOG_LEVEL=INFO\n")
    assert str(tmp_path / ".env") in env_file_line(tmp_path)

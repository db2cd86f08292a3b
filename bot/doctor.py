"""`meta-agent doctor`: try every configured service for real; one line each, with the fix."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from engine.redact import redact
from engine.settings import Settings, plain

TIMEOUT_SECONDS = 5.0
# Bot scopes the code uses (docs/SLACK.md's manifest); without these, features break.
SLACK_SCOPES = (
    "app_mentions:read",
    "chat:write",
    "chat:write.public",
    "im:history",
    "channels:history",
    "groups:history",
    "files:write",
    "commands",
    "assistant:write",
)
DISCORD_API_URL = "https://discord.com/api/v10"


@dataclass(frozen=True, slots=True)
class Check:
    """One service's result: a line to print and, when it failed, how to fix it."""

    name: str
    ok: bool
    message: str
    fix: str = ""

    def line(self) -> str:
        """`[ok] name: message` or `[FAIL] name: message — fix: ...`."""
        text = f"[{'ok' if self.ok else 'FAIL'}] {self.name}: {self.message}"
        return text + (f" — fix: {self.fix}" if not self.ok and self.fix else "")


def env_file_line(cwd: Path | None = None) -> str:
    """Which .env the settings were read from (Settings reads ./.env when it exists)."""
    path = (cwd or Path.cwd()) / ".env"
    if path.is_file():
        return f"config: loaded {path.resolve()} (the environment overrides it)"
    return f"config: no .env in {path.parent.resolve()}; environment variables only"


async def check_store(settings: Settings) -> Check:
    """Memory: nothing to try. Redis: PING and the server version."""
    from engine.store.base import StoreError
    from engine.store.factory import describe, make_store
    from engine.store.redis import RedisStore

    backend, where = describe(settings)
    if backend == "memory":
        return Check(
            "sessions", True, "in-process memory (lost on restart; set SESSION_STORAGE=redis)"
        )
    store = make_store(settings)
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            await store.ping()
            info = await store.client.info("server") if isinstance(store, RedisStore) else {}
    except (StoreError, TimeoutError, OSError) as exc:
        reason = redact(str(exc) or type(exc).__name__)
        return Check("sessions", False, f"{backend} at {where} unreachable: {reason}", _REDIS_FIX)
    finally:
        await store.close()
    version = info.get("redis_version", "?") if isinstance(info, dict) else "?"
    return Check("sessions", True, f"{backend} at {where} answers PING (Redis {version})")


_REDIS_FIX = "start Redis or correct REDIS_URL (redis://[:password@]host:6379/0)"


async def check_openai(settings: Settings) -> Check:
    """List the models with the key and check the configured ones are among them."""
    import openai

    from engine.brain.openai import make_client

    if settings.openai_api_key is None:
        return Check("model", True, "offline rules brain (set OPENAI_API_KEY for OpenAI)")
    client = make_client(settings, timeout=TIMEOUT_SECONDS)
    try:
        ids = {m.id async for m in client.models.list()}
    except openai.AuthenticationError:
        return Check(
            "model", False, "OpenAI rejected the API key (401)", "set a valid OPENAI_API_KEY"
        )
    except openai.APIError as exc:
        fix = "check OPENAI_BASE_URL and the network"
        return Check("model", False, f"OpenAI unreachable ({type(exc).__name__})", fix)
    finally:
        await client.close()
    wanted = [settings.openai_model_primary, settings.openai_model_fallback]
    missing = [m for m in wanted if m and m not in ids]
    if missing:
        fix = "set OPENAI_MODEL_PRIMARY / OPENAI_MODEL_FALLBACK to models this key can use"
        return Check("model", False, f"OpenAI answers but lacks {', '.join(missing)}", fix)
    return Check("model", True, f"OpenAI key works; {', '.join(wanted)} available")


async def check_slack(settings: Settings) -> Check:
    """auth.test with the bot token, its scopes, and the secret the chosen mode needs."""
    from slack_sdk.errors import SlackApiError
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.slack_events import api_base_url

    token = plain(settings.slack_bot_token) or ""
    client = AsyncWebClient(token, base_url=api_base_url(settings.slack_api_url), timeout=5)
    try:
        response = await client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error", "error")
        fix = "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN"
        return Check("slack", False, f"auth.test refused the bot token ({error})", fix)
    except Exception as exc:
        fix = "check SLACK_API_URL and the network"
        return Check("slack", False, f"Slack unreachable ({type(exc).__name__})", fix)
    header = {k.lower(): v for k, v in response.headers.items()}.get("x-oauth-scopes", "")
    scopes = {s.strip() for s in header.split(",") if s.strip()}
    missing = [s for s in SLACK_SCOPES if s not in scopes]
    team = response.get("team") or response.get("team_id") or "?"
    if missing:
        fix = "add these bot scopes (docs/SLACK.md manifest) and reinstall the app"
        return Check("slack", False, f"token ok for {team} but lacks {', '.join(missing)}", fix)
    return _slack_mode(settings, str(team))


def _slack_mode(settings: Settings, team: str) -> Check:
    if settings.slack_app_token is not None:
        if not (plain(settings.slack_app_token) or "").startswith("xapp-"):
            fix = "use an App-Level Token (xapp-…) with connections:write"
            return Check("slack", False, "SLACK_APP_TOKEN is not an xapp- token", fix)
        return Check("slack", True, f"token ok for {team}, all scopes; Socket Mode (app token set)")
    if settings.slack_signing_secret is None:
        fix = "set SLACK_SIGNING_SECRET (Basic Information) or SLACK_APP_TOKEN for Socket Mode"
        return Check(
            "slack", False, f"token ok for {team}, but HTTP mode has no signing secret", fix
        )
    return Check("slack", True, f"token ok for {team}, all scopes; HTTP mode (signing secret set)")


async def check_discord(token: str, api_url: str = DISCORD_API_URL) -> Check:
    """GET /users/@me with the bot token."""
    url = api_url.rstrip("/") + "/users/@me"
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as http,
            http.get(url, headers={"Authorization": f"Bot {token}"}) as response,
        ):
            body = await response.json(content_type=None) if response.status == 200 else {}
            status = response.status
    except (aiohttp.ClientError, TimeoutError) as exc:
        return Check(
            "discord", False, f"Discord unreachable ({type(exc).__name__})", "check the network"
        )
    if status == 401:
        fix = "copy the token from Developer Portal → Bot → Reset Token into DISCORD_BOT_TOKEN"
        return Check("discord", False, "Discord rejected the bot token (401)", fix)
    if status != 200:
        return Check(
            "discord", False, f"Discord answered {status}", "try again; check discordstatus.com"
        )
    name = body.get("username", "?") if isinstance(body, dict) else "?"
    return Check("discord", True, f"bot token ok (logged in as {name})")


async def check_email(settings: Settings) -> Check:
    """List the Resend domains with the key."""
    from engine.mail import check_resend

    key = plain(settings.resend_api_key) or ""
    ok, message, verified = await check_resend(key, settings.resend_api_url)
    if not ok:
        fix = "set a valid RESEND_API_KEY (resend.com/api-keys); check RESEND_API_URL"
        return Check("email", False, message, fix)
    domain = settings.email_from.rsplit("@", 1)[-1].strip(" >").lower()
    if domain not in {d.lower() for d in verified}:
        fix = f"verify {domain} at resend.com/domains or change EMAIL_FROM"
        return Check("email", False, f"{message}; EMAIL_FROM uses {domain}", fix)
    return Check("email", True, f"{message}; EMAIL_FROM's domain is verified")


def checks(settings: Settings) -> list[Callable[[], Awaitable[Check]]]:
    """The checks of every configured service, in order."""
    found: list[Callable[[], Awaitable[Check]]] = [
        lambda: check_store(settings),
        lambda: check_openai(settings),
    ]
    if plain(settings.slack_bot_token):
        found.append(lambda: check_slack(settings))
    discord = plain(getattr(settings, "discord_bot_token", None))
    if discord:
        api = str(getattr(settings, "discord_api_url", None) or DISCORD_API_URL)
        found.append(lambda: check_discord(discord, api))
    if plain(settings.resend_api_key):
        found.append(lambda: check_email(settings))
    return found


async def run_doctor(settings: Settings, say: Callable[[str], None]) -> int:
    """Print one line per check; 1 when anything failed, else 0."""
    say(f"meta-agent doctor (Python {sys.version.split()[0]})")
    say(env_file_line())
    failed = 0
    for check in checks(settings):
        result = await check()
        say(redact(result.line()))
        failed += not result.ok
    if not plain(settings.slack_bot_token) and not getattr(settings, "discord_bot_token", None):
        say("[ok] chat: no adapter configured (serve runs only /healthz, /readyz, /metrics)")
    if not plain(settings.resend_api_key):
        say("[ok] email: off (set RESEND_API_KEY and EMAIL_FROM to email summaries)")
    say("all good" if not failed else f"{failed} problem(s) found")
    return 1 if failed else 0

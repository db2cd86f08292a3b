"""The configured Discord client: endpoints, intents, shards; serve, command sync, doctor."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import yarl

from bot.discord_app import DiscordAdapter
from bot.discord_send import NO_MENTIONS
from bot.handler import Handler
from engine.messages import Inbound, Reply, Send
from engine.settings import Settings


def point_at(settings: Settings) -> None:
    """Send discord.py's REST calls to DISCORD_API_BASE and the gateway to DISCORD_GATEWAY_URL."""
    discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def intents() -> discord.Intents:
    """Guilds, guild and DM messages, and message content (privileged: enable it in the portal)."""
    chosen = discord.Intents.default()
    chosen.message_content = True
    chosen.typing = False
    chosen.presences = False
    chosen.members = False
    return chosen


def make_client(
    settings: Settings, handler: Handler, *, ready_timeout: float = 2.0
) -> tuple[discord.Client, DiscordAdapter]:
    """A client (sharded when DISCORD_SHARD_COUNT/IDS say so) with the adapter attached."""
    point_at(settings)
    options: dict[str, Any] = {
        "intents": intents(),
        "allowed_mentions": NO_MENTIONS,
        "guild_ready_timeout": ready_timeout,
        "max_messages": None,
    }
    client: discord.Client
    if settings.discord_shards is not None and settings.discord_shard_count is None:
        raise ValueError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the total across processes)")
    if settings.discord_shard_count is not None:
        if settings.discord_shards is not None:
            options["shard_ids"] = settings.discord_shards
        client = discord.AutoShardedClient(shard_count=settings.discord_shard_count, **options)
    else:
        client = discord.Client(**options)
    return client, DiscordAdapter(client, handler)


def bot_token(settings: Settings) -> str:
    """The bot token, or a clear error."""
    if settings.discord_bot_token is None or not settings.discord_bot_token.get_secret_value():
        raise ValueError("DISCORD_BOT_TOKEN is required for Discord")
    return settings.discord_bot_token.get_secret_value().strip()


async def serve_discord(settings: Settings, handler: Handler) -> None:
    """Run the Discord bot until cancelled."""
    token = bot_token(settings)
    client, adapter = make_client(settings, handler)
    try:
        await client.login(token)
        async with adapter.recovery.running():
            await client.connect()
    finally:
        await client.close()


class Unserved:
    """The handler of a client that only registers commands and never joins the gateway."""

    async def arrive(self, inbound: Inbound, where: str = "") -> str:
        """No line to keep."""
        return ""

    async def handle(
        self, inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        """Nothing is answered."""
        return Reply("", kind="ignored")

    def starts_interview(self, text: str) -> bool:
        """Nothing starts."""
        return False


async def sync_commands(settings: Settings) -> list[str]:
    """Register `/interview` with Discord: in DISCORD_GUILD_ID (instant), else globally."""
    token = bot_token(settings)
    client, adapter = make_client(settings, Unserved())
    try:
        await client.login(token)
        guild = discord.Object(settings.discord_guild_id) if settings.discord_guild_id else None
        if guild is not None:
            adapter.tree.copy_global_to(guild=guild)
        synced = await adapter.tree.sync(guild=guild)
    finally:
        await client.close()
    return [command.name for command in synced]


MESSAGE_CONTENT_FLAGS = (1 << 18) | (1 << 19)  # GATEWAY_MESSAGE_CONTENT(_LIMITED)


async def check_discord(settings: Settings) -> tuple[bool, str]:
    """Doctor: the token works (`GET /users/@me`) and the message-content intent is enabled."""
    try:
        token = bot_token(settings)
    except ValueError as exc:
        return False, str(exc)
    point_at(settings)
    http = discord.http.HTTPClient(asyncio.get_running_loop())
    try:
        user = await http.static_login(token)
        app = await http.application_info()
    except discord.LoginFailure:
        return False, "the token was rejected (401): copy it again from the Bot page"
    except (discord.HTTPException, OSError) as exc:
        return False, f"cannot reach Discord at {settings.discord_api_base}: {type(exc).__name__}"
    finally:
        await http.close()
    name = user.get("username", "?")
    if not int(app.get("flags", 0)) & MESSAGE_CONTENT_FLAGS:
        return False, (
            f"logged in as {name}, but the Message Content intent is off: enable it under "
            "Bot → Privileged Gateway Intents (see docs/DISCORD.md)"
        )
    return True, f"logged in as {name}; message-content intent enabled"

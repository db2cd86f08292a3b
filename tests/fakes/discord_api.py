"""A fake Discord on 127.0.0.1: the REST API and the gateway (WebSocket), for real discord.py."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

BOT_TOKEN = "fake-discord-bot-token"
APP_ID = 900000000000000001
BOT_USER_ID = 900000000000000002
GUILD_ID = 900000000000000003
CHANNEL_ID = 900000000000000004
OWNER_ID = 900000000000000005
MESSAGE_CONTENT_INTENT = 1 << 18
HEARTBEAT_MS = 40_000
UPLOAD_LIMIT = 10 * 1024 * 1024

Json = dict[str, Any]


def now_iso() -> str:
    """An ISO timestamp as Discord writes them."""
    return datetime.now(UTC).isoformat()


def user_payload(user_id: int, name: str, bot: bool = False) -> Json:
    """A user object."""
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


BOT_USER = user_payload(BOT_USER_ID, "Meta-Agent", bot=True)


def member_payload(user: Json) -> Json:
    """A guild member object."""
    return {
        "user": user,
        "roles": [],
        "joined_at": now_iso(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str((1 << 41) - 1),
    }


@dataclass
class Upload:
    """One file of a multipart request."""

    field: str
    filename: str
    content_type: str
    content: bytes


@dataclass
class Call:
    """One REST request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    body: Json | None
    files: list[Upload]
    at: float


@dataclass
class FakeDiscord:
    """Serves discord.py: REST under /api/v10 and the gateway on /gateway."""

    message_content: bool = True
    deny_threads: bool = False  # answer thread creation with 403 Missing Permissions
    upload_limit: int = UPLOAD_LIMIT
    calls: list[Call] = field(default_factory=list)
    channels: dict[int, Json] = field(default_factory=dict)
    messages: dict[int, Json] = field(default_factory=dict)
    interactions: dict[int, Json] = field(default_factory=dict)
    acknowledged: dict[int, float] = field(default_factory=dict)
    delivered: dict[int, float] = field(default_factory=dict)  # interaction id -> sent at
    dispatched: list[tuple[str, float]] = field(default_factory=list)
    identifies: list[Json] = field(default_factory=list)
    resumes: list[Json] = field(default_factory=list)
    on_call: Callable[[Call], None] | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _events: list[Json] = field(default_factory=list)
    _replay_extra: int = 0
    replayed: int = 0
    _runner: web.AppRunner | None = None
    port: int = 0

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Listen on a free loopback port."""
        self.channels[CHANNEL_ID] = self.text_channel(CHANNEL_ID, "ideas")
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        """Close every socket and the server."""
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        """DISCORD_API_BASE for this fake."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        """DISCORD_GATEWAY_URL for this fake."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    def snowflake(self) -> int:
        """A fresh id whose timestamp is now (discord.py derives created_at from it)."""
        ms = int(datetime.now(UTC).timestamp() * 1000) - 1420070400000
        return (ms << 22) + (next(self._ids) % (1 << 22))

    # ------------------------------------------------------------ payload builders

    def text_channel(self, channel_id: int, name: str) -> Json:
        """A guild text channel object."""
        return {
            "id": str(channel_id),
            "type": 0,
            "guild_id": str(GUILD_ID),
            "name": name,
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    def thread_channel(self, parent: int, name: str, private: bool) -> Json:
        """A thread object (public 11, private 12)."""
        thread_id = self.snowflake()
        return {
            "id": str(thread_id),
            "type": 12 if private else 11,
            "guild_id": str(GUILD_ID),
            "parent_id": str(parent),
            "owner_id": str(BOT_USER_ID),
            "name": name,
            "last_message_id": None,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "flags": 0,
            "total_message_sent": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": now_iso(),
                "locked": False,
                "invitable": False,
            },
        }

    def message_payload(self, channel_id: int, author: Json, content: str, **extra: Any) -> Json:
        """A message object."""
        message = {
            "id": str(extra.pop("id", None) or self.snowflake()),
            "channel_id": str(channel_id),
            "type": 0,
            "content": content,
            "author": author,
            "attachments": [],
            "embeds": [],
            "components": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "flags": 0,
        }
        if channel_id in self.channels and self.channels[channel_id].get("guild_id"):
            message["guild_id"] = str(GUILD_ID)
        message.update(extra)
        return message

    def guild_payload(self) -> Json:
        """GUILD_CREATE data: channels and the active threads."""
        threads = [c for c in self.channels.values() if c["type"] in (11, 12)]
        texts = [c for c in self.channels.values() if c["type"] == 0]
        return {
            "id": str(GUILD_ID),
            "name": "Test guild",
            "owner_id": str(OWNER_ID),
            "icon": None,
            "splash": None,
            "region": "europe",
            "features": [],
            "premium_tier": 0,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "preferred_locale": "en-US",
            "roles": [
                {
                    "id": str(GUILD_ID),
                    "name": "@everyone",
                    "permissions": "1071698660929",
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "emojis": [],
            "stickers": [],
            "channels": texts,
            "threads": threads,
            "members": [member_payload(BOT_USER)],
            "member_count": 2,
            "large": False,
            "unavailable": False,
            "joined_at": now_iso(),
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    # ------------------------------------------------------------ what tests drive

    async def slash(
        self,
        subcommand: str,
        options: dict[str, Any] | None = None,
        *,
        user: Json,
        channel_id: int | None = CHANNEL_ID,
        interaction_id: int | None = None,
    ) -> int:
        """Dispatch `/interview <subcommand>` as INTERACTION_CREATE; returns its id."""
        typed = {str: 3, bool: 5, int: 4}
        sub = {
            "name": subcommand,
            "type": 1,
            "options": [
                {"name": k, "type": typed[type(v)], "value": v} for k, v in (options or {}).items()
            ],
        }
        data = {"id": str(APP_ID + 10), "name": "interview", "type": 1, "options": [sub]}
        return await self._interaction(2, data, user, channel_id, None, interaction_id)

    async def click(
        self, message_id: int, custom_id: str, *, user: Json, interaction_id: int | None = None
    ) -> int:
        """Dispatch a button press on a message the bot posted; returns the interaction id."""
        message = self.messages[message_id]
        data = {"custom_id": custom_id, "component_type": 2}
        channel = int(message["channel_id"])
        return await self._interaction(3, data, user, channel, message, interaction_id)

    async def _interaction(
        self,
        kind: int,
        data: Json,
        user: Json,
        channel_id: int | None,
        message: Json | None,
        interaction_id: int | None,
    ) -> int:
        interaction_id = interaction_id or self.snowflake()
        channel = self.channels[channel_id] if channel_id else None
        payload: Json = {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "token": f"itoken-{interaction_id}",
            "version": 1,
            "locale": "en-US",
            "app_permissions": str((1 << 41) - 1),
            "attachment_size_limit": self.upload_limit,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
        }
        if channel is not None:
            payload["channel"] = channel
            payload["channel_id"] = channel["id"]
        if channel is not None and channel.get("guild_id"):
            payload["guild_id"] = str(GUILD_ID)
            payload["guild_locale"] = "en-US"
            payload["member"] = member_payload(user)
            payload["context"] = 0
        else:
            payload["user"] = user
            payload["context"] = 1
        if message is not None:
            payload["message"] = message
        self.interactions[interaction_id] = payload
        self.delivered[interaction_id] = asyncio.get_running_loop().time()
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction_id

    async def say(
        self, channel_id: int, text: str, *, user: Json, mentions: list[Json] = ()
    ) -> int:  # type: ignore[assignment]
        """Dispatch MESSAGE_CREATE from a person; returns the message id."""
        message = self.message_payload(channel_id, user, text, mentions=list(mentions))
        if "guild_id" in message:
            message["member"] = {k: v for k, v in member_payload(user).items() if k != "user"}
        self.messages[int(message["id"])] = message
        await self.dispatch("MESSAGE_CREATE", message)
        return int(message["id"])

    def open_dm(self, user: Json) -> int:
        """A DM channel between `user` and the bot."""
        channel_id = self.snowflake()
        self.channels[channel_id] = {
            "id": str(channel_id),
            "type": 1,
            "recipients": [user],
            "last_message_id": None,
        }
        return channel_id

    async def dispatch(self, event: str, data: Json) -> None:
        """Send a dispatch (op 0) to every connected gateway socket, remembering it for RESUME."""
        frame = {"op": 0, "t": event, "s": len(self._events) + 1, "d": data}
        self._events.append(frame)
        self.dispatched.append((event, asyncio.get_running_loop().time()))
        for ws in list(self._sockets):
            if not ws.closed:
                await ws.send_str(json.dumps(frame))

    async def drop(self, replay: int = 0) -> None:
        """Close the gateway socket (code 4000: the client RESUMEs); the next RESUME replays
        the last `replay` events again as well, as Discord may after a lost acknowledgement."""
        self._replay_extra = replay
        for ws in list(self._sockets):
            await ws.close(code=4000, message=b"reconnect")

    def sent(self, path_part: str = "", method: str = "") -> list[Call]:
        """Calls whose path contains `path_part` (and of `method`)."""
        return [c for c in self.calls if path_part in c.path and (not method or c.method == method)]

    def posted(self, channel_id: int) -> list[Call]:
        """Messages the bot created in a channel (via the bot token)."""
        path = f"/channels/{channel_id}/messages"
        return [c for c in self.calls if c.path == path and c.method == "POST"]

    def threads(self) -> list[Json]:
        """Every thread the bot opened."""
        return [c for c in self.channels.values() if c["type"] in (11, 12)]

    # ------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}}))
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                await self._on_frame(ws, json.loads(msg.data))
        finally:
            self._sockets.remove(ws)
        return ws

    async def _on_frame(self, ws: web.WebSocketResponse, frame: Json) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == 1:
            await ws.send_str(json.dumps({"op": 11}))
        elif op == 2:
            self.identifies.append(data)
            await self._ready(ws, data)
        elif op == 6:
            self.resumes.append(data)
            seq = int(data.get("seq") or 0)
            start = max(0, min(seq, len(self._events) - self._replay_extra))
            self._replay_extra = 0
            self.replayed += len(self._events) - start
            for event in self._events[start:]:
                await ws.send_str(json.dumps(event))
            resumed = {"op": 0, "t": "RESUMED", "s": len(self._events), "d": {}}
            await ws.send_str(json.dumps(resumed))

    async def _ready(self, ws: web.WebSocketResponse, identify: Json) -> None:
        flags = MESSAGE_CONTENT_INTENT if self.message_content else 0
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": f"session-{self.snowflake()}",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": flags},
            "shard": identify.get("shard") or [0, 1],
        }
        frames = [{"op": 0, "t": "READY", "s": len(self._events) + 1, "d": ready}]
        frames.append(
            {"op": 0, "t": "GUILD_CREATE", "s": len(self._events) + 2, "d": self.guild_payload()}
        )
        for frame in frames:
            self._events.append(frame)
            await ws.send_str(json.dumps(frame))

    # ------------------------------------------------------------ REST

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, files = await _read_body(request)
        call = Call(
            request.method,
            path,
            dict(request.query),
            body,
            files,
            asyncio.get_running_loop().time(),
        )
        self.calls.append(call)
        if not path.startswith(("/interactions/", "/webhooks/")) and (
            request.headers.get("Authorization") != f"Bot {BOT_TOKEN}"
        ):
            response = _json({"message": "401: Unauthorized", "code": 0}, 401)
        elif path.startswith("/webhooks/") and self._expired(path.split("/")[3]):
            response = _json({"message": "Invalid Webhook Token", "code": 50027}, 401)
        else:
            response = await self._route(request.method, path.split("/")[1:], call)
        if self.on_call is not None:  # after the call took effect (an ack is recorded)
            self.on_call(call)
        return response

    async def _route(self, method: str, parts: list[str], call: Call) -> web.StreamResponse:
        route = (method, *parts)
        match route:
            case ("GET", "users", "@me"):
                return _json(BOT_USER)
            case ("GET", "oauth2" | "applications", *_):
                return _json(self._app_info())
            case ("GET", "gateway", *_):
                return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": {}})
            case ("POST", "interactions", iid, _token, "callback"):
                return self._callback(int(iid), call)
            case ("POST", "webhooks", _app, token):
                return _json(self._store_message(self._token_channel(token), call))
            case (("PATCH" | "GET"), "webhooks", _app, token, "messages", "@original"):
                return _json(self._store_message(self._token_channel(token), call))
            case ("DELETE", "webhooks", *_):
                return web.Response(status=204)
            case ("GET", "channels", cid):
                return _json(self.channels[int(cid)])
            case ("POST", "channels", cid, "messages"):
                return _json(self._store_message(int(cid), call))
            case ("PATCH", "channels", cid, "messages", mid):
                message = self.messages[int(mid)]
                message.update(call.body or {})
                return _json(message)
            case ("POST", "channels", cid, "messages", mid, "threads"):
                return await self._open_thread(int(cid), call, private=False)
            case ("POST", "channels", cid, "threads"):
                private = (call.body or {}).get("type", 12) == 12
                return await self._open_thread(int(cid), call, private)
            case (("PUT" | "POST"), "channels", _cid, *_rest):
                return web.Response(status=204)
            case ("PUT", "applications", _app, *_rest):
                return _json(self._commands(call))
        return _json({"message": "404: Not Found", "code": 0}, 404)

    def _expired(self, token: str) -> bool:
        """Interaction tokens die 15 minutes after the interaction (its snowflake's time)."""
        if not token.startswith("itoken-"):
            return False
        created_ms = (int(token.removeprefix("itoken-")) >> 22) + 1420070400000
        return datetime.now(UTC).timestamp() * 1000 - created_ms > 15 * 60 * 1000

    def _app_info(self) -> Json:
        return {
            "id": str(APP_ID),
            "name": "Meta-Agent",
            "icon": None,
            "description": "",
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "00",
            "owner": user_payload(OWNER_ID, "owner"),
            "flags": MESSAGE_CONTENT_INTENT if self.message_content else 0,
        }

    def _callback(self, interaction_id: int, call: Call) -> web.Response:
        if interaction_id in self.acknowledged:
            error = {"message": "Interaction has already been acknowledged.", "code": 40060}
            return _json(error, 400)
        self.acknowledged[interaction_id] = call.at
        kind = int((call.body or {}).get("type", 5))
        payload = {
            "interaction": {
                "id": str(interaction_id),
                "type": self.interactions.get(interaction_id, {}).get("type", 2),
                "response_message_loading": kind == 5,
                "response_message_ephemeral": False,
            },
            "resource": {"type": kind},
        }
        return _json(payload)

    def _token_channel(self, token: str) -> int:
        interaction = self.interactions[int(token.removeprefix("itoken-"))]
        return int(interaction["channel_id"])

    def _store_message(self, channel_id: int, call: Call) -> Json:
        body = call.body or {}
        attachments = [
            {
                "id": str(self.snowflake()),
                "filename": f.filename,
                "size": len(f.content),
                "url": f"{self.api_base}/files/{f.filename}",
                "proxy_url": f"{self.api_base}/files/{f.filename}",
            }
            for f in call.files
        ]
        message = self.message_payload(
            channel_id,
            BOT_USER,
            str(body.get("content") or ""),
            components=body.get("components") or [],
            attachments=attachments,
        )
        self.messages[int(message["id"])] = message
        return message

    async def _open_thread(self, parent: int, call: Call, private: bool) -> web.Response:
        if self.deny_threads:
            return _json({"message": "Missing Permissions", "code": 50013}, 403)
        name = str((call.body or {}).get("name", "thread"))
        thread = self.thread_channel(parent, name, private)
        self.channels[int(thread["id"])] = thread
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return _json(thread)

    def _commands(self, call: Call) -> list[Json]:
        commands = call.body if isinstance(call.body, list) else []
        return [
            {**c, "id": str(self.snowflake()), "application_id": str(APP_ID), "version": "1"}
            for c in commands
        ]


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses JSON only when Content-Type is exactly application/json (no charset)
    response = web.Response(status=status, body=json.dumps(data).encode())
    response.headers["Content-Type"] = "application/json"
    return response


async def _read_body(request: web.Request) -> tuple[Any, list[Upload]]:
    """JSON, or multipart with `payload_json` and `files[n]`."""
    if request.content_type == "application/json":
        raw = await request.read()
        return (json.loads(raw) if raw else None), []
    if not request.content_type.startswith("multipart/"):
        return None, []
    body: Any = None
    files: list[Upload] = []
    reader = await request.multipart()
    async for part in reader:
        if part.name == "payload_json":  # type: ignore[union-attr]
            body = json.loads(await part.read())  # type: ignore[union-attr]
        else:
            files.append(
                Upload(
                    str(part.name),  # type: ignore[union-attr]
                    str(part.filename),  # type: ignore[union-attr]
                    str(part.headers.get("Content-Type", "")),
                    bytes(await part.read()),  # type: ignore[union-attr]
                )
            )
    return body, files

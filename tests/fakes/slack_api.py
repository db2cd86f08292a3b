"""A loopback fake of the Slack Web API and Socket Mode, plus signed payload builders."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

TEAM_ID = "T0TEAM"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"


@dataclass(frozen=True)
class Call:
    """One recorded Web API call: method name and merged query/form/JSON arguments."""

    method: str
    args: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)  # when the fake received it
    result: dict[str, Any] = field(default_factory=dict)  # what the fake answered


@dataclass
class FakeSlack:
    """Slack's Web API on 127.0.0.1: records calls, stores uploads, speaks Socket Mode."""

    calls: list[Call] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    acks: list[dict[str, Any]] = field(default_factory=list)
    per_channel: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: dict[str, list[str]] = field(default_factory=dict)
    # what each channel shows now, by ts: posts (with metadata), edits, deletions
    messages: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    latency: float = 0.0
    scopes: str = ""  # the x-oauth-scopes header auth.test answers with
    port: int = 0
    _runner: web.AppRunner | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _changed: asyncio.Condition | None = None
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def start(self) -> FakeSlack:
        """Listen on a free loopback port."""
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # chat.getPermalink is a GET
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        """Close sockets and the server."""
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeSlack:
        return await self.start()

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    @property
    def base(self) -> str:
        """http://127.0.0.1:port"""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """The Web API base URL (ends with /api/)."""
        return f"{self.base}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url for slash commands and actions."""
        return f"{self.base}/response/{name}"

    # ------------------------------------------------------------ assertions

    def of(self, method: str) -> list[Call]:
        """Every recorded call of `method`."""
        return [c for c in self.calls if c.method == method]

    def methods(self) -> list[str]:
        """Recorded method names in order (auth.test left out)."""
        return [c.method for c in self.calls if c.method != "auth.test"]

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """Make the next `times` calls of `method` answer ok=false with `error`."""
        self.failures.setdefault(method, []).extend([error] * times)

    async def wait_for(self, method: str, count: int = 1, within: float = 5.0) -> list[Call]:
        """Wait until `method` was called at least `count` times."""
        await self.wait_until(lambda: len(self.of(method)) >= count, within)
        return self.of(method)

    async def wait_until(self, predicate: Callable[[], bool], within: float = 5.0) -> None:
        """Wait until `predicate()` holds (checked after every recorded call)."""
        assert self._changed is not None
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(predicate)

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        self.per_channel[call.method, str(call.args.get("channel", ""))] += 1
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    # ------------------------------------------------------------ Web API

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or args.get("token")
        call = Call(method, args, token)
        await self._record(call)
        if self.latency:
            await asyncio.sleep(self.latency)
        pending = self.failures.get(method)
        if pending:
            return web.json_response({"ok": False, "error": pending.pop(0)})
        headers = {"x-oauth-scopes": self.scopes} if method == "auth.test" else None
        call.result.update(self._answer(method, args))
        return web.json_response(call.result, headers=headers)

    def _answer(self, method: str, args: Mapping[str, Any]) -> dict[str, Any]:
        n = next(self._counter)
        ts = f"{1_700_000_000 + n}.{n:06d}"
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.com/",
                "team": "Fake Team",
                "user": "meta-agent",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            message = {"ts": ts, "text": args.get("text"), "bot_id": BOT_ID}
            shown = {**message, "thread_ts": args.get("thread_ts") or None}
            shown["metadata"] = _json_arg(args.get("metadata")) or None
            self.messages.setdefault(str(args.get("channel")), {})[ts] = shown
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": message}
        if method in {"chat.update", "chat.delete"}:
            self._change(method, args)
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
        if method in {"conversations.replies", "conversations.history"}:
            return self._read(args)
        if method == "files.getUploadURLExternal":
            file_id = f"F{n:06d}"
            return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = json.loads(args.get("files", "[]"))
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method in {"assistant.threads.setStatus", "conversations.info"}:
            return {"ok": True, "channel": {"id": args.get("channel")}}
        if method in {"assistant.threads.setTitle", "assistant.threads.setSuggestedPrompts"}:
            return {"ok": True}
        if method == "views.publish":
            view = _json_arg(args.get("view"))
            return {"ok": True, "view": {"id": f"V{n:06d}", "type": "home", **view}}
        if method == "chat.getPermalink":
            channel, ts = str(args.get("channel")), str(args.get("message_ts"))
            link = f"https://fake.slack.com/archives/{channel}/p{ts.replace('.', '')}"
            return {"ok": True, "channel": channel, "permalink": link}
        return {"ok": False, "error": "unknown_method"}

    def _change(self, method: str, args: Mapping[str, Any]) -> None:
        shown = self.messages.get(str(args.get("channel")), {})
        if method == "chat.delete":
            shown.pop(str(args.get("ts")), None)
        elif str(args.get("ts")) in shown:
            shown[str(args.get("ts"))]["text"] = args.get("text")

    def _read(self, args: Mapping[str, Any]) -> dict[str, Any]:
        """A thread's replies (or a channel's history): messages after `oldest`, oldest
        first, pages of `limit` with a cursor; metadata only when asked for."""
        shown = self.messages.get(str(args.get("channel")), {})
        thread, oldest = args.get("ts"), float(args.get("oldest") or 0)
        found = [
            m
            for m in sorted(shown.values(), key=lambda m: float(m["ts"]))
            if float(m["ts"]) > oldest and (thread is None or thread in {m["ts"], m["thread_ts"]})
        ]
        start, limit = int(args.get("cursor") or 0), int(args.get("limit") or 100)
        metadata = str(args.get("include_all_metadata")).lower() in {"1", "true"}
        page = [
            {k: v for k, v in m.items() if metadata or k != "metadata"}
            for m in found[start : start + limit]
        ]
        more = str(start + limit) if start + limit < len(found) else ""
        return {"ok": True, "messages": page, "response_metadata": {"next_cursor": more}}

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        await self._record(Call("upload", {"file_id": file_id}, None))
        return web.Response(text=f"OK - {len(self.uploads[file_id])}")

    async def _response_url(self, request: web.Request) -> web.Response:
        await self._record(Call("response_url", await _arguments(request), None))
        return web.Response(text="ok")

    # ------------------------------------------------------------ Socket Mode

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {}})
        await self._record(Call("socket.connected", {}, None))
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self.acks.append(json.loads(message.data))
                    await self._record(Call("socket.ack", json.loads(message.data), None))
        finally:
            self._sockets.remove(ws)
        return ws

    async def send_envelope(self, kind: str, payload: Mapping[str, Any], envelope_id: str) -> None:
        """Send a Socket Mode envelope (events_api, slash_commands, interactive)."""
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
        }
        await self._sockets[-1].send_json(envelope)


async def _arguments(request: web.Request) -> dict[str, Any]:
    """Query string, form fields and JSON body of a request, merged."""
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json()
        args.update(body if isinstance(body, dict) else {})
    elif request.can_read_body:
        args.update(await request.post())
    return args


def _json_arg(value: Any) -> dict[str, Any]:
    """A JSON argument as slack_sdk sends it: a string in a form, an object in JSON."""
    parsed = json.loads(value) if isinstance(value, str) else value
    return dict(parsed) if isinstance(parsed, dict) else {}


# ---------------------------------------------------------------- payloads


def sign(body: bytes, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """X-Slack-Signature headers over the exact body bytes."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def event_callback(
    event: Mapping[str, Any], event_id: str, team_id: str = TEAM_ID
) -> dict[str, Any]:
    """An Events API envelope around `event`."""
    return {
        "token": "legacy-verification-token",
        "team_id": team_id,
        "api_app_id": "A0APP",
        "event": dict(event),
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def app_mention(
    text: str, ts: str, channel: str = "C0CHAN", user: str = "U0USER", thread_ts: str | None = None
) -> dict[str, Any]:
    """An app_mention event."""
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "client_msg_id": f"msg-{ts}",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message(
    text: str,
    ts: str,
    channel: str = "C0CHAN",
    user: str | None = "U0USER",
    thread_ts: str | None = None,
    channel_type: str = "channel",
    **extra: Any,
) -> dict[str, Any]:
    """A message event (channel, group or im)."""
    event: dict[str, Any] = {
        "type": "message",
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "channel_type": channel_type,
        **extra,
    }
    if user is not None:
        event["user"] = user
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def slash_command(
    text: str, response_url: str, channel: str = "C0CHAN", user: str = "U0USER", trigger: str = "t1"
) -> bytes:
    """A form-encoded /interview slash command body."""
    return urllib.parse.urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "ada",
            "command": "/interview",
            "text": text,
            "api_app_id": "A0APP",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger,
        }
    ).encode()


def block_actions(
    action: str,
    message_ts: str,
    thread_ts: str | None,
    response_url: str,
    channel: str = "C0CHAN",
    user: str = "U0USER",
) -> dict[str, Any]:
    """A block_actions payload for a press of the button `ma_<action>`."""
    msg: dict[str, Any] = {
        "type": "message",
        "ts": message_ts,
        "bot_id": BOT_ID,
        "text": "question",
        "blocks": [
            {"type": "section", "block_id": "s1", "text": {"type": "mrkdwn", "text": "question"}},
            {
                "type": "actions",
                "block_id": "ma_actions_0",
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"ma_{action}",
                        "value": action,
                        "text": {"type": "plain_text", "text": action.title()},
                    }
                ],
            },
        ],
    }
    if thread_ts:
        msg["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "ada", "name": "ada", "team_id": TEAM_ID},
        "api_app_id": "A0APP",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": False,
            **({"thread_ts": thread_ts} if thread_ts else {}),
        },
        "trigger_id": "trigger-1",
        "team": {"id": TEAM_ID, "domain": "fake"},
        "channel": {"id": channel, "name": "general"},
        "message": msg,
        "response_url": response_url,
        "actions": [
            {
                "action_id": f"ma_{action}",
                "block_id": "ma_actions_0",
                "text": {"type": "plain_text", "text": action.title(), "emoji": True},
                "value": action,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def app_home_opened(user: str = "U0USER", tab: str = "home") -> dict[str, Any]:
    """An app_home_opened event for one tab of the app."""
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": "D0DM",
        "tab": tab,
        "event_ts": "1.0",
    }


def assistant_thread_started(
    thread_ts: str, channel: str = "D0DM", user: str = "U0USER"
) -> dict[str, Any]:
    """An assistant_thread_started event (the user opened a new assistant pane thread)."""
    thread = {
        "user_id": user,
        "channel_id": channel,
        "thread_ts": thread_ts,
        "context": {"channel_id": "C0CHAN", "team_id": TEAM_ID, "enterprise_id": None},
    }
    return {"type": "assistant_thread_started", "assistant_thread": thread, "event_ts": thread_ts}


def form_payload(payload: Mapping[str, Any]) -> bytes:
    """An interactivity body: the JSON payload in a `payload=` form field."""
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()

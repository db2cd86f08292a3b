"""A loopback fake of the Resend API: POST /emails (with idempotency) and GET /domains."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

API_KEY = "re_test_0123456789abcdefghij"


@dataclass(frozen=True)
class Sent:
    """One accepted POST /emails: its headers and JSON body."""

    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeResend:
    """Resend on 127.0.0.1: checks the key, honours Idempotency-Key, can fail on demand."""

    api_key: str = API_KEY
    requests: list[Sent] = field(default_factory=list)
    delivered: list[Sent] = field(default_factory=list)
    failures: list[tuple[int, str, str]] = field(default_factory=list)
    domains: list[dict[str, Any]] = field(
        default_factory=lambda: [{"id": "d1", "name": "example.com", "status": "verified"}]
    )
    port: int = 0
    _runner: web.AppRunner | None = None
    _ids: dict[str, str] = field(default_factory=dict)
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        """The API base URL (RESEND_API_URL)."""
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> FakeResend:
        app = web.Application(client_max_size=40 * 1024 * 1024)  # Resend's 40 MB cap
        app.router.add_post("/emails", self._emails)
        app.router.add_get("/domains", self._domains)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def fail(self, status: int, name: str, message: str) -> None:
        """Answer the next POST /emails with this error."""
        self.failures.append((status, name, message))

    def _denied(self, request: web.Request) -> web.Response | None:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth == "Bearer None":
            return _error(401, "missing_api_key", "Missing API key in the authorization header.")
        if auth != f"Bearer {self.api_key}":
            return _error(403, "invalid_api_key", "API key is invalid")
        return None

    async def _emails(self, request: web.Request) -> web.Response:
        body = await request.json()
        sent = Sent(dict(request.headers), body)
        self.requests.append(sent)
        denied = self._denied(request)
        if denied is not None:
            return denied
        if self.failures:
            return _error(*self.failures.pop(0))
        key = request.headers.get("Idempotency-Key")
        if key and key in self._ids:
            return web.json_response({"id": self._ids[key]})
        email_id = f"email-{next(self._counter)}"
        if key:
            self._ids[key] = email_id
        self.delivered.append(sent)
        return web.json_response({"id": email_id})

    async def _domains(self, request: web.Request) -> web.Response:
        denied = self._denied(request)
        if denied is not None:
            return denied
        return web.json_response({"object": "list", "has_more": False, "data": self.domains})


def _error(status: int, name: str, message: str) -> web.Response:
    body = {"statusCode": status, "name": name, "message": message}
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")

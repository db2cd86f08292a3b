"""Serving Slack: the Bolt app, the aiohttp application behind the request guard, acks first."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_events import api_base_url
from bot.slack_http import MAX_BODY_BYTES, check_request, log_rejection
from engine.settings import Settings, plain

EVENTS_PATH = "/slack/events"
ACK_FIRST_SECONDS = 0.05


class AckFirst:
    """Counts HTTP requests in flight so new turns let pending acks go out first."""

    def __init__(self) -> None:
        """Start idle."""
        self.inflight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Count one request while it is being answered."""
        self.inflight += 1
        self._idle.clear()
        try:
            return await handler(request)
        finally:
            self.inflight -= 1
            if not self.inflight:
                self._idle.set()

    async def wait(self) -> None:
        """Wait until no request is in flight, at most ACK_FIRST_SECONDS."""
        if self.inflight:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(ACK_FIRST_SECONDS):
                    await self._idle.wait()


def new_bolt_app(settings: Settings, client: AsyncWebClient | None = None) -> AsyncApp:
    """A bare AsyncApp: the bot token client at SLACK_API_URL, signature checks over HTTP."""
    if client is None:
        token = plain(settings.slack_bot_token)
        if not token:
            raise ValueError("SLACK_BOT_TOKEN is required for Slack")
        client = AsyncWebClient(token=token, base_url=api_base_url(settings.slack_api_url))
    signing_secret = plain(settings.slack_signing_secret)
    if not signing_secret and settings.slack_app_token is None:
        raise ValueError("SLACK_SIGNING_SECRET is required for Slack over HTTP")
    return AsyncApp(
        name="meta-agent",
        client=client,
        signing_secret=signing_secret,
        request_verification_enabled=bool(signing_secret),
        process_before_response=True,  # listeners only take a ticket and spawn the turn
    )


def build_web_app(app: AsyncApp, path: str = EVENTS_PATH) -> web.Application:
    """An aiohttp application that hands every well-formed, signed POST on `path` to `app`;
    anything else gets a 4xx and one bounded log line, and never reaches Bolt."""
    signing_secret = app._signing_secret or None  # Bolt keeps no public accessor

    async def events(request: web.Request) -> web.Response:
        body = await request.read()
        rejection = check_request(request.headers, body, signing_secret)
        if rejection is not None:
            log_rejection(rejection, len(body), request.remote)
            return web.Response(status=rejection.status, text=rejection.reason)
        response = await app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    application = web.Application(client_max_size=MAX_BODY_BYTES + 1024)
    application.router.add_post(path, events)
    return application


async def start_http(application: web.Application, host: str, port: int) -> web.AppRunner:
    """Start serving `application`; the caller cleans the runner up."""
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner

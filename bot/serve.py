"""`meta-agent serve`: the chat adapters plus the operations HTTP server, and a graceful stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Protocol

from aiohttp import web

from bot.metrics import Metrics
from bot.runtime import open_runtime
from bot.web import Ops, add_routes
from engine.engine import Engine
from engine.settings import Settings, plain

log = logging.getLogger(__name__)


class ServeError(RuntimeError):
    """A configuration or connection problem that stops `serve` at start (one clear line)."""


class Service(Protocol):
    """One chat adapter as `serve` runs it."""

    name: str

    def http_app(self) -> web.Application | None:
        """The aiohttp app it serves on PORT, if it takes HTTP requests (ops routes join it)."""
        ...

    async def start(self, stack: AsyncExitStack) -> None:
        """Check credentials and connect; raises ServeError with one clear line."""
        ...

    async def ready(self) -> bool:
        """Whether it is connected and can take messages."""
        ...

    async def stop(self, grace: float) -> int:
        """Stop taking work, finish turns for up to `grace` s; returns how many were cut off."""
        ...


class SlackService:
    """The Slack adapter over HTTP (on the shared PORT) or Socket Mode."""

    name = "slack"

    def __init__(self, settings: Settings, handler: Engine) -> None:
        """Build the adapter (raises ValueError when Slack settings are incomplete)."""
        from bot.slack_app import SlackAdapter

        self._adapter = SlackAdapter.build(settings, handler)
        self._app_token = plain(settings.slack_app_token)
        self._socket: object | None = None
        self._ok = False

    def http_app(self) -> web.Application | None:
        """Over HTTP, the adapter's app with /slack/events (None in Socket Mode)."""
        if self._app_token:
            return None
        from bot.slack_server import EVENTS_PATH

        log.info("Slack: HTTP events on %s", EVENTS_PATH)
        return self._adapter.web_app()

    async def start(self, stack: AsyncExitStack) -> None:
        """Check the token with auth.test; in Socket Mode, connect."""
        from slack_sdk.errors import SlackApiError

        client = self._adapter.app.client
        try:
            await client.auth_test()
        except SlackApiError as exc:
            raise ServeError(
                f"Slack rejected SLACK_BOT_TOKEN ({exc.response.get('error')})"
            ) from None
        except Exception as exc:
            raise ServeError(f"Slack is unreachable ({type(exc).__name__})") from None
        if self._app_token:
            await self._connect_socket(stack)
        self._ok = True

    async def _connect_socket(self, stack: AsyncExitStack) -> None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        from bot.slack_send import pooled

        await stack.enter_async_context(pooled(self._adapter.app.client))
        await stack.enter_async_context(self._adapter.recovering())
        socket = AsyncSocketModeHandler(self._adapter.app, self._app_token)
        await socket.connect_async()  # type: ignore[no-untyped-call]
        self._socket = socket
        log.info("Slack: Socket Mode connected")

    async def ready(self) -> bool:
        """HTTP: the token was accepted; Socket Mode: the WebSocket is connected."""
        if self._socket is not None:
            return bool(await self._socket.client.is_connected())  # type: ignore[attr-defined]
        return self._ok

    async def stop(self, grace: float) -> int:
        """Close Socket Mode (HTTP is refused by the draining middleware), then drain."""
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[attr-defined]
        return await self._adapter.stop(grace)


class DiscordService:
    """The Discord adapter: a discord.py client on the gateway, run as a background task."""

    name = "discord"

    def __init__(self, settings: Settings, handler: Engine) -> None:
        """Keep what the client needs; it connects in `start`."""
        self._settings = settings
        self._handler = handler
        self._task: asyncio.Task[None] | None = None

    def http_app(self) -> web.Application | None:
        """Discord takes no HTTP requests here (interactions arrive over the gateway)."""
        return None

    async def start(self, stack: AsyncExitStack) -> None:
        """Log in and connect in the background; a rejected token stops `serve` at once."""
        from bot.discord_client import serve_discord

        self._task = asyncio.get_running_loop().create_task(
            serve_discord(self._settings, self._handler)
        )
        await asyncio.sleep(0.5)  # a bad token fails within the login call
        if self._task.done() and self._task.exception() is not None:
            raise ServeError(f"Discord failed to start ({type(self._task.exception()).__name__})")

    async def ready(self) -> bool:
        """Connected while the client's task runs."""
        return self._task is not None and not self._task.done()

    async def stop(self, grace: float) -> int:
        """Disconnect (turns in flight end with the process; Discord shows them as failed)."""
        if self._task is None:
            return 0
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        return 0


def services(settings: Settings, handler: Engine) -> list[Service]:
    """The adapters the settings configure."""
    found: list[Service] = []
    if plain(settings.slack_bot_token):
        try:
            found.append(SlackService(settings, handler))
        except ValueError as exc:
            raise ServeError(str(exc)) from None
    if settings.discord_bot_token is not None:
        found.append(DiscordService(settings, handler))
    return found


def stop_on_signals(stop: asyncio.Event) -> Callable[[], None]:
    """SIGTERM and SIGINT both set `stop`; returns the function that removes the handlers."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    def remove() -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)

    return remove


@contextlib.asynccontextmanager
async def listening(app: web.Application, host: str, port: int) -> AsyncIterator[web.AppRunner]:
    """Serve `app` on host:port for the duration of the block."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        raise ServeError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
    try:
        yield runner
    finally:
        await runner.cleanup()


async def serve(
    settings: Settings,
    stop: asyncio.Event | None = None,
    on_ready: Callable[[Ops], Awaitable[None]] | None = None,
) -> int:
    """Run until SIGTERM/SIGINT (or `stop`): adapters, /healthz, /readyz, /metrics.

    On stop: refuse new work, let turns finish for SHUTDOWN_GRACE_SECONDS, replace what is
    left with a "please resend", close the pools; returns 0.
    """
    stop = stop or asyncio.Event()
    metrics = Metrics()
    async with AsyncExitStack() as stack:
        runtime = await open_runtime(settings, metrics=metrics)
        stack.push_async_callback(runtime.close)
        running = services(settings, runtime.engine)
        apps = [a for a in (s.http_app() for s in running) if a is not None]
        app = apps[0] if apps else web.Application()
        ops = Ops(metrics, runtime.store.ping, {s.name: s.ready for s in running})
        add_routes(app, ops)
        for service in running:
            await service.start(stack)
        await stack.enter_async_context(listening(app, settings.host, settings.port))
        stack.callback(stop_on_signals(stop))
        _announce(settings, running)
        if on_ready is not None:
            await on_ready(ops)
        await stop.wait()
        log.info("shutdown: refusing new work, finishing turns in flight")
        ops.draining = True
        for service in running:
            cut = await service.stop(settings.shutdown_grace_seconds)
            if cut:
                log.warning("shutdown: %d turn(s) cut off after the grace period", cut)
    log.info("shutdown complete")
    return 0


def _announce(settings: Settings, running: list[Service]) -> None:
    where = f"http://{settings.host}:{settings.port}"
    if not running:
        log.warning(
            "no chat adapter configured (SLACK_BOT_TOKEN, DISCORD_BOT_TOKEN); "
            "serving only %s/healthz, /readyz and /metrics",
            where,
        )
    else:
        log.info("serving %s; health and metrics on %s", ", ".join(s.name for s in running), where)

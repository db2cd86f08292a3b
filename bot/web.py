"""The operations HTTP endpoints: /healthz (liveness), /readyz (readiness) and /metrics."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.metrics import Metrics

log = logging.getLogger(__name__)

OPS_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
READY_TIMEOUT_SECONDS = 2.0


@dataclass
class Ops:
    """What the endpoints report: the metrics, a store ping and each adapter's connection."""

    metrics: Metrics
    ping: Callable[[], Awaitable[bool]]
    adapters: Mapping[str, Callable[[], Awaitable[bool]]] = field(default_factory=dict)
    draining: bool = False

    async def readiness(self) -> tuple[bool, dict[str, object]]:
        """(ready, details): store answering, every adapter connected, not shutting down."""
        details: dict[str, object] = {"store": await _probe(self.ping)}
        details["adapters"] = {name: await _probe(check) for name, check in self.adapters.items()}
        if self.draining:
            details["shutting_down"] = True
        ready = (
            details["store"] == "ok"
            and all(v == "ok" for v in details["adapters"].values())  # type: ignore[attr-defined]
            and not self.draining
        )
        return ready, details


async def _probe(check: Callable[[], Awaitable[bool]]) -> str:
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            return "ok" if await check() else "down"
    except TimeoutError:
        return "timeout"
    except Exception as exc:
        return f"down ({type(exc).__name__})"


def add_routes(app: web.Application, ops: Ops) -> None:
    """Mount the three endpoints on `app` and refuse other requests once draining."""

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        ready, details = await ops.readiness()
        return web.json_response(
            {"status": "ready" if ready else "not ready", **details}, status=200 if ready else 503
        )

    async def metrics(_: web.Request) -> web.Response:
        body = ops.metrics.exposition()
        response = web.Response(body=body)
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    @web.middleware
    async def draining(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if ops.draining and request.path not in OPS_PATHS:
            # new work goes elsewhere: Slack retries the event, a balancer picks another replica
            return web.json_response(
                {"error": "shutting down"}, status=503, headers={"Retry-After": "5"}
            )
        return await handler(request)

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    app.middlewares.insert(0, draining)

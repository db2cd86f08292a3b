"""Prometheus metrics: an Observer for the engine, plus wrappers that time turns and model calls."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

from engine.brain.base import Brain
from engine.messages import Inbound
from engine.redact import thread_hash
from engine.session import Session
from engine.types import TurnPlan

log = logging.getLogger("meta_agent.turns")
disable_created_metrics()  # type: ignore[no-untyped-call]  # the *_created series only add noise to every counter

ACTIVE_WINDOW_SECONDS = 900.0
_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60)
_RENDER_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8)


class Metrics:
    """Every metric of one process in its own registry (served on /metrics)."""

    def __init__(self) -> None:
        """Create the metrics in a fresh registry."""
        self.registry = CollectorRegistry()
        r = self.registry
        self.turns = Counter("meta_agent_turns", "Turns by reply kind", ["kind"], registry=r)
        self.turn_seconds = Histogram(
            "meta_agent_turn_seconds", "Turn latency", buckets=_LATENCY_BUCKETS, registry=r
        )
        self.in_flight = Gauge("meta_agent_turns_in_flight", "Turns being answered", registry=r)
        self.model_calls = Counter(
            "meta_agent_model_calls", "Model API calls", ["model"], registry=r
        )
        self.fallbacks = Counter(
            "meta_agent_model_fallbacks", "Turns a fallback answered", ["reason"], registry=r
        )
        self.tokens = Counter("meta_agent_tokens", "Model tokens", ["kind"], registry=r)
        self.cost = Counter("meta_agent_cost_usd", "Model spend in USD", registry=r)
        self.render_seconds = Histogram(
            "meta_agent_render_seconds",
            "Deliverable rendering",
            buckets=_RENDER_BUCKETS,
            registry=r,
        )
        self.errors = Counter("meta_agent_errors", "Errors by kind", ["kind"], registry=r)
        self.active = Gauge(
            "meta_agent_active_sessions",
            "Threads with a message in the last 15 minutes (this process)",
            registry=r,
        )
        self.emails = Counter(
            "meta_agent_emails", "Summary emails by outcome", ["outcome", "kind"], registry=r
        )
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._clock = time.time
        self.active.set_function(self._active_now)

    def observe(self, name: str, value: float = 1.0, **labels: str) -> None:
        """The engine's Observer: route a measurement to its metric (unknown names ignored)."""
        if name == "turn_started":
            self.in_flight.inc()
        elif name == "turn":
            self.in_flight.dec()
            self.turn(labels.get("thread", ""), labels.get("kind", "unknown"), value, time.time())
            _log_turn(value, labels)
        elif name == "render_seconds":
            self.render_seconds.observe(value)
        elif name == "error":
            self.errors.labels(labels.get("kind", "unknown")).inc(value)
        elif name == "email":
            outcome, kind = labels.get("outcome", "sent"), labels.get("kind", "")
            self.emails.labels(outcome, kind).inc(value)
            if outcome == "failed":
                self.errors.labels(f"email_{kind or 'unknown'}").inc(value)

    def plan(self, plan: TurnPlan) -> None:
        """Count the model calls, tokens, cost and fallback behind one plan."""
        usage = plan.usage
        if usage is not None and usage.model_calls:
            self.model_calls.labels(usage.model or "unknown").inc(usage.model_calls)
            self.tokens.labels("prompt").inc(usage.prompt_tokens)
            self.tokens.labels("completion").inc(usage.completion_tokens)
            self.tokens.labels("cached").inc(usage.cached_tokens)
            self.cost.inc(max(0.0, usage.cost_usd))
        if plan.degraded:
            self.fallbacks.labels(plan.degraded[:40]).inc()

    def turn(self, slug: str, kind: str, seconds: float, now: float) -> None:
        """Count one answered turn and refresh the active-threads gauge."""
        self.turns.labels(kind).inc()
        self.turn_seconds.observe(seconds)
        self._seen[slug] = now
        self._seen.move_to_end(slug)
        self._active_now()

    def _active_now(self) -> float:
        """Threads seen within the window, forgetting older ones (read at every scrape)."""
        cutoff = self._clock() - ACTIVE_WINDOW_SECONDS
        while self._seen and next(iter(self._seen.values())) < cutoff:
            self._seen.popitem(last=False)
        return float(len(self._seen))

    def exposition(self) -> bytes:
        """The registry in the Prometheus text format."""
        return generate_latest(self.registry)


class ObservedBrain:
    """A Brain that reports each plan's model usage to Metrics."""

    def __init__(self, inner: Brain, metrics: Metrics) -> None:
        """Wrap `inner`."""
        self._inner = inner
        self._metrics = metrics

    async def turn(self, session: Session, inbound: Inbound) -> TurnPlan:
        """Plan with the wrapped brain and record its usage."""
        plan = await self._inner.turn(session, inbound)
        self._metrics.plan(plan)
        return plan


def _log_turn(seconds: float, labels: dict[str, str]) -> None:
    """One log line per turn: a hash of the thread key, never the key; text only if given."""
    extra: dict[str, object] = {
        "thread_hash": thread_hash(labels.get("thread", "")),
        "platform": labels.get("platform", ""),
        "kind": labels.get("kind", ""),
        "duration_ms": round(seconds * 1000, 1),
    }
    if "text" in labels:  # the engine adds it only with LOG_MESSAGE_TEXT=true
        extra["text"] = labels["text"]
    log.info("turn %s", labels.get("kind", ""), extra=extra)

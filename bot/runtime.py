"""Wiring: the configured store and brain behind one Engine, and their clean shutdown."""

from __future__ import annotations

from dataclasses import dataclass

from bot.metrics import Metrics, ObservedBrain
from engine.brain.base import Brain
from engine.brain.openai import OpenAIBrain, make_brain
from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.mail import make_mailer
from engine.settings import Settings, plain
from engine.spend import Budget
from engine.store.factory import Store, make_store
from engine.turns import RenderPool, render_in_thread


@dataclass
class Runtime:
    """An engine with the store and brain it owns."""

    engine: Engine
    store: Store
    brain: Brain
    pool: RenderPool | None = None

    async def close(self) -> None:
        """Release the brain's HTTP client and the store's connections."""
        closer = getattr(self.brain, "aclose", None)
        if closer is not None:
            await closer()
        await self.store.close()
        if self.pool is not None:
            self.pool.close()


async def open_runtime(
    settings: Settings, *, rate_limits: bool = True, metrics: Metrics | None = None
) -> Runtime:
    """Build the engine the settings describe (memory or Redis; offline or OpenAI brain).

    Local one-person commands (chat, replay) pass `rate_limits=False`; they also draw on a
    thread instead of RENDER_WORKERS worker processes. `serve` passes the process's Metrics,
    which then see every model call, render and email.
    """
    store = make_store(settings)
    try:
        await store.ping()  # fails fast when Redis is unreachable; loads its scripts
    except BaseException:
        await store.close()
        raise
    brain = make_brain(settings, RulesBrain())
    warm_up = getattr(brain, "warm_up", None)
    if warm_up is not None:
        await warm_up()
    model = isinstance(brain, OpenAIBrain)
    moderator = None
    if isinstance(brain, OpenAIBrain) and settings.enable_moderation:
        moderator = brain.moderator()
    serving = rate_limits and settings.render_workers > 0
    pool = RenderPool(settings.render_workers) if serving else None
    if pool is not None:
        await pool.warm()  # workers start now, not while the first acks are due
    ports = Ports(
        sessions=store,
        gate=store,
        brain=brain if metrics is None else ObservedBrain(brain, metrics),
        limiter=store if rate_limits else None,
        counters=store,
        eraser=store,
        threads=store,
        render=pool or render_in_thread,
        moderator=moderator,
        budget=Budget(store, settings.openai_daily_budget_usd) if model else None,
        arrivals=store,
        inflight=store.inflight,
        mailer=make_mailer(plain(settings.resend_api_key), settings.email_from, api_url(settings)),
        ledger=store,
        observer=metrics,
        recent=store,
    )
    return Runtime(Engine(settings, ports), store, brain, pool)


def api_url(settings: Settings) -> str:
    """RESEND_API_URL (the SDK's default is https://api.resend.com)."""
    return settings.resend_api_url

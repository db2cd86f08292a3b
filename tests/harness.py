"""In-process test backend: push a message, read the reply."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from engine.brain.base import Brain
from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Inbound, Reply, Send, ThreadKey
from engine.session import Session
from engine.settings import Settings
from engine.store.memory import MemoryStore

_ids = itertools.count(1)


async def posted(reply: Reply, send: Send | None) -> Reply:
    """What a handler does with its reply when the adapter passed `send`: post it there."""
    if send is not None:
        await send(reply)
    return reply


def settings(**overrides: object) -> Settings:
    """Settings for tests, ignoring the environment's .env file."""
    values = {"MAX_QUESTIONS": 12, "RATE_LIMIT_USER_PER_MINUTE": 1000, "RENDER_WORKERS": 0}
    values.update({k.upper(): v for k, v in overrides.items()})
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass
class Chat:
    """One conversation thread with an engine."""

    engine: Engine
    store: MemoryStore
    thread: ThreadKey = field(default_factory=lambda: ThreadKey("test", "W1", "C1", "T1"))
    replies: list[Reply] = field(default_factory=list)

    async def say(
        self,
        text: str,
        user: str = "U1",
        name: str = "Ann",
        action: str | None = None,
        message_id: str | None = None,
    ) -> Reply:
        """Send one message and return the reply."""
        inbound = self.inbound(text, user, name, action, message_id)
        reply = await self.engine.handle(inbound)
        self.replies.append(reply)
        return reply

    def inbound(
        self,
        text: str,
        user: str = "U1",
        name: str = "Ann",
        action: str | None = None,
        message_id: str | None = None,
    ) -> Inbound:
        """The Inbound for one message in this thread."""
        return Inbound(self.thread, message_id or f"m{next(_ids)}", user, name, text, action)

    async def session(self) -> Session:
        """The stored session of this thread."""
        stored = await self.store.load(self.thread)
        assert stored is not None
        return stored


def make_chat(brain: Brain | None = None, **overrides: object) -> Chat:
    """A chat over a fresh MemoryStore and the offline brain."""
    config = settings(**overrides)
    store = MemoryStore.from_settings(config)
    ports = Ports(
        sessions=store,
        gate=store,
        brain=brain or RulesBrain(),
        limiter=store,
        counters=store,
        eraser=store,
        threads=store,
        arrivals=store,
        inflight=store.inflight,
        recent=store,
    )
    return Chat(Engine(config, ports), store)

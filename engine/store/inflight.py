"""Turns in flight: recorded before work begins, so turns a dead replica left unfinished can
be found and their placeholders replaced instead of saying "thinking…" forever."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from engine.messages import ThreadKey, Unfinished
from engine.store.keys import (
    inflight_data_key,
    inflight_replicas_key,
    inflight_turns_key,
    replica_key,
)

T = TypeVar("T")
Call = Callable[[str, Awaitable[Any]], Awaitable[Any]]
TAKE_LIMIT = 500  # orphans taken per call (the rest on the next)


class Inflight(Protocol):
    """Where turns in flight are recorded (memory or Redis)."""

    async def begin(self, turn: Unfinished, replica: str) -> None:
        """Record that `replica` started this turn."""
        ...

    async def end(self, thread: ThreadKey, message_id: str, replica: str) -> None:
        """The turn `replica` started finished (answered, refused or failed with a reply);
        another replica's record of the same message (a redelivery) is left alone."""
        ...

    async def orphans(
        self, replica: str, lease_seconds: float, platform: str = ""
    ) -> list[Unfinished]:
        """Say `replica` is alive for `lease_seconds`; take the turns of replicas that are
        not (each is returned to exactly one caller), only `platform`'s when one is given
        (each adapter answers its own platform's turns)."""
        ...


def _member(thread: ThreadKey, message_id: str) -> str:
    return f"{thread.slug()}|{message_id}"


def _record(turn: Unfinished, replica: str) -> str:
    t = turn.thread
    return json.dumps(
        {
            "replica": replica,
            "thread": [t.platform, t.workspace, t.channel, t.thread],
            "message_id": turn.message_id,
            "placeholder": turn.placeholder,
            "addressed": turn.addressed,
            "posting": turn.posting,
        }
    )


def _unfinished(raw: str | bytes) -> Unfinished | None:
    try:
        data = json.loads(raw)
        thread = ThreadKey(*data["thread"])
        addressed, posting = bool(data.get("addressed", True)), bool(data.get("posting"))
        return Unfinished(
            thread,
            data["message_id"],
            data["placeholder"],
            addressed=addressed,
            posting=posting,
            replica=str(data.get("replica", "")),
        )
    except (ValueError, KeyError, TypeError):
        return None


class MemoryInflight:
    """Turns in flight of this one process (nothing survives it, so nothing to recover)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        """Empty."""
        self._turns: dict[str, tuple[str, Unfinished]] = {}
        self._alive: dict[str, float] = {}
        self._clock = clock

    async def begin(self, turn: Unfinished, replica: str) -> None:
        """Record the turn."""
        self._turns[f"{replica}|{_member(turn.thread, turn.message_id)}"] = (replica, turn)

    async def end(self, thread: ThreadKey, message_id: str, replica: str) -> None:
        """Forget the turn."""
        self._turns.pop(f"{replica}|{_member(thread, message_id)}", None)

    async def orphans(
        self, replica: str, lease_seconds: float, platform: str = ""
    ) -> list[Unfinished]:
        """Turns of replicas whose heartbeat ran out."""
        now = self._clock()
        self._alive[replica] = now + lease_seconds
        dead = [
            m
            for m, (r, turn) in self._turns.items()
            if self._alive.get(r, 0.0) <= now and platform in ("", turn.thread.platform)
        ]
        return [self._turns.pop(m)[1] for m in dead]


# KEYS: replicas, data, my heartbeat; ARGV: my replica, lease ms, limit, heartbeat prefix,
# turns prefix, member prefix (a platform's, or ""). Returns the records of turns whose
# replica's heartbeat is gone and whose member starts with the member prefix, removing them.
ORPHANS_LUA = """
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
local found = {}
local limit = tonumber(ARGV[3])
for _, owner in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if limit <= 0 then break end
  if owner ~= ARGV[1] and redis.call('EXISTS', ARGV[4] .. owner) == 0 then
    local turns = ARGV[5] .. owner
    local members = redis.call('ZRANGE', turns, 0, limit - 1)
    for _, member in ipairs(members) do
      if string.sub(member, 1, #ARGV[6]) == ARGV[6] then
        local field = owner .. '|' .. member
        local raw = redis.call('HGET', KEYS[2], field)
        redis.call('ZREM', turns, member)
        redis.call('HDEL', KEYS[2], field)
        if raw then table.insert(found, raw) end
        limit = limit - 1
      end
    end
    if redis.call('ZCARD', turns) == 0 then redis.call('SREM', KEYS[1], owner) end
  end
end
return found
"""


class RedisInflight:
    """Turns in flight in Redis, shared by every replica (one cluster slot), indexed per
    replica so a dead replica's turns are found however many a live one holds."""

    def __init__(self, client: Redis | RedisCluster, call: Call) -> None:
        """Use `client`; `call` wraps each operation (errors, breaker)."""
        self._client = client
        self._call = call
        self._orphans = client.register_script(ORPHANS_LUA)

    async def begin(self, turn: Unfinished, replica: str) -> None:
        """Record the turn in the replica's index and its data."""
        member = _member(turn.thread, turn.message_id)
        pipe = self._client.pipeline(transaction=False)
        pipe.sadd(inflight_replicas_key(), replica)
        pipe.zadd(inflight_turns_key(replica), {member: int(time.time() * 1000)})
        pipe.hset(inflight_data_key(), f"{replica}|{member}", _record(turn, replica))
        await self._call("inflight", pipe.execute())

    async def end(self, thread: ThreadKey, message_id: str, replica: str) -> None:
        """Remove the replica's record of the turn."""
        member = _member(thread, message_id)
        pipe = self._client.pipeline(transaction=False)
        pipe.zrem(inflight_turns_key(replica), member)
        pipe.hdel(inflight_data_key(), f"{replica}|{member}")
        await self._call("inflight", pipe.execute())

    async def orphans(
        self, replica: str, lease_seconds: float, platform: str = ""
    ) -> list[Unfinished]:
        """Heartbeat, then take the turns of replicas without one."""
        keys = [inflight_replicas_key(), inflight_data_key(), replica_key(replica)]
        lease_ms = max(100, int(lease_seconds * 1000))
        args: list[str | int] = [
            replica,
            lease_ms,
            TAKE_LIMIT,
            replica_key(""),
            inflight_turns_key(""),
            f"{platform}:" if platform else "",
        ]
        raws = await self._call("inflight", self._orphans(keys=keys, args=args))
        found = (_unfinished(raw) for raw in raws or ())
        return [turn for turn in found if turn is not None]

"""Each person's recent interviews on Redis: a sorted set and a hash in the person's slot."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from engine.messages import InterviewSummary, ThreadKey
from engine.store.keys import (
    RECENT_KEEP,
    listed_key,
    recent_data_key,
    recent_key,
    workspace_of,
)

Call = Callable[[str, Awaitable[Any]], Awaitable[Any]]

# KEYS: recent (zset), recent data (hash); ARGV: slug, summary JSON, now s, ttl s, keep.
# Puts the thread at the top of one person's list; drops expired and surplus entries.
NOTE_LUA = """
local now, ttl, keep = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
for _, slug in ipairs(redis.call('ZRANGE', KEYS[1], 0, -(keep + 1))) do table.insert(gone, slug) end
for _, slug in ipairs(gone) do
  redis.call('ZREM', KEYS[1], slug)
  redis.call('HDEL', KEYS[2], slug)
end
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
return 1
"""

# KEYS: listed; ARGV: ttl s, user id, ... Who has the thread on their list.
LISTED_LUA = """
for i = 2, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
"""

# KEYS: recent, recent data; ARGV: slug. Takes a thread off one person's list.
UNLIST_LUA = """
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('HDEL', KEYS[2], ARGV[1])
"""


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def summary_json(summary: InterviewSummary) -> str:
    """A summary as compact JSON."""
    key = summary.thread
    return json.dumps(
        {
            "thread": [key.platform, key.workspace, key.channel, key.thread],
            "title": summary.title,
            "stated": summary.stated,
            "assumed": summary.assumed,
            "total": summary.total,
            "version": summary.version,
            "updated": summary.updated.isoformat(),
        },
        separators=(",", ":"),
    )


def summary_from(raw: bytes | str) -> InterviewSummary | None:
    """A stored summary, or None when it can't be read (it is then left out of the list)."""
    try:
        data = json.loads(raw)
        return InterviewSummary(
            thread=ThreadKey(*(str(part) for part in data["thread"])),
            title=str(data["title"]),
            stated=int(data["stated"]),
            assumed=int(data["assumed"]),
            total=int(data["total"]),
            version=int(data["version"]),
            updated=datetime.fromisoformat(data["updated"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


class RedisRecent:
    """RecentInterviews on Redis; `call` turns Redis failures into StoreError (the store's)."""

    def __init__(self, client: Redis | RedisCluster, call: Call, ttl_seconds: int) -> None:
        """Lists on `client`, kept `ttl_seconds` after the last note."""
        self._client = client
        self._call = call
        self._ttl = ttl_seconds
        self._note = client.register_script(NOTE_LUA)
        self._listed = client.register_script(LISTED_LUA)
        self._unlist = client.register_script(UNLIST_LUA)

    async def note(self, summary: InterviewSummary, user_ids: Iterable[str]) -> None:
        """Put the thread's summary at the top of each person's list (session TTL)."""
        users = sorted(set(user_ids))
        if not users:
            return
        key, data, now = summary.thread, summary_json(summary), time.time()
        slug = key.slug()
        await self._call("note", self._listed(keys=[listed_key(slug)], args=[self._ttl, *users]))
        for user in users:
            keys = [recent_key(key.workspace, user), recent_data_key(key.workspace, user)]
            args: list[str | int | float] = [slug, data, now, self._ttl, RECENT_KEEP]
            await self._call("note", self._note(keys=keys, args=args))

    async def recent(
        self, platform: str, workspace: str, user_id: str, limit: int
    ) -> tuple[InterviewSummary, ...]:
        """At most `limit` of the person's live interviews on `platform`, newest first."""
        index, oldest = recent_key(workspace, user_id), f"({time.time() - self._ttl}"
        fetch = self._client.zrevrangebyscore(index, "+inf", oldest, start=0, num=RECENT_KEEP)
        found = await self._call("recent", fetch)
        slugs = [_text(slug) for slug in found if isinstance(slug, bytes | str)]
        if not slugs or limit <= 0:
            return ()
        data = recent_data_key(workspace, user_id)
        raw = await self._call("recent", self._client.hmget(data, slugs))
        read = (summary_from(r) for r in raw if r is not None)
        return tuple(s for s in read if s is not None and s.thread.platform == platform)[:limit]

    async def unlist(self, slug: str, users: Iterable[str]) -> None:
        """Take the thread off the list of everyone who has it (and of `users`)."""
        listed = await self._call("delete", self._client.smembers(listed_key(slug)))
        workspace = workspace_of(slug)
        for user in {*users, *(_text(u) for u in listed)}:
            keys = [recent_key(workspace, user), recent_data_key(workspace, user)]
            await self._call("delete", self._unlist(keys=keys, args=[slug]))
        await self._call("delete", self._client.delete(listed_key(slug)))

"""Redis store: sessions, ordered turns, dedupe, rate limits and counters across replicas."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.commands.core import AsyncScript
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from engine.breaker import Breaker
from engine.messages import InterviewSummary, ThreadKey
from engine.redact import redact
from engine.session import Session, SessionError, from_json, to_json
from engine.store.base import StaleSession, StoreError
from engine.store.inflight import RedisInflight
from engine.store.keys import (
    MAIL_TTL_SECONDS,
    beats_key,
    channel_field,
    latest_key,
    lock_key,
    mail_key,
    owned_key,
    participant_ids,
    queue_key,
    rate_user_key,
    rate_workspace_key,
    recent_data_key,
    recent_key,
    seen_key,
    session_key,
    stats_key,
    ticket_key,
    user_threads_key,
    workspace_of,
)
from engine.store.lease import keep_lease
from engine.store.locks import KeyedLocks
from engine.store.memory import Today, utc_today
from engine.store.recent import RedisRecent
from engine.store.wakeups import CHANNEL, Wakeups

if TYPE_CHECKING:
    from engine.settings import Settings

Client = Redis | RedisCluster
T = TypeVar("T")

LOG = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 2.0
READ_TIMEOUT_SECONDS = 3.0
POLL_MIN_SECONDS = 0.002
POLL_MAX_SECONDS = 0.05
POLL_MAX_LISTENING = 1.0  # releases wake waiters; polling is only a safety net
INDEX_CACHE_SIZE = 10_000
MAX_IN_FLIGHT = 64  # concurrent commands per store; below the client's pool size (100)
KEEPER_STOP_SECONDS = 1.0  # the longest a turn's exit waits for its lease keeper

NOW_MS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: session; ARGV: expected revision, new JSON, ttl seconds.
# Returns the new revision, or -1 - stored revision when the writer is stale.
SAVE_LUA = r"""
local cur = redis.call('GET', KEYS[1])
local rev = 0
if cur then
  rev = tonumber(string.match(cur, '^{"schema_version":%d+,"key":"[^"\\]*","revision":(%d+)'))
  if not rev then rev = tonumber(cjson.decode(cur)['revision']) or 0 end
end
if rev ~= tonumber(ARGV[1]) then return -1 - rev end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return rev + 1
"""

# KEYS: lock, ticket, queue, beats; ARGV: ticket ('' = take one), token, lease ms,
# waiter ttl ms, idle ms. Returns {1 if acquired, ticket}.
ACQUIRE_LUA = (
    NOW_MS
    + """
local me = ARGV[1]
if me == '' then me = tostring(redis.call('INCR', KEYS[2])) end
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('ZADD', KEYS[3], me, me)
redis.call('HSET', KEYS[4], me, now + tonumber(ARGV[4]))
redis.call('PEXPIRE', KEYS[3], ARGV[5])
redis.call('PEXPIRE', KEYS[4], ARGV[5])
if redis.call('EXISTS', KEYS[1]) == 0 then
  while true do
    local head = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
    if head == me then
      redis.call('ZREM', KEYS[3], me)
      redis.call('HDEL', KEYS[4], me)
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      return {1, tonumber(me)}
    end
    local beat = tonumber(redis.call('HGET', KEYS[4], head) or '0')
    if beat > now then break end
    redis.call('ZREM', KEYS[3], head)
    redis.call('HDEL', KEYS[4], head)
  end
end
return {0, tonumber(me)}
"""
)

# KEYS: ticket, queue, beats; ARGV: waiter ttl ms, idle ms. Takes a place in line on arrival.
TICKET_LUA = (
    NOW_MS
    + """
local me = tostring(redis.call('INCR', KEYS[1]))
redis.call('ZADD', KEYS[2], me, me)
redis.call('HSET', KEYS[3], me, now + tonumber(ARGV[1]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return tonumber(me)
"""
)

# KEYS: queue, beats; ARGV: ticket, wake-up channel, slug. A waiter gives up its place.
LEAVE_LUA = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
"""

# KEYS: lock, ticket, queue; ARGV: token, wake-up channel, slug. Frees the turn, wakes the
# waiters of every replica; forgets the ticket counter if idle.
RELEASE_LUA = """
local freed = 0
if redis.call('GET', KEYS[1]) == ARGV[1] then freed = redis.call('DEL', KEYS[1]) end
if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[3]) == 0 then
  redis.call('DEL', KEYS[2])
elseif freed == 1 then
  redis.call('PUBLISH', ARGV[2], ARGV[3])
end
return freed
"""

# KEYS: lock; ARGV: token, lease ms. Extends the lease while the holder still owns it.
EXTEND_LUA = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

# KEYS: session, seen, lock, ticket, queue; removes the conversation's data, and its
# turn bookkeeping when no turn is running or waiting.
DELETE_LUA = """
local n = redis.call('DEL', KEYS[1], KEYS[2])
if redis.call('EXISTS', KEYS[3]) == 0 and redis.call('ZCARD', KEYS[5]) == 0 then
  n = n + redis.call('DEL', KEYS[4], KEYS[5])
end
return n
"""

# KEYS: latest; ARGV: field, "expiry thread", ttl s. A user's latest thread in one channel.
LATEST_LUA = """
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
"""

# KEYS: seen; ARGV: delivery id, ttl ms, max ids. 1 the first time an id is seen.
DEDUPE_LUA = (
    NOW_MS
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
local extra = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if extra > 0 then redis.call('ZPOPMIN', KEYS[1], extra) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""
)

# KEYS: user bucket, workspace bucket; ARGV: user per minute, workspace per minute.
# Token buckets; takes one token from both or none. Returns the wait in ms.
RATE_LUA = (
    NOW_MS
    + """
local function level(key, rate)
  local v = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(v[1]) or rate
  local at = tonumber(v[2]) or now
  return math.min(rate, tokens + math.max(0, now - at) * rate / 60000)
end
local function wait(tokens, rate)
  if tokens >= 1 then return 0 end
  return math.ceil((1 - tokens) * 60000 / rate)
end
local ru, rw = tonumber(ARGV[1]), tonumber(ARGV[2])
local tu, tw = level(KEYS[1], ru), level(KEYS[2], rw)
local ms = math.max(wait(tu, ru), wait(tw, rw))
if ms == 0 then tu, tw = tu - 1, tw - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tu), 'at', now)
redis.call('HSET', KEYS[2], 'tokens', tostring(tw), 'at', now)
redis.call('PEXPIRE', KEYS[1], 60000)
redis.call('PEXPIRE', KEYS[2], 60000)
return ms
"""
)

# KEYS: stats hash; ARGV: name, amount, ..., ttl seconds.
COUNT_LUA = """
for i = 1, #ARGV - 1, 2 do redis.call('HINCRBYFLOAT', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[1], ARGV[#ARGV])
return 1
"""


def safe_location(url: str) -> str:
    """`scheme://host:port/db` of a Redis URL, without user name or password."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "redis (unparseable URL)"
    return f"{parts.scheme or 'redis'}://{host}{port}{parts.path}"


BREAKER_COOLDOWN_SECONDS = 2.0


def _failure_kind(exc: BaseException) -> str:
    """How a Redis call failed, in the breaker's words."""
    if isinstance(exc, (RedisTimeoutError, TimeoutError)):
        return "timeout"
    if isinstance(exc, (RedisConnectionError, ConnectionRefusedError)):
        return "unreachable"
    return "error"


def _discard(awaitable: Awaitable[Any]) -> None:
    """Drop an operation that will not be awaited, without a 'never awaited' warning."""
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()
    cancel = getattr(awaitable, "cancel", None)
    if callable(cancel):
        cancel()


def make_client(url: str, *, cluster: bool = False, timeout: float | None = None) -> Client:
    """A redis.asyncio client with short timeouts, so faults surface fast.

    One retry, on connection errors only (a stale pooled connection after a Redis restart);
    never after a read timeout, where the first attempt may already have run (a replayed
    dedupe or save would then answer wrongly).
    """
    retry = Retry(ExponentialBackoff(cap=0.2, base=0.02), 1, (RedisConnectionError,))
    options: dict[str, Any] = {
        "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "socket_timeout": timeout or READ_TIMEOUT_SECONDS,
        "retry": retry,
    }
    if cluster:
        return RedisCluster.from_url(url, **options)
    client: Redis = Redis.from_url(url, health_check_interval=15, **options)
    return client


class RedisStore:
    """SessionStore, ThreadRecords, TurnGate, Limiter and Counters on Redis (one or a cluster)."""

    def __init__(
        self,
        client: Client,
        *,
        session_ttl_seconds: float = 86_400,
        dedupe_ttl_seconds: float = 600,
        lock_lease_seconds: float = 30.0,
        user_per_minute: int = 20,
        workspace_per_minute: int = 300,
        retention_days: int = 30,
        max_delivery_ids: int = 10_000,
        waiter_ttl_seconds: float = 15.0,
        turn_wait_seconds: float = 300.0,
        max_in_flight: int = MAX_IN_FLIGHT,
        where: str = "redis",
        secret: str | None = None,
        owns_client: bool = True,
        today: Today = utc_today,
    ) -> None:
        """Wrap `client`; `where` names the server in errors (never include credentials)."""
        self._client = client
        self._ttl = max(1, int(session_ttl_seconds))
        self._dedupe_ms = max(1, int(dedupe_ttl_seconds * 1000))
        self._lease_ms = max(100, int(lock_lease_seconds * 1000))
        self._beat_ms = max(100, int(waiter_ttl_seconds * 1000))
        self._idle_ms = 4 * max(self._lease_ms, self._beat_ms)
        self._user_rate = int(user_per_minute)
        self._workspace_rate = int(workspace_per_minute)
        self._retention_s = int(retention_days) * 86_400
        self._max_ids = int(max_delivery_ids)
        self._turn_wait = float(turn_wait_seconds)
        self._where = where
        self._secret = secret
        self._owns_client = owns_client
        self._today = today
        self._indexed: OrderedDict[tuple[str, str, str], float] = OrderedDict()
        self._wakeups = Wakeups()
        self._listener: asyncio.Task[None] | None = None
        self._entries = KeyedLocks()
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self.breaker = Breaker(BREAKER_COOLDOWN_SECONDS, threshold=3, immediate=frozenset())
        self._scripts: list[AsyncScript] = []
        self._scripts_loaded = False
        self._scripts_lock = asyncio.Lock()
        self._save = self._script(SAVE_LUA)
        self._acquire_script = self._script(ACQUIRE_LUA)
        self._leave = self._script(LEAVE_LUA)
        self._ticket = self._script(TICKET_LUA)
        self._release_script = self._script(RELEASE_LUA)
        self._extend = self._script(EXTEND_LUA)
        self._delete = self._script(DELETE_LUA)
        self._dedupe = self._script(DEDUPE_LUA)
        self._rate = self._script(RATE_LUA)
        self._count = self._script(COUNT_LUA)
        self._latest = self._script(LATEST_LUA)
        self.recents = RedisRecent(client, self._call, self._ttl)
        self.inflight = RedisInflight(client, self._call)

    @classmethod
    def from_settings(cls, settings: Settings) -> RedisStore:
        """A store on a new client built from REDIS_URL / REDIS_CLUSTER."""
        url = settings.redis_url.get_secret_value()
        secret = urlsplit(url).password
        return cls(
            make_client(url, cluster=settings.redis_cluster),
            session_ttl_seconds=settings.session_ttl_seconds,
            dedupe_ttl_seconds=settings.dedupe_ttl_seconds,
            lock_lease_seconds=settings.lock_lease_seconds,
            user_per_minute=settings.rate_limit_user_per_minute,
            workspace_per_minute=settings.rate_limit_workspace_per_minute,
            retention_days=settings.analytics_retention_days,
            where=safe_location(url),
            secret=secret,
        )

    @property
    def client(self) -> Client:
        """The underlying redis client."""
        return self._client

    def _script(self, source: str) -> AsyncScript:
        script = self._client.register_script(source)
        self._scripts.append(script)
        return script

    async def _call(self, op: str, awaitable: Awaitable[T]) -> T:
        """Await one Redis operation; any Redis or socket failure becomes a StoreError.

        After repeated timeouts the breaker fails calls at once for a short cool-down, so a
        frozen Redis costs a few timeouts, not one per call; refused connections fail fast
        by themselves and do not count."""
        if not self.breaker.allow():
            _discard(awaitable)
            raise StoreError(f"Redis {op} skipped ({self._where}): cooling down after failures")
        try:
            async with self._in_flight:
                result = await awaitable
        except (RedisError, OSError) as exc:
            if _failure_kind(exc) == "timeout":
                self.breaker.failure("timeout")
            secrets = (self._secret,) if self._secret else ()
            reason = redact(f"{type(exc).__name__}: {exc}", secrets, personal=False)
            raise StoreError(f"Redis {op} failed ({self._where}): {reason}") from None
        self.breaker.success()
        return result

    async def _run(
        self, op: str, script: AsyncScript, keys: Sequence[str], args: Sequence[Any]
    ) -> Any:
        if not self._scripts_loaded:
            await self._load_scripts()
        return await self._call(op, script(keys=list(keys), args=list(args)))

    async def _load_scripts(self) -> None:
        """SCRIPT LOAD everything once up front, so concurrent first calls don't race on
        NOSCRIPT (that would let a later arrival take an earlier turn ticket)."""
        async with self._scripts_lock:
            if self._scripts_loaded:
                return
            loads = [self._client.script_load(script.script) for script in self._scripts]
            await self._call("script load", asyncio.gather(*loads))
            self._scripts_loaded = True

    # sessions

    async def load(self, key: ThreadKey) -> Session | None:
        """The stored session, or None. A corrupt session raises SessionError."""
        raw = await self._call("load", self._client.get(session_key(key.slug())))
        return None if raw is None else from_json(raw)

    async def save(self, session: Session) -> Session:
        """Store if the stored revision is still `session.revision` (atomic, Lua); TTL refreshed."""
        saved = session.model_copy(update={"revision": session.revision + 1})
        # indexed first: a failure then leaves nothing saved (the user is asked to resend),
        # and `forget --user` never misses a saved thread
        await self._index(saved)
        args = (session.revision, to_json(saved), self._ttl)
        result = int(await self._run("save", self._save, [session_key(session.key)], args))
        if result < 0:
            raise StaleSession(
                f"session {session.key} is at revision {-1 - result}, not {session.revision}"
            )
        return saved

    async def _index(self, session: Session) -> None:
        """Record the session's participants in their per-workspace thread index."""
        workspace, slug = workspace_of(session.key), session.key
        now = time.monotonic()
        fresh = [
            user
            for user in participant_ids(session)
            if now - self._indexed.get((workspace, user, slug), -1e18) > self._ttl / 2
        ]
        if not fresh:
            return
        expires = time.time() + 2 * self._ttl
        for user in fresh:
            index = user_threads_key(workspace, user)
            await self._call("index", self._client.zadd(index, {slug: expires}))
            await self._call("index", self._client.expire(index, 2 * self._ttl))
            self._remember((workspace, user, slug), now)

    def _remember(self, item: tuple[str, str, str], now: float) -> None:
        self._indexed[item] = now
        self._indexed.move_to_end(item)
        while len(self._indexed) > INDEX_CACHE_SIZE:
            self._indexed.popitem(last=False)

    async def delete(self, key: ThreadKey) -> int:
        """Delete every key of the thread and its index entries; returns how many keys went."""
        removed, _ = await self._delete_slug(key.slug())
        return removed

    async def _delete_slug(self, slug: str) -> tuple[int, bool]:
        raw = await self._call("delete", self._client.get(session_key(slug)))
        users = _participants(raw)
        keys = [session_key(slug), seen_key(slug), lock_key(slug), ticket_key(slug)]
        keys.append(queue_key(slug))
        removed = int(await self._run("delete", self._delete, keys, []))
        await self._call("delete", self._client.delete(owned_key(slug)))
        workspace = workspace_of(slug)
        for user in users:
            index = user_threads_key(workspace, user)
            await self._call("delete", self._client.zrem(index, slug))
            self._indexed.pop((workspace, user, slug), None)
        await self.recents.unlist(slug, users)
        return removed, raw is not None

    async def forget_user(self, workspace: str, user_id: str) -> int:
        """Delete every session of a workspace the user took part in; returns the count."""
        index = user_threads_key(workspace, user_id)
        members = await self._call("forget", self._client.zrange(index, 0, -1))
        removed = 0
        for member in members:
            slug = member.decode() if isinstance(member, bytes) else str(member)
            _, existed = await self._delete_slug(slug)
            removed += int(existed)
        lists = (recent_key(workspace, user_id), recent_data_key(workspace, user_id))
        await self._call(
            "forget", self._client.delete(index, latest_key(workspace, user_id), *lists)
        )
        return removed

    # recent interviews

    async def note(self, summary: InterviewSummary, user_ids: Iterable[str]) -> None:
        """Put the thread's summary at the top of each person's list (session TTL)."""
        await self.recents.note(summary, user_ids)

    async def recent(
        self, platform: str, workspace: str, user_id: str, limit: int
    ) -> tuple[InterviewSummary, ...]:
        """At most `limit` of the person's live interviews on `platform`, newest first."""
        return await self.recents.recent(platform, workspace, user_id, limit)

    # thread records

    async def claim(self, key: ThreadKey, user_id: str) -> None:
        """Own the thread and make it the user's latest in its channel (session TTL)."""
        await self._call("claim", self._client.set(owned_key(key.slug()), b"1", ex=self._ttl))
        value = f"{time.time() + self._ttl:.3f} {key.thread}"
        keys, args = [latest_key(key.workspace, user_id)], [channel_field(key), value, self._ttl]
        await self._run("claim", self._latest, keys, args)

    async def owns(self, key: ThreadKey) -> bool:
        """Whether the bot owns the thread."""
        return bool(await self._call("owns", self._client.exists(owned_key(key.slug()))))

    async def latest(self, channel: ThreadKey, user_id: str) -> ThreadKey | None:
        """The user's latest thread in the channel of `channel`, or None."""
        index = latest_key(channel.workspace, user_id)
        raw = await self._call("latest", self._client.hget(index, channel_field(channel)))
        expires, _, thread = _text(raw or b"0 ").partition(" ")
        if not thread or float(expires) <= time.time():
            return None
        return ThreadKey(channel.platform, channel.workspace, channel.channel, thread)

    # turns

    @asynccontextmanager
    async def turn(self, key: ThreadKey, ticket: str = "") -> AsyncIterator[None]:
        """Hold the thread's turn across replicas: ticket order, leased lock kept alive."""
        slug = key.slug()
        token = secrets.token_hex(16)
        await self._acquire(slug, token, ticket)
        extend = partial(self._extend_lease, slug, token)
        holder = asyncio.current_task()
        keeper = asyncio.create_task(keep_lease(extend, self._lease_ms / 3000, holder))
        try:
            yield
        finally:
            keeper.cancel()
            # a cancelled Redis call can surface as a connection error, which the keeper
            # would retry: never let it hold the thread (seen: turns hung in this exit)
            await asyncio.wait([keeper], timeout=KEEPER_STOP_SECONDS)
            await self._release(slug, token)

    async def ticket(self, key: ThreadKey) -> str:
        """Take the thread's next place in line now, across replicas (one round trip)."""
        slug = key.slug()
        keys = [ticket_key(slug), queue_key(slug), beats_key(slug)]
        async with self._entry(slug):
            number = await self._run("ticket", self._ticket, keys, [self._beat_ms, self._idle_ms])
        return str(number)

    async def leave(self, key: ThreadKey, ticket: str) -> None:
        """Give up a place in line that will not be used."""
        await self._give_up(key.slug(), ticket)

    async def _acquire(self, slug: str, token: str, ticket: str = "") -> None:
        """Take a ticket (in local arrival order) unless one is given, then wait until it is
        served: woken by releases (any replica), polling with back-off as a safety net."""
        keys = [lock_key(slug), ticket_key(slug), queue_key(slug), beats_key(slug)]
        delay = POLL_MIN_SECONDS
        deadline = time.monotonic() + self._turn_wait
        try:
            woken = self._wakeups.event(slug)
            async with self._entry(slug):
                acquired, ticket = await self._attempt(keys, ticket, token)
            while not acquired:
                if time.monotonic() > deadline:
                    raise StoreError(f"timed out waiting for the turn of {slug}")
                self._listen()
                await self._pause(woken, delay)
                listening = self._wakeups.listening
                delay = min(delay * 2, POLL_MAX_LISTENING if listening else POLL_MAX_SECONDS)
                woken = self._wakeups.event(slug)
                acquired, ticket = await self._attempt(keys, ticket, token)
        except BaseException:
            if ticket:
                await asyncio.shield(self._give_up(slug, ticket))
            raise

    async def _attempt(self, keys: list[str], ticket: str, token: str) -> tuple[bool, str]:
        """One try at the lock; takes a ticket when `ticket` is empty. (acquired, ticket)."""
        args = [ticket, token, self._lease_ms, self._beat_ms, self._idle_ms]
        acquired, number = await self._run("turn", self._acquire_script, keys, args)
        return bool(int(acquired)), str(number)

    @asynccontextmanager
    async def _entry(self, slug: str) -> AsyncIterator[None]:
        """Local FIFO around ticket-taking, so this replica's tickets follow arrival order
        even when one request needs a fresh connection and the next does not."""
        async with self._entries.hold(slug):
            yield

    async def _pause(self, woken: asyncio.Event, delay: float) -> None:
        """Sleep until a release of this thread (any replica) or `delay` seconds."""
        try:
            await asyncio.wait_for(woken.wait(), delay)
        except TimeoutError:
            return

    def _listen(self) -> None:
        """Start listening for other replicas' releases (one task per store, plain Redis;
        a cluster client keeps polling)."""
        if self._listener is None and isinstance(self._client, Redis):
            self._listener = asyncio.get_running_loop().create_task(
                self._wakeups.listen(self._client)
            )

    async def _give_up(self, slug: str, ticket: str) -> None:
        try:
            keys, args = [queue_key(slug), beats_key(slug)], [ticket, CHANNEL, slug]
            await self._run("turn", self._leave, keys, args)
        except StoreError as exc:
            LOG.warning("could not leave the turn queue: %s", exc)
        self._wakeups.wake(slug)

    async def _extend_lease(self, slug: str, token: str) -> bool:
        """Extend the turn's lease; False when the holder no longer owns it."""
        kept = await self._run("turn", self._extend, [lock_key(slug)], [token, self._lease_ms])
        return bool(int(kept))

    async def _release(self, slug: str, token: str) -> None:
        keys = [lock_key(slug), ticket_key(slug), queue_key(slug)]
        try:
            await self._run("turn", self._release_script, keys, [token, CHANNEL, slug])
        except StoreError as exc:
            LOG.warning("could not release the turn (the lease will expire): %s", exc)
        self._wakeups.wake(slug)

    # dedupe, limits, counters

    async def first_delivery(self, key: ThreadKey, message_id: str) -> bool:
        """True the first time a delivery id is seen in this thread (across replicas)."""
        args = [message_id, self._dedupe_ms, self._max_ids]
        return bool(int(await self._run("dedupe", self._dedupe, [seen_key(key.slug())], args)))

    async def allow(self, workspace: str, user_id: str) -> float:
        """0.0 when both token buckets have a token (taken), else seconds to wait."""
        keys = [rate_user_key(workspace, user_id), rate_workspace_key(workspace)]
        args = [self._user_rate, self._workspace_rate]
        return int(await self._run("rate limit", self._rate, keys, args)) / 1000.0

    async def add(self, workspace: str, counts: dict[str, float]) -> None:
        """Add to today's counters of a workspace (HINCRBYFLOAT; kept for the retention)."""
        if not counts:
            return
        args: list[Any] = []
        for name, value in counts.items():
            args += [name, repr(float(value))]
        args.append(self._retention_s)
        await self._run("count", self._count, [stats_key(workspace, self._today())], args)

    async def read(self, workspace: str, day: str) -> dict[str, float]:
        """The counters of one workspace and day (YYYY-MM-DD)."""
        raw = await self._call("read", self._client.hgetall(stats_key(workspace, day)))
        return {_text(k): float(v) for k, v in raw.items()}

    # summary emails

    async def mail_sent(self, key: ThreadKey) -> dict[str, float]:
        """Idempotency key -> send time of the thread's emails in the last day."""
        raw = await self._call("mail", self._client.hgetall(mail_key(key.slug())))
        return {_text(k): float(v) for k, v in raw.items()}

    async def record_mail(self, key: ThreadKey, idempotency_key: str, at: float) -> None:
        """Record one sent email; the thread's record expires a day after its last send."""
        name = mail_key(key.slug())
        await self._call("mail", self._client.hset(name, idempotency_key, repr(float(at))))
        await self._call("mail", self._client.expire(name, MAIL_TTL_SECONDS))

    # housekeeping

    async def ping(self) -> bool:
        """True when Redis answers PING (and the Lua scripts are loaded); else StoreError."""
        answered = bool(await self._call("ping", self._client.ping()))
        if not self._scripts_loaded:
            await self._load_scripts()
        return answered

    async def close(self) -> None:
        """Stop listening for releases; close the client (when this store created it)."""
        if self._listener is not None:
            self._listener.cancel()
            await asyncio.wait([self._listener])
            self._listener = None
        if self._owns_client:
            await self._client.aclose()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _participants(raw: bytes | str | None) -> frozenset[str]:
    if raw is None:
        return frozenset()
    try:
        return participant_ids(from_json(raw))
    except SessionError:
        return frozenset()

"""In-process store: sessions, turn ordering, dedupe, rate limits and counters in memory."""

from __future__ import annotations

import itertools
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from engine.messages import InterviewSummary, ThreadKey
from engine.session import Session
from engine.store.base import StaleSession
from engine.store.inflight import MemoryInflight
from engine.store.keys import (
    MAIL_TTL_SECONDS,
    RECENT_KEEP,
    channel_field,
    participant_ids,
    workspace_of,
)
from engine.store.locks import TicketLines

if TYPE_CHECKING:
    from engine.settings import Settings

Clock = Callable[[], float]
Today = Callable[[], str]

SWEEP_EVERY = 512  # operations between sweeps of expired entries


def utc_today() -> str:
    """Today's date in UTC as YYYY-MM-DD."""
    return datetime.now(UTC).date().isoformat()


@dataclass
class _Bucket:
    """A token bucket: `tokens` available at monotonic time `at`."""

    tokens: float
    at: float


class MemoryStore:
    """SessionStore, ThreadRecords, TurnGate, Limiter and Counters for one process."""

    def __init__(
        self,
        *,
        session_ttl_seconds: float = 86_400,
        dedupe_ttl_seconds: float = 600,
        user_per_minute: int = 20,
        workspace_per_minute: int = 300,
        retention_days: int = 30,
        max_delivery_ids: int = 10_000,
        clock: Clock = time.monotonic,
        today: Today = utc_today,
    ) -> None:
        """Configure TTLs and limits; `clock` (monotonic seconds) and `today` are injectable."""
        self._ttl = float(session_ttl_seconds)
        self._dedupe_ttl = float(dedupe_ttl_seconds)
        self._user_rate = int(user_per_minute)
        self._workspace_rate = int(workspace_per_minute)
        self._retention_days = int(retention_days)
        self._max_ids = int(max_delivery_ids)
        self._clock = clock
        self._today = today
        self._sessions: dict[str, tuple[float, Session]] = {}
        self._user_index: dict[tuple[str, str], set[str]] = {}
        self._lines = TicketLines()
        self.inflight = MemoryInflight()
        self._owned: dict[str, float] = {}
        self._latest: dict[tuple[str, str], dict[str, tuple[float, str]]] = {}
        self._recent: dict[tuple[str, str], dict[str, tuple[float, int, InterviewSummary]]] = {}
        self._noted = itertools.count()
        self._seen: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._buckets: dict[tuple[str, ...], _Bucket] = {}
        self._counters: dict[tuple[str, str], dict[str, float]] = {}
        self._ops = 0
        self._mail: dict[str, tuple[float, dict[str, float]]] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> MemoryStore:
        """A store configured from the application settings."""
        return cls(
            session_ttl_seconds=settings.session_ttl_seconds,
            dedupe_ttl_seconds=settings.dedupe_ttl_seconds,
            user_per_minute=settings.rate_limit_user_per_minute,
            workspace_per_minute=settings.rate_limit_workspace_per_minute,
            retention_days=settings.analytics_retention_days,
        )

    # sessions

    async def load(self, key: ThreadKey) -> Session | None:
        """The stored session, or None when absent or expired."""
        return self._live(key.slug())

    async def save(self, session: Session) -> Session:
        """Store if the stored revision is still `session.revision`; returns revision + 1."""
        self._tick()
        current = self._live(session.key)
        stored_revision = current.revision if current is not None else 0
        if stored_revision != session.revision:
            raise StaleSession(
                f"session {session.key} is at revision {stored_revision}, not {session.revision}"
            )
        saved = session.model_copy(update={"revision": session.revision + 1})
        self._sessions[session.key] = (self._clock() + self._ttl, saved)
        workspace = workspace_of(session.key)
        for user_id in participant_ids(saved):
            self._user_index.setdefault((workspace, user_id), set()).add(session.key)
        return saved

    async def delete(self, key: ThreadKey) -> int:
        """Delete the session and the delivery ids of a thread; returns how many were removed."""
        return self._drop(key.slug())

    async def forget_user(self, workspace: str, user_id: str) -> int:
        """Delete every session of a workspace that the user took part in; returns the count."""
        self._latest.pop((workspace, user_id), None)
        self._recent.pop((workspace, user_id), None)
        slugs = self._user_index.pop((workspace, user_id), set())
        for slug, (_, session) in list(self._sessions.items()):
            if workspace_of(slug) == workspace and user_id in participant_ids(session):
                slugs.add(slug)
        removed = 0
        for slug in slugs:
            if self._live(slug) is not None:
                removed += 1
            self._drop(slug)
        return removed

    def _live(self, slug: str) -> Session | None:
        entry = self._sessions.get(slug)
        if entry is None:
            return None
        expires, session = entry
        if expires <= self._clock():
            del self._sessions[slug]
            return None
        return session

    def _drop(self, slug: str) -> int:
        self._owned.pop(slug, None)
        for entries in self._recent.values():
            entries.pop(slug, None)
        removed = 1 if self._sessions.pop(slug, None) is not None else 0
        seen = [k for k in self._seen if k[0] == slug]
        for k in seen:
            del self._seen[k]
        return removed + (1 if seen else 0)

    # thread records

    async def claim(self, key: ThreadKey, user_id: str) -> None:
        """Own the thread and make it the user's latest in its channel (session TTL)."""
        self._tick()
        expires = self._clock() + self._ttl
        self._owned[key.slug()] = expires
        channels = self._latest.setdefault((key.workspace, user_id), {})
        channels[channel_field(key)] = (expires, key.thread)

    async def owns(self, key: ThreadKey) -> bool:
        """Whether the bot owns the thread."""
        return self._owned.get(key.slug(), 0.0) > self._clock()

    async def latest(self, channel: ThreadKey, user_id: str) -> ThreadKey | None:
        """The user's latest thread in the channel of `channel`, or None."""
        entry = self._latest.get((channel.workspace, user_id), {}).get(channel_field(channel))
        if entry is None or entry[0] <= self._clock():
            return None
        return ThreadKey(channel.platform, channel.workspace, channel.channel, entry[1])

    # recent interviews

    async def note(self, summary: InterviewSummary, user_ids: Iterable[str]) -> None:
        """Put the thread's summary at the top of each person's list (session TTL)."""
        self._tick()
        key = summary.thread
        entry = (self._clock() + self._ttl, next(self._noted), summary)
        for user_id in user_ids:
            entries = self._recent.setdefault((key.workspace, user_id), {})
            entries[key.slug()] = entry
            if len(entries) > RECENT_KEEP:
                del entries[min(entries, key=lambda slug: entries[slug][1])]

    async def recent(
        self, platform: str, workspace: str, user_id: str, limit: int
    ) -> tuple[InterviewSummary, ...]:
        """At most `limit` of the person's live interviews on `platform`, newest first."""
        now = self._clock()
        entries = self._recent.get((workspace, user_id), {}).values()
        live = sorted((e for e in entries if e[0] > now), key=lambda e: e[1], reverse=True)
        return tuple(s for _, _, s in live if s.thread.platform == platform)[: max(0, limit)]

    # turns and dedupe

    @asynccontextmanager
    async def turn(self, key: ThreadKey, ticket: str = "") -> AsyncIterator[None]:
        """Hold the thread's turn; waits for earlier places in line (`ticket`, or a new one)."""
        async with self._lines.serve(key.slug(), int(ticket) if ticket else None):
            yield

    async def ticket(self, key: ThreadKey) -> str:
        """Take the thread's next place in line now (on arrival, before anything awaits)."""
        return str(self._lines.take(key.slug()))

    async def leave(self, key: ThreadKey, ticket: str) -> None:
        """Give up a place in line that will not be used (a duplicate, a refused message)."""
        await self._lines.leave(key.slug(), int(ticket))

    async def first_delivery(self, key: ThreadKey, message_id: str) -> bool:
        """True the first time (slug, message_id) is seen within the dedupe window."""
        now = self._clock()
        self._expire_seen(now)
        item = (key.slug(), message_id)
        if item in self._seen:
            return False
        self._seen[item] = now + self._dedupe_ttl
        while len(self._seen) > self._max_ids:
            self._seen.popitem(last=False)
        return True

    def _expire_seen(self, now: float) -> None:
        while self._seen:
            oldest = next(iter(self._seen.values()))
            if oldest > now:
                return
            self._seen.popitem(last=False)

    # rate limits

    async def allow(self, workspace: str, user_id: str) -> float:
        """0.0 and one token taken from both buckets, else seconds until both have one."""
        self._tick()
        now = self._clock()
        user = self._refill(("u", workspace, user_id), self._user_rate, now)
        space = self._refill(("w", workspace), self._workspace_rate, now)
        wait = max(
            _wait_for(user, self._user_rate),
            _wait_for(space, self._workspace_rate),
        )
        if wait > 0:
            return wait
        user.tokens -= 1.0
        space.tokens -= 1.0
        return 0.0

    def _refill(self, name: tuple[str, ...], per_minute: int, now: float) -> _Bucket:
        bucket = self._buckets.get(name)
        if bucket is None:
            bucket = self._buckets[name] = _Bucket(float(per_minute), now)
        elapsed = max(0.0, now - bucket.at)
        bucket.tokens = min(float(per_minute), bucket.tokens + elapsed * per_minute / 60.0)
        bucket.at = now
        return bucket

    # counters

    async def add(self, workspace: str, counts: dict[str, float]) -> None:
        """Add to today's counters of a workspace; days past retention are dropped."""
        day = self._today()
        row = self._counters.setdefault((workspace, day), {})
        for name, value in counts.items():
            row[name] = row.get(name, 0.0) + float(value)
        self._prune_days(day)

    async def read(self, workspace: str, day: str) -> dict[str, float]:
        """The counters of one workspace and day (YYYY-MM-DD); empty when none."""
        return dict(self._counters.get((workspace, day), {}))

    def _prune_days(self, today: str) -> None:
        try:
            cutoff = (
                (datetime.fromisoformat(today) - timedelta(days=self._retention_days))
                .date()
                .isoformat()
            )
        except ValueError:
            return
        for name in [k for k in self._counters if k[1] < cutoff]:
            del self._counters[name]

    # summary emails

    async def mail_sent(self, key: ThreadKey) -> dict[str, float]:
        """Idempotency key -> send time of the thread's emails in the last day."""
        record = self._mail.get(key.slug())
        if record is None or record[0] <= self._clock():
            return {}
        return dict(record[1])

    async def record_mail(self, key: ThreadKey, idempotency_key: str, at: float) -> None:
        """Record one sent email; the thread's record expires a day after its last send."""
        sent = await self.mail_sent(key)
        sent[idempotency_key] = float(at)
        self._mail[key.slug()] = (self._clock() + MAIL_TTL_SECONDS, sent)

    # housekeeping

    async def ping(self) -> bool:
        """Always reachable."""
        return True

    async def close(self) -> None:
        """Drop everything held in memory."""
        self._sessions.clear()
        self._user_index.clear()
        self._owned.clear()
        self._latest.clear()
        self._recent.clear()
        self._seen.clear()
        self._buckets.clear()
        self._counters.clear()
        self._mail.clear()

    def _tick(self) -> None:
        self._ops += 1
        if self._ops % SWEEP_EVERY == 0:
            self._sweep()

    def _sweep(self) -> None:
        now = self._clock()
        for slug in [s for s, (exp, _) in self._sessions.items() if exp <= now]:
            del self._sessions[slug]
        for slug in [s for s, exp in self._owned.items() if exp <= now]:
            del self._owned[slug]
        for channels in self._latest.values():
            for field in [f for f, (exp, _) in channels.items() if exp <= now]:
                del channels[field]
        for entries in self._recent.values():
            for slug in [s for s, (exp, _, _) in entries.items() if exp <= now]:
                del entries[slug]
        full = [
            name
            for name, b in self._buckets.items()
            if b.tokens + (now - b.at) * self._rate_of(name) / 60.0 >= self._rate_of(name)
        ]
        for name in full:
            del self._buckets[name]
        for index_key, slugs in list(self._user_index.items()):
            slugs.intersection_update(self._sessions)
            if not slugs:
                del self._user_index[index_key]

    def _rate_of(self, name: tuple[str, ...]) -> int:
        return self._user_rate if name[0] == "u" else self._workspace_rate


def _wait_for(bucket: _Bucket, per_minute: int) -> float:
    """Seconds until the bucket holds one token."""
    missing = 1.0 - bucket.tokens
    return 0.0 if missing <= 0 else missing * 60.0 / per_minute

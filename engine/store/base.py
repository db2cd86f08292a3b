"""Storage ports: sessions, thread records, turn ordering and dedupe, limits and counters."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from engine.messages import InterviewSummary, ThreadKey
from engine.session import Session


class StoreError(RuntimeError):
    """The store cannot be reached or answered badly; the turn should be retried later."""


class StaleSession(StoreError):
    """A save lost a race: the stored revision moved on since this session was loaded."""


class SessionStore(Protocol):
    """Loads, saves and deletes conversation sessions."""

    async def load(self, key: ThreadKey) -> Session | None:
        """The stored session, or None."""
        ...

    async def save(self, session: Session) -> Session:
        """Store `session` if the stored revision is still `session.revision`; returns it
        with the revision bumped. Raises StaleSession otherwise."""
        ...

    async def delete(self, key: ThreadKey) -> int:
        """Delete every key of the thread; returns how many were removed."""
        ...


class ThreadRecords(Protocol):
    """Which threads the bot owns and each user's latest thread per channel (session TTL)."""

    async def claim(self, key: ThreadKey, user_id: str) -> None:
        """Record that the bot owns `key` and that it is `user_id`'s latest in its channel."""
        ...

    async def owns(self, key: ThreadKey) -> bool:
        """Whether the bot owns the thread (answers replies there without a mention)."""
        ...

    async def latest(self, channel: ThreadKey, user_id: str) -> ThreadKey | None:
        """The user's latest thread in the channel of `channel` (its `thread` is ignored)."""
        ...


class RecentInterviews(Protocol):
    """Each person's recent interviews per workspace, newest first, kept for the session TTL.

    `SessionStore.delete` takes a thread off every list; `forget_user` drops a person's list.
    """

    async def note(self, summary: InterviewSummary, user_ids: Iterable[str]) -> None:
        """Put the thread's latest summary at the top of each of these people's lists."""
        ...

    async def recent(
        self, platform: str, workspace: str, user_id: str, limit: int
    ) -> tuple[InterviewSummary, ...]:
        """At most `limit` of the person's interviews on `platform`, newest first."""
        ...


class TurnGate(Protocol):
    """One turn at a time per thread, and each delivery answered once."""

    def turn(self, key: ThreadKey, ticket: str = "") -> AbstractAsyncContextManager[None]:
        """Hold the thread's turn; waits for earlier places in line (`ticket` from
        `Arrivals.ticket`, or a place taken now)."""
        ...

    async def first_delivery(self, key: ThreadKey, message_id: str) -> bool:
        """True the first time a delivery id is seen (within the dedupe window)."""
        ...


class Arrivals(Protocol):
    """Places in a thread's line, taken on arrival so later awaits cannot reorder turns."""

    async def ticket(self, key: ThreadKey) -> str:
        """Take the thread's next place in line."""
        ...

    async def leave(self, key: ThreadKey, ticket: str) -> None:
        """Give up a place that will not be used."""
        ...


class Limiter(Protocol):
    """Rate limits per user and per workspace."""

    async def allow(self, workspace: str, user_id: str) -> float:
        """0.0 when the message may proceed, else seconds to wait."""
        ...


class Counters(Protocol):
    """Per-workspace daily analytics counters."""

    async def add(self, workspace: str, counts: dict[str, float]) -> None:
        """Add to today's counters of a workspace."""
        ...

    async def read(self, workspace: str, day: str) -> dict[str, float]:
        """The counters of one day (YYYY-MM-DD)."""
        ...


class MailLedger(Protocol):
    """Which summary emails a thread sent recently (idempotency keys only, no addresses)."""

    async def mail_sent(self, key: ThreadKey) -> dict[str, float]:
        """Idempotency key -> send time (epoch seconds) of this thread's recent emails."""
        ...

    async def record_mail(self, key: ThreadKey, idempotency_key: str, at: float) -> None:
        """Remember one sent email; the record expires a day after the thread's last send."""
        ...

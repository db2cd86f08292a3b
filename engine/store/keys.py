"""Storage key naming (one hash tag per conversation) and who took part in a session."""

from __future__ import annotations

from engine.messages import ThreadKey
from engine.session import Session

PREFIX = "ma"
MAIL_TTL_SECONDS = 86_400
RECENT_KEEP = 50  # interviews kept on one person's list; App Home shows the newest few


def thread_tag(slug: str) -> str:
    """The key prefix of one conversation; the braces keep it in one cluster slot."""
    return f"{PREFIX}:{{{slug}}}"


def session_key(slug: str) -> str:
    """The session JSON of a conversation."""
    return f"{thread_tag(slug)}:session"


def lock_key(slug: str) -> str:
    """The turn lock (holder token, with a lease) of a conversation."""
    return f"{thread_tag(slug)}:lock"


def ticket_key(slug: str) -> str:
    """The counter that hands out turn tickets in arrival order."""
    return f"{thread_tag(slug)}:ticket"


def queue_key(slug: str) -> str:
    """The tickets waiting for their turn (sorted set scored by ticket number)."""
    return f"{thread_tag(slug)}:queue"


def beats_key(slug: str) -> str:
    """When each waiting ticket last showed it is alive (hash: ticket -> deadline ms)."""
    return f"{thread_tag(slug)}:beats"


def seen_key(slug: str) -> str:
    """Delivery ids already answered (sorted set: id -> expiry time)."""
    return f"{thread_tag(slug)}:seen"


def owned_key(slug: str) -> str:
    """Present while the bot owns the conversation (answers replies without a mention)."""
    return f"{thread_tag(slug)}:owned"


def mail_key(slug: str) -> str:
    """Summary emails sent from a conversation (hash: idempotency key -> epoch seconds).

    Not part of `thread_keys`: `forget` must not reset the per-thread email limit; it holds
    no personal data and expires a day after the last send."""
    return f"{thread_tag(slug)}:mail"


def thread_keys(slug: str) -> tuple[str, ...]:
    """Every key a conversation may own; `delete` removes all of them."""
    return (
        session_key(slug),
        lock_key(slug),
        ticket_key(slug),
        queue_key(slug),
        beats_key(slug),
        seen_key(slug),
        owned_key(slug),
        listed_key(slug),
    )


def user_threads_key(workspace: str, user_id: str) -> str:
    """The set of conversation slugs a user took part in, within one workspace."""
    return f"{PREFIX}:{{user:{workspace}:{user_id}}}:threads"


def latest_key(workspace: str, user_id: str) -> str:
    """A user's latest thread per channel (hash: `platform:channel` -> `thread expiry`);
    in the user's slot, so `forget_user` removes it with the thread index."""
    return f"{PREFIX}:{{user:{workspace}:{user_id}}}:latest"


def recent_key(workspace: str, user_id: str) -> str:
    """A user's recent interviews (sorted set: slug -> epoch seconds it was noted)."""
    return f"{PREFIX}:{{user:{workspace}:{user_id}}}:recent"


def recent_data_key(workspace: str, user_id: str) -> str:
    """The summaries of a user's recent interviews (hash: slug -> JSON)."""
    return f"{PREFIX}:{{user:{workspace}:{user_id}}}:recent:data"


def listed_key(slug: str) -> str:
    """Who has the conversation on their recent list (set of user ids), so `delete` can take
    it off every list."""
    return f"{thread_tag(slug)}:listed"


def channel_field(key: ThreadKey) -> str:
    """The field of `latest_key` for the channel of `key`."""
    return f"{key.platform}:{key.channel}"


def rate_user_key(workspace: str, user_id: str) -> str:
    """The token bucket of one user (tagged with the workspace, so one slot with it)."""
    return f"{PREFIX}:{{rate:{workspace}}}:user:{user_id}"


def rate_workspace_key(workspace: str) -> str:
    """The token bucket of a whole workspace."""
    return f"{PREFIX}:{{rate:{workspace}}}:workspace"


def stats_key(workspace: str, day: str) -> str:
    """The analytics counters (a hash) of one workspace and day (YYYY-MM-DD)."""
    return f"{PREFIX}:{{stats:{workspace}}}:{day}"


def slug_of(key: ThreadKey) -> str:
    """The slug of a thread key (the body of its hash tag)."""
    return key.slug()


def workspace_of(slug: str) -> str:
    """The workspace part of a slug `platform:workspace:channel:thread`."""
    parts = slug.split(":")
    return parts[1] if len(parts) > 1 else ""


def participant_ids(session: Session) -> frozenset[str]:
    """User ids of everyone who spoke in the transcript or stated a fact."""
    ids = {turn.user_id for turn in session.transcript if turn.role == "user"}
    ids.update(fact.user_id for fact in session.facts)
    ids.discard("")
    return frozenset(ids)


INFLIGHT_TAG = f"{PREFIX}:{{inflight}}"  # one slot for the turns-in-flight bookkeeping


def inflight_replicas_key() -> str:
    """Replicas that recorded turns in flight (set), so recovery looks only at theirs."""
    return f"{INFLIGHT_TAG}:replicas"


def inflight_turns_key(replica: str) -> str:
    """One replica's turns that started and have not finished (sorted set: member -> ms)."""
    return f"{INFLIGHT_TAG}:turns:{replica}"


def inflight_data_key() -> str:
    """What each turn in flight needs for recovery (hash: "replica|member" -> JSON)."""
    return f"{INFLIGHT_TAG}:data"


def replica_key(replica: str) -> str:
    """A replica's heartbeat; its turns are orphans once it expires."""
    return f"{INFLIGHT_TAG}:replica:{replica}"

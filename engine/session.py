"""Session state of one conversation and its JSON round-trip; no I/O."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.messages import ThreadKey
from engine.types import Profile, StageId, TopicId, WireframeSpec
from engine.usage import Usage

SCHEMA_VERSION = 2

Status = Literal["interviewing", "delivered"]
Source = Literal["user", "assumed", "corrected"]


class SessionError(ValueError):
    """A stored session could not be read."""


def utcnow() -> datetime:
    """The current time in UTC (one place, so tests and replays agree on the zone)."""
    return datetime.now(UTC)


class Fact(BaseModel):
    """Something a person said about a topic; several people may answer in one thread."""

    model_config = ConfigDict(frozen=True)

    topic: TopicId
    value: str
    user_id: str
    user_name: str
    turn: int
    source: Source = "user"
    negative: bool = False  # "no HIPAA", "not web": the value is excluded, never affirmed


class Note(BaseModel):
    """A statement that fits no topic, kept in the person's words (shown in the brief)."""

    model_config = ConfigDict(frozen=True)

    text: str
    user_id: str
    user_name: str
    turn: int


class View(BaseModel):
    """One participant's position in a disagreement."""

    model_config = ConfigDict(frozen=True)

    user_name: str
    text: str


class Disagreement(BaseModel):
    """Participants said different things about a topic: an open question with who said what."""

    model_config = ConfigDict(frozen=True)

    topic: TopicId
    views: tuple[View, ...]
    resolution: str = ""  # what they agreed on, when they did ("ok v1 buildings")


class Assumption(BaseModel):
    """A stated guess for a topic nobody answered, which the user can correct."""

    model_config = ConfigDict(frozen=True)

    id: str  # A1, A2, ...
    topic: TopicId
    value: str
    confidence: float = Field(ge=0.0, le=1.0)
    reasoning: str
    impact: str
    source: Source = "assumed"
    version: int = 1
    previous: str | None = None


class Asked(BaseModel):
    """A question the bot asked, so it is never asked again."""

    model_config = ConfigDict(frozen=True)

    topic: TopicId
    text: str
    turn: int


class Turn(BaseModel):
    """One transcript line."""

    model_config = ConfigDict(frozen=True)

    role: Literal["user", "bot"]
    user_id: str
    user_name: str
    text: str
    at: datetime
    message_id: str = ""  # the platform's id of a user's message (older sessions have none)
    replica: str = ""  # the replica whose turn saved this user line (older sessions: none)


class Counters(BaseModel):
    """How the interview went, for the brief and the analytics counters."""

    model_config = ConfigDict(frozen=True)

    turns: int = 0
    questions_asked: int = 0
    escapes: int = 0
    corrections: int = 0
    assumptions_made: int = 0


class Change(BaseModel):
    """One changelog entry of the deliverables."""

    model_config = ConfigDict(frozen=True)

    version: int
    summary: str
    at: datetime


class Session(BaseModel):
    """Everything the bot knows about one conversation."""

    model_config = ConfigDict(frozen=True)

    schema_version: int = SCHEMA_VERSION
    key: str  # ThreadKey.slug()
    revision: int = 0  # bumped on every save; a stale writer is refused
    status: Status = "interviewing"
    stage: StageId = "idea_clarity"
    idea: str = ""
    product_name: str = ""  # the name people gave the product; a later rename wins
    profile: Profile = Profile()
    facts: tuple[Fact, ...] = ()
    notes: tuple[Note, ...] = ()
    objects: tuple[str, ...] = ()  # nouns people handle (appointment, invoice), singular, in order
    disagreements: tuple[Disagreement, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    asked: tuple[Asked, ...] = ()
    current_topic: TopicId | None = None
    skipped: tuple[TopicId, ...] = ()
    transcript: tuple[Turn, ...] = ()
    counters: Counters = Counters()
    usage: Usage = Usage()
    wireframe: WireframeSpec | None = None  # a model-supplied spec; None renders offline
    deliverable_version: int = 0
    changelog: tuple[Change, ...] = ()
    degraded_noted: bool = False
    offered_at: int = 0  # questions asked when the bot offered to deliver early (0: not yet)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    def facts_for(self, topic: str) -> tuple[Fact, ...]:
        """The user's facts about one topic, oldest first (exclusions included: they answer it)."""
        return tuple(f for f in self.facts if f.topic == topic)

    def stated(self, topic: str) -> tuple[str, ...]:
        """The values people affirmed for a topic, oldest first."""
        return tuple(f.value for f in self.facts if f.topic == topic and not f.negative)

    def excluded(self, topic: str) -> tuple[str, ...]:
        """The values people ruled out for a topic ("no website", "not HIPAA")."""
        return tuple(f.value for f in self.facts if f.topic == topic and f.negative)

    def assumption_for(self, topic: str) -> Assumption | None:
        """The current assumption for a topic, if any."""
        return next((a for a in self.assumptions if a.topic == topic), None)

    def said(self, topic: str) -> tuple[str, tuple[str, ...]]:
        """What people said about a topic (facts joined), else the assumption's value and id."""
        stated = self.stated(topic)
        if stated:
            return "; ".join(stated), ()
        assumption = self.assumption_for(topic)
        if assumption is not None:
            return assumption.value, (assumption.id,)
        return "", ()

    def contributors(self) -> tuple[str, ...]:
        """Names of everyone who answered, in order of first answer."""
        seen: dict[str, str] = {}
        for turn in self.transcript:
            if turn.role == "user":
                seen.setdefault(turn.user_id, turn.user_name)
        for fact in self.facts:
            seen.setdefault(fact.user_id, fact.user_name)
        return tuple(seen.values())


def answer_to(session: Session, message_id: str) -> Turn | None:
    """The bot's transcript line that answered the user's message `message_id`; None when
    that message is not in the transcript or nothing answered it."""
    lines = session.transcript
    for i, line in enumerate(lines[:-1]):
        if line.role == "user" and message_id and line.message_id == message_id:
            after = lines[i + 1]  # a turn saves its user line and its answer together
            return after if after.role == "bot" else None
    return None


def said_by(session: Session, message_id: str) -> Turn | None:
    """The user's transcript line for message `message_id`, if it was saved."""
    for line in reversed(session.transcript):
        if line.role == "user" and message_id and line.message_id == message_id:
            return line
    return None


def stamped(session: Session, message_id: str, replica: str) -> Session:
    """The session with the user line of `message_id` marked as saved by `replica`."""
    lines = list(session.transcript)
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.role == "user" and message_id and line.message_id == message_id:
            if line.replica == replica:
                return session
            lines[i] = line.model_copy(update={"replica": replica})
            return session.model_copy(update={"transcript": tuple(lines)})
    return session


def new_session(key: ThreadKey, now: datetime | None = None) -> Session:
    """A fresh session for a thread."""
    at = now or utcnow()
    return Session(key=key.slug(), created_at=at, updated_at=at)


def to_json(session: Session) -> bytes:
    """Serialise a session to compact JSON bytes."""
    return session.model_dump_json(exclude_defaults=False).encode()


def from_json(data: bytes | str) -> Session:
    """Parse session JSON, migrating older schema versions; raises SessionError."""
    try:
        session = Session.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "the file"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise SessionError(
            f"not a valid session: {where}: {str(first.get('msg', 'invalid'))[:120]}{more}"
        ) from exc
    if session.schema_version > SCHEMA_VERSION:
        raise SessionError(f"session schema {session.schema_version} is newer than this build")
    if session.schema_version < SCHEMA_VERSION:  # v1 -> v2 only added fields with defaults
        session = session.model_copy(update={"schema_version": SCHEMA_VERSION})
    return session

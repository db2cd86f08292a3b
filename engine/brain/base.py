"""The Brain port and the turn plan it returns."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from engine.deliverables.spec import WireframeSpec
from engine.messages import Inbound
from engine.profile import ProfileReading
from engine.session import Session
from engine.signals import Signal
from engine.topics import TopicId


class TopicFact(BaseModel):
    """A fact the brain found in the message, for one topic."""

    model_config = ConfigDict(frozen=True)

    topic: TopicId
    value: str = Field(min_length=1, max_length=600)
    negative: bool = False  # "no HIPAA": the value is ruled out, never affirmed


class TopicCorrection(BaseModel):
    """A correction by content: in `topic`, drop values matching `remove` (all when empty) and
    add `values`; `wording` keeps the person's words for an assumption ("iOS only")."""

    model_config = ConfigDict(frozen=True)

    topic: TopicId
    remove: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    wording: str = Field("", max_length=600)


class Question(BaseModel):
    """A question the brain proposes; the interview policy decides whether to use it."""

    model_config = ConfigDict(frozen=True)

    topic: TopicId
    text: str = Field(min_length=1, max_length=600)
    why: str = Field("", max_length=300)


class TurnUsage(BaseModel):
    """Tokens and cost of the model call behind one plan."""

    model_config = ConfigDict(frozen=True)

    model: str
    calls: int = 1
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cost_usd: float = 0.0


class TurnPlan(BaseModel):
    """What a brain understood from one message and what it proposes next."""

    model_config = ConfigDict(frozen=True)

    reading: ProfileReading = ProfileReading()
    signal: Signal = Signal()
    facts: tuple[TopicFact, ...] = ()
    question: Question | None = None
    finish: bool = False
    wireframe: WireframeSpec | None = None
    source: Literal["rules", "openai"] = "rules"
    degraded: str | None = None  # why a fallback answered, when one did
    usage: TurnUsage | None = None
    notice: str | None = None  # a one-off note for the user (e.g. budget warnings)
    flagged: bool = False  # moderation flagged the message: refuse politely, don't store it
    notes: tuple[str, ...] = ()  # statements that fit no topic (kept, never filed as facts)
    corrections: tuple[TopicCorrection, ...] = ()
    objects: tuple[str, ...] = ()  # nouns people handle, singular ("appointment")
    product_name: str | None = None
    clarify: str | None = None  # a short question when a correction's topic is unclear
    clarify_topics: tuple[TopicId, ...] = ()  # the two candidate topics of that question


class Brain(Protocol):
    """Understands one user message in the context of its session."""

    async def turn(self, session: Session, inbound: Inbound) -> TurnPlan:
        """Plan the turn; must not raise for bad input or model trouble."""
        ...

"""Shared types at the bottom of the engine: profile, signal, plan and wireframe spec (no logic)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.usage import Usage

ComponentKind = Literal[
    "navbar",
    "sidebar",
    "heading",
    "text",
    "button",
    "input",
    "select",
    "checkbox",
    "toggle",
    "search",
    "table",
    "list",
    "card_grid",
    "stat_tiles",
    "chart",
    "image",
    "tabs",
    "form",
    "modal",
    "map",
    "calendar",
    "timeline",
    "avatar",
    "badge",
    "terminal",
    "code",
    "chat",
    "states",
]
RegionName = Literal["header", "navigation", "sidebar", "main", "footer"]
Platform = Literal["desktop", "mobile", "tablet", "handheld", "terminal", "document"]
ChartKind = Literal["line", "bar", "pie"]


class Component(BaseModel):
    """One element of a screen; `items` are list entries, tabs, fields, nav links or tiles."""

    model_config = ConfigDict(frozen=True)

    kind: ComponentKind
    label: str = Field(default="", max_length=120)
    items: tuple[str, ...] = Field(default=(), max_length=12)
    columns: tuple[str, ...] = Field(default=(), max_length=8)
    rows: tuple[tuple[str, ...], ...] = Field(default=(), max_length=8)
    chart: ChartKind | None = None
    primary: bool = False
    active: int = Field(default=0, ge=0, le=11)  # the selected entry of a navbar or tabs
    refs: tuple[str, ...] = Field(default=(), max_length=6)  # requirement/assumption ids: R3, A2


class Region(BaseModel):
    """A named area of a screen holding components top to bottom."""

    model_config = ConfigDict(frozen=True)

    name: RegionName
    components: tuple[Component, ...] = Field(default=(), max_length=12)


class Screen(BaseModel):
    """One wireframe screen."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    name: str = Field(min_length=1, max_length=60)
    purpose: str = Field(default="", max_length=240)
    platform: Platform = "desktop"
    regions: tuple[Region, ...] = Field(min_length=1, max_length=5)
    links: tuple[tuple[str, str], ...] = Field(default=(), max_length=8)  # (label, target id)


class WireframeSpec(BaseModel):
    """All screens of a product, as the renderers take them."""

    model_config = ConfigDict(frozen=True)

    title: str = Field(min_length=1, max_length=80)
    screens: tuple[Screen, ...] = Field(min_length=1, max_length=8)


StageId = Literal["idea_clarity", "user_workflow", "technical_specs", "ui_requirements"]
TopicId = Literal[
    "target_users",
    "core_problem",
    "value_proposition",
    "user_journey",
    "key_actions",
    "pain_points",
    "platforms",
    "integrations",
    "data",
    "security_compliance",
    "scale",
    "screens",
    "flows",
    "feature_priorities",
]

Intent = Literal["answer", "question_back", "complaint", "rephrase", "small_talk"]

Industry = Literal[
    "fintech",
    "healthcare",
    "ecommerce",
    "education",
    "developer_tools",
    "real_estate",
    "logistics",
    "hr",
    "media_entertainment",
    "b2b_saas",
    "consumer",
    "other",
]
Role = Literal["technical", "business", "hybrid", "unknown"]
Sophistication = Literal["novice", "intermediate", "advanced", "expert"]


class ProfileReading(BaseModel):
    """What one message says about the person and their product."""

    model_config = ConfigDict(frozen=True)

    industry: Industry = "other"
    industry_confidence: float = Field(0.0, ge=0.0, le=1.0)
    role: Role = "unknown"
    role_confidence: float = Field(0.0, ge=0.0, le=1.0)
    sophistication: Sophistication = "intermediate"
    sophistication_score: float = Field(0.5, ge=0.0, le=1.0)
    sophistication_confidence: float = Field(0.0, ge=0.0, le=1.0)
    industry_correction: bool = False  # "we're in healthcare, not fintech"
    domain: str = ""  # the sub-domain pack whose cue phrases the message names (vet clinic)
    confused: bool = False  # "huh?", "i dont understand the question": speak plainer
    domain_correction: bool = False  # "a dental practice, not a vet": the sub-domain changes


class Profile(BaseModel):
    """The accumulated profile of a conversation, refined every turn."""

    model_config = ConfigDict(frozen=True)

    industry: Industry = "other"
    industry_confidence: float = Field(0.0, ge=0.0, le=1.0)
    industry_locked: bool = False  # set by an explicit correction; detection no longer moves it
    domain: str = ""  # the industry pack's id when a sub-domain was recognised (veterinary, dental)
    region: str = ""  # where its people are (engine/data/regions.json id); "" = not said
    role: Role = "unknown"
    role_confidence: float = Field(0.0, ge=0.0, le=1.0)
    sophistication: Sophistication = "intermediate"
    sophistication_score: float = Field(0.5, ge=0.0, le=1.0)
    sophistication_confidence: float = Field(0.0, ge=0.0, le=1.0)
    sophistication_locked: bool = False  # set by an expertise signal
    observations: int = 0


SignalKind = Literal[
    "none", "impatience", "fatigue", "expertise", "redirect", "dont_know", "correction"
]


class Signal(BaseModel):
    """A signal found in a message; `topic`/`value` carry a redirect target or a correction."""

    model_config = ConfigDict(frozen=True)

    kind: SignalKind = "none"
    confidence: float = Field(0.0, ge=0.0, le=1.0)
    topic: str | None = None  # a topic id from engine.topics, for redirect and correction
    value: str | None = None  # the corrected value, for correction
    previous: str | None = None  # what the user says was wrong ("not fintech"), if stated


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
    usage: Usage | None = None
    notice: str | None = None  # a one-off note for the user (e.g. budget warnings)
    flagged: bool = False  # moderation flagged the message: refuse politely, don't store it
    intent: Intent = "answer"  # a question back, complaint, rephrase or small talk is no answer
    notes: tuple[str, ...] = ()  # statements that fit no topic (kept, never filed as facts)
    corrections: tuple[TopicCorrection, ...] = ()
    objects: tuple[str, ...] = ()  # nouns people handle, singular ("appointment")
    product_name: str | None = None
    clarify: str | None = None  # a short question when a correction's topic is unclear
    clarify_topics: tuple[TopicId, ...] = ()  # the two candidate topics of that question

"""The interview's fixed vocabulary: stages, their topics, priorities and labels."""

from __future__ import annotations

from dataclasses import dataclass

from engine.types import StageId, TopicId


@dataclass(frozen=True, slots=True)
class Topic:
    """One thing the interview wants to know."""

    id: TopicId
    stage: StageId
    label: str
    priority: int  # higher is asked first within its stage
    keywords: tuple[str, ...]  # words that name the topic when a user redirects to it


@dataclass(frozen=True, slots=True)
class Stage:
    """A group of topics asked together; `threshold` is the coverage that completes it."""

    id: StageId
    label: str
    threshold: float


STAGES: tuple[Stage, ...] = (
    Stage("idea_clarity", "Idea", 1.0),
    Stage("user_workflow", "Workflow", 0.66),
    Stage("technical_specs", "Technical", 0.6),
    Stage("ui_requirements", "Interface", 0.66),
)

TOPICS: tuple[Topic, ...] = (
    Topic(
        "target_users",
        "idea_clarity",
        "Target users",
        30,
        ("users", "audience", "customers", "persona", "personas", "who it is for"),
    ),
    Topic("core_problem", "idea_clarity", "Core problem", 20, ("problem", "pain", "why", "need")),
    Topic(
        "value_proposition",
        "idea_clarity",
        "Value proposition",
        10,
        (
            "value",
            "value proposition",
            "differentiator",
            "competitors",
            "competition",
            "pricing",
            "business model",
            "monetization",
            "monetisation",
        ),
    ),
    Topic(
        "user_journey",
        "user_workflow",
        "User journey",
        30,
        ("journey", "workflow", "onboarding", "sign up", "signup", "process"),
    ),
    Topic(
        "key_actions",
        "user_workflow",
        "Key actions",
        20,
        ("features", "feature", "actions", "functionality", "capabilities"),
    ),
    Topic(
        "pain_points",
        "user_workflow",
        "Pain points",
        10,
        ("pain points", "frustrations", "friction", "bottlenecks"),
    ),
    Topic(
        "platforms",
        "technical_specs",
        "Platforms",
        30,
        (
            "platform",
            "platforms",
            "mobile",
            "web",
            "ios",
            "android",
            "desktop",
            "stack",
            "tech stack",
            "architecture",
            "hosting",
        ),
    ),
    Topic(
        "integrations",
        "technical_specs",
        "Integrations",
        25,
        (
            "integration",
            "integrations",
            "api",
            "apis",
            "payments",
            "payment",
            "stripe",
            "billing",
            "ehr",
            "crm",
            "sso",
            "webhooks",
            "third-party",
        ),
    ),
    Topic(
        "data",
        "technical_specs",
        "Data",
        20,
        ("data", "database", "storage", "analytics", "reporting", "data model"),
    ),
    Topic(
        "security_compliance",
        "technical_specs",
        "Security & compliance",
        15,
        (
            "security",
            "compliance",
            "privacy",
            "hipaa",
            "gdpr",
            "pci",
            "soc 2",
            "soc2",
            "kyc",
            "aml",
            "ferpa",
            "permissions",
            "auth",
            "authentication",
        ),
    ),
    Topic(
        "scale",
        "technical_specs",
        "Scale",
        10,
        ("scale", "scaling", "performance", "load", "traffic", "volume", "growth"),
    ),
    Topic(
        "screens",
        "ui_requirements",
        "Screens",
        30,
        (
            "screens",
            "screen",
            "ui",
            "interface",
            "pages",
            "dashboard",
            "layout",
            "design",
            "wireframes",
        ),
    ),
    Topic("flows", "ui_requirements", "Flows", 20, ("flows", "flow", "navigation", "user flow")),
    Topic(
        "feature_priorities",
        "ui_requirements",
        "Feature priorities",
        10,
        ("priorities", "priority", "mvp", "must-have", "must have", "roadmap", "scope"),
    ),
)

TOPIC_BY_ID: dict[str, Topic] = {t.id: t for t in TOPICS}
STAGE_BY_ID: dict[str, Stage] = {s.id: s for s in STAGES}
STAGE_ORDER: tuple[StageId, ...] = tuple(s.id for s in STAGES)


def topics_of(stage: StageId) -> tuple[Topic, ...]:
    """Topics of a stage, most important first."""
    return tuple(sorted((t for t in TOPICS if t.stage == stage), key=lambda t: -t.priority))


def is_topic(value: str) -> bool:
    """True when `value` is a known topic id."""
    return value in TOPIC_BY_ID


def as_topic(value: str | None) -> TopicId | None:
    """`value` as a topic id, or None when it is not one."""
    topic = TOPIC_BY_ID.get(value or "")
    return topic.id if topic else None

"""Assumptions for uncovered topics: value, confidence, reasoning and impact (pure)."""

from __future__ import annotations

from engine.packs import GENERAL, Default, lookup, packs
from engine.region import chain_in, localised
from engine.session import Assumption, Session
from engine.surfaces import surface_of
from engine.topics import TOPIC_BY_ID
from engine.types import Industry, TopicId

# What goes wrong when an assumption about each topic is wrong (the values live in packs).
_IMPACT: dict[TopicId, str] = {
    "target_users": "who you build for shapes every screen",
    "core_problem": "the brief would optimise for the wrong outcome",
    "value_proposition": "positioning and the first-run experience change",
    "user_journey": "screen order and onboarding change",
    "key_actions": "the feature list and the main screens change",
    "pain_points": "what the product optimises for changes",
    "platforms": "the whole build plan changes",
    "integrations": "scope and timeline grow with each integration",
    "data": "the data model needs rework",
    "security_compliance": "a compliance regime found late is expensive",
    "scale": "infrastructure is sized wrongly",
    "screens": "the wireframes show the wrong screens",
    "flows": "navigation feels wrong",
    "feature_priorities": "the MVP scope is wrong",
}

_INDUSTRY_LABEL: dict[Industry, str] = {
    "fintech": "fintech",
    "healthcare": "healthcare",
    "ecommerce": "e-commerce",
    "education": "education",
    "developer_tools": "developer tools",
    "real_estate": "real estate",
    "logistics": "logistics",
    "hr": "HR",
    "media_entertainment": "media and entertainment",
    "b2b_saas": "B2B SaaS",
    "consumer": "consumer",
    "other": "general",
}


def industry_label(industry: Industry) -> str:
    """A readable name for an industry id."""
    return _INDUSTRY_LABEL[industry]


def kind_label(industry: Industry, domain: str = "") -> str:
    """The most specific readable name: the sub-domain's pack label, else the industry's."""
    pack = packs().get(domain) if domain else None
    return pack.label.lower() if pack is not None else _INDUSTRY_LABEL[industry]


def impact(topic: TopicId) -> str:
    """What goes wrong when the assumption about `topic` is wrong."""
    return _IMPACT[topic]


def _pack_default(session: Session, topic: TopicId) -> Default | None:
    profile = session.profile
    packs_in_order = chain_in(profile.industry, profile.domain, profile.region)
    specific = tuple(p for p in packs_in_order if p.id != GENERAL)
    found = lookup(specific, "defaults", topic)
    return found if isinstance(found, Default) else None


def _basis(session: Session, topic: TopicId) -> tuple[str, float, str]:
    surface = surface_of(session)
    if surface is not None and topic in surface.defaults:  # no sign-in screen for a CLI
        found = surface.defaults[topic]
        basis = found.basis.rstrip(".")
        return found.value, found.confidence, f"Typical for {surface.label} ({basis})"
    label = kind_label(session.profile.industry, session.profile.domain)
    # a sub-domain's label names its people ("dental practices"), an industry's a field
    label = label if session.profile.domain in packs() else f"{label} products"
    specific = _pack_default(session, topic)
    if specific is not None:
        basis = specific.basis.rstrip(".")
        return specific.value, specific.confidence, f"Typical for {label} ({basis})"
    general = packs()[GENERAL]
    default = localised(general, session.profile.region).defaults.get(topic)
    default = default or general.defaults[topic]
    if topic in ("screens", "flows", "feature_priorities") and session.facts_for("key_actions"):
        said = session.facts_for("key_actions")[0].value
        return (
            default.value,
            default.confidence,
            f'Derived from what you said you need ("{_clip(said)}")',
        )
    return default.value, default.confidence, f"A common default for {label}"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def assume(session: Session, topic: TopicId, index: int) -> Assumption:
    """An assumption for an open topic; `index` numbers it (A1, A2…)."""
    value, confidence, basis = _basis(session, topic)
    confidence = round(confidence * (0.6 + 0.4 * session.profile.industry_confidence), 2)
    label = TOPIC_BY_ID[topic].label.lower()
    return Assumption(
        id=f"A{index}",
        topic=topic,
        value=value,
        confidence=max(0.2, confidence),
        reasoning=f"{basis}; nobody has described the {label} yet.",
        impact=f"If wrong, {_IMPACT[topic]}.",
    )


def assume_open(session: Session, topics: tuple[TopicId, ...]) -> Session:
    """The session with an assumption added for each listed topic that is still open."""
    made = list(session.assumptions)
    next_index = _next_index(session)
    for topic in topics:
        if session.facts_for(topic) or session.assumption_for(topic):
            continue
        made.append(assume(session, topic, next_index))
        next_index += 1
    counters = session.counters.model_copy(
        update={
            "assumptions_made": session.counters.assumptions_made
            + len(made)
            - len(session.assumptions)
        }
    )
    return session.model_copy(update={"assumptions": tuple(made), "counters": counters})


def _next_index(session: Session) -> int:
    numbers = [int(a.id[1:]) for a in session.assumptions if a.id[1:].isdigit()]
    return max(numbers, default=0) + 1


def correct(session: Session, topic: TopicId, value: str) -> tuple[Session, Assumption | None]:
    """Apply a correction to a topic's assumption; returns the old assumption if one changed."""
    old = session.assumption_for(topic)
    if old is None:
        return session, None
    new = old.model_copy(
        update={
            "value": value,
            "source": "corrected",
            "confidence": 1.0,
            "version": old.version + 1,
            "previous": old.value,
            "reasoning": "Corrected by the user.",
        }
    )
    assumptions = tuple(new if a.id == old.id else a for a in session.assumptions)
    return session.model_copy(update={"assumptions": assumptions}), old

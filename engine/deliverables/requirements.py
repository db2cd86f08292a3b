"""Requirements derived from a session: features with MoSCoW priority and ids (pure)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from engine.session import Session
from engine.types import TopicId

Priority = Literal["Must", "Should", "Could", "Won't"]

_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bplus\b|\bor\b|\n|\s-\s)\s*", re.IGNORECASE)
_LEAD = re.compile(
    r"^(?:they|users|people|customers|we|you|i)?\s*(?:need to|must|should|can|could|want to|"
    r"be able to|to|also|then|first|finally)\s+",
    re.IGNORECASE,
)
_LATER = re.compile(r"\b(?:later|nice to have|nice-to-have|eventually|phase 2|v2|someday)\b", re.I)
_MUST = re.compile(r"\b(?:must|most important|mvp|v1|first version|critical|core)\b", re.I)


_FEATURE_TOPICS: tuple[TopicId, ...] = ("key_actions",)
_CROSS_CUTTING: tuple[tuple[TopicId, str, Priority], ...] = (
    ("platforms", "Platform support", "Must"),
    ("security_compliance", "Security and compliance", "Must"),
    ("integrations", "Integrations", "Should"),
    ("data", "Data and reporting", "Should"),
    ("scale", "Capacity and performance", "Should"),
)


class Requirement(BaseModel):
    """One requirement of the brief."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    detail: str
    priority: Priority
    topic: TopicId
    refs: tuple[str, ...] = ()  # assumption ids it depends on


def _features(text: str) -> list[str]:
    parts = [_LEAD.sub("", p).strip(" .") for p in _SPLIT.split(text)]
    return [p for p in parts if 2 <= len(p) <= 90 and len(p.split()) <= 12]


def _title(text: str) -> str:
    words = text.split()
    title = " ".join(words[:7])
    return title[:1].upper() + title[1:]


def _priority(index: int, text: str, priorities: str) -> Priority:
    lowered = text.lower()
    if priorities and lowered in priorities.lower():
        return "Won't" if _LATER.search(priorities) and not _MUST.search(priorities) else "Must"
    if _LATER.search(text):
        return "Could"
    return "Must" if index < 3 else "Should" if index < 6 else "Could"


def derive_requirements(session: Session) -> tuple[Requirement, ...]:
    """Features (from key actions and the journey) then cross-cutting requirements."""
    priorities, _ = session.said("feature_priorities")
    items: list[tuple[str, str, Priority, TopicId, tuple[str, ...]]] = []
    seen: set[str] = set()
    for topic in _FEATURE_TOPICS:
        text, refs = session.said(topic)
        for feature in _features(text):
            key = feature.casefold()
            if key in seen or len(items) >= 10:
                continue
            seen.add(key)
            priority = _priority(len(items), feature, priorities)
            items.append((_title(feature), feature, priority, topic, refs))
    for topic, title, priority in _CROSS_CUTTING:
        text, refs = session.said(topic)
        if text:
            items.append((title, text, priority, topic, refs))
    return tuple(
        Requirement(
            id=f"R{i}", title=title, detail=detail, priority=priority, topic=topic, refs=refs
        )
        for i, (title, detail, priority, topic, refs) in enumerate(items, start=1)
    )

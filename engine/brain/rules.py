"""The offline, deterministic brain: profile, signal, facts by content and corrections by rules."""

from __future__ import annotations

from engine.corrections import Fix, Unclear, find_fixes, rename
from engine.filing import Filing, file_message
from engine.intent import read_intent
from engine.messages import Inbound
from engine.profile import read_profile
from engine.session import Session
from engine.signals import detect_signal
from engine.statements import split
from engine.topics import TOPIC_BY_ID, as_topic
from engine.types import Signal, TopicCorrection, TopicFact, TopicId, TurnPlan
from engine.vocabulary import VOCAB

_ESCAPES = ("impatience", "fatigue")


def _without_escapes(text: str, signal: Signal) -> str:
    """The message without its escape statements ("ok, make the document now")."""
    if signal.kind not in _ESCAPES:
        return text
    kept = [
        s for s in split(text) if detect_signal(s).kind not in _ESCAPES and not VOCAB.busy.search(s)
    ]  # "can you just write it up? we have a board meeting thursday": the reason is no fact
    return ". ".join(kept)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + "." + " " * (end - start - 1) + text[end:]
    return text


def _clarify(unclear: Unclear) -> tuple[str, tuple[TopicId, ...]]:
    a, b = (TOPIC_BY_ID[t].label.lower() for t in unclear.topics)
    return f"Quick check: is that change about the {a} or the {b}?", unclear.topics


def _corrections(fixes: list[Fix]) -> tuple[TopicCorrection, ...]:
    return tuple(
        TopicCorrection(
            topic=f.topic,
            remove=f.old,
            values=tuple(v.value for v in f.new if not v.negative),
            wording=f.text[:600],
        )
        for f in fixes
    )


def _held(session: Session) -> dict[TopicId, tuple[str, ...]]:
    """The session's stated values by topic, for placing corrections by what they replace."""
    held: dict[TopicId, tuple[str, ...]] = {}
    for fact in session.facts:
        if not fact.negative:
            topic = as_topic(fact.topic)
            if topic is not None:
                held[topic] = (*held.get(topic, ()), fact.value)
    return held


def _facts(filing: Filing) -> tuple[TopicFact, ...]:
    return tuple(
        TopicFact(topic=f.topic, value=f.value[:600], negative=f.negative)
        for f in filing.facts
        if f.value.strip()
    )


def plan_turn(session: Session, text: str) -> TurnPlan:
    """The rules brain's plan for one message (synchronous, pure)."""
    signal = detect_signal(text, session.current_topic)
    reading = read_profile(text)
    intent = read_intent(text)  # a question back, complaint or small talk is not filed
    content = _without_escapes(intent.rest, signal)
    found = find_fixes(content, _held(session))
    fixes = [f for f in found if isinstance(f, Fix)]
    unclear = next((f for f in found if isinstance(f, Unclear)), None)
    filing = file_message(_blank(content, [f.span for f in found]), session.current_topic)
    clarify, topics = _clarify(unclear) if unclear is not None and not fixes else (None, ())
    if fixes and reading.industry_correction:  # "i misspoke, it's 45 interpreters": a count
        reading = reading.model_copy(
            update={"industry_correction": False, "industry_confidence": 0.0}
        )
    if fixes and signal.kind in ("none", "correction"):
        signal = Signal(kind="correction", confidence=max(signal.confidence, 0.8))
    elif signal.kind == "correction" and not fixes and not reading.industry_correction:
        signal = Signal()  # a fix the content can't place is filed as what it says
    return TurnPlan(
        reading=reading,
        signal=signal,
        facts=_facts(filing),
        notes=filing.notes,
        corrections=_corrections(fixes),
        objects=filing.objects,
        product_name=rename(text) or filing.product_name,
        clarify=clarify,
        clarify_topics=topics,
        source="rules",
        intent=intent.kind,
    )


class RulesBrain:
    """Understands messages offline with deterministic rules; never fails."""

    async def turn(self, session: Session, inbound: Inbound) -> TurnPlan:
        """Plan a turn from the message alone; question wording is left to the policy."""
        return plan_turn(session, inbound.text)

"""Record what a plan understood into the session: facts, exclusions, corrections, notes, names."""

from __future__ import annotations

import re

from engine.assumptions import correct
from engine.messages import Inbound
from engine.named import base
from engine.session import Fact, Note, Session, Source
from engine.topics import TOPIC_BY_ID
from engine.types import TopicCorrection, TurnPlan


def _fact(inbound: Inbound, topic: str, value: str, turn: int, **extra: object) -> Fact:
    return Fact(
        topic=topic,
        value=value,
        user_id=inbound.user_id,
        user_name=inbound.user_name,
        turn=turn,
        **extra,
    )


def record_facts(session: Session, inbound: Inbound, plan: TurnPlan, turn: int) -> Session:
    """Add the plan's facts; an exclusion drops the same affirmed value and vice versa."""
    facts = list(session.facts)
    for item in plan.facts:
        key = (item.topic, item.value.casefold())
        label = (item.topic, base(item.value).casefold())
        facts = [
            f
            for f in facts
            if (f.topic, base(f.value).casefold()) != label or f.negative == item.negative
        ]
        if any((f.topic, f.value.casefold(), f.negative) == (*key, item.negative) for f in facts):
            continue
        facts.append(_fact(inbound, item.topic, item.value, turn, negative=item.negative))
    superseded = {f.topic for f in facts}
    kept = tuple(
        a for a in session.assumptions if a.topic not in superseded or a.source == "corrected"
    )
    return session.model_copy(update={"facts": tuple(facts), "assumptions": kept})


def _matches(value: str, remove: tuple[str, ...]) -> bool:
    lowered = value.casefold()
    for word in remove:
        w = word.casefold().strip()
        if w and (w == lowered or re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lowered)):
            return True
    return False


def _joined(values: list[str] | tuple[str, ...]) -> str:
    items = list(dict.fromkeys(values))
    return " and ".join(items) if len(items) <= 2 else ", ".join(items[:-1]) + " and " + items[-1]


def apply_correction(
    session: Session, inbound: Inbound, fix: TopicCorrection, turn: int
) -> tuple[Session, str | None]:
    """Apply one correction to the topic it is about; returns the change as "Label: old → new"."""
    label = TOPIC_BY_ID[fix.topic].label
    if fix.topic == "scale" and fix.remove and fix.values:
        changed = _recount(session, fix)
        if changed is not None:
            return changed, f"{label}: {_joined(fix.remove)} → {_joined(fix.values)}"
    positives = [f for f in session.facts if f.topic == fix.topic and not f.negative]
    gone = [f for f in positives if _matches(f.value, fix.remove)] if fix.remove else positives
    if fix.remove and not gone and fix.topic in ("platforms", "target_users"):
        gone = positives  # "scratch the app": the thing being replaced, whatever it was called
    if not positives and session.assumption_for(fix.topic) is not None and fix.wording:
        updated, old = correct(session, fix.topic, fix.wording)
        if old is not None:
            return updated, f'{old.id} {label}: "{old.value}" → "{fix.wording}"'
    values = tuple(v for v in fix.values if v.strip())
    if not values and not gone:
        return session, None
    source: Source = "corrected"
    dropped = {id(f) for f in gone}
    new_keys = {v.casefold() for v in values}
    facts = [
        f
        for f in session.facts
        if id(f) not in dropped and not (f.topic == fix.topic and f.value.casefold() in new_keys)
    ]
    facts += [_fact(inbound, fix.topic, v, turn, source=source) for v in values]
    facts += [
        _fact(inbound, fix.topic, r, turn, negative=True, source=source)
        for r in _named_removals(fix, gone)
    ]
    old_text = _joined([f.value for f in gone]) or _joined(fix.remove) or "(none)"
    change = f"{label}: {old_text} → {_joined(values) or 'removed'}"
    return session.model_copy(update={"facts": tuple(facts)}), change


def _recount(session: Session, fix: TopicCorrection) -> Session | None:
    """Replace an old count inside the scale facts ("about 8 jobsites" -> "about 14 jobsites")."""
    old, new = fix.remove[0], fix.values[0]
    number = old.split()[0]
    pattern = re.compile(
        rf"(?<![\w.]){re.escape(old)}(?!\w)|(?<![\w.]){re.escape(number)}(?![\w.])"
    )
    new_number = new.split()[0]
    facts = []
    hit = False
    for f in session.facts:
        if f.topic == "scale" and not f.negative and pattern.search(f.value):
            match = pattern.search(f.value)
            assert match is not None
            repl = new if match.group(0) == old or len(new.split()) > 1 else new_number
            f = f.model_copy(
                update={"value": pattern.sub(repl, f.value, count=1), "source": "corrected"}
            )
            hit = True
        facts.append(f)
    return session.model_copy(update={"facts": tuple(facts)}) if hit else None


def _named_removals(fix: TopicCorrection, gone: list[Fact]) -> list[str]:
    """A corrected-away named value ("not argo") is kept as an exclusion only for named topics."""
    if fix.topic not in ("integrations", "platforms", "security_compliance"):
        return []
    return [f.value for f in gone if len(f.value.split()) <= 3][:3]


def record_extras(session: Session, inbound: Inbound, plan: TurnPlan, turn: int) -> Session:
    """Notes, objects and the product's name (a later name wins)."""
    update: dict[str, object] = {}
    if plan.notes:
        known = {n.text.casefold() for n in session.notes}
        notes = [
            Note(text=t[:600], user_id=inbound.user_id, user_name=inbound.user_name, turn=turn)
            for t in plan.notes
            if t.casefold() not in known
        ]
        update["notes"] = (*session.notes, *notes)
    if plan.objects:
        update["objects"] = tuple(dict.fromkeys((*session.objects, *plan.objects)))[:40]
    if plan.product_name:
        update["product_name"] = plan.product_name[:80]
    return session.model_copy(update=update) if update else session

"""Record what a plan understood into the session: facts, exclusions, corrections, notes, names."""

from __future__ import annotations

import re

from engine.assumptions import correct
from engine.lexicon import stem, value_pattern
from engine.messages import Inbound
from engine.named import base
from engine.session import Fact, Note, Session, Source
from engine.topics import TOPIC_BY_ID
from engine.types import TopicCorrection, TopicFact, TurnPlan


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
    core = _words(" ".join(session.stated("core_problem")))
    # "i said it, the line. people walk away": the message is about the same problem
    again = bool(_words(inbound.text) & core)
    for item in plan.facts:
        item = item if again or not core else _as_pain(item)
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


_NAMES_PROBLEM = re.compile(r"\b(?:problem|issue|headache|why we need|the point)\b", re.I)


def _as_pain(item: TopicFact) -> TopicFact:
    """The core problem is said once; a later problem statement that does not call itself the
    problem ("we lose 6 lessons a week to no-shows") is one of the pain points."""
    if item.topic != "core_problem" or item.negative or _NAMES_PROBLEM.search(item.value):
        return item
    return item.model_copy(update={"topic": "pain_points"})


def _words(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z]{4,}", text.lower())} - _COMMON


_COMMON = frozenset({"that", "this", "with", "have", "they", "them", "their", "there", "when"})


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
    if fix.remove and fix.values and any(c.isdigit() for c in fix.remove[0]):
        changed = _renumber(session, fix)
        if changed is not None:
            return changed, f"{label}: {_joined(fix.remove)} → {_joined(fix.values)}"
    positives = [f for f in session.facts if f.topic == fix.topic and not f.negative]
    gone = [f for f in positives if _matches(f.value, fix.remove)] if fix.remove else positives
    if fix.remove and not gone and _replaces_any(fix):
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


_KINDS = frozenset({"mobile", "web", "desktop", "tablet", "app", "the app", "website", "it"})


def _replaces_any(fix: TopicCorrection) -> bool:
    """True when the old value is a kind of platform ("scratch the app") or the users, so it
    replaces whatever the topic held; a named one ("not slack") that is not held replaces
    nothing else ("SMS" stays)."""
    if fix.topic == "target_users":
        return True
    return fix.topic == "platforms" and all(r.casefold().strip() in _KINDS for r in fix.remove)


_NUMBER = re.compile(r"\d[\d,.]*(?:k\b)?", re.IGNORECASE)


def _renumber(session: Session, fix: TopicCorrection) -> Session | None:
    """Replace an old number where the topic stores it, in place: "3 hotels, 210 rooms" with
    "4" and "260 rooms" becomes "4 hotels, 260 rooms"; "orders close at 8pm" with "7pm" becomes
    "...7pm". A count of another thing ("2 weeks" -> "30 days") replaces the whole phrase."""
    old, new = fix.remove[0], fix.values[0]
    old_words, new_words = old.split(), new.split()
    same_thing = (
        len(old_words) < 2 or len(new_words) < 2 or stem(old_words[-1]) == stem(new_words[-1])
    )
    old_number, new_number = _NUMBER.search(old), _NUMBER.search(new)
    if old_number is not None and new_number is not None and same_thing:
        pattern = re.compile(rf"(?<![\w.]){re.escape(old_number.group(0))}(?!\d)")
        repl = new_number.group(0)
    else:
        pattern, repl = value_pattern(old), new
    facts, hit = [], False
    for f in session.facts:
        if f.topic == fix.topic and not f.negative and pattern.search(f.value):
            value = pattern.sub(lambda _: repl, f.value, count=1)
            f = f.model_copy(update={"value": value, "source": "corrected"})
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

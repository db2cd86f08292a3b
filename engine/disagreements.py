"""Participants who disagree about a topic: who said what, and what they agreed on later."""

from __future__ import annotations

import re

from engine.messages import Inbound
from engine.session import Disagreement, Session, View
from engine.types import TurnPlan

_CONTRAST = re.compile(
    r"\b(?:not|no|isn'?t|aren'?t|too (?:small|big|narrow|broad|wide|much|little)|disagree|"
    r"we talked about (?:this|that)|i don'?t think|rather|instead|specifically)\b",
    re.IGNORECASE,
)
_AGREE = re.compile(
    r"^\W*(?:ok(?:ay)?|fine|agreed|deal|alright|all right|sure|fair|yes|yeah|right|good point)\b",
    re.IGNORECASE,
)
# "ok can we see the bed map thing?": a request after "ok", not an agreement
_ASKING = re.compile(r"\?|\b(?:can|could|would|will) (?:we|you|u|i)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z]{4,}")
_BUT = re.compile(r"\bbut\b", re.IGNORECASE)


def _stems(text: str) -> set[str]:
    return {w[:6] for w in _WORD.findall(text.lower())}


def _open(session: Session) -> Disagreement | None:
    return next((d for d in reversed(session.disagreements) if not d.resolution), None)


def _replace(session: Session, old: Disagreement, new: Disagreement) -> Session:
    items = tuple(new if d is old else d for d in session.disagreements)
    return session.model_copy(update={"disagreements": items})


def _resolve(session: Session, inbound: Inbound, item: Disagreement) -> Session:
    """An agreement ("ok v1 buildings"): the agreed view's value wins as the stated fact."""
    text = inbound.text.strip()
    said = _stems(text)
    winner = max(item.views, key=lambda v: len(_stems(v.text) & said))
    losers = [v for v in item.views if v is not winner]
    lost = set().union(*(_stems(v.text) for v in losers)) - _stems(winner.text)
    facts = tuple(
        f
        for f in session.facts
        if not (f.topic == item.topic and not f.negative and _stems(f.value) & lost)
    )
    first = re.split(r"[.;!?\n]", text, maxsplit=1)[0][:200]
    session = session.model_copy(update={"facts": facts})
    return _replace(session, item, item.model_copy(update={"resolution": first}))


def _conflict(before: Session, inbound: Inbound, plan: TurnPlan) -> Disagreement | None:
    """A new disagreement: this person contradicts a value another person gave for a topic."""
    if not _CONTRAST.search(inbound.text):
        return None
    topics = [c.topic for c in plan.corrections] + [f.topic for f in plan.facts]
    for topic in dict.fromkeys(topics):
        others = [
            f
            for f in before.facts
            if f.topic == topic and f.user_id != inbound.user_id and not f.negative
        ]
        if others:
            first = View(user_name=others[0].user_name, text=others[0].value)
            mine = View(user_name=inbound.user_name, text=inbound.text.strip()[:300])
            return Disagreement(topic=topic, views=(first, mine))
    return None


def track_disagreements(
    before: Session, session: Session, inbound: Inbound, plan: TurnPlan
) -> Session:
    """Record a disagreement between participants, a further view, or their agreement;
    `before` is the session as it was before this message."""
    item = _open(session)
    if item is not None:
        names = {v.user_name for v in item.views}
        mentions = _stems(inbound.text) & set().union(*(_stems(v.text) for v in item.views))
        agrees = _AGREE.match(inbound.text) and not _ASKING.search(inbound.text)
        if agrees and mentions and not _BUT.search(inbound.text[:40]):
            return _resolve(session, inbound, item)
        if inbound.user_name in names and mentions:
            view = View(user_name=inbound.user_name, text=inbound.text.strip()[:300])
            return _replace(session, item, item.model_copy(update={"views": (*item.views, view)}))
        return session
    found = _conflict(before, inbound, plan)
    if found is None:
        return session
    return session.model_copy(update={"disagreements": (*session.disagreements, found)})

"""Pure interview transitions: coverage, stage policy and the next topic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from engine.assumptions import assume_open, industry_label
from engine.disagreements import track_disagreements
from engine.lexicon import stem, value_pattern
from engine.messages import Inbound, Progress, StageProgress
from engine.profile import lock_expert, merge_profile
from engine.questions import question_for
from engine.recording import apply_correction, record_extras, record_facts
from engine.region import regions_in
from engine.session import Asked, Session, Turn
from engine.surfaces import surface_question
from engine.topics import STAGE_BY_ID, STAGE_ORDER, STAGES, TOPIC_BY_ID, TOPICS, as_topic, topics_of
from engine.types import Profile, StageId, TopicCorrection, TopicId, TurnPlan

Cover = Literal["user", "assumed", "open"]


def cover_of(session: Session, topic: str) -> Cover:
    """How a topic is covered: by the user's facts, by an assumption, or open."""
    if session.facts_for(topic):
        return "user"
    assumption = session.assumption_for(topic)
    if assumption is not None:
        return "user" if assumption.source == "corrected" else "assumed"
    return "open"


def coverage(session: Session) -> dict[TopicId, Cover]:
    """Coverage of every topic."""
    return {t.id: cover_of(session, t.id) for t in TOPICS}


def stage_covered(session: Session, stage: StageId) -> tuple[int, int]:
    """(covered, total) topics of a stage, counting assumptions: what the policy uses."""
    topics = topics_of(stage)
    return sum(1 for t in topics if cover_of(session, t.id) != "open"), len(topics)


def progress(session: Session) -> Progress:
    """Coverage per stage and overall: percent of topics people stated; assumed ones apart."""
    stages = []
    for stage in STAGES:
        covers = [cover_of(session, t.id) for t in topics_of(stage.id)]
        stated, assumed = covers.count("user"), covers.count("assumed")
        stages.append(StageProgress(stage.id, stage.label, stated, len(covers), assumed))
    result = Progress(0, tuple(stages))
    return Progress(round(100 * result.stated / result.total), result.stages)


def open_topics(session: Session) -> tuple[TopicId, ...]:
    """Every topic nobody has covered, in stage and priority order."""
    return tuple(
        t.id for s in STAGE_ORDER for t in topics_of(s) if cover_of(session, t.id) == "open"
    )


def _askable(session: Session, topic: TopicId) -> bool:
    asked = {a.topic for a in session.asked}
    return (
        cover_of(session, topic) == "open" and topic not in asked and topic not in session.skipped
    )


def _stage_done(session: Session, stage: StageId) -> bool:
    covered, total = stage_covered(session, stage)
    if covered / total >= STAGE_BY_ID[stage].threshold:
        return True
    return not any(_askable(session, t.id) for t in topics_of(stage))


def settle_stage(session: Session) -> StageId:
    """The stage the interview is in: the first from the current one that is not done."""
    start = STAGE_ORDER.index(session.stage)
    for stage in STAGE_ORDER[start:]:
        if not _stage_done(session, stage):
            return stage
    return STAGE_ORDER[-1]


def next_topic(session: Session) -> TopicId | None:
    """The most important askable topic of the current stage (or a later one), or None."""
    start = STAGE_ORDER.index(settle_stage(session))
    for stage in STAGE_ORDER[start:]:
        for topic in topics_of(stage):
            if _askable(session, topic.id):
                return topic.id
    return None


def should_deliver(session: Session, max_questions: int) -> bool:
    """True when the interview has asked enough or has nothing left worth asking."""
    if session.counters.questions_asked >= max_questions:
        return True
    return next_topic(session) is None


Kind = Literal["ask", "offer", "deliver", "info"]


@dataclass(frozen=True, slots=True)
class Step:
    """The pure outcome of one turn: the new session and what to say."""

    session: Session
    kind: Kind
    text: str
    changes: tuple[str, ...] = ()  # what a correction changed, for the changelog


ESCAPES = ("impatience", "fatigue")
_SKIPPED_BY_EXPERTISE: tuple[StageId, ...] = ("idea_clarity", "user_workflow")


def add_turn(session: Session, turn: Turn, limit: int) -> Session:
    """The session with a transcript line appended, keeping the last `limit` lines."""
    transcript = (*session.transcript, turn)[-limit:]
    return session.model_copy(update={"transcript": transcript, "updated_at": turn.at})


def _bump(session: Session, **deltas: int) -> Session:
    values = {k: getattr(session.counters, k) + v for k, v in deltas.items()}
    return session.model_copy(update={"counters": session.counters.model_copy(update=values)})


def _apply_correction(
    session: Session, inbound: Inbound, plan: TurnPlan, turn: int
) -> tuple[Session, tuple[str, ...], TurnPlan]:
    """The session with the plan's corrections applied, the changes as "Label: old → new", and
    the plan without facts that restate a removed value."""
    if plan.reading.industry_correction and plan.signal.kind == "correction":
        label = industry_label(session.profile.industry)
        return _bump(session, corrections=1), (f"industry → {label}",), plan
    changes: list[str] = []
    fixes = _fixes(session, plan)
    for fix in fixes:
        session, change = apply_correction(session, inbound, fix, turn)
        if change is not None:
            changes.append(change)
    plan = _without_replaced(plan, fixes)
    return (_bump(session, corrections=1) if changes else session), tuple(changes), plan


_COUNT = re.compile(r"(?<![\w.])(\d[\d,.]*k?)\s+([a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2})", re.I)


def _recounts(session: Session, plan: TurnPlan) -> tuple[TopicCorrection, ...]:
    """A new count of something already counted ("120 beds" after "110 beds", "55 rigs" after
    "~40 test rigs") updates it."""
    old = [
        (number, words.split())
        for f in session.facts
        if f.topic == "scale" and not f.negative
        for number, words in _COUNT.findall(f.value.lower())
    ]
    fixes = []
    for fact in plan.facts:
        if fact.topic != "scale" or fact.negative:
            continue
        for number, words in _COUNT.findall(fact.value.lower()):
            noun = stem(words.split()[0])
            for old_number, old_words in old:
                stems = [stem(w) for w in old_words]
                if noun in stems and old_number != number:
                    thing = " ".join(old_words[: stems.index(noun) + 1])
                    fixes.append(
                        TopicCorrection(
                            topic="scale",
                            remove=(f"{old_number} {thing}",),
                            values=(f"{number} {words.split()[0]}",),
                        )
                    )
    return tuple(dict.fromkeys(fixes))


def _without_replaced(plan: TurnPlan, fixes: tuple[TopicCorrection, ...]) -> TurnPlan:
    """The plan without the facts that restate a value its own corrections remove ("sorry not
    2 locations, ... 1 location now" must not file "2 locations" again)."""
    removed = [(f.topic, value_pattern(r)) for f in fixes for r in f.remove if r.strip()]
    if not removed:
        return plan
    kept = tuple(
        fact
        for fact in plan.facts
        if fact.negative
        or not any(fact.topic == topic and p.search(fact.value) for topic, p in removed)
    )
    return plan.model_copy(update={"facts": kept})


def _fixes(session: Session, plan: TurnPlan) -> tuple[TopicCorrection, ...]:
    """The plan's corrections (and updated counts); a model's bare correction signal only when
    it names its topic."""
    if plan.corrections:
        return plan.corrections
    recounts = _recounts(session, plan)
    if recounts:
        return recounts
    signal = plan.signal
    topic = as_topic(signal.topic)
    value = (signal.value or "").strip()
    if signal.kind != "correction" or topic is None or not value or plan.source == "rules":
        return ()
    remove = (signal.previous,) if signal.previous else ()
    return (TopicCorrection(topic=topic, remove=remove, values=(value,), wording=value),)


def _profile(session: Session, inbound: Inbound, plan: TurnPlan) -> Profile:
    profile = merge_profile(session.profile, plan.reading)
    profile = lock_expert(profile) if plan.signal.kind == "expertise" else profile
    correcting = plan.signal.kind == "correction" or bool(_RETRACT.search(inbound.text))
    return _placed(profile, inbound.text, correcting)


_RETRACT = re.compile(r"\b(?:actually|i meant|my bad|sorry|correction|scratch that)\b", re.I)


def _placed(profile: Profile, text: str, correcting: bool) -> Profile:
    """Where its people are: the first region named is kept, like the industry; another one
    replaces it only in a correction ("actually we're in toronto")."""
    found = regions_in(text)
    if correcting and profile.region:  # "we're in toronto, not leeds": the other one
        found = tuple(r for r in found if r != profile.region)
    region = found[0] if len(found) == 1 else None
    if region is None or region == profile.region or (profile.region and not correcting):
        return profile
    return profile.model_copy(update={"region": region})


def understand(
    session: Session, inbound: Inbound, plan: TurnPlan, turn: int
) -> tuple[Session, tuple[str, ...]]:
    """Apply what the brain understood: profile, facts, corrections, signal side effects."""
    before = session
    session = session.model_copy(update={"profile": _profile(session, inbound, plan)})
    idea = _idea(inbound.text)
    if not session.idea and idea and plan.signal.kind in ("none", "expertise", "correction"):
        session = session.model_copy(update={"idea": idea})
    kind = plan.signal.kind
    session, changes, plan = _apply_correction(session, inbound, plan, turn)
    session = record_facts(session, inbound, plan, turn)
    session = record_extras(session, inbound, plan, turn)
    session = track_disagreements(before, session, inbound, plan)
    if kind in ESCAPES:
        session = _bump(session, escapes=1)
    elif kind == "expertise":
        skipped = tuple(t.id for s in _SKIPPED_BY_EXPERTISE for t in topics_of(s))
        session = assume_open(session, skipped)
        if STAGE_ORDER.index(session.stage) < STAGE_ORDER.index("technical_specs"):
            session = session.model_copy(update={"stage": "technical_specs"})
    elif kind == "dont_know" and session.current_topic is not None:
        session = assume_open(session, (session.current_topic,))
    return session, changes


_GREETING = re.compile(
    r"^\W*(?:hi+|hello|hey+|hiya|yo|howdy|heya|good (?:morning|afternoon|evening)|greetings)"
    r"(?:\s+(?:there|all|team|everyone|bot|folks))?\b[\s!.,:;-]*(?:so\b[\s,]*)?",
    re.IGNORECASE,
)


def _idea(text: str) -> str:
    """The opening message as the idea, without a greeting; "" when only a greeting is left."""
    rest = _GREETING.sub("", text.strip(), count=1).strip()
    return rest[:280] if len(rest.split()) >= 3 else ""


def _redirect_topic(session: Session, plan: TurnPlan) -> TopicId | None:
    return as_topic(plan.signal.topic) if plan.signal.kind == "redirect" else None


def choose_question(session: Session, plan: TurnPlan) -> tuple[TopicId, str] | None:
    """The next topic and its wording: a redirect wins, then the brain's proposal if the
    policy agrees it is askable, then the policy's own choice."""
    forced = _redirect_topic(session, plan)
    if forced is not None and forced not in {a.topic for a in session.asked}:
        topic: TopicId | None = forced
    elif plan.question is not None and _askable(session, plan.question.topic):
        return plan.question.topic, plan.question.text
    else:
        topic = next_topic(session)
    if topic is None:
        return None
    profile = session.profile
    for_surface = surface_question(session, topic)
    if for_surface is not None:
        return topic, for_surface
    return topic, question_for(
        topic,
        profile.sophistication,
        profile.industry,
        users_of(session),
        profile.domain,
        profile.region,
    )


def users_of(session: Session) -> str:
    """A short name for the target users, when one was stated."""
    facts = session.facts_for("target_users")
    value = facts[0].value if facts else ""
    value = value.strip().rstrip(".").removeprefix("the ").removeprefix("The ")
    if value[1:2].islower():
        value = value[:1].lower() + value[1:]
    return value if 0 < len(value.split()) <= 4 and value[:1].islower() else ""


def ask(session: Session, topic: TopicId, text: str, turn: int) -> Session:
    """The session after asking `text` about `topic`."""
    asked = (*session.asked, Asked(topic=topic, text=text, turn=turn))
    stage = TOPIC_BY_ID[topic].stage
    session = session.model_copy(update={"asked": asked, "current_topic": topic, "stage": stage})
    return _bump(session, questions_asked=1)


def wants_delivery(session: Session, plan: TurnPlan, max_questions: int) -> bool:
    """True when this turn should end the interview with deliverables."""
    if plan.signal.kind in ESCAPES or (plan.finish and session.counters.questions_asked >= 3):
        return True
    return should_deliver(session, max_questions)


def now_turn(session: Session) -> int:
    """The number of the turn being processed."""
    return session.counters.turns + 1


def user_turn(inbound: Inbound, text: str, at: datetime) -> Turn:
    """A transcript line for what the user said."""
    return Turn(
        role="user",
        user_id=inbound.user_id,
        user_name=inbound.user_name,
        text=text,
        at=at,
        message_id=inbound.message_id,
    )

"""One turn as a pure function: apply the plan or command, choose what to say next."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from engine import replies
from engine.assumptions import assume_open
from engine.commands import Command
from engine.intent import IntentReading, named_topic, read_intent
from engine.interview import (
    ESCAPES,
    Step,
    add_turn,
    ask,
    choose_question,
    next_topic,
    now_turn,
    open_topics,
    stage_covered,
    understand,
    user_turn,
    users_of,
)
from engine.messages import Inbound, ThreadKey
from engine.questions import plainer
from engine.session import Change, Note, Session, Turn, new_session
from engine.signals import is_substantive
from engine.topics import STAGES
from engine.types import Signal, TopicId, TurnPlan


@dataclass(frozen=True, slots=True)
class Limits:
    """The interview's configurable limits."""

    max_questions: int = 12
    history: int = 50


def _bot(session: Session, text: str, at: datetime, limits: Limits) -> Session:
    turn = Turn(role="bot", user_id="meta-agent", user_name="Meta-Agent", text=text, at=at)
    return add_turn(session, turn, limits.history)


def _finish(
    session: Session, at: datetime, changes: tuple[str, ...], summary: str
) -> tuple[Session, str]:
    before = {a.id for a in session.assumptions}
    session = assume_open(session, open_topics(session))
    new = tuple(a for a in session.assumptions if a.id not in before)
    version = session.deliverable_version + 1
    change = Change(version=version, summary=summary, at=at)
    session = session.model_copy(
        update={
            "status": "delivered",
            "deliverable_version": version,
            "changelog": (*session.changelog, change),
            "current_topic": None,
        }
    )
    return session, replies.delivered(session, new, changes)


def _add_usage(session: Session, plan: TurnPlan) -> Session:
    if plan.usage is None:
        return session
    return session.model_copy(update={"usage": session.usage + plan.usage})


def _preface(session: Session, plan: TurnPlan) -> tuple[Session, list[str]]:
    notes: list[str] = []
    if plan.degraded and not session.degraded_noted:
        notes.append(
            f"_Note: I'm running in a reduced mode right now ({plan.degraded}); "
            "answers may be simpler than usual._"
        )
        session = session.model_copy(update={"degraded_noted": True})
    if plan.notice:
        notes.append(f"_{plan.notice}_")
    return session, notes


_GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|yo|howdy|good (?:morning|afternoon|evening)|greetings|sup|"
    r"what'?s up|are you there|anyone there|test(?:ing)?|ping)\b[\W\w]{0,30}$",
    re.IGNORECASE,
)


def _is_greeting(session: Session, plan: TurnPlan, text: str) -> bool:
    """Small talk before any idea: "hi", "hello there", "yo", or one or two bare words."""
    if session.idea or plan.facts:
        return False
    return bool(_GREETING.match(text)) or len(text.split()) <= 2


_EXTRA_QUESTIONS = 3  # after "a few more questions", at most this many before delivering
_MIN_BEFORE_OFFER = 3  # coverage alone offers to deliver only after a few questions
_GO = re.compile(
    r"^\W*(?:(?:yes|yep|yeah|ya|yup|sure|ok(?:ay)?|k|go ahead|go for it|deliver(?: it| now| them)?"
    r"|now|do it|send(?: it)?(?: over)?|let'?s see(?: it)?|show me|(?:that'?s )?enough|please do"
    r"|sounds good|ship it|now is fine|please|pls|thanks|thx)\b[\s!.,]*)+$",
    re.IGNORECASE,
)
_MORE = re.compile(
    r"\b(?:(?:a )?few more|more questions|keep going|ask (?:me )?(?:a few )?more|continue|go on"
    r"|not yet|ask away|carry on|more please|more)\b",
    re.IGNORECASE,
)
_POLITE = re.compile(r"\b(?:please|pls|thanks|thx)\b|\W", re.IGNORECASE)
Decision = Literal["ask", "offer", "deliver"]


def _offer_pending(session: Session) -> bool:
    return (
        session.status == "interviewing"
        and session.offered_at > 0
        and session.current_topic is None
    )


def offer_choice(text: str) -> Decision | None:
    """The typed answer to "deliver now or a few more questions?", if it is one."""
    if _GO.match(text) and _POLITE.sub("", text).strip():  # a bare "thanks!" is small talk
        return "deliver"
    if len(text.split()) <= 6 and _MORE.search(text):
        return "ask"
    return None


def _covered_enough(session: Session) -> bool:
    for stage in STAGES:
        covered, total = stage_covered(session, stage.id)
        if covered / total < stage.threshold:
            return False
    return True


def decide(session: Session, plan: TurnPlan, limits: Limits) -> Decision:
    """Deliver when asked to; offer to deliver once when the budget or coverage says enough;
    after "a few more" ask at most a few more; otherwise ask."""
    asked = session.counters.questions_asked
    if plan.signal.kind in ESCAPES or (plan.finish and asked >= 3):
        return "deliver"
    if next_topic(session) is None:
        return "deliver"
    if session.offered_at:
        return "deliver" if asked >= session.offered_at + _EXTRA_QUESTIONS else "ask"
    if asked >= limits.max_questions or (asked >= _MIN_BEFORE_OFFER and _covered_enough(session)):
        return "offer"
    return "ask"


def advance(
    session: Session, inbound: Inbound, text: str, plan: TurnPlan, limits: Limits, at: datetime
) -> Step:
    """Apply one understood message to the session and decide the reply."""
    turn = now_turn(session)
    session = _add_usage(session, plan)
    session = add_turn(session, user_turn(inbound, text, at), limits.history)
    session = session.model_copy(
        update={"counters": session.counters.model_copy(update={"turns": turn})}
    )
    if plan.wireframe is not None:
        session = session.model_copy(update={"wireframe": plan.wireframe})
    if _is_greeting(session, plan, text) and plan.signal.kind == "none":
        return _say(session, "info", replies.GREETING, limits, at)
    said = read_intent(text)
    intent = plan.intent if plan.intent != "answer" else said.kind
    if _offer_pending(session) and plan.signal.kind not in ESCAPES:
        choice = offer_choice(text)
        if choice == "deliver":
            session, body = _finish(session, at, (), "First version")
            return _say(session, "deliver", body, limits, at)
        if choice == "ask":
            return _ask_next(session, TurnPlan(), ["Sure, a few more."], (), limits, at, turn)
    escape = plan.signal.kind in ESCAPES
    if intent != "answer" and session.idea and not escape and not is_substantive(said.rest):
        return _not_an_answer(session, inbound, text, plan, limits, at)
    pending = _pending(session)
    before = {f.topic for f in session.facts}
    delivered_before = session.status == "delivered"
    session, changes = understand(session, inbound, plan, turn)
    session, notes = _preface(session, plan)
    learned = tuple(dict.fromkeys(f.topic for f in session.facts if f.topic not in before))
    if delivered_before:
        return _after_delivery(session, notes, changes, learned, limits, at, plan)
    if changes:
        notes.append("Updated: " + "; ".join(changes) + ".")
    if plan.clarify and not changes:  # a correction whose topic is unclear: ask, don't guess
        return _say(session, "ask", "\n\n".join([*notes, plan.clarify]), limits, at)
    if intent == "question_back":
        session = _note_question(session, inbound, said, turn)
        notes.append(replies.answer_back(session, _about(said, said.question, pending), said.ask))
    elif intent == "complaint":
        notes.append("Sorry about that, got it.")
    return _continue(session, plan, notes, learned, limits, at, turn, changes)


def _continue(
    session: Session,
    plan: TurnPlan,
    notes: list[str],
    learned: tuple[str, ...],
    limits: Limits,
    at: datetime,
    turn: int,
    changes: tuple[str, ...] = (),
) -> Step:
    decision = decide(session, plan, limits)
    if decision == "deliver":
        summary = "First version" if not changes else "; ".join(changes)
        session, body = _finish(session, at, changes, summary)
        return _say(session, "deliver", "\n\n".join([*notes, body]), limits, at, changes)
    if decision == "offer":
        ack = replies.noted(session, learned)
        asked = session.counters.questions_asked
        session = session.model_copy(update={"offered_at": max(asked, 1), "current_topic": None})
        text = "\n\n".join(p for p in [*notes, ack, replies.OFFER] if p)
        return _say(session, "offer", text, limits, at)
    return _ask_next(session, plan, notes, learned, limits, at, turn)


def _pending(session: Session) -> tuple[TopicId, str] | None:
    """The question waiting for an answer: its topic and the words it was asked in."""
    if session.current_topic is None or not session.asked:
        return None
    last = session.asked[-1]
    return (last.topic, last.text) if last.topic == session.current_topic else None


def _note_question(session: Session, inbound: Inbound, said: IntentReading, turn: int) -> Session:
    """A question about the product itself ("can it handle timezones?") is kept as an open
    question for the brief, in the person's words."""
    if said.ask != "open" or not said.question:
        return session
    note = Note(
        text=f"Open question: {said.question}",
        user_id=inbound.user_id,
        user_name=inbound.user_name,
        turn=turn,
    )
    return session.model_copy(update={"notes": (*session.notes, note)})


def _not_an_answer(
    session: Session, inbound: Inbound, text: str, plan: TurnPlan, limits: Limits, at: datetime
) -> Step:
    """A question back, complaint, request to rephrase or small talk: nothing is filed."""
    said = read_intent(text)
    intent = plan.intent if plan.intent != "answer" else said.kind
    confused = intent == "rephrase" or said.ask == "meaning"
    reading = plan.reading.model_copy(update={"confused": confused})
    quiet = plan.model_copy(update={"facts": (), "signal": Signal(), "reading": reading})
    turn = session.counters.turns
    session, _ = understand(session, inbound, quiet, turn)
    if session.status == "delivered":
        line = replies.small_talk(text) if intent == "small_talk" else ""
        return _say(session, "info", f"{line} {replies.after_delivery()}".strip(), limits, at)
    session = _note_question(session, inbound, said, turn)
    pending = _pending(session)
    about = named_topic(said.question or text) or (pending[0] if pending else None)
    if intent == "complaint" and about is not None:
        if not session.facts_for(about) and about not in session.skipped:
            session = session.model_copy(update={"skipped": (*session.skipped, about)})
        notes = [replies.recorded(session, about)]
        return _continue(session, TurnPlan(), notes, (), limits, at, turn)
    if pending is None:
        notes = []
        if intent == "question_back":
            notes.append(replies.answer_back(session, _about(said, text, None), said.ask))
        if _offer_pending(session):
            return _say(session, "offer", "\n\n".join([*notes, replies.OFFER_AGAIN]), limits, at)
        return _ask_next(session, TurnPlan(), notes, (), limits, at, turn)
    body = _reask(session, intent, said, text, about or pending[0], pending)
    return _say(session, "ask", body, limits, at)


def _about(said: IntentReading, text: str, pending: tuple[TopicId, str] | None) -> TopicId | None:
    """The topic a question back is about: the one it names, else (except for a question
    about the product itself) the pending question's."""
    named = named_topic(said.question or text)
    if named is not None or said.ask == "open":
        return named
    return pending[0] if pending else None


def _reask(
    session: Session,
    intent: str,
    said: IntentReading,
    text: str,
    about: TopicId,
    pending: tuple[TopicId, str],
) -> str:
    """The pending question again, after answering a question back, rephrasing or small talk."""
    p = session.profile
    topic, question = pending
    simpler = plainer(topic, p.industry, question, users_of(session), p.domain, p.region)
    explain = replies.answer_back(session, about, "meaning") if about != topic else ""
    if intent == "rephrase" or said.ask == "meaning":
        if said.ask == "meaning" and not explain:
            explain = replies.answer_back(session, topic, "meaning")
        return "\n\n".join(x for x in (explain, simpler) if x)
    if intent == "question_back":
        answer = replies.answer_back(session, _about(said, text, pending), said.ask)
        return f"{answer}\n\nSo: {question}"
    return f"{replies.small_talk(text)} {question}"


def _ask_next(
    session: Session,
    plan: TurnPlan,
    notes: list[str],
    learned: tuple[str, ...],
    limits: Limits,
    at: datetime,
    turn: int,
) -> Step:
    choice = choose_question(session, plan)
    if choice is None:
        session, body = _finish(session, at, (), "First version")
        return _say(session, "deliver", "\n\n".join([*notes, body]), limits, at)
    topic, question = choice
    session = ask(session, topic, question, turn)
    ack = replies.acknowledge(session, plan.signal, topic, learned)
    if session.counters.questions_asked == 1 and plan.signal.kind == "none":
        ack = f"{replies.first_take(session)} {ack}".strip()
    return _say(session, "ask", "\n\n".join(p for p in [*notes, ack, question] if p), limits, at)


def _after_delivery(
    session: Session,
    notes: list[str],
    changes: tuple[str, ...],
    learned: tuple[str, ...],
    limits: Limits,
    at: datetime,
    plan: TurnPlan,
) -> Step:
    if not changes and not learned and plan.signal.kind in ESCAPES:
        text = f"Here are the latest files again (v{session.deliverable_version})."
        return _say(session, "deliver", "\n\n".join([*notes, text]), limits, at)
    if not changes and not learned:
        return _say(session, "info", "\n\n".join([*notes, replies.after_delivery()]), limits, at)
    added = tuple(f"Added {t.replace('_', ' ')}" for t in learned)
    all_changes = (*changes, *added)
    session, body = _finish(session, at, all_changes, "; ".join(all_changes))
    return _say(session, "deliver", "\n\n".join([*notes, body]), limits, at, all_changes)


def _say(
    session: Session,
    kind: str,
    text: str,
    limits: Limits,
    at: datetime,
    changes: tuple[str, ...] = (),
) -> Step:
    return Step(_bot(session, text, at, limits), kind, text, changes)  # type: ignore[arg-type]


def command(session: Session, cmd: Command, key: ThreadKey, limits: Limits, at: datetime) -> Step:
    """Run an explicit command (forget and email need side effects: the engine does them)."""
    if cmd.name == "help":
        return Step(session, "info", replies.HELP)
    if cmd.name == "status":
        return Step(session, "info", replies.status(session))
    if cmd.name == "profile":
        return Step(session, "info", replies.profile(session))
    if cmd.name == "restart":
        fresh = new_session(key, at).model_copy(update={"revision": session.revision})
        return Step(fresh, "info", replies.RESTARTED)
    if cmd.name in ("done", "accept") and session.status == "interviewing":
        if not session.idea:
            return Step(session, "info", replies.NOTHING_YET)
        session, body = _finish(session, at, (), "First version")
        return _say(session, "deliver", body, limits, at)
    if cmd.name == "skip" and session.status == "interviewing":
        return _skip(session, limits, at)
    if cmd.name == "more" and session.status == "interviewing":
        turn = now_turn(session)
        return _ask_next(session, TurnPlan(), ["Sure, a few more."], (), limits, at, turn)
    if cmd.name == "export":
        if not session.deliverable_version:
            return Step(session, "info", replies.NOTHING_YET)
        return Step(
            session, "deliver", f"Here are the latest files (v{session.deliverable_version})."
        )
    return Step(session, "info", replies.after_delivery())


def _skip(session: Session, limits: Limits, at: datetime) -> Step:
    if session.current_topic is not None:
        session = assume_open(session, (session.current_topic,))
        skipped = (*session.skipped, session.current_topic)
        session = session.model_copy(update={"skipped": skipped})
    plan = TurnPlan()
    return _ask_next(session, plan, ["Skipped."], (), limits, at, now_turn(session))

"""One turn as a pure function: apply the plan or command, choose what to say next."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from engine import replies
from engine.assumptions import assume_open
from engine.brain.base import TurnPlan
from engine.interview import (
    ESCAPES,
    Command,
    Step,
    add_turn,
    ask,
    choose_question,
    now_turn,
    open_topics,
    understand,
    user_turn,
    wants_delivery,
)
from engine.messages import Inbound, ThreadKey
from engine.session import Change, Session, Turn, Usage, new_session


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
    u, t = session.usage, plan.usage
    usage = Usage(
        model_calls=u.model_calls + t.calls,
        prompt_tokens=u.prompt_tokens + t.prompt_tokens,
        completion_tokens=u.completion_tokens + t.completion_tokens,
        cached_tokens=u.cached_tokens + t.cached_tokens,
        cost_usd=round(u.cost_usd + t.cost_usd, 8),
    )
    return session.model_copy(update={"usage": usage})


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
    if wants_delivery(session, plan, limits.max_questions):
        summary = "First version" if not changes else "; ".join(changes)
        session, body = _finish(session, at, changes, summary)
        return _say(session, "deliver", "\n\n".join([*notes, body]), limits, at, changes)
    return _ask_next(session, plan, notes, learned, limits, at, turn)


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

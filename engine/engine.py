"""Engine: the one place that sequences the side effects of a turn."""

from __future__ import annotations

import asyncio
import logging
import math
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from engine import replies
from engine.brain.base import Brain
from engine.brain.rules import plan_turn
from engine.commands import Command, is_command, parse, target_user
from engine.dialogue import Limits, advance, command
from engine.interview import Step, progress
from engine.mail import Mailer
from engine.messages import (
    Action,
    Inbound,
    InterviewSummary,
    Reply,
    Send,
    ThreadKey,
    Unfinished,
)
from engine.observer import Observer
from engine.outbox import Outbox, Outgoing
from engine.overview import new_title, summary_of
from engine.redact import redact, thread_hash
from engine.session import (
    Session,
    SessionError,
    Turn,
    answer_to,
    new_session,
    said_by,
    stamped,
    utcnow,
)
from engine.settings import Settings
from engine.spend import BUDGET_USED_UP, Budget, Moderator
from engine.store.base import (
    Arrivals,
    Counters,
    Limiter,
    MailLedger,
    RecentInterviews,
    SessionStore,
    StoreError,
    ThreadRecords,
    TurnGate,
)
from engine.store.inflight import Inflight
from engine.store.keys import participant_ids
from engine.turns import (
    OFFER_ACTIONS,
    QUESTION_ACTIONS,
    Delivery,
    Remembered,
    Render,
    deliver,
    render_in_thread,
)
from engine.types import TurnPlan

log = logging.getLogger("meta_agent.engine")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
Outcome = Reply | Delivery | Outgoing
DEADLINE_PASSED = "the model took too long"
NO_TICKET = "!"
"""What `arrive` returns when the store could not give a place in line: the message is not
processed (it would overtake nothing, but be overtaken), the user is asked to resend it."""


class UserEraser(Protocol):
    """Deletes every session of one user in a workspace (admin `forget --user`)."""

    async def forget_user(self, workspace: str, user_id: str) -> int:
        """Returns how many sessions were deleted."""
        ...


@dataclass(frozen=True, slots=True)
class Ports:
    """The engine's collaborators; only `sessions`, `gate` and `brain` are required.

    Without `threads` the engine cannot tell which threads it owns: it answers only
    addressed messages and has no latest thread for channel-level commands.
    """

    sessions: SessionStore
    gate: TurnGate
    brain: Brain
    threads: ThreadRecords | None = None
    moderator: Moderator | None = None
    budget: Budget | None = None
    limiter: Limiter | None = None
    counters: Counters | None = None
    mailer: Mailer | None = None
    eraser: UserEraser | None = None
    arrivals: Arrivals | None = None
    inflight: Inflight | None = None
    ledger: MailLedger | None = None
    observer: Observer | None = None
    recent: RecentInterviews | None = None
    clock: Callable[[], datetime] = field(default=utcnow)
    render: Render = field(default=render_in_thread)


def clean_text(raw: str, limit: int) -> tuple[str, str | None]:
    """User text made safe to process: control characters removed, length bounded.

    Returns the text and a note for the user when something was dropped.
    """
    head = raw[:2000]
    odd = sum(c == "\ufffd" or not (c.isprintable() or c.isspace()) for c in head)
    if "\x00" in head or odd > len(head) // 4:
        return "", replies.BINARY
    text = _CONTROL.sub("", raw).strip()
    if len(text) > limit:
        return text[:limit], replies.TRUNCATED.format(limit=limit)
    return text, None


class _Answer:
    """Posts one turn's reply through the adapter's `send`, at most once; a failure to post
    is kept for the adapter (raised after the turn), not reported as the turn's failure."""

    def __init__(self, send: Send | None) -> None:
        self._send = send
        self.posted = False
        self.error: Exception | None = None
        self.before: Callable[[], Awaitable[object]] | None = None  # runs just before posting

    async def __call__(self, reply: Reply) -> Reply:
        if self._send is not None and not self.posted:
            self.posted = True
            if self.before is not None and reply.kind not in ("ignored", "duplicate"):
                await self.before()
            try:
                await self._send(reply)
            except Exception as exc:  # the adapter's own catch-all answers it
                self.error = exc
        return reply


class Engine:
    """Runs the interview: `handle(inbound)` returns the reply for one message."""

    def __init__(self, settings: Settings, ports: Ports) -> None:
        self._settings = settings
        self._ports = ports
        self._limits = Limits(settings.max_questions, settings.max_conversation_history)
        self._render = Remembered(ports.render)
        self.replica = secrets.token_hex(6)

    def starts_interview(self, text: str) -> bool:
        """Whether `/interview <text>` opens a new interview (text that is not a command)."""
        return bool(text.strip()) and not is_command(text)

    async def arrive(self, inbound: Inbound, where: str = "") -> str:
        """Take this message's place in its thread's line now, before anything that awaits
        could reorder it (adapters call this before acknowledging the delivery); pass the
        ticket to `handle`. An outage gives NO_TICKET: `handle` then asks for a resend, since
        messages that arrive after the store is back would take their turns first. `where`
        (the adapter's reference for answering it) records the turn in flight from now: a
        replica killed before the turn starts leaves it findable by `unfinished`."""
        arrivals, threads = self._ports.arrivals, self._ports.threads
        if not inbound.thread.thread:
            return ""
        try:
            if inbound.addressed and threads is not None:
                # the thread is ours from this moment: a reply that reaches another replica
                # right after this delivery is acknowledged must not be ignored there
                await threads.claim(inbound.thread, inbound.user_id)
            ticket = await arrivals.ticket(inbound.thread) if arrivals is not None else ""
        except StoreError:
            return NO_TICKET
        if where:
            await self._begin(inbound, where)
        return ticket

    async def recent(
        self, platform: str, workspace: str, user_id: str, limit: int = 10
    ) -> tuple[InterviewSummary, ...] | None:
        """The person's recent interviews in a workspace, newest first: only ones they took
        part in. None when the store can't be reached; () without a recent-interviews store."""
        if self._ports.recent is None:
            return ()
        try:
            return await self._ports.recent.recent(platform, workspace, user_id, limit)
        except StoreError as exc:
            log.warning("could not list recent interviews: %s", redact(str(exc)))
            return None

    async def unfinished(self, platform: str) -> list[Unfinished]:
        """Keep this replica marked alive, and take the turns of `platform` that dead replicas
        left unfinished (each returned once, to one replica). A turn that was saved comes
        with its saved answer to post; a plain reply the bot would have ignored is dropped;
        the rest ask for the message again."""
        if self._ports.inflight is None:
            return []
        try:
            turns = await self._ports.inflight.orphans(
                self.replica, self._settings.lock_lease_seconds, platform
            )
        except StoreError as exc:
            log.warning("could not look for unfinished turns: %s", redact(str(exc)))
            return []
        found = [await self._recovered(turn) for turn in turns]
        return [turn for turn in found if turn is not None]

    async def _recovered(self, turn: Unfinished) -> Unfinished | None:
        """The turn with its saved answer, if the transcript has its message (only its
        placeholder removed when the answer was shown another way); None for a plain reply in
        a thread the bot does not own (the turn would have ignored it)."""
        threads = self._ports.threads
        try:
            if not turn.addressed and (threads is None or not await threads.owns(turn.thread)):
                return None
            session = await self._ports.sessions.load(turn.thread)
        except (StoreError, SessionError) as exc:
            log.warning("could not read an unfinished turn's session: %s", redact(str(exc)))
            return turn
        said = answer_to(session, turn.message_id) if session is not None else None
        if session is None or said is None:
            return turn
        user = said_by(session, turn.message_id)
        answered_elsewhere = user is not None and user.replica and user.replica != turn.replica
        if answered_elsewhere or session.transcript[-1] != said:
            # a redelivery was answered by a live replica, or later turns were: showing this
            # answer now would repeat it or put it out of order; the dead replica's
            # placeholder (if any) is removed, nothing is posted
            return replace(turn, reply=Reply("", kind="ignored"), posting=True)
        return replace(turn, reply=await self._saved_reply(session, said))

    async def answer_lost(
        self, turn: Unfinished, show: Callable[[Unfinished], Awaitable[None]]
    ) -> None:
        """Show a turn from `unfinished` with `show`: a saved answer in its thread's line and
        only while it is still the latest (the turns queued behind the dead replica's lock
        may have been answered since: then only its placeholder goes); the rest at once."""
        if turn.reply is None or turn.reply.kind == "ignored":
            await show(turn)
            return
        try:
            async with self._ports.gate.turn(turn.thread):
                session = await self._ports.sessions.load(turn.thread)
                said = answer_to(session, turn.message_id) if session is not None else None
                if session is None or said is None or session.transcript[-1] != said:
                    turn = replace(turn, reply=Reply("", kind="ignored"), posting=True)
                await show(turn)
        except (StoreError, SessionError) as exc:
            log.warning("could not answer an unfinished turn in line: %s", redact(str(exc)))

    async def _saved_reply(self, session: Session, said: Turn) -> Reply:
        """The answer a saved turn had: its text; the files when it delivered the current
        version; the buttons when it is the latest question."""
        latest = session.transcript[-1] == said
        if latest and session.changelog and session.changelog[-1].at == said.at:
            mail = self._ports.mailer is not None
            return await deliver(Delivery(session, said.text), self._render, mail, self._observe)
        if not latest or session.status != "interviewing":
            return Reply(said.text, kind="info")
        actions: tuple[Action, ...] = ()
        if session.offered_at and session.current_topic is None:
            actions = OFFER_ACTIONS
        else:
            actions = QUESTION_ACTIONS if session.current_topic is not None else ()
        return Reply(said.text, actions=actions, progress=progress(session), kind="question")

    async def handle(
        self, inbound: Inbound, ticket: str = "", placeholder: str = "", send: Send | None = None
    ) -> Reply:
        """Process one message or button press; never raises for bad input or outages.

        `ticket` is the place in line `arrive` gave this message. `placeholder` is the
        adapter's reference to a "thinking…" message it posted: the turn is recorded before
        work begins, so a crash leaves it findable by `unfinished`. With `send`, the reply is
        posted through it exactly once, inside the thread's turn when the turn took it (so
        the next message of the thread, on any replica, is answered after this one) and
        before the in-flight record is cleared; an error `send` raised is raised here."""
        started, kind = time.perf_counter(), "cancelled"
        self._observe("turn_started")
        answer = _Answer(send)
        try:
            reply = await self._guarded(inbound, ticket, placeholder, answer)
            kind = reply.kind
        finally:
            self._observe_turn(inbound, kind, time.perf_counter() - started)
        if answer.error is not None:
            raise answer.error
        return reply

    def _observe_turn(self, inbound: Inbound, kind: str, seconds: float) -> None:
        key = inbound.thread
        labels = {"kind": kind, "thread": key.slug(), "platform": key.platform}
        if self._settings.log_message_text:
            labels["text"] = inbound.text
        self._observe("turn", seconds, **labels)

    def _observe(self, name: str, value: float = 1.0, **labels: str) -> None:
        if self._ports.observer is not None:
            self._ports.observer.observe(name, value, **labels)

    async def _guarded(
        self, inbound: Inbound, ticket: str, placeholder: str, answer: _Answer
    ) -> Reply:
        ref = secrets.token_hex(3)
        recorded = await self._begin(inbound, placeholder)
        if recorded:
            answer.before = lambda: self._begin(inbound, placeholder, posting=True)
        try:
            if not inbound.thread.thread:
                reply = await self._channel_level(inbound)
            else:
                reply = await self._handle(inbound, ticket, answer)
        except StoreError as exc:
            await self._leave(inbound.thread, ticket)
            self._observe("error", kind="store")
            log.warning("store unavailable ref=%s: %s", ref, redact(str(exc)))
            reply = Reply(replies.UNAVAILABLE, kind="error")
        except Exception:
            self._observe("error", kind="internal")
            log.exception("turn failed ref=%s thread=%s", ref, thread_hash(inbound.thread.slug()))
            reply = Reply(
                f"Sorry, something went wrong on my side (ref {ref}). Please try again.",
                kind="error",
            )
        try:
            return await answer(reply)
        finally:
            if recorded:
                await self._end(inbound)

    async def _begin(self, inbound: Inbound, placeholder: str, posting: bool = False) -> bool:
        """Record the turn in flight (`posting`: its answer is being posted now)."""
        inflight = self._ports.inflight
        if not placeholder or inflight is None:
            return False
        turn = Unfinished(
            inbound.thread,
            inbound.message_id,
            placeholder,
            addressed=inbound.addressed,
            posting=posting,
            replica=self.replica,
        )
        try:
            await inflight.begin(turn, self.replica)
        except StoreError:
            return False  # the turn itself will report the outage
        return True

    async def _end(self, inbound: Inbound) -> None:
        if self._ports.inflight is not None:
            try:
                await self._ports.inflight.end(inbound.thread, inbound.message_id, self.replica)
            except StoreError as exc:
                log.warning("could not clear a finished turn: %s", redact(str(exc)))

    async def _leave(self, key: ThreadKey, ticket: str) -> None:
        """Give a place in line back (the message will not take its turn)."""
        if ticket and ticket != NO_TICKET and self._ports.arrivals is not None:
            try:
                await self._ports.arrivals.leave(key, ticket)
            except StoreError as exc:
                log.warning("could not give up a place in line: %s", redact(str(exc)))

    async def _channel_level(self, inbound: Inbound) -> Reply:
        """A message at channel level acts on the sender's latest thread in that channel."""
        threads = self._ports.threads
        latest = None
        if threads is not None:
            latest = await threads.latest(inbound.thread, inbound.user_id)
        if latest is None:
            cmd = parse(inbound.text, inbound.action)
            if cmd is not None and cmd.name == "help":
                return Reply(replies.HELP, kind="info")
            return Reply(replies.NO_INTERVIEW_HERE, kind="info")
        reply = await self._handle(replace(inbound, thread=latest))
        if reply.kind in ("duplicate", "ignored"):
            return replace(reply, thread=latest)
        return replace(reply, text=f"{replies.ABOUT_LATEST}\n\n{reply.text}", thread=latest)

    async def _handle(
        self, inbound: Inbound, ticket: str = "", answer: _Answer | None = None
    ) -> Reply:
        early = await self._screen(inbound)
        if early is None and ticket == NO_TICKET:
            self._observe("error", kind="store")
            return Reply(replies.UNAVAILABLE, kind="error")
        text, note = clean_text(inbound.text, self._settings.max_message_chars)
        cmd = parse(text, inbound.action)
        if early is None and not text and cmd is None:
            early = Reply(note or replies.EMPTY, kind="info")
        if early is not None:
            await self._leave(inbound.thread, ticket)
            return early
        ports, post = self._ports, answer or _Answer(None)
        async with ports.gate.turn(inbound.thread, ticket):
            outcome = await self._locked(inbound, cmd, text, note)
            if isinstance(outcome, Delivery):
                # drawn off the event loop but inside the thread's turn, so the next message
                # of this thread is answered after these files, never before them
                mail = ports.mailer is not None
                reply = await deliver(outcome, self._render, mail, self._observe)
                return await post(replace(reply, title=outcome.title))
            if not isinstance(outcome, Outgoing):
                return await post(outcome)  # posted before the next turn of the thread starts
        # the lock is released: mail goes out on the saved version
        return await self._outbox().send(outcome, await self._render(outcome.session))

    async def _screen(self, inbound: Inbound) -> Reply | None:
        """A reply when the message is not ours, a duplicate or over the rate limit; else
        None, and the thread is recorded as ours."""
        ports, key = self._ports, inbound.thread
        threads = ports.threads
        if not inbound.addressed and (threads is None or not await threads.owns(key)):
            return Reply("", kind="ignored")
        if not await ports.gate.first_delivery(key, inbound.message_id):
            return Reply("", kind="duplicate")
        if ports.limiter is not None:
            wait = await ports.limiter.allow(key.workspace, inbound.user_id)
            if wait > 0:
                return Reply(replies.RATE_LIMITED.format(seconds=math.ceil(wait)), kind="error")
        if threads is not None:
            await threads.claim(key, inbound.user_id)
        return None

    async def _locked(
        self, inbound: Inbound, cmd: Command | None, text: str, note: str | None
    ) -> Outcome:
        """The part of a turn that reads and writes the session, under the thread's lock."""
        try:
            session = await self._load(inbound.thread)
        except SessionError as exc:
            return await self._unreadable(inbound.thread, cmd, exc)
        if cmd is not None:
            return await self._command(session, cmd, inbound)
        return await self._turn(session, inbound, text, note)

    async def _load(self, key: ThreadKey) -> Session:
        stored = await self._ports.sessions.load(key)
        return stored or new_session(key, self._ports.clock())

    async def _unreadable(self, key: ThreadKey, cmd: Command | None, exc: SessionError) -> Reply:
        """A stored session that can't be parsed is kept (never silently overwritten) until
        the user chooses `restart` or `forget`."""
        log.warning("unreadable session %s: %s", thread_hash(key.slug()), exc)
        if cmd is not None and cmd.name in ("restart", "forget"):
            await self._ports.sessions.delete(key)
            text = replies.RESTARTED if cmd.name == "restart" else replies.FORGOTTEN
            return Reply(text, kind="info")
        return Reply(replies.UNREADABLE, kind="error")

    async def _plan(self, session: Session, inbound: Inbound, text: str) -> TurnPlan:
        """Moderation, the budget check, one brain call, then the budget charge."""
        ports, workspace = self._ports, inbound.thread.workspace
        if ports.moderator is not None and await ports.moderator.flagged(text):
            return TurnPlan(flagged=True)
        before = await ports.budget.state(workspace) if ports.budget is not None else None
        if before is not None and before.exhausted:
            log.warning("offline brain answered: budget")
            return plan_turn(session, text).model_copy(update={"degraded": BUDGET_USED_UP})
        try:
            async with asyncio.timeout(self._settings.turn_deadline_seconds):
                plan = await ports.brain.turn(session, replace(inbound, text=text))
        except TimeoutError:
            log.warning("brain passed the turn deadline; using offline rules")
            return plan_turn(session, text).model_copy(update={"degraded": DEADLINE_PASSED})
        except Exception:
            log.exception("brain failed; using offline rules")
            return plan_turn(session, text).model_copy(update={"degraded": "model unavailable"})
        if ports.budget is None or before is None or plan.usage is None:
            return plan
        notice = await ports.budget.charge(workspace, plan.usage.cost_usd, before)
        return plan.model_copy(update={"notice": notice}) if notice else plan

    async def _turn(
        self, session: Session, inbound: Inbound, text: str, note: str | None
    ) -> Outcome:
        plan = await self._plan(session, inbound, text)
        if plan.flagged:
            return Reply(replies.MODERATED, kind="info")
        step = advance(session, inbound, text, plan, self._limits, self._ports.clock())
        # which replica saved the message: recovery must not repeat another replica's answer
        step = replace(step, session=stamped(step.session, inbound.message_id, self.replica))
        outcome = await self._finish(session, step)
        if not note:
            return outcome
        if isinstance(outcome, Delivery):
            return replace(outcome, text=f"{note}\n\n{outcome.text}")
        assert isinstance(outcome, Reply)
        return replace(outcome, text=f"{note}\n\n{outcome.text}")

    async def _command(self, session: Session, cmd: Command, inbound: Inbound) -> Outcome:
        if cmd.name == "forget":
            return await self._forget(cmd, inbound)
        if cmd.name == "email":
            return await self._email(session, cmd, inbound)
        step = command(session, cmd, inbound.thread, self._limits, self._ports.clock())
        return await self._finish(session, step)

    async def _finish(self, before: Session, step: Step) -> Reply | Delivery:
        """Save the step's session; a delivery is rendered later, on this saved version."""
        session = step.session
        if session != before:
            session = await self._ports.sessions.save(session)
            await self._note(session)
        try:
            await self._count(before, session)
        except StoreError as exc:  # the turn is saved: a lost count must not ask for a resend
            log.warning("could not count the turn: %s", redact(str(exc)))
        title = new_title(before, session)
        if step.kind != "deliver":
            actions = {"ask": QUESTION_ACTIONS, "offer": OFFER_ACTIONS}.get(step.kind, ())
            return Reply(
                step.text,
                actions=actions,
                progress=progress(session),
                kind="question" if step.kind in ("ask", "offer") else "info",
                title=title,
            )
        return Delivery(session, step.text, step.changes, title)

    async def _note(self, session: Session) -> None:
        """Refresh the interview on its participants' recent lists; cosmetic, so an outage
        is logged and the turn goes on."""
        if self._ports.recent is None:
            return
        try:
            await self._ports.recent.note(summary_of(session), participant_ids(session))
        except StoreError as exc:
            log.warning("could not update recent interviews: %s", redact(str(exc)))

    async def _count(self, before: Session, after: Session) -> None:
        counters = self._ports.counters
        if counters is None:
            return
        b, a = before.counters, after.counters
        counts: dict[str, float] = {
            "questions_asked": a.questions_asked - b.questions_asked,
            "escapes": a.escapes - b.escapes,
            "corrections": a.corrections - b.corrections,
            "tokens": (a_u := after.usage).prompt_tokens
            + a_u.completion_tokens
            - before.usage.prompt_tokens
            - before.usage.completion_tokens,
            "interviews_started": float(b.turns == 0 and a.turns > 0),
            "interviews_completed": float(
                before.deliverable_version == 0 and after.deliverable_version > 0
            ),
        }
        if counts["interviews_completed"]:
            counts["questions_before_delivery"] = float(a.questions_asked)
        nonzero = {k: v for k, v in counts.items() if v}
        if nonzero:
            workspace = after.key.split(":")[1] if after.key.count(":") >= 3 else "unknown"
            await counters.add(workspace, nonzero)

    async def _forget(self, cmd: Command, inbound: Inbound) -> Reply:
        """`forget` deletes this thread; `forget --user <id>` (admins) a person's data."""
        target = target_user(cmd)
        if target is None:
            await self._ports.sessions.delete(inbound.thread)
            return Reply(replies.FORGOTTEN, kind="info")
        if inbound.user_id not in self._settings.admins or self._ports.eraser is None:
            return Reply(replies.NOT_ADMIN, kind="info")
        count = await self._ports.eraser.forget_user(inbound.thread.workspace, target)
        return Reply(
            f"Done: deleted {count} conversation(s) of that user in this workspace.", kind="info"
        )

    def _outbox(self) -> Outbox:
        ports = self._ports
        return Outbox(
            ports.mailer,
            ports.ledger,
            ports.counters,
            ports.observer,
            self._settings.email_max_per_thread_per_day,
        )

    async def _email(self, session: Session, cmd: Command, inbound: Inbound) -> Reply | Outgoing:
        """Checked under the thread's turn; the send happens after the lock is released."""
        return await self._outbox().check(
            session, cmd.arg, inbound, self._ports.clock().timestamp()
        )

"""Engine: the one place that sequences the side effects of a turn."""

from __future__ import annotations

import logging
import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from engine import replies
from engine.brain.base import Brain, TurnPlan
from engine.brain.rules import plan_turn
from engine.deliverables.files import render_all, screens_touched
from engine.dialogue import Limits, advance, command
from engine.interview import Command, Step, parse_command, progress
from engine.mail import Mailer, MailError
from engine.messages import Action, Inbound, Reply, ThreadKey
from engine.redact import redact
from engine.session import Session, SessionError, new_session, utcnow
from engine.settings import Settings
from engine.store.base import Counters, Limiter, SessionStore, StoreError, TurnGate

log = logging.getLogger("meta_agent.engine")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_FORGET_USER = re.compile(r"^--user\s+(\S+)$")

QUESTION_ACTIONS = (
    Action("deliver", "Skip to deliverables", "primary"),
    Action("skip", "Skip this question"),
)
OFFER_ACTIONS = (
    Action("deliver", "Deliver now", "primary"),
    Action("more", "A few more questions"),
)
DELIVERY_ACTIONS = (
    Action("accept", "Accept assumptions", "primary"),
    Action("email", "Email me the summary"),
)


class UserEraser(Protocol):
    """Deletes every session of one user in a workspace (admin `forget --user`)."""

    async def forget_user(self, workspace: str, user_id: str) -> int:
        """Returns how many sessions were deleted."""
        ...


@dataclass(frozen=True, slots=True)
class Ports:
    """The engine's collaborators; only `sessions`, `gate` and `brain` are required."""

    sessions: SessionStore
    gate: TurnGate
    brain: Brain
    limiter: Limiter | None = None
    counters: Counters | None = None
    mailer: Mailer | None = None
    eraser: UserEraser | None = None
    clock: Callable[[], datetime] = field(default=utcnow)


def clean_text(raw: str, limit: int) -> tuple[str, str | None]:
    """User text made safe to process: control characters removed, length bounded.

    Returns the text and a note for the user when something was dropped.
    """
    if "\x00" in raw or (
        raw
        and sum(not c.isprintable() and not c.isspace() for c in raw[:2000]) > len(raw[:2000]) // 4
    ):
        return "", replies.BINARY
    text = _CONTROL.sub("", raw).strip()
    if len(text) > limit:
        return text[:limit], replies.TRUNCATED.format(limit=limit)
    return text, None


class Engine:
    """Runs the interview: `handle(inbound)` returns the reply for one message."""

    def __init__(self, settings: Settings, ports: Ports) -> None:
        self._settings = settings
        self._ports = ports
        self._limits = Limits(settings.max_questions, settings.max_conversation_history)

    async def handle(self, inbound: Inbound) -> Reply:
        """Process one message or button press; never raises for bad input or outages."""
        ref = secrets.token_hex(3)
        try:
            return await self._handle(inbound)
        except StoreError as exc:
            log.warning("store unavailable ref=%s: %s", ref, redact(str(exc)))
            return Reply(replies.UNAVAILABLE, kind="error")
        except Exception:
            log.exception("turn failed ref=%s thread=%s", ref, inbound.thread.slug())
            return Reply(
                f"Sorry, something went wrong on my side (ref {ref}). Please try again.",
                kind="error",
            )

    async def _handle(self, inbound: Inbound) -> Reply:
        ports, key = self._ports, inbound.thread
        if not await ports.gate.first_delivery(key, inbound.message_id):
            return Reply("", kind="duplicate")
        if ports.limiter is not None:
            wait = await ports.limiter.allow(key.workspace, inbound.user_id)
            if wait > 0:
                return Reply(replies.RATE_LIMITED.format(seconds=math.ceil(wait)), kind="error")
        text, note = clean_text(inbound.text, self._settings.max_message_chars)
        cmd = parse_command(text, inbound.action)
        if not text and cmd is None:
            return Reply(note or replies.EMPTY, kind="info")
        async with ports.gate.turn(key):
            try:
                session = await self._load(key)
            except SessionError as exc:
                return await self._unreadable(key, cmd, exc)
            if cmd is not None:
                return await self._command(session, cmd, inbound)
            return await self._turn(session, inbound, text, note)

    async def _load(self, key: ThreadKey) -> Session:
        stored = await self._ports.sessions.load(key)
        return stored or new_session(key, self._ports.clock())

    async def _unreadable(self, key: ThreadKey, cmd: Command | None, exc: SessionError) -> Reply:
        """A stored session that can't be parsed is kept (never silently overwritten) until
        the user chooses `restart` or `forget`."""
        log.warning("unreadable session %s: %s", key.slug(), exc)
        if cmd is not None and cmd.name in ("restart", "forget"):
            await self._ports.sessions.delete(key)
            text = replies.RESTARTED if cmd.name == "restart" else replies.FORGOTTEN
            return Reply(text, kind="info")
        return Reply(replies.UNREADABLE, kind="error")

    async def _plan(self, session: Session, inbound: Inbound, text: str) -> TurnPlan:
        message = Inbound(
            inbound.thread,
            inbound.message_id,
            inbound.user_id,
            inbound.user_name,
            text,
            inbound.action,
        )
        try:
            return await self._ports.brain.turn(session, message)
        except Exception:
            log.exception("brain failed; using offline rules")
            return plan_turn(session, text).model_copy(update={"degraded": "model unavailable"})

    async def _turn(self, session: Session, inbound: Inbound, text: str, note: str | None) -> Reply:
        plan = await self._plan(session, inbound, text)
        if plan.flagged:
            return Reply(replies.MODERATED, kind="info")
        step = advance(session, inbound, text, plan, self._limits, self._ports.clock())
        reply = await self._finish(session, step)
        if note:
            return Reply(
                f"{note}\n\n{reply.text}",
                reply.attachments,
                reply.actions,
                reply.progress,
                reply.kind,
            )
        return reply

    async def _command(self, session: Session, cmd: Command, inbound: Inbound) -> Reply:
        if cmd.name == "forget":
            return await self._forget(cmd, inbound)
        if cmd.name == "email":
            return await self._email(session, cmd, inbound)
        step = command(session, cmd, inbound.thread, self._limits, self._ports.clock())
        return await self._finish(session, step)

    async def _finish(self, before: Session, step: Step) -> Reply:
        session = step.session
        if session != before:
            session = await self._ports.sessions.save(session)
        await self._count(before, session)
        if step.kind != "deliver":
            actions = {"ask": QUESTION_ACTIONS, "offer": OFFER_ACTIONS}.get(step.kind, ())
            return Reply(
                step.text,
                actions=actions,
                progress=progress(session),
                kind="question" if step.kind in ("ask", "offer") else "info",
            )
        try:
            files = render_all(session)
        except Exception:  # the session is saved; the files can be rendered again with export
            ref = secrets.token_hex(3)
            log.exception("rendering failed ref=%s thread=%s", ref, session.key)
            text = f"{step.text}\n\n{replies.RENDER_FAILED.format(ref=ref)}"
            return Reply(text, (), (), progress(session), "error")
        text = step.text
        refs = {c.split(" ", 1)[0] for c in step.changes if re.match(r"^A\d+ ", c)}
        touched = screens_touched(files.spec, refs)
        if touched:
            text += "\n\nScreens touched: " + ", ".join(touched) + "."
        return Reply(text, files.attachments, DELIVERY_ACTIONS, progress(session), "deliverables")

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
        nonzero = {k: v for k, v in counts.items() if v}
        if nonzero:
            workspace = after.key.split(":")[1] if after.key.count(":") >= 3 else "unknown"
            await counters.add(workspace, nonzero)

    async def _forget(self, cmd: Command, inbound: Inbound) -> Reply:
        match = _FORGET_USER.match(cmd.arg)
        if match is None:
            await self._ports.sessions.delete(inbound.thread)
            return Reply(replies.FORGOTTEN, kind="info")
        if inbound.user_id not in self._settings.admins or self._ports.eraser is None:
            return Reply(replies.NOT_ADMIN, kind="info")
        target = match.group(1).strip("<@>")
        count = await self._ports.eraser.forget_user(inbound.thread.workspace, target)
        return Reply(
            f"Done: deleted {count} conversation(s) of that user in this workspace.", kind="info"
        )

    async def _email(self, session: Session, cmd: Command, inbound: Inbound) -> Reply:
        if self._ports.mailer is None:
            return Reply("Email isn't set up on this bot (it needs RESEND_API_KEY).", kind="info")
        address = cmd.arg.strip("<>").removeprefix("mailto:").split("|")[0]
        if not _EMAIL.match(address):
            return Reply("Tell me where to send it, e.g. `email you@example.com`.", kind="info")
        if not session.deliverable_version:
            return Reply(replies.NOTHING_YET, kind="info")
        files = render_all(session)
        pdfs = tuple(a for a in files.attachments if a.mime_type == "application/pdf")
        try:
            await self._ports.mailer.send(
                address,
                f"Requirements brief v{session.deliverable_version}",
                files.brief,
                pdfs + files.attachments[:1],
            )
        except MailError as exc:
            log.warning("email failed: %s", redact(str(exc)))
            return Reply(
                "I couldn't send the email just now. Please try again later.", kind="error"
            )
        return Reply("Sent the summary by email.", kind="info")

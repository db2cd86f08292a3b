"""Work that runs after a thread's lock is released: rendering and mailing a saved version."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from dataclasses import dataclass

from engine import replies
from engine.deliverables.files import Deliverables, render_all, screens_touched
from engine.interview import progress
from engine.mail import Mailer, MailError
from engine.messages import Action, Reply
from engine.redact import redact
from engine.session import Session

log = logging.getLogger("meta_agent.engine")

QUESTION_ACTIONS = (
    Action("deliver", "Skip to deliverables", "primary"),
    Action("skip", "Skip this question"),
)
DELIVERY_ACTIONS = (
    Action("accept", "Accept assumptions", "primary"),
    Action("email", "Email me the summary"),
)
_REF = re.compile(r"^A\d+ ")


@dataclass(frozen=True, slots=True)
class Delivery:
    """Files still to draw for one saved, versioned session, and the text that goes with them."""

    session: Session
    text: str
    changes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mail:
    """A summary still to send for one saved, versioned session."""

    session: Session
    address: str
    mailer: Mailer


async def render(session: Session) -> Deliverables:
    """Every file of the session, drawn on a worker thread so the event loop keeps serving."""
    return await asyncio.to_thread(render_all, session)


async def deliver(delivery: Delivery) -> Reply:
    """The deliverables reply; a rendering failure keeps the saved session and offers export."""
    session = delivery.session
    try:
        files = await render(session)
    except Exception:
        ref = secrets.token_hex(3)
        log.exception("rendering failed ref=%s thread=%s", ref, session.key)
        text = f"{delivery.text}\n\n{replies.RENDER_FAILED.format(ref=ref)}"
        return Reply(text, (), (), progress(session), "error")
    text = delivery.text
    refs = {c.split(" ", 1)[0] for c in delivery.changes if _REF.match(c)}
    touched = screens_touched(files.spec, refs)
    if touched:
        text += "\n\nScreens touched: " + ", ".join(touched) + "."
    return Reply(text, files.attachments, DELIVERY_ACTIONS, progress(session), "deliverables")


async def send(mail: Mail) -> Reply:
    """Mail the brief, the PDF pack and the brief file of the saved version."""
    session = mail.session
    files = await render(session)
    pdfs = tuple(a for a in files.attachments if a.mime_type == "application/pdf")
    try:
        await mail.mailer.send(
            mail.address,
            f"Requirements brief v{session.deliverable_version}",
            files.brief,
            pdfs + files.attachments[:1],
        )
    except MailError as exc:
        log.warning("email failed: %s", redact(str(exc)))
        return Reply("I couldn't send the email just now. Please try again later.", kind="error")
    return Reply("Sent the summary by email.", kind="info")

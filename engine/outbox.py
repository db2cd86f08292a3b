"""The summary-email flow: the checks made under the thread's turn, then the send and records."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from engine import mail_policy, replies
from engine.deliverables.files import Deliverables
from engine.mail import Mailer, MailError
from engine.messages import Inbound, Reply, ThreadKey
from engine.observer import Observer
from engine.redact import redact
from engine.session import Session
from engine.store.base import Counters, MailLedger
from engine.summary_mail import summary_email

log = logging.getLogger("meta_agent.engine")


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A checked email still to send: the saved session, the address and its idempotency key."""

    session: Session
    thread: ThreadKey
    address: str
    key: str
    at: float


@dataclass(frozen=True, slots=True)
class Outbox:
    """Sends summaries: who may be emailed, how often, once per version, and what to say."""

    mailer: Mailer | None
    ledger: MailLedger | None
    counters: Counters | None = None
    observer: Observer | None = None
    daily_limit: int = 5

    async def check(
        self, session: Session, arg: str, inbound: Inbound, now: float
    ) -> Reply | Outgoing:
        """A reply when nothing should be sent (no key, bad or untyped address, already sent,
        over the limit), else the Outgoing email. Run it while holding the thread's turn."""
        if self.mailer is None:
            return Reply(mail_policy.NOT_CONFIGURED, kind="info")
        if not session.deliverable_version:
            return Reply(replies.NOTHING_YET, kind="info")
        address = mail_policy.clean_address(arg)
        if not address:
            return Reply(mail_policy.ask_for_address(session), kind="info")
        typed = inbound.text if inbound.action is None else None
        if not mail_policy.valid_address(address):
            return Reply(mail_policy.BAD, kind="info")
        if not mail_policy.typed_by_participant(session, address, typed):
            return Reply(mail_policy.NOT_TYPED, kind="info")
        version = session.deliverable_version
        key = mail_policy.idempotency_key(inbound.thread.slug(), version, address)
        sent = await self.ledger.mail_sent(inbound.thread) if self.ledger else {}
        if key in sent:
            return Reply(mail_policy.ALREADY.format(version=version, address=address), kind="info")
        if mail_policy.sends_today(sent, now) >= self.daily_limit:
            return Reply(mail_policy.LIMIT.format(limit=self.daily_limit), kind="info")
        return Outgoing(session, inbound.thread, address, key, now)

    async def send(self, mail: Outgoing, files: Deliverables) -> Reply:
        """Send the rendered version; record it (ledger, counters, observer) once it went out."""
        assert self.mailer is not None  # check() returned Outgoing only with a mailer
        session = mail.session
        email = summary_email(session, files.brief, files.attachments, mail.address, mail.key)
        try:
            await self.mailer.send(email)
        except MailError as exc:
            log.warning("email failed (%s): %s", exc.kind, redact(str(exc)))
            self._observe(outcome="failed", kind=exc.kind)
            return Reply(mail_policy.failure_text(exc.kind), kind="error")
        self._observe(outcome="sent")
        if self.ledger is not None:
            await self.ledger.record_mail(mail.thread, mail.key, mail.at)
        if self.counters is not None:
            await self.counters.add(mail.thread.workspace, {"emails_sent": 1.0})
        text = mail_policy.SENT.format(version=session.deliverable_version, address=mail.address)
        return Reply(text, kind="info")

    def _observe(self, **labels: str) -> None:
        if self.observer is not None:
            self.observer.observe("email", 1.0, **labels)

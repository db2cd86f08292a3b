"""Who may be emailed, how often, and the idempotency key of one send (pure rules)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from engine.session import Session

DAY_SECONDS = 86_400.0
_ADDRESS = re.compile(
    r"^(?=.{6,254}$)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_FIND = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}")


def clean_address(raw: str) -> str:
    """The address in a command argument: Slack's `<mailto:a@b|a@b>` and brackets removed."""
    text = raw.strip().strip("<>").removeprefix("mailto:").split("|")[0]
    return text.strip().rstrip(".,;:!?)").lstrip("(")


def valid_address(address: str) -> bool:
    """A syntactically valid single address with a dotted domain (no display names)."""
    return bool(_ADDRESS.match(address)) and ".." not in address


def typed_addresses(session: Session) -> list[str]:
    """Addresses participants typed in the thread, most recent first."""
    found: list[str] = []
    for turn in reversed(session.transcript):
        if turn.role == "user":
            found += [a for a in reversed(_FIND.findall(turn.text)) if a not in found]
    return found


def typed_by_participant(session: Session, address: str, typed_now: str | None) -> bool:
    """True when a participant typed `address`: in this message, or in an earlier line."""
    target = address.casefold()
    if typed_now is not None and target in (a.casefold() for a in _FIND.findall(typed_now)):
        return True
    return any(a.casefold() == target for a in typed_addresses(session))


def idempotency_key(slug: str, version: int, address: str) -> str:
    """One key per thread, deliverable version and recipient (no personal data in it)."""
    digest = hashlib.sha256(f"{slug}\n{address.casefold()}".encode()).hexdigest()[:32]
    return f"meta-agent-{digest}-v{version}"


def sends_today(ledger: Mapping[str, float], now: float) -> int:
    """How many distinct emails this thread sent in the last 24 hours."""
    return sum(1 for at in ledger.values() if now - at < DAY_SECONDS)


NOT_CONFIGURED = (
    "Email isn't set up on this bot. An admin can turn it on by setting RESEND_API_KEY "
    "(a key from resend.com) and EMAIL_FROM (an address on a domain verified in Resend), "
    "then restarting. Meanwhile `export` posts the files here again."
)
ASK = "Who should get it? Reply `email you@example.com`."
BAD = "That doesn't look like an email address. Try `email you@example.com`."
NOT_TYPED = "I only email addresses someone in this thread typed. Reply `email you@example.com`."
LIMIT = (
    "This thread already sent {limit} emails today, the daily limit. "
    "`export` posts the files here again."
)
ALREADY = "Brief v{version} was already emailed to {address}; nothing sent again."
SENT = "Sent brief v{version} to {address} (the PNG wireframes and the PDF pack are attached)."
_FAILURES = {
    "auth": "Resend rejected this bot's API key; an admin needs to check RESEND_API_KEY.",
    "domain": (
        "Resend won't send from the address in EMAIL_FROM: its domain isn't verified in Resend "
        "yet (an admin can verify it at resend.com/domains)."
    ),
    "rate_limit": "Resend is rate-limiting this bot right now; try again in a minute.",
    "invalid": "Resend refused that address or message; check the address and try again.",
    "conflict": "That email is already being sent; give it a moment.",
    "unavailable": "Resend didn't answer just now; try again in a minute.",
}


def ask_for_address(session: Session) -> str:
    """The question the email button asks, suggesting addresses typed in the thread."""
    typed = typed_addresses(session)[:2]
    if not typed:
        return ASK
    return ASK + " (e.g. " + " or ".join(f"`email {a}`" for a in typed) + ")"


def failure_text(kind: str) -> str:
    """The user-facing reply for a failed send; nothing is lost, the command can be repeated."""
    reason = _FAILURES.get(kind, _FAILURES["unavailable"])
    return f"I couldn't send the email. {reason} Nothing is lost: the brief is still here."

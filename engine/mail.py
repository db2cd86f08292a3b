"""The Mailer port and the Resend mailer."""

from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from engine.messages import Attachment
from engine.redact import redact

MailFailure = Literal["auth", "domain", "rate_limit", "invalid", "conflict", "unavailable"]


@dataclass(frozen=True, slots=True)
class Email:
    """One summary email: HTML and plain-text bodies, files, and its idempotency key."""

    to: str
    subject: str
    html: str
    text: str
    attachments: tuple[Attachment, ...]
    idempotency_key: str


class MailError(RuntimeError):
    """The summary could not be sent; `kind` says why (the message is safe to log)."""

    def __init__(self, kind: MailFailure, detail: str) -> None:
        """Record the failure kind and a redacted detail."""
        super().__init__(redact(detail))
        self.kind: MailFailure = kind


class Mailer(Protocol):
    """Sends the interview summary by email."""

    async def send(self, email: Email) -> str:
        """Send; returns the provider's message id. Raises MailError."""
        ...


def resend_params(sender: str, email: Email) -> dict[str, Any]:
    """The body of Resend's POST /emails (attachments as base64 strings)."""
    return {
        "from": sender,
        "to": [email.to],
        "subject": email.subject,
        "html": email.html,
        "text": email.text,
        "attachments": [
            {
                "filename": a.filename,
                "content": base64.b64encode(a.content).decode("ascii"),
                "content_type": a.mime_type,
            }
            for a in email.attachments
        ],
    }


def classify(code: int | str, error_type: str, message: str) -> MailFailure:
    """Map a Resend error (HTTP status, `name`, message) to what the user is told."""
    status = int(code) if str(code).isdigit() else 500
    lowered = message.lower()
    if "domain" in lowered and ("verif" in lowered or "not" in lowered):
        return "domain"
    if status in (401, 403) or error_type.endswith("api_key"):
        return "auth"
    if status == 429 or "quota" in error_type or error_type == "rate_limit_exceeded":
        return "rate_limit"
    if status == 409:
        return "conflict"
    if status in (400, 422):
        return "invalid"
    return "unavailable"


class ResendMailer:
    """Sends through the `resend` SDK (blocking, so each call runs in a worker thread).

    The SDK reads `resend.api_key` and `resend.api_url` on every request; they are set from
    RESEND_API_KEY / RESEND_API_URL right before each send. The idempotency key goes out as the
    `Idempotency-Key` header (SDK `options={"idempotency_key": ...}`), so Resend never sends the
    same thread + version + address twice within its 24-hour idempotency window.
    """

    def __init__(self, api_key: str, sender: str, api_url: str = "https://api.resend.com") -> None:
        """Configure the key, the From address and the API base URL."""
        self._key = api_key
        self._sender = sender
        self._url = api_url.rstrip("/")

    async def send(self, email: Email) -> str:
        """Send `email`; returns Resend's id. Raises MailError with a failure kind."""
        return await asyncio.to_thread(self._send, email)

    def _send(self, email: Email) -> str:
        import resend
        from resend.exceptions import ResendError

        resend.api_key = self._key
        resend.api_url = self._url
        try:
            sent = resend.Emails.send(
                resend_params(self._sender, email),  # type: ignore[arg-type]
                {"idempotency_key": email.idempotency_key},
            )
        except ResendError as exc:
            kind = classify(exc.code, str(exc.error_type), str(exc.message))
            raise MailError(kind, f"Resend {exc.code} {exc.error_type}: {exc.message}") from None
        except Exception as exc:  # requests/SDK failures outside ResendError
            raise MailError("unavailable", f"Resend call failed: {type(exc).__name__}") from None
        return str(sent.get("id", ""))


async def check_resend(api_key: str, api_url: str) -> tuple[bool, str, tuple[str, ...]]:
    """List the account's domains (for `meta-agent doctor`): ok, a message without secrets,
    and the verified domain names."""

    def call() -> Any:
        import resend

        resend.api_key = api_key
        resend.api_url = api_url.rstrip("/")
        return resend.Domains.list()

    from resend.exceptions import ResendError

    try:
        listed = await asyncio.to_thread(call)
    except ResendError as exc:
        kind = classify(exc.code, str(exc.error_type), str(exc.message))
        return False, redact(f"Resend answered {exc.code} ({kind}): {exc.message}"), ()
    except Exception as exc:
        return False, f"Resend unreachable: {type(exc).__name__}", ()
    domains = [d for d in listed.get("data", []) if isinstance(d, dict)]
    verified = [str(d.get("name")) for d in domains if d.get("status") == "verified"]
    message = (
        f"Resend key works; {len(domains)} domain(s), verified: {', '.join(verified) or 'none'}"
    )
    return True, message, tuple(verified)


def make_mailer(api_key: str | None, sender: str, api_url: str) -> ResendMailer | None:
    """The Resend mailer when a key is configured, else None (email is then not offered)."""
    return ResendMailer(api_key, sender, api_url) if api_key else None

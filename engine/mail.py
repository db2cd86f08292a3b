"""The Mailer port and the Resend mailer."""

from __future__ import annotations

from typing import Protocol

from engine.messages import Attachment


class MailError(RuntimeError):
    """The summary could not be sent."""


class Mailer(Protocol):
    """Sends the interview summary by email."""

    async def send(
        self, to: str, subject: str, markdown: str, attachments: tuple[Attachment, ...]
    ) -> str:
        """Send; returns the provider's message id. Raises MailError."""
        ...

"""Process logging: one handler whose every line (tracebacks included) is redacted."""

from __future__ import annotations

import logging
import sys

from engine.redact import redact_personal


class RedactingFormatter(logging.Formatter):
    """Formats a record, then masks secrets and personal data in the whole text."""

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record with API keys, tokens, emails and phone numbers masked."""
        return redact_personal(super().format(record))


def configure(level: str = "INFO") -> None:
    """Send logs to stderr through the redacting formatter (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_meta_agent", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._meta_agent = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper() if level.upper() in logging.getLevelNamesMapping() else "INFO")

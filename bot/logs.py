"""Process logging: one handler whose every line (tracebacks included) is redacted."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from engine.redact import redact

# Fields a record may carry in `extra=` and the JSON key each is written under
# (`thread` itself is taken: LogRecord.thread is the OS thread id).
EXTRA_FIELDS = {
    "thread_hash": "thread",
    "duration_ms": "duration_ms",
    "kind": "kind",
    "platform": "platform",
}


class RedactingFormatter(logging.Formatter):
    """Formats a record, then masks secrets and personal data in the whole text."""

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record with API keys, tokens, emails and phone numbers masked."""
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, event, logger, thread hash, duration, error."""

    def __init__(self, message_text: bool = False) -> None:
        """`message_text` lets a record's `text` extra (what a user wrote) into the line."""
        super().__init__()
        self._message_text = message_text

    def format(self, record: logging.LogRecord) -> str:
        """The record as a redacted JSON line."""
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "event": redact(record.getMessage()),
            "logger": record.name,
        }
        for attribute, key in EXTRA_FIELDS.items():
            value = getattr(record, attribute, None)
            if value is not None:
                line[key] = value
        text = getattr(record, "text", None)
        if self._message_text and isinstance(text, str):
            line["text"] = redact(text)
        if record.exc_info:
            line["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def use_json(fmt: str) -> bool:
    """LOG_FORMAT: json, text, or auto (JSON unless stderr is a terminal)."""
    return fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())


def configure(level: str = "INFO", fmt: str = "text", message_text: bool = False) -> None:
    """Send logs to stderr through a redacting formatter (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_meta_agent", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    if use_json(fmt):
        handler.setFormatter(JsonFormatter(message_text))
    else:
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._meta_agent = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper() if level.upper() in logging.getLevelNamesMapping() else "INFO")


def _scrub(event: dict[str, Any], _hint: dict[str, Any]) -> dict[str, Any]:
    """Sentry's before_send: redact messages and exception values."""
    if isinstance(event.get("message"), str):
        event["message"] = redact(event["message"])
    for item in (event.get("exception") or {}).get("values") or []:
        if isinstance(item.get("value"), str):
            item["value"] = redact(item["value"])
    logentry = event.get("logentry") or {}
    if isinstance(logentry.get("message"), str):
        logentry["message"] = redact(logentry["message"])
    return event


def _scrub_breadcrumb(crumb: dict[str, Any], _hint: dict[str, Any]) -> dict[str, Any]:
    """Sentry's before_breadcrumb: redact the message and drop any user text."""
    if isinstance(crumb.get("message"), str):
        crumb["message"] = redact(crumb["message"])
    data = crumb.get("data")
    if isinstance(data, dict):
        data.pop("text", None)
    return crumb


def init_sentry(dsn: str | None) -> bool:
    """Start sentry-sdk when SENTRY_DSN is set (no personal data, redacted events).

    Raises ValueError when the DSN is set but the optional sentry extra is not installed."""
    if not dsn:
        return False
    try:
        import sentry_sdk
    except ImportError:
        raise ValueError(
            "SENTRY_DSN is set but sentry-sdk is not installed (pip install 'meta-agent[sentry]')"
        ) from None

    sentry_sdk.init(
        dsn=dsn,
        send_default_pii=False,
        before_send=_scrub,  # type: ignore[arg-type]
        before_breadcrumb=_scrub_breadcrumb,
    )
    return True

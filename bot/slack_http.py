"""Slack HTTP requests checked before Bolt sees them: size, timestamp, signature, body shape."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 512 * 1024  # Slack's own payloads stay far below this
MAX_SKEW_SECONDS = 300


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a request was refused, and the HTTP status that says so."""

    status: int
    reason: str


def _signed(secret: str, stamp: str, body: bytes, signature: str) -> bool:
    """Slack's v0 HMAC-SHA256 over the exact bytes received (any bytes, never decoded)."""
    base = b"v0:" + stamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return signature.isascii() and hmac.compare_digest(expected, signature)


def _json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):
        return False


def _body_shape(body: bytes, content_type: str) -> Rejection | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Rejection(400, "body is not UTF-8")
    if content_type.startswith("application/json"):
        return None if _json_object(text) else Rejection(400, "body is not a JSON object")
    if content_type.startswith("application/x-www-form-urlencoded"):
        form = parse_qs(text, keep_blank_values=True)
        if "payload" in form:
            ok = len(form["payload"]) == 1 and _json_object(form["payload"][0])
            return None if ok else Rejection(400, "form payload is not a JSON object")
        if "command" in form or "ssl_check" in form:
            return None
        return Rejection(400, "form body has neither a payload nor a command")
    return Rejection(415, "unsupported content type")


def check_request(
    headers: Mapping[str, str],
    body: bytes,
    signing_secret: str | None,
    clock: Callable[[], float] = time.time,
) -> Rejection | None:
    """None when the request may go to Bolt, else why not (never raises on any input)."""
    if len(body) > MAX_BODY_BYTES:
        return Rejection(413, "body too large")
    if signing_secret:
        stamp = headers.get("X-Slack-Request-Timestamp", "")
        if not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12:
            return Rejection(400, "timestamp is not a number")
        if abs(clock() - int(stamp)) > MAX_SKEW_SECONDS:
            return Rejection(401, "stale timestamp")
        if not _signed(signing_secret, stamp, body, headers.get("X-Slack-Signature", "")):
            return Rejection(401, "invalid signature")
    return _body_shape(body, headers.get("Content-Type", "").lower())


def log_rejection(rejection: Rejection, size: int, peer: str | None) -> None:
    """One bounded log line per refused request (never its body)."""
    log.warning(
        "slack request refused: %s (HTTP %d, %d bytes, from %s)",
        rejection.reason,
        rejection.status,
        size,
        (peer or "unknown")[:64],
    )

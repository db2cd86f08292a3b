"""The one redaction of secrets and personal data from text bound for logs, errors, files and
the model."""

from __future__ import annotations

import re
from collections.abc import Iterable

SECRET = "[secret]"
_SECRETS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:sk|rk|pk)-(?:proj-)?[A-Za-z0-9_-]{16,}"), "[secret]"),
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"), "[secret]"),
    (re.compile(r"\bxapp-[A-Za-z0-9-]{10,}"), "[secret]"),
    (re.compile(r"\bre_[A-Za-z0-9_]{16,}"), "[secret]"),
    (re.compile(r"\b(?:ghp|gho|github_pat)_[A-Za-z0-9_]{20,}"), "[secret]"),
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), "[secret]"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}"), "[secret]"),
    (re.compile(r"\bBearer\s+[A-Za-z0-9._\-]{16,}"), "Bearer [secret]"),
    (re.compile(r"(?i)\b(password|passwd|secret|token|api[_ -]?key)\s*[:=]\s*\S+"), r"\1=[secret]"),
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^@\s/]*@"), r"\1[secret]@"),
)
_PERSONAL: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"), "[email]"),
    (re.compile(r"\b(?:\d[ -]?){13,19}\b"), "[card]"),
    (re.compile(r"(?<!\w)\+?\d[\d ().-]{8,}\d(?!\w)"), "[phone]"),
)


def redact(text: str, secrets: Iterable[str] = (), *, personal: bool = True) -> str:
    """`text` with the given secret values, anything shaped like an API key, token, password
    or URL credential masked, and (when `personal`) emails, phone and card numbers too.

    Text sent to the model keeps personal details (`personal=False`): they are the user's
    own words about their product; logs, errors and files mask them.
    """
    for secret in secrets:
        if len(secret) >= 4:
            text = text.replace(secret, SECRET)
    for pattern, replacement in _SECRETS + (_PERSONAL if personal else ()):
        text = pattern.sub(replacement, text)
    return text

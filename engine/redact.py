"""Redaction of secrets and personal data from text bound for logs, errors and files."""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:sk|rk|pk)-(?:proj-)?[A-Za-z0-9_-]{16,}"), "[secret]"),
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"), "[secret]"),
    (re.compile(r"\bxapp-[A-Za-z0-9-]{10,}"), "[secret]"),
    (re.compile(r"\bre_[A-Za-z0-9_]{16,}"), "[secret]"),
    (re.compile(r"\b(?:ghp|gho|github_pat)_[A-Za-z0-9_]{20,}"), "[secret]"),
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), "[secret]"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}"), "[secret]"),
    (re.compile(r"(?i)\b(password|passwd|secret|token|api[_ -]?key)\s*[:=]\s*\S+"), r"\1=[secret]"),
    (
        re.compile(r"(?i)(redis|rediss|postgres|postgresql|mysql|amqp)://[^@\s/]*@"),
        r"\1://[secret]@",
    ),
    (re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"), "[email]"),
    (re.compile(r"\b(?:\d[ -]?){13,19}\b"), "[card]"),
    (re.compile(r"(?<!\w)\+?\d[\d ().-]{8,}\d(?!\w)"), "[phone]"),
)


def redact(text: str) -> str:
    """`text` with API keys, tokens, passwords, emails, phone and card numbers masked."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text

"""The one redaction: secrets always; e-mail addresses and phone numbers in text bound for logs
and errors (deliverables and the model keep what people wrote)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

_SECRETS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:sk|rk|pk)-(?:proj-)?[A-Za-z0-9_-]{16,}"), "[secret]"),
    (re.compile(r"\bxox[abposre]-[A-Za-z0-9-]{10,}"), "[secret]"),
    (re.compile(r"\bxapp-[A-Za-z0-9-]{10,}"), "[secret]"),
    (re.compile(r"\bre_[A-Za-z0-9_]{16,}"), "[secret]"),
    (re.compile(r"\b(?:ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{20,}"), "[secret]"),
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), "[secret]"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}"), "[secret]"),
    (
        re.compile(r"\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}"),
        "[secret]",
    ),
    (re.compile(r"(?i)\b(password|passwd|secret|token|api[_ -]?key)\s*[:=]\s*\S+"), r"\1=[secret]"),
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{16,}"), r"\1 [secret]"),
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^@\s/]*@"), r"\1[secret]@"),
)
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_CARD_CANDIDATE = re.compile(r"(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])")
_DIGITS = re.compile(r"\d")
_PHONE_WORDS = re.compile(r"(?i)\b(?:call|phone|tel|mobile|cell|sms|text|whats ?app|fax)\b")
_PHONE_REGIONS = ("US", "GB")
_MIN_PHONE_DIGITS = 7


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "[card]" if _luhn(digits) else match.group(0)


SECRET = "[secret]"


def _secrets_only(text: str, secrets: Iterable[str]) -> str:
    for value in secrets:
        if value and len(value) >= 4:
            text = text.replace(value, SECRET)
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return _CARD_CANDIDATE.sub(_card, text)


def _phone_spans(text: str) -> list[tuple[int, int]]:
    import phonenumbers  # deferred: only log lines with enough digits need it

    spans: list[tuple[int, int]] = []
    for region in _PHONE_REGIONS:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        )
        for match in matcher:
            start, end = match.start, match.end
            before = text[max(0, start - 1) : start]
            if before and (before.isalnum() or before in "-_/:."):
                continue  # part of an id, a path, a version or a timestamp
            raw = match.raw_string
            plain = raw.isdigit()
            if plain and not _PHONE_WORDS.search(text[max(0, start - 24) : start]):
                continue  # a bare run of digits is an id unless someone says it is a phone
            spans.append((start, end))
    return spans


def redact(text: str, secrets: Iterable[str] = (), *, personal: bool = True) -> str:
    """`text` with the given secret values, anything shaped like an API key, token, password,
    URL credential or (Luhn-valid) card number masked, and, when `personal`, e-mail addresses
    and phone numbers too (logs and errors).

    Deliverables and the model keep what people wrote (`personal=False`): dates, times, ids,
    prices and version numbers are never mistaken for phone numbers either way.
    """
    text = _secrets_only(text, secrets)
    if not personal:
        return text
    text = _EMAIL.sub("[email]", text)
    if len(_DIGITS.findall(text)) < _MIN_PHONE_DIGITS:
        return text
    spans = sorted(set(_phone_spans(text)), reverse=True)
    last = len(text) + 1
    for start, end in spans:
        if end <= last:
            text = text[:start] + "[phone]" + text[end:]
            last = start
    return text


def thread_hash(slug: str) -> str:
    """A short stable hash of a thread key: log lines of one thread correlate, ids stay out."""
    return hashlib.sha256(slug.encode()).hexdigest()[:12]

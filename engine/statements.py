"""Split one chat message into statements: sentences, clauses, list items and asides."""

from __future__ import annotations

import re

# Sentence ends: . ! ? (not inside "2.5", "e.g.", "v1.2"), newlines, bullets, ";" and dashes.
_HARD = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\d)[.!?]+(?=\s|$)|[!?]+|\n+|;|\s[-–—]\s|\s\|\s"
)
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")
# A clause that starts a new statement after a comma or a plain space.
_SOFT = re.compile(
    r",\s*(?=(?:but|also|plus|oh and|and also|though|nobody|no one|none of|maybe later|"
    r"probably later|later|eventually|in v2)\b)"
    r"|\s+(?=(?:but|oh and|also|plus|and also)\s)"
    r"|\s+(?=(?:btw|fwiw|ps)\b)"
    r"|(?<!\boh)(?<!\balso)\s+(?=(?:and|so) (?:we|they|i|the line|people|nobody)\b)",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^(?:(?:and|or|but|also|plus|oh|so|then|though|well|ok|okay|btw|fwiw|ps|and also|"
    r"i mean|basically|honestly|tbh|like|um|uh|hmm|anyway|anyways)\b[\s,:]*)+",
    re.IGNORECASE,
)
_MIN_WORDS = 1
_MAX_CHARS = 4000


def _soft(chunk: str) -> list[str]:
    return [chunk] if chunk.rstrip().endswith("?") else _SOFT.split(chunk)


def _pieces(text: str) -> list[str]:
    lines: list[str] = []
    for line in text[:_MAX_CHARS].splitlines():
        lines.append(_BULLET.sub("", line))
    out: list[str] = []
    for line in lines:
        start = 0
        for match in _HARD.finditer(line):
            keep = match.group(0) if "?" in match.group(0) else ""  # a question stays one
            out.extend(_soft(line[start : match.start()] + keep))
            start = match.end()
        out.extend(_soft(line[start:]))
    return [piece for piece in out if piece.strip()]


def lead_word(piece: str) -> str:
    """The connective a statement started with ("but", "also", "oh and"), lower case, or ""."""
    match = _LEAD.match(piece.strip())
    return " ".join(match.group(0).lower().replace(",", " ").split()) if match else ""


def strip_lead(piece: str) -> str:
    """A statement without its leading connectives and fillers ("oh and", "i mean", "so")."""
    return _LEAD.sub("", piece.strip()).strip(" ,:-–—")


def split(text: str) -> tuple[str, ...]:
    """The statements of a message in order, each in the person's words (connectives kept)."""
    statements = []
    for piece in _pieces(text):
        piece = " ".join(piece.split()).strip(" ,:-–—")
        if piece and len(strip_lead(piece).split()) >= _MIN_WORDS:
            statements.append(piece)
        elif piece and statements:
            statements[-1] = f"{statements[-1]} {piece}"
    return tuple(statements)

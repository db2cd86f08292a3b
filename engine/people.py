"""People phrases in a statement ("office folks on their lunch break"): the product's users."""

from __future__ import annotations

import re

from engine.vocabulary import VOCAB

_FOR = re.compile(
    r"\b(?:for|helps?|helping|lets?|enables?|allows?|used by|made for|built for|designed for|"
    r"aimed at|serving|targeting|"
    r"(?:users|customers|audience|the users|main users|end users) (?:are|is|would be|will be)|"
    r"it'?s for|mainly|mostly|with my|with their|with)\s+(?P<x>[^.;!?\n]{2,100})",
    re.IGNORECASE,
)
_SELF = re.compile(
    r"\b(?:i'?m|im|i am|we'?re|were|we are|i own|we own|i run|we run|i manage|we manage|"
    r"i coordinate|i work with|i work at|i work in|i'?m with)\s+(?:a |an |the |our |my )?"
    r"(?P<x>[^.;!?\n]{2,100})",
    re.IGNORECASE,
)
_GENERIC = frozenset(
    ["people", "folks", "guys", "everyone", "someone", "anyone", "they", "users", "person"]
)
_LINK = frozenset(["of", "in", "at", "on", "from", "with", "across", "who", "that", "during"])
_HEAD_SKIP = VOCAB.word_sets["people_lead_skip"]
_AFTER_USERS = VOCAB.word_sets["after_people"]
_STOP = VOCAB.word_sets["people_phrase_end"]
_NON_LETTERS = re.compile(r"[^a-z&-]")


def is_people_word(word: str) -> bool:
    """True for a word naming people ("nurses", "SREs", "folks"), not things ("tractors")."""
    w = _NON_LETTERS.sub("", word.lower())
    if not w or w in VOCAB.not_people or w in VOCAB.objects:
        return False
    return w in VOCAB.people or (bool(VOCAB.people_suffix.search(w)) and len(w) > 4)


def _phrase(words: list[str], start: int) -> tuple[str, int] | None:
    """The noun phrase from `start` up to its first people word, with a short tail."""
    for i in range(start, min(len(words), start + 5)):
        word = words[i].lower().strip(",")
        if word in _LINK or word in _STOP:
            return None
        pair = f"{word} {words[i + 1].lower().strip(',')}" if i + 1 < len(words) else ""
        if pair in VOCAB.people:
            return " ".join(words[start : i + 2]).strip(" ,"), i + 2
        if not is_people_word(word) or _modifier(words, i):
            continue
        end = i + 1
        while end < len(words) and is_people_word(words[end]) and not words[end - 1].endswith(","):
            end += 1  # "school admins", "office folks"
        while end + 1 < len(words) and words[end].lower() in ("and", "&", "or"):
            if not is_people_word(words[end + 1]):
                break
            end += 2
        if end < len(words) and words[end].lower() in _LINK and not words[i].endswith(","):
            tail = end + 1
            while tail < min(len(words), end + 4) and words[tail].lower() not in _STOP:
                if words[tail - 1].endswith(","):
                    break
                tail += 1
            end = tail if tail > end + 1 else end
        return " ".join(words[start:end]).strip(" ,"), end
    return None


_MODIFIED = VOCAB.word_sets["people_as_modifier"]


def _modifier(words: list[str], i: int) -> bool:
    """ "patient info", "student records": a people word naming what a thing is about."""
    return i + 1 < len(words) and _NON_LETTERS.sub("", words[i + 1].lower()) in _MODIFIED


def _head(words: list[str]) -> tuple[str, int] | None:
    start = 0
    while start < len(words) and words[start].lower() in _HEAD_SKIP:
        start += 1
    return _phrase(words, start)


def users_in(text: str, asked: bool = False) -> str | None:
    """The people a statement names as users, or None ("tractors" and "a calendar" never are)."""
    for pattern in (_SELF, _FOR):
        for match in pattern.finditer(text):
            found = _head(match.group("x").split())
            if found is not None and found[0].lower() not in _GENERIC:
                return found[0]
    words = text.split()
    found = _head(words)
    if found is None:
        return None
    phrase, end = found
    rest = words[end:]
    if not rest or rest[0].lower().strip(",") in _AFTER_USERS or words[end - 1].endswith(","):
        others = _head(rest[1:]) if rest and rest[0].endswith(",") is False else None
        return phrase if others is None else f"{phrase}, {others[0]}"
    if phrase.lower() in _GENERIC and not asked:
        return None
    return phrase  # the subject of what people do: "drivers take photos", "tenants submit"


_ROLE = re.compile(
    r"^(?:(?:hi|hey|hello)\W+)?(?:i'?m|im|i am) (?:the|a|an) (?P<x>[\w/&-]+(?: [\w/&-]+){0,2}?)"
    r"(?: (?:at|for|of|in|on|here|who|and)\b|\s*[,.;]|$)"
    r"|^(?P<y>[a-z][\w/&-]*(?: [a-z][\w/&-]*){0,2}) here\b",
    re.IGNORECASE,
)
_NOT_ROLES = frozenset(["bit", "little", "lot", "fan", "big", "huge", "total", "same", "idea"])


def self_role(text: str) -> str | None:
    """The role a person gives themselves ("treasurer here", "I'm the PIC at a pharmacy"):
    they are one of the users when they say who they are."""
    match = _ROLE.match(text.strip())
    if match is None:
        return None
    role = match.group("x") or match.group("y") or ""
    said = role.split()[0] if role else ""
    first = said.lower()
    plain = first in VOCAB.word_sets["not_systems"] and not said.isupper()  # "IT" is a role
    if not first or first in _NOT_ROLES or plain:
        return None
    return role

"""Screens people described wherever their words were filed: named screens and journey steps."""

from __future__ import annotations

import re

from engine.deliverables.ranking import NOT_NOUNS
from engine.deliverables.terms import VERBS
from engine.deliverables.wording import (
    clip,
    is_chatter,
    is_statement,
    looks_like_chat,
    noun_phrase,
    screen_name,
    screen_phrases,
    screens_said,
)
from engine.session import Session

# topics whose statements may name a screen of the product; pains and problems describe today
_NAMING = (
    "user_journey",
    "flows",
    "key_actions",
    "feature_priorities",
    "data",
    "value_proposition",
)
_SEQUENCES = ("user_journey", "flows", "screens")
# screen words that are never verbs ("log a walk", "book a visit" are actions, not screens)
_SCREEN_WORD = re.compile(
    r"\b(?:screen|page|view|dashboard|queue|list|map|calendar|board|inbox|feed|form|checklist|"
    r"tracker|portal|tab|wizard|sheet|pipeline|display|console|overview|timeline|gallery|catalog|"
    r"kanban|agenda|grid)s?\b",
    re.I,
)
_ARROWS = re.compile(r"\s*(?:->|→|=>|>)\s*")
# "the way I picture it: …", "flow is …", "it goes …": the lead-in of a list of steps
_STEPS_INTRO = re.compile(
    r"^(?:[^:]{0,40}:|(?:the\s+)?flow\s+(?:is|would be|goes)\b|it\s+goes\b|first\b)\s*", re.I
)
_STEP_LEAD = re.compile(r"^(?:and\s+|then\s+|first\s+|finally\s+)+", re.I)
_NOT_A_NAME = re.compile(
    r"['\"=#]|^(?:from|for|to|with|in|on|at|by|of|into|every|each)\b|\b(?:me|us|him|them)\b", re.I
)
# verbs that also name a step of their own ("then review"); "cancel" alone is a button
_STEP_VERBS = frozenset({"review", "search", "checkout", "login", "signup"})


def _does(words: list[str]) -> bool:
    """Whether words say what someone does ('crew leader confirms', 'picks items')."""
    return any(w.endswith("s") and (w[:-1] in VERBS or w[:-2] in VERBS) for w in words)


def _step_like(part: str) -> bool:
    """A short step naming a screen: 'family info', 'pick customer', not 'they sign'."""
    words = part.lower().split()
    return (
        len(words) <= 6
        and not is_statement(part)
        and not is_chatter(part)
        and not _NOT_A_NAME.search(part)
        and not _does(words)
        and not (len(words) == 1 and words[0] in NOT_NOUNS | (VERBS - _STEP_VERBS))
    )


def journey_steps(value: str) -> list[str]:
    """The steps of a sequence ('family info, then service type, then merchandise …') as screen
    names; none when the statement is not a list of short steps."""
    flat = re.sub(r"\([^)]*\)", " ", _ARROWS.sub(", ", value))
    flat = _STEPS_INTRO.sub("", " ".join(flat.split()), count=1)
    parts = [_STEP_LEAD.sub("", p).strip() for p in screen_phrases(flat)]
    parts = [p for p in parts if re.search(r"[a-z]{3}", p, re.I)]
    steps = [p for p in parts if _step_like(p)]
    if len(parts) < 3 or len(steps) < 3 or len(steps) < 0.5 * len(parts):
        return []
    names = [noun_phrase(s, 4) for s in steps]
    return [clip(n, 48) for n in names if len(n) >= 3 and not looks_like_chat(n)]


def _named_elsewhere(value: str) -> list[tuple[str, str]]:
    """Screens a statement of another topic names with a screen word ('confirmation screen')."""
    out = []
    for phrase in screen_phrases(value):
        name, why = screen_name(phrase)
        word = _SCREEN_WORD.search(name)
        if word is None or word.group(0).lower().endswith("s") or looks_like_chat(name):
            continue  # "ins dec pages" are paper pages, not a screen
        first = name.split()[0].lower()
        if _NOT_A_NAME.search(name) or _does(name.lower().split()) or is_statement(name):
            continue
        if first in VERBS and word.start() > len(first) + 1:
            continue  # "give lin a list" is an action; "pick list" is a screen
        out.append((name, why))
    return out


def screens_anywhere(session: Session) -> list[tuple[str, str, bool]]:
    """Every (name, purpose, is_step) people described: the screens answers first, then screens
    named under other topics or in notes, then the steps of a journey people listed (a name
    that starts a longer one is the same screen)."""
    found: dict[str, tuple[str, str, bool]] = {}
    for name, why in screens_said(session.stated("screens")):
        found.setdefault(name.casefold(), (name, why, False))
    others = [v for t in _NAMING for v in session.stated(t)] + [n.text for n in session.notes]
    for value in others:
        for name, why in _named_elsewhere(value):
            found.setdefault(name.casefold(), (name, why, False))
    for value in (v for t in _SEQUENCES for v in session.stated(t)):
        steps = journey_steps(value)
        for i, name in enumerate(steps):
            after = f", after {steps[i - 1].lower()}" if i else ""
            found.setdefault(name.casefold(), (name, f"Step {i + 1} of {len(steps)}{after}", True))
    return [v for k, v in found.items() if not any(o != k and o.startswith(k) for o in found)]

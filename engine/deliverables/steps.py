"""Screens people described wherever their words were filed: named screens and journey steps."""

from __future__ import annotations

import re

from engine.deliverables.ranking import DEVICES, NOT_NOUNS
from engine.deliverables.terms import VERBS, is_person, singular
from engine.deliverables.views import view_key, views_said
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
_CONDITION = re.compile(r"\s+(?:if|when|once|unless|until)\b.*$", re.I)
# words that say the parts are in order: "then", arrows, "first", "next", "after that"
_ORDERED = re.compile(r"\b(?:then|first|next|after that|afterwards|finally)\b|->|→|=>|>", re.I)
_CODES = re.compile(r"(?:\s+[A-Z]\b)+.*$")
# "every haul: lat long, gear, mesh size": what is recorded for each one, not steps
_FIELDS = re.compile(r"^\W*(?:for\s+)?(?:every|each|per)\s+[\w-]+(?:\s+[\w-]+)?\s*:", re.I)
_STEP_LEAD = re.compile(r"^(?:and\s+|then\s+|first\s+|finally\s+)+", re.I)
_NOT_A_NAME = re.compile(
    r"['\"=#]|^(?:from|for|to|with|in|on|at|by|of|into|every|each)\b|\b(?:me|us|him|them)\b", re.I
)
# verbs that also name a step of their own ("then review"); "cancel" alone is a button
_BARE = frozenset(["screen", "page", "view", "list", "tab", "display", "board", "sheet", "table"])
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
    # "snap a photo if its damaged", "pick a grade A B C or trash": the step before its detail
    parts = [_CODES.sub("", _CONDITION.sub("", p)) for p in parts]
    steps = [p for p in parts if _step_like(p)]
    if len(parts) < 3 or len(steps) < 3 or len(steps) < 0.5 * len(parts):
        return []
    doing = sum(_does_first(s) for s in steps)
    if not (_ORDERED.search(value) or doing >= 2) or _proper(steps) or _FIELDS.match(value):
        return []  # "lat long, gear, mesh size, species": fields; "Arabic, Somali": names
    names = [noun_phrase(s, 4) for s in steps]
    return [clip(n, 48) for n in names if len(n) >= 3 and not looks_like_chat(n)]


def _does_first(step: str) -> bool:
    """Whether a step starts with what someone does ('scan the label', 'pick a grade')."""
    first = step.split()[0].lower()
    return first in VERBS or first in _STEP_VERBS


def _proper(steps: list[str]) -> bool:
    """Whether most steps are one capitalised word (languages, places): names, not steps."""
    single = [s for s in steps if len(s.split()) == 1 and s[:1].isupper()]
    return len(single) >= 0.5 * len(steps)


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
    keys: set[frozenset[str]] = set()

    def add(name: str, why: str, step: bool = False) -> None:
        if view_key(name) not in keys and not _generic(name):
            keys.add(view_key(name))
            found.setdefault(name.casefold(), (name, why, step))

    for name, why in screens_said(session.stated("screens")):
        if not _not_a_screen(name):
            add(name, why)
    for name, why in views_said(session):
        add(name, why)
    others = [v for t in _NAMING for v in session.stated(t)] + [n.text for n in session.notes]
    for value in others:
        for name, why in _named_elsewhere(value):
            add(name, why)
    for value in (v for t in _SEQUENCES for v in session.stated(t)):
        steps = journey_steps(value)
        for i, name in enumerate(steps):
            after = f", after {steps[i - 1].lower()}" if i else ""
            add(name, f"Step {i + 1} of {len(steps)}{after}", True)
    return [v for k, v in found.items() if not any(o != k and o.startswith(k) for o in found)]


def _generic(name: str) -> bool:
    """A bare screen word ('List', 'Screen', 'Board') names nothing of this product."""
    return name.strip().lower() in _BARE


def _not_a_screen(name: str) -> bool:
    """A screens answer that is someone speaking ('ben here'), a person ('the volunteers at the
    table need …' -> 'Volunteers'), a device ('headset, no touching screens') or starts
    mid-phrase ('in order')."""
    words = name.lower().split()
    return (
        bool(re.search(r"\bhere$", name, re.I))
        or bool(_NOT_A_NAME.match(name))
        or (len(words) == 1 and is_person(singular(words[0])))
        or (len(words) == 1 and singular(words[0]) in DEVICES | {"headset", "radio", "light"})
    )

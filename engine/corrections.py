"""Corrections found by content: which topic a fix is about, what it removes and what it adds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.filing import Filed, condense, file_message
from engine.named import named, product_name
from engine.people import users_in
from engine.signals import find_topic
from engine.topics import TopicId, as_topic


@dataclass(frozen=True, slots=True)
class Fix:
    """A correction: in `topic`, drop values matching `old` (all when empty), add `new`."""

    topic: TopicId
    old: tuple[str, ...]
    new: tuple[Filed, ...]
    text: str  # the new value in the person's words ("iOS only"), for assumptions
    span: tuple[int, int]  # where in the message it was said


@dataclass(frozen=True, slots=True)
class Unclear:
    """A correction whose topic could be either of two: ask instead of guessing."""

    topics: tuple[TopicId, TopicId]
    text: str


_P = r"[^,.;!?\n]"
_CUE = r"(?:actually|correction|sorry|oops|wait|no wait|hmm|update|ok|okay|oh|so|and|but)"
_PATTERNS = (
    # "actually not argo, we moved to spinnaker" / "not iOS, web"
    re.compile(
        rf"(?:^|[.;!?\n]\s*|\b{_CUE}\b[,:]?\s*)not (?!(?:sure|really|yet|now|much|a lot|certain|quite|exactly|at all)\b)(?P<old>{_P}{{1,50}}?)\s*(?:[,;.:]|\s-\s)\s*"
        r"(?:(?:it'?s|its|it is|we(?:'ve| have)? (?:moved|switched|migrated|changed|gone) to|"
        r"we use|use|make it|go with|but|rather|instead|we'?re on|it'?ll be)\s+)?(?P<new>"
        + _P
        + r"{2,80})",
        re.IGNORECASE,
    ),
    # "scratch the app, make it a website"
    re.compile(
        rf"\b(?:scratch|forget|drop|ditch|kill|lose)\s+(?:the |that |our )?(?P<old>{_P}{{1,40}}?)"
        r"\s*(?:[,;.:]|\s-\s)?\s*(?:let'?s |we'?ll |just )?(?:make it|do|go with|use|build|"
        r"we want|i want|it should be|switch to)\s+(?:an? |the )?(?P<new>" + _P + r"{2,60})",
        re.IGNORECASE,
    ),
    # "teachers are not the users, admins are"
    re.compile(
        rf"(?P<old>{_P}{{2,50}}?) (?:are|is)(?: not|n'?t) (?:the |our |really the )?(?P<subj>users?|"
        r"customers?|audience|target|buyers?|platform|integration)s?\s*(?:[,;.:]|\s-\s)\s*"
        r"(?:it'?s |its |it is |they'?re )?(?P<new>" + _P + r"{2,60}?)(?: (?:are|is|do))?\s*$",
        re.IGNORECASE | re.MULTILINE,
    ),
    # "actually the users are nurses" / "correction: the platform should be iOS only"
    re.compile(
        r"\b(?:actually|correction|i meant|no wait|sorry|to clarify|update|wait)\b[,:]?\s*"
        rf"(?:the |our |my )?(?P<subj>[\w -]{{2,30}}?) (?:are|is|should be|will be|would be|"
        rf"need to be|needs to be) (?:actually |really |just )?(?P<new>{_P}{{2,80}})",
        re.IGNORECASE,
    ),
    # "we moved from argo to spinnaker" / "switched to X"
    re.compile(
        r"\b(?:moved|switched|migrated|changed|moving|switching|migrating|changing)\s+"
        rf"(?:over\s+)?(?:from\s+(?P<old>{_P}{{1,40}}?)\s+)?to\s+(?P<new>{_P}{{2,60}})",
        re.IGNORECASE,
    ),
    # "web, not mobile" / "X instead of Y" / "X rather than Y"
    re.compile(
        rf"(?P<new>{_P}{{2,60}}?)\s*(?:,\s*not|\binstead of|\brather than)\s+(?P<old>{_P}{{1,50}})",
        re.IGNORECASE,
    ),
)
_TRAIL = re.compile(
    r"\s+(?:last|this|next) (?:quarter|month|week|year)\b.*$|\s+(?:instead|now|too|anymore|"
    r"as well|though|then|specifically)\s*$",
    re.IGNORECASE,
)


def _topics_of(text: str) -> list[TopicId]:
    """The topics a fragment points at by content: named things, people, then topic words."""
    found = [n.topic for n in named(text)]
    if users_in(text, asked=True):
        found.append("target_users")
    if not found:
        topic = as_topic(find_topic(text))
        if topic is not None:
            found.append(topic)
    return list(dict.fromkeys(found))


def _subject_topic(subj: str | None) -> TopicId | None:
    if not subj:
        return None
    s = subj.lower()
    if re.search(r"\b(?:users?|customers?|audience|target|buyers?|people|who)\b", s):
        return "target_users"
    return as_topic(find_topic(subj))


def _fix(match: re.Match[str]) -> Fix | Unclear | None:
    groups = match.groupdict()
    new_raw = _TRAIL.sub("", condense(groups.get("new") or ""))
    old_raw = _TRAIL.sub("", condense(groups.get("old") or ""))
    if not new_raw:
        return None
    subject = _subject_topic(groups.get("subj"))
    new_topics = _topics_of(new_raw)
    old_topics = _topics_of(old_raw) if old_raw else []
    if not new_topics and subject is None:
        return None  # "not HIPAA, we treat animals": a negation with a reason, not a fix
    topic = subject or next((t for t in new_topics if not old_topics or t in old_topics), None)
    if topic is None and old_topics:
        topic = old_topics[0]
    if topic is None:
        return None
    if old_topics and new_topics and not set(old_topics) & set(new_topics) and not subject:
        return Unclear((old_topics[0], new_topics[0]), match.group(0))
    old = _old_values(topic, old_raw)
    new = tuple(f for f in file_message(new_raw, topic).facts if f.topic == topic)
    if topic == "target_users" and not new:
        new = (Filed("target_users", new_raw),)
    if not new:
        new = (Filed(topic, new_raw),)
    return Fix(topic, old, new, new_raw, match.span())


def _old_values(topic: TopicId, old_raw: str) -> tuple[str, ...]:
    if not old_raw:
        return ()
    labels = tuple(n.value for n in named(old_raw) if n.topic == topic)
    return labels or (old_raw,)


def find_fixes(text: str) -> list[Fix | Unclear]:
    """Every correction in a message, by content; none for a plain "X, not Y" about nothing."""
    out: list[Fix | Unclear] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            fix = _fix(match)
            if fix is not None:
                out.append(fix)
                taken.append(match.span())
    return out


_RENAME = re.compile(
    r"\b(?:call it|rename|renamed|renaming|new name|name is now|calling it|instead)\b", re.I
)


def rename(text: str) -> str | None:
    """A product name given as a rename ("let's call it Booky instead")."""
    return product_name(text) if _RENAME.search(text) else None

"""File each statement of a message under the topics its content answers (asked topic: a prior)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.named import counts, named, objects, product_name
from engine.people import is_people_word, users_in
from engine.statements import lead_word, split, strip_lead
from engine.topics import TOPIC_BY_ID
from engine.types import TopicId
from engine.vocabulary import VOCAB


@dataclass(frozen=True, slots=True)
class Filed:
    """One fact for one topic, in the person's (condensed) words; `negative` rules it out."""

    topic: TopicId
    value: str
    negative: bool = False


@dataclass(frozen=True, slots=True)
class Filing:
    """What one message says: facts by topic, notes that fit no topic, objects and a name."""

    facts: tuple[Filed, ...] = ()
    notes: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    product_name: str | None = None
    answers: int = 0  # statements that carried content (facts or notes)


_FREE_TOPICS = frozenset(
    {
        "security_compliance",
        "core_problem",
        "value_proposition",
        "user_journey",
        "key_actions",
        "pain_points",
        "data",
        "flows",
        "screens",
        "feature_priorities",
    }
)
_MODAL = re.compile(
    r"^(?:(?:we|they|i|you|people|users|customers|the \w+|it|he|she)\s+)?"
    r"(?:(?:really\s+|also\s+|just\s+)?(?:want|wants|need|needs|wanna|would like|'d like|"
    r"have|has|got)\s+)?(?:(?:them|people|users|customers|folks|it)\s+)?(?:to\s+)?"
    r"(?:be able to\s+|can\s+|could\s+|should\s+|must\s+)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'+-]*", re.IGNORECASE)
_CONTENT_MIN = 2
_MAX_FREE = 2
_LIMIT = 240


def condense(statement: str) -> str:
    """The statement without leading connectives and fillers or trailing hedges."""
    text = strip_lead(statement)
    text = VOCAB.fillers.sub("", text)
    text = VOCAB.trailing_fillers.sub("", text).strip(" ,.;:-–—!")
    text = " ".join(text.split())
    return text if len(text) <= _LIMIT else text[: _LIMIT - 1].rstrip() + "…"


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


_STOP = VOCAB.word_sets["stopwords"]


def non_answer(statement: str) -> bool:
    """True for a question back, a complaint, "idk" or small talk: never filed as a fact."""
    text = statement.strip().lower()
    if not text or VOCAB.greeting.match(text) or VOCAB.dont_know.match(text):
        return True
    if VOCAB.question_back.search(text):
        return True
    if VOCAB.dont_know_lead.match(text) and len(text.split()) <= 8:
        return True
    rest = VOCAB.complaint.sub(" ", text)
    return rest != text and len(_content_words(rest)) < _CONTENT_MIN


def _scores(text: str, asked: TopicId | None) -> list[tuple[float, float, TopicId]]:
    """Free-text topics by score (asked-topic bonus included), best first, with raw scores."""
    lowered = text.lower()
    out = []
    for topic, cues in VOCAB.cues:
        if topic not in _FREE_TOPICS:
            continue
        raw = sum(w for pattern, w in cues if pattern.search(lowered))
        if raw > 0:
            out.append((raw + (VOCAB.asked_bonus if topic == asked else 0.0), raw, topic))
    return sorted(out, reverse=True)


_NEG_PHRASE = re.compile(
    r"(?:^|,\s*|\s)(?:no|not|never|without)\s+(?P<x>[a-z][\w'-]*(?:\s+(?!(?:in|for|on|at|to|until|"
    r"yet|because|but|just|only|and|or|so|is|are|we|i|they)\b)[a-z][\w'-]*){0,2})"
    r"(?P<rest>[^,.;]*)",
    re.IGNORECASE,
)


def _negations(topic: TopicId, text: str) -> tuple[str, list[Filed]]:
    """A free-text value without its "no X" parts, and X ruled out for that topic."""
    ruled = []
    for match in _NEG_PHRASE.finditer(text):
        phrase = match.group("x").lower()
        if phrase.split()[0] not in _STOP and phrase not in _NOT_NEGATED:
            ruled.append(Filed(topic, phrase, negative=True))
    if not ruled:
        return text, []
    kept = _NEG_PHRASE.sub(" ", text).strip(" ,;")
    return " ".join(kept.split()), ruled


_NOT_NEGATED = frozenset(("sure", "really", "much", "many", "one", "longer", "yet", "idea"))


def _free_value(topic: TopicId, text: str) -> str:
    if topic == "key_actions":
        stripped = _MODAL.sub("", text, count=1).strip()
        return stripped if len(stripped.split()) >= 1 else text
    return text


def _file_one(statement: str, asked: TopicId | None) -> list[Filed]:
    text = condense(VOCAB.complaint.sub(" ", statement))
    if not text:
        return []
    facts = [Filed(n.topic, n.value, n.negative) for n in named(text)]
    found = counts(text)
    if found:
        facts.append(Filed("scale", ", ".join(found)))
    crowd = [c for c in found if is_people_word(c.split()[-1])]
    users = users_in(text, asked == "target_users")
    if users or crowd:
        joined = ", ".join(dict.fromkeys([users, *crowd] if users else crowd))
        facts.append(Filed("target_users", joined))
    if facts and all(f.negative for f in facts):
        return facts
    ranked = _scores(text, asked)
    strong = [t for score, raw, t in ranked if raw >= VOCAB.threshold][:_MAX_FREE]
    if not strong and not facts and ranked and ranked[0][0] >= VOCAB.threshold:
        strong = [ranked[0][2]]
    named_topics = {f.topic for f in facts}
    for topic in strong:
        if topic in named_topics:
            continue  # "sso via okta": the named value already says it
        value, ruled = _negations(topic, _free_value(topic, text))
        facts += ruled
        if len(_content_words(value)) >= 1:
            facts.append(Filed(topic, value))
    return facts


def _later(statement: str, previous: list[Filed]) -> list[Filed]:
    """ "no web UI in v1, maybe later": the ruled-out value becomes a later priority."""
    ruled_out = [f.value for f in previous if f.negative]
    if not ruled_out or not VOCAB.later.match(strip_lead(statement).lower() or "x"):
        return []
    return [Filed("feature_priorities", f"{v} later (not in v1)") for v in ruled_out]


def file_message(text: str, asked: TopicId | None = None) -> Filing:
    """Split a message into statements and file each by its content."""
    facts: list[Filed] = []
    notes: list[str] = []
    answers = 0
    previous: list[Filed] = []
    for statement in split(text):
        if non_answer(strip_lead(statement)) and not lead_word(statement).startswith("no"):
            continue
        later = _later(statement, previous)
        found = later or _file_one(statement, asked)
        if found:
            facts.extend(found)
            answers += 1
        elif len(_content_words(condense(statement))) >= _CONTENT_MIN:
            notes.append(condense(statement))
            answers += 1
        previous = found
    return Filing(
        facts=_dedupe(facts),
        notes=tuple(dict.fromkeys(notes)),
        objects=tuple(objects(text)),
        product_name=product_name(text),
        answers=answers,
    )


def _dedupe(facts: list[Filed]) -> tuple[Filed, ...]:
    seen: dict[tuple[str, str], Filed] = {}
    for fact in facts:
        key = (fact.topic, fact.value.casefold())
        if key in seen and seen[key].negative != fact.negative:
            seen[key] = fact  # the later statement wins
        seen.setdefault(key, fact)
    return tuple(seen.values())


def topic_label(topic: TopicId) -> str:
    """The label a reply uses for a topic ("Integrations")."""
    return TOPIC_BY_ID[topic].label

"""The product's own nouns, ranked by how people used them across the whole conversation (pure)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from engine.deliverables.terms import VERBS, is_person, singular, things, usable
from engine.deliverables.wording import is_chatter, phrases
from engine.session import Session
from engine.vocabulary import VOCAB, compact

# where a noun was said tells how likely it is a thing of the product: what people do, keep and
# see weighs more than who they are or what hurts today
_WEIGHTS = {
    "key_actions": 3,
    "data": 3,
    "screens": 3,
    "user_journey": 2,
    "flows": 2,
    "feature_priorities": 1,
    "target_users": 1,
}
_SUBJECTS = frozenset({"i", "we", "you", "they", "it", "he", "she", "i'll", "we'll", "someone"})
_HEAD_TOPICS = ("key_actions", "data", "screens", "user_journey", "flows")
# words about the interview, not about the product
_ABOUT_US = frozenset(
    """wireframe mockup mock brief question answer screen bot column row button tab checkbox
    dropdown detail details""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[a-z][a-z-]{2,}")
# devices people use the product on: never a thing of the product, never a screen
DEVICES = frozenset(
    """computer laptop desktop tablet ipad iphone android phone mac pc windows browser web
    website kiosk printer scanner headset""".split()  # noqa: SIM905
)
_COUNTED = re.compile(r"(?<![\d:.,$])\b\d+\s+([a-z][a-z-]{2,}s)\b")
# function words and adjectives that land after "the"/"a" or end a listed part
NOT_NOUNS = frozenset(
    """
    themselves yourself yourselves myself ourselves itself himself herself
    per who whom whose which what when where why how before after out off up down over into onto
    else anyway etc together everybody everyone somebody someone anybody another other others
    next simple local online offline same different whole able done ready sure free busy fine okay
    yes also only still even ever never always again already maybe probably basically
    """.split()  # noqa: SIM905
)


def heads(value: str) -> set[str]:
    """The head nouns of a listed statement: 'pick casket or urn, service, obituary' -> casket,
    urn, service, obituary (the last word of each short part)."""
    out: set[str] = set()
    for part in phrases(value, 12):
        if is_chatter(part):
            continue
        for piece in re.split(r"\s+or\s+", part.lower()):
            words = re.findall(r"[a-z][a-z'-]*", piece)
            if words and words[0] in _SUBJECTS:
                continue  # "it transcribes", "i trim": what someone does
            words = [w for w in words if len(w) >= 3]
            if 1 <= len(words) <= 4 and words[-1] not in VERBS:
                out.add(singular(words[-1]))
    return out


def user_text(session: Session) -> str:
    """What people typed (the transcript), else the idea and the facts."""
    turns = [t.text for t in session.transcript if t.role == "user"]
    return (
        " ; ".join(turns)
        if turns
        else " ; ".join([session.idea, *(f.value for f in session.facts)])
    )


def _ruled_out(session: Session) -> set[str]:
    """Nouns said only in exclusions ('no fall detection'); said anywhere else, they stay."""
    negative = [f.value.lower() for f in session.facts if f.negative]
    rest = " ".join([user_text(session).lower(), *(f.value.lower() for f in session.facts)])
    for value in negative:
        rest = rest.replace(value, " ")
    return {w for v in negative for w in _WORD.findall(v) if not re.search(rf"\b{w}", rest)}


def _tools(session: Session) -> set[str]:
    """Words of the devices and services people named (Citrix, PagerDuty, laptop): what the
    product runs on or talks to, not what it handles."""
    named = " ".join([*session.stated("platforms"), *session.stated("integrations")]).lower()
    words = {singular(w) for w in _WORD.findall(named)}
    ambiguous = {compact(a) for a in VOCAB.ambiguous_services}  # "square", "canvas"
    words |= {k for k in VOCAB.service_names if k not in ambiguous} | DEVICES
    return words


def scores(session: Session) -> Counter[str]:
    """Each noun's weight: how often people used it as a thing, more where they described what
    they do, keep and see, and when the understanding step listed it as an object."""
    text = user_text(session)
    score: Counter[str] = Counter(things(text))
    units = set(VOCAB.time_units)
    for match in _COUNTED.finditer(text.lower()):  # "80 colorways, 6 bases"
        word = singular(match.group(1))
        if match.group(1) not in units and word not in units:
            score[word] += 1
    for fact in session.facts:
        if fact.negative:
            continue
        weight = _WEIGHTS.get(fact.topic, 0)
        found = set(things(fact.value))
        if fact.topic in _HEAD_TOPICS:
            found |= heads(fact.value)
        for word in found:
            score[word] += weight
    low = text.lower()
    for obj in session.objects:  # "handoff note": counted as a phrase, which things() cannot
        name = singular(obj.strip().lower())
        said = len(re.findall(rf"\b{re.escape(name)}", low)) if " " in name else 0
        score[name] += 5 + said
    for word in _ABOUT_US | _ruled_out(session) | _tools(session):
        score.pop(word, None)
    return score


def _noun_like(word: str) -> bool:
    """Whether a word can be a noun of the product: no function word, common verb, participle
    or adverb ('ranked', 'printed', 'done')."""
    return (
        usable(word)
        and word not in NOT_NOUNS
        and not (len(word) > 4 and re.search(r"(?:ed|ly|ful|less|ous)$", word))
        and not word.isdigit()
    )


@lru_cache(maxsize=32)  # one spec asks for the ranking of the same session many times
def ranked(session: Session, least: int = 2) -> tuple[str, ...]:
    """Nouns with at least `least` weight, most weighty first, first said first on ties."""
    text = user_text(session).lower()
    weight = scores(session)

    def first(word: str) -> int:
        hit = re.search(rf"\b{re.escape(word)}", text)
        return hit.start() if hit is not None else len(text)

    kept = [
        w
        for w, c in weight.items()
        if (c >= least or (c >= 1 and w in VOCAB.objects)) and _noun_like(w)
    ]
    return tuple(sorted(kept, key=lambda w: (-weight[w], first(w))))


def things_ranked(session: Session, least: int = 2) -> tuple[str, ...]:
    """The ranked nouns that are things, not people: what screens and tables are about."""
    return tuple(w for w in ranked(session, least) if not is_person(w))


_EVERYONE = frozenset({"people", "person", "user", "staff", "team", "everyone", "folk", "guy"})


@lru_cache(maxsize=32)
def people_ranked(session: Session) -> tuple[str, ...]:
    """The people words used ('resident', 'caregiver'), most used first: columns, not screens."""
    words = [singular(w) for w in _WORD.findall(user_text(session).lower())]
    counts = Counter(w for w in words if is_person(w) and w not in _EVERYONE)
    return tuple(w for w, _ in counts.most_common())

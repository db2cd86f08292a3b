"""File each statement of a message under the topics its content answers (asked topic: a prior)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from engine import topic_model
from engine.named import base, counts, hedged, named, objects, product_name
from engine.people import is_people_word, self_role, users_in
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
        return not hedged(text)
    if VOCAB.dont_know_lead.match(text) and len(text.split()) <= 8 and not named(text):
        return True  # "idk honestly" is no answer; "whatever works on a phone" names one
    rest = VOCAB.asides.sub(" ", VOCAB.complaint.sub(" ", text))
    return rest != text and len(_content_words(rest)) < _CONTENT_MIN


def _scores(text: str, asked: TopicId | None) -> list[tuple[float, float, TopicId]]:
    """Free-text topics by score (asked-topic bonus included), best first, with raw scores."""
    out = [
        (raw + (VOCAB.asked_bonus if topic == asked else 0.0), raw, topic)
        for raw, topic in _cue_scores(text)
    ]
    return sorted(out, reverse=True)


@lru_cache(maxsize=4)
def _cue_scores(text: str) -> tuple[tuple[float, TopicId], ...]:
    """Each free-text topic's raw cue score in a statement. Read twice in a row per statement
    (for the topic model without the asked topic, then for filing with it), hence a cache just
    big enough for that."""
    lowered = text.lower()
    out = []
    for topic, cues in VOCAB.cues:
        if topic in _FREE_TOPICS:
            raw = sum(w for pattern, w in cues if pattern.search(lowered))
            if raw > 0:
                out.append((raw, topic))
    return tuple(out)


@lru_cache(maxsize=4)
def _named_and_counted(text: str) -> tuple[tuple[Filed, ...], tuple[str, ...]]:
    """The named values and the counts in a statement (pure; read twice per statement); a
    number inside a regime's name ("SOC 2", "ISO 27001") is not a count."""
    found = tuple(Filed(n.topic, n.value, n.negative) for n in named(text))
    return found, tuple(counts(VOCAB.regimes[0].sub(" ", text)))


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


@dataclass(frozen=True, slots=True)
class _Rules:
    """What the hand rules read in one statement: facts from named values, counts and people
    (precise), and facts from topic cue words (cued)."""

    precise: list[Filed]
    cued: list[Filed]

    def marks(self) -> list[str]:
        """The rules' reading as features for the topic model ("r:platforms", "rn:platforms")."""
        found = [*self.precise, *self.cued]
        marks = [("rn:" if f.negative else "r:") + f.topic for f in found]
        return list(dict.fromkeys(marks)) or ["r:nothing"]


_LEFT_OUT = re.compile(
    r"^\W*(?:\w+\W+)?(?:(?:don'?t|dont|won'?t|wont|never|doesn'?t|doesnt|shouldn'?t|shouldnt)"
    r"\s+(?:need|use|touch|see|get|log ?in|have access)|not in v1|(?:are ?n[o']?t|not) "
    r"(?:the )?(?:users?|included|part of|in scope))\b",
    re.IGNORECASE,
)


def _left_out(text: str, users: str) -> bool:
    """ "the office staff dont need it", "nurses not in v1": people named to leave them out."""
    last = users.split(", ")[-1].lower()
    at = text.lower().rfind(last) if last else -1
    return at >= 0 and bool(_LEFT_OUT.match(text[at + len(last) :]))


_HEADCOUNT = re.compile(
    r"(?:~|\babout |\baround |\blike |\bover |\bapprox\.? )?(?<![\w.])\d[\d,.]*(?:k|ish|\+)?"
    r"(?![\w])(?:-person|\s+person)?\s*",
    re.IGNORECASE,
)


def _uncounted(users: str) -> str:
    """Who the users are without how many ("22 reps" -> "reps"): the count is scale's."""
    parts = [" ".join(_HEADCOUNT.sub(" ", p).split()) for p in users.split(", ")]
    kept = [p for p in parts if p and p.lower() not in _BARE_CROWD]
    return ", ".join(dict.fromkeys(kept))


_BARE_CROWD = frozenset({"ppl", "people", "folks", "guys", "persons", "of them", "total"})


def _read_rules(text: str, asked: TopicId | None) -> _Rules:
    names, found = _named_and_counted(text)
    precise = list(names)
    if found:
        precise.append(Filed("scale", ", ".join(found)))
    crowd = [c for c in found if is_people_word(c.split()[-1])]
    users = users_in(text, asked == "target_users") or self_role(text)
    joined = _uncounted(", ".join(dict.fromkeys([users, *crowd] if users else crowd)))
    if joined:
        precise.append(Filed("target_users", joined, _left_out(text, users or "")))
    if precise and all(f.negative for f in precise):
        return _Rules(precise, [])
    ranked = _scores(text, asked)
    strong = [t for score, raw, t in ranked if raw >= VOCAB.threshold][:_MAX_FREE]
    if not strong and not precise and ranked and ranked[0][0] >= VOCAB.threshold:
        strong = [ranked[0][2]]
    named_topics = {f.topic for f in precise}
    cued: list[Filed] = []
    for topic in strong:
        if topic not in named_topics:  # "sso via okta": the named value already says it
            cued += _free_facts(topic, text)
    return _Rules(precise, cued)


def _free_facts(topic: TopicId, text: str) -> list[Filed]:
    """The statement as a free-text value of `topic`, without its "no X" parts (ruled out).

    In the topics where a negation rules a thing out ("i dont want an app": platforms), a
    value still negated after that is kept whole, as an exclusion, never as a wish."""
    value, ruled = _negations(topic, _free_value(topic, text))
    if len(_content_words(value)) < 1:
        return ruled
    negative = topic in _EXCLUDING and bool(_STILL_NEGATED.search(value))
    return [*ruled, Filed(topic, value, negative=negative)]


_EXCLUDING = frozenset({"platforms", "integrations", "security_compliance"})
_STILL_NEGATED = re.compile(
    r"\b(?:don'?t|doesn'?t|won'?t|wont|can'?t|cannot|never|nobody|no one|not|no longer)\b",
    re.IGNORECASE,
)


def model_input(statement: str) -> tuple[str, list[str]]:
    """What the topic model reads of one statement: its condensed text and the rules' reading
    of it (with no asked topic), the same in training and at run time."""
    text = condense(VOCAB.complaint.sub(" ", statement))
    return text, (_read_rules(text, None).marks() if text else ["r:nothing"])


# "its more like 55 rigs", "sorry its 3 hotels now": a count said again is only a count
_RECOUNT = re.compile(
    r"\b(?:more like|closer to|actually|correction|sorry|i meant|make (?:that|it))\b"
    r"|\bit'?s\s+(?:~|about\s+)?\d[^,.;]*\bnow\b",
    re.I,
)


def _labelled(text: str, rules: _Rules) -> list[Filed] | None:
    """A statement that names its topic first ("users = firmware team, 14 ppl", "auth: just
    our ldap"): the rest is that topic's value, with the named values and counts it holds."""
    for topic, pattern in VOCAB.labelled_leads:
        match = pattern.match(text)
        if match is not None:
            others = [f for f in rules.precise if f.topic != topic]
            own = [f for f in rules.precise if f.topic == topic and f.negative]
            return [*_free_facts(topic, match.group("rest")), *own, *others]
    return None


def _framed(text: str, found: list[Filed]) -> list[Filed]:
    """ "assigning beds is a nightmare", "the big problem is last minute changes": a statement
    that names the problem is the core problem, not also a pain point."""
    if not VOCAB.problem_frame.search(text):
        return found
    pains = [f for f in found if f.topic == "pain_points" and not f.negative]
    if not pains:
        return found
    core = [f for f in found if f.topic == "core_problem" and not f.negative]
    moved = [] if core else [Filed("core_problem", f.value) for f in pains]
    return [f for f in found if f not in pains] + moved


def _flowing(text: str, found: list[Filed]) -> list[Filed]:
    """ "pushes into xero for us", "routes come from onfleet": what moves to or from a named
    system describes the integration, not a key action."""
    systems = {base(f.value).lower() for f in found if f.topic == "integrations" and not f.negative}
    flows = {m.group("system").lower() for m in VOCAB.data_flow.finditer(text)}
    if not systems & flows:
        return found
    return [
        Filed("integrations", f.value) if f.topic == "key_actions" and not f.negative else f
        for f in found
    ]


def _file_one(statement: str, asked: TopicId | None) -> list[Filed]:
    return _flowing(statement, _framed(statement, _file_statement(statement, asked)))


def _file_statement(statement: str, asked: TopicId | None) -> list[Filed]:
    text, marks = model_input(statement)
    if not text:
        return []
    rules = _read_rules(text, asked)
    labelled = _labelled(text, rules)
    if labelled is not None:
        return labelled
    if _RECOUNT.search(statement) and any(f.topic == "scale" for f in rules.precise):
        return [f for f in rules.precise if f.topic != "target_users"]
    probs = topic_model.topic_probabilities(text, marks)
    if not probs:
        return rules.precise + rules.cued
    if asked is not None:
        probs[asked] += ASKED_PRIOR
    best = max(probs, key=lambda t: probs[t])
    if best == topic_model.NONE and probs[best] >= NONE_SURE:
        return [f for f in rules.precise if f.negative]  # "do people even like bots": no fact
    floor = PRIMARY_FLOOR if rules.precise or rules.cued else UNSEEN_FLOOR
    primary = best if best != topic_model.NONE and probs[best] >= floor else None
    kept = [f for f in rules.precise if f.topic == primary or probs[f.topic] >= KEEP_PRECISE]
    covered = any(f.topic == primary and not f.negative for f in kept)
    # when a named value ("PagerDuty") already answers the model's topic, the rest of the
    # statement is what the cue words say it is ("pulls open incidents": key actions)
    cue_floor = 0.0 if covered else KEEP_CUED
    kept += [f for f in rules.cued if f.topic == primary or probs[f.topic] >= cue_floor]
    # "SOC 2 no, we're tiny": a topic whose named value is ruled out gets no affirmed text
    only_negative = bool(kept) and all(f.negative for f in kept)
    ruled_out = any(f.topic == primary and f.negative for f in kept)
    if primary is not None and not covered and not only_negative and not ruled_out:
        kept += _free_facts(cast("TopicId", primary), text)
    fields = None if any(f.topic == "data" for f in kept) else _fields(text)
    return kept if fields is None else [*kept, Filed("data", fields)]


_FIELDS_LEAD = re.compile(
    r"^.*?(?::|\b(?:shows?|showing|tracks?|tracking|with|including|includes|such as|fields?|"
    r"columns?|captures?|capturing|collects?|stores?|logs?|records?|needs?)\b)\s+",
    re.IGNORECASE,
)
_ITEM_BREAK = re.compile(r"\s*(?:,|;|\s\+\s|\s/\s|\band\b|\bplus\b)\s*", re.IGNORECASE)
_ASIDE = re.compile(r"\([^)]*\)")
_FIELDS_MIN = 3
_ITEM_WORDS = 4
_VERBS = VOCAB.word_sets["action_verbs"]


def _fields(text: str) -> str | None:
    """ "signals: usage, tickets, NPS, renewal date", "shows top complaints, crash rate and
    session length": a list of three or more short things is what the product keeps (data),
    unless most items are actions ("create payout, verify recipient") or named systems."""
    lead = _FIELDS_LEAD.match(text)
    listed = text[lead.end() :] if lead else text
    items = [i for i in _ITEM_BREAK.split(_ASIDE.sub(" ", listed)) if i.strip(" .")]
    if len(items) < _FIELDS_MIN or any(len(i.split()) > _ITEM_WORDS for i in items):
        return None
    acts = sum(i.split()[0].lower() in _VERBS or i.split()[0].lower() in _STOP for i in items)
    systems = sum(bool(named(i)) for i in items)
    if 2 * (acts + systems) >= len(items):
        return None
    return " ".join(listed.split()).strip(" .")


# How the topic model and the rules combine (chosen on dev and tuning2, training sets):
# the model's top topic is filed when at least PRIMARY_FLOOR sure (the asked topic gets
# ASKED_PRIOR added); the rules' facts for other topics stay only when the model gives that
# topic at least KEEP_PRECISE (named values, counts, people) or KEEP_CUED (cue words).
ASKED_PRIOR = 0.15
PRIMARY_FLOOR = 0.4
KEEP_PRECISE = 0.0
KEEP_CUED = 0.1
UNSEEN_FLOOR = 0.5  # when the rules saw nothing, the words alone must be surer ("we move around")
NONE_SURE = 0.6


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
        if _naming(statement):
            continue  # "call it RoofCheck": the product's name (Filing.product_name), no fact
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


_NAMING_WORDS = 6


def _naming(statement: str) -> bool:
    """A short statement that only names the product ("we're calling it LiftBook for now")."""
    return len(statement.split()) <= _NAMING_WORDS and product_name(statement) is not None


def _dedupe(facts: list[Filed]) -> tuple[Filed, ...]:
    # "No text messages. ... hate texts": a named value ruled out once stays out in the message
    ruled = {(f.topic, base(f.value).casefold()) for f in facts if f.negative}
    facts = [f for f in facts if f.negative or (f.topic, base(f.value).casefold()) not in ruled]
    seen: dict[tuple[str, str], Filed] = {}
    for fact in facts:
        key = (fact.topic, fact.value.casefold())
        if key in seen and fact.negative and not seen[key].negative:
            seen[key] = fact  # "no venmo ... venmo charges fees": a ruled-out value stays out
        seen.setdefault(key, fact)
    return tuple(seen.values())


def topic_label(topic: TopicId) -> str:
    """The label a reply uses for a topic ("Integrations")."""
    return TOPIC_BY_ID[topic].label

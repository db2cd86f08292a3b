"""Escape and correction signals in a user message (offline)."""

from __future__ import annotations

import re

from engine.lexicon import expand_shorthand, normalize, stem_phrase, stems, words
from engine.profile import find_industry_correction
from engine.signal_model import MODEL
from engine.topics import TOPICS
from engine.types import Signal, SignalKind
from engine.vocabulary import load

SIGNAL_KINDS: tuple[SignalKind, ...] = (
    "none",
    "impatience",
    "fatigue",
    "expertise",
    "redirect",
    "dont_know",
    "correction",
)


def _rx(*parts: str) -> re.Pattern[str]:
    """One alternation; a shared leading word boundary is tested once per position, not per part."""
    bounded = [p.removeprefix(r"\b") for p in parts if p.startswith(r"\b")]
    others = [p for p in parts if not p.startswith(r"\b")]
    grouped = [r"\b(?:" + "|".join(bounded) + ")"] if bounded else []
    return re.compile("|".join(grouped + others))


_PHRASES = load("signal_phrases.json")
_SLOT = re.compile(r"\{\{(\w+)\}\}")


def _fill(template: str) -> str:
    """A template with every `{{fragment}}` spliced in (fragments may hold fragments)."""
    return _SLOT.sub(lambda m: _fill(_PHRASES["fragments"][m.group(1)]), template)


def _alternation(name: str) -> re.Pattern[str]:
    return _rx(*(_fill(part) for part in _PHRASES["alternations"][name]))


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(_fill(_PHRASES["patterns"][name]))


def _patterns(name: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(_fill(p)) for p in _PHRASES["patterns"][name])


_SignalDraft = tuple[SignalKind, float, str | None, str | None, str | None]

_TOPIC_SYNONYMS: dict[str, list[str]] = _PHRASES["topic_synonyms"]
# Words that name a topic only weakly: a more specific phrase elsewhere wins over them.
_GENERIC_TOPIC_WORDS = frozenset(_PHRASES["words"]["generic_topic_words"])
# Manner phrases ("step by step") name a topic only weakly, however long they are.
_GENERIC_TOPIC_PHRASES = frozenset({"step by step", "end to end", "end-to-end"})
# Named products and standards: as specific as a phrase.
_NAMED_TOPIC_WORDS = frozenset(_PHRASES["words"]["named_topic_words"])


# A flow named outright ("the invite flows") beats every other topic phrase in its clause.
_FLOW_WEIGHT = 2.5


def _topic_index() -> tuple[dict[str, str], dict[str, float]]:
    index: dict[str, str] = {}
    weights: dict[str, float] = {}
    for topic in TOPICS:
        for term in (*topic.keywords, *_TOPIC_SYNONYMS.get(topic.id, ())):
            phrase = term.replace("_", " ")
            key = stem_phrase(phrase)
            if key in index:
                continue
            index[key] = topic.id
            size = len(key.split())
            weights[key] = (
                0.5
                if phrase in _GENERIC_TOPIC_WORDS or phrase in _GENERIC_TOPIC_PHRASES
                else _FLOW_WEIGHT
                if topic.id == "flows" and "flow" in key.split()
                else 1.5
                if phrase in _NAMED_TOPIC_WORDS
                else 1.0 + 0.5 * (size - 1)
            )
    return index, weights


_TOPIC_INDEX, _TOPIC_WEIGHT = _topic_index()
_LONGEST_TOPIC_PHRASE = 4


_VERB_NEED_AFTER = frozenset(
    {"we", "i", "it", "they", "you", "will", "to", "also", "really", "just"}
)
_HEAD_TOPICS = frozenset({"flows", "screens"})


def _topic_matches(normalized: str) -> list[tuple[int, int, str, float]]:
    """(position, length, topic id, weight) for every topic phrase, longest first at a position."""
    tokens = stems(normalized)
    found: list[tuple[int, int, str, float]] = []
    i = 0
    while i < len(tokens):
        for n in range(_LONGEST_TOPIC_PHRASE, 0, -1):
            key = " ".join(tokens[i : i + n])
            topic = _TOPIC_INDEX.get(key)
            if n == 1 and tokens[i] == "need" and i and tokens[i - 1] in _VERB_NEED_AFTER:
                topic = None
            if topic is not None:
                found.append((i, n, topic, _TOPIC_WEIGHT[key]))
                i += n - 1
                break
        i += 1
    return found


def find_topic(text: str) -> str | None:
    """The topic a phrase names most specifically; "checkout flow" names its head noun's topic.

    Every topic phrase scores by specificity (a generic word like "users" counts half, a
    multi-word phrase more); the best score wins and an earlier mention breaks ties.
    """
    matches = _topic_matches(normalize(text))
    if not matches:
        return None
    best = max(range(len(matches)), key=lambda i: (matches[i][3], -i))
    position, length, topic, _ = matches[best]
    if (
        best + 1 < len(matches)
        and matches[best + 1][0] == position + length
        and matches[best + 1][2] in _HEAD_TOPICS
    ):
        return matches[best + 1][2]
    return topic


_THIRD_PARTY = _pattern("third_party")
_CONDITION = re.compile(r"\b(?:if|when|whenever|once|unless|until|after)\s+(?=\w)")
_CLAUSE_BREAK = re.compile(r"[,.;:!?()\"]|\s[—–-]\s|\bbut\b|\band\b")

# Impatience as an intent frame: a request to produce or show + a deliverable, in either order.
_IMPATIENCE_FRAME = _alternation("impatience_frame")
_IMPATIENCE_STRONG = _alternation("impatience_strong")
_IMPATIENCE_WEAK = _alternation("impatience_weak")

_FATIGUE = _alternation("fatigue")
_FATIGUE_WEAK = _alternation("fatigue_weak")

# What an expert asks for once they have claimed expertise.
_TECHNICAL_ASK = _pattern("technical_ask")
_EXPERTISE_STRONG = _alternation("expertise_strong")
_EXPERTISE_WEAK = _alternation("expertise_weak")

_REDIRECT = _alternation("redirect")
_REDIRECT_NOT_ANSWER = re.compile(r"^\s*(?:we|it|they|users?)\b")
# "before the platform stuff", "instead of screens": a topic being left, not the one asked for.
_AWAY_FROM = _pattern("away_from")
_ANAPHOR = re.compile(r"\s*(?:that|this|it|those|these)\b(?! (?:is|are|was|'s)\b)")
_DEFERRED = re.compile(r"\b(?:later|another time|tomorrow|next (?:time|week|session)|some other)\b")

_DONT_KNOW = _alternation("dont_know")
_DELEGATE = _alternation("delegate")
_COMPLEMENT = _pattern("complement")

# Frames that say which earlier statement is being fixed; `subj` names its topic.
_CORRECTED_SUBJECT = _patterns("corrected_subject")
_PEOPLE = _pattern("people")
_NOT_PEOPLE = frozenset(_PHRASES["words"]["not_people"])
_NOT_BUT_VALUE = _pattern("not_but_value")
_AFTER_NOT = _pattern("after_not")
_SAID_BUT = _pattern("said_but")
_RELATIVE = re.compile(r"\s+(?:who|that|which)\b.*$")
_AGE = re.compile(r"\b(?:over|under|aged?|older than|younger than|in their)\s+\d{2}s?\b")
_STRONG_CORRECTION_FRAMES = _CORRECTED_SUBJECT[:3]
_STRONG_CORRECTION = _alternation("strong_correction")
_WEAK_CORRECTION = _alternation("weak_correction")
# "you'd think it's the price, but actually ...": a rhetorical contrast, not a fix.
_RHETORICAL = _pattern("rhetorical")
_LEADING_NOT = _pattern("leading_not")
_CONTRAST = _pattern("contrast")
_LEADING_NOT_SPLIT = _pattern("leading_not_split")
_MEANT = re.compile(r"\bi (?:meant|mean|should have said)\b\s*(?:to say\s+)?(?P<value>.+)$")
_SAID = re.compile(r"\bi said\s+(?P<previous>.{1,40}?)\s+but\b")
_CUE_PREFIX = _pattern("cue_prefix")
_ANCHOR = _pattern("anchor")
_VALUE_LEAD = _pattern("value_lead")
_VALUE_TRAIL = re.compile(r"\s+(?:too|as well|also|instead)\s*$|[\s,.;:!?—–\"'-]+$")
_FOR_WHOM = re.compile(r"\bfor\s+(?P<who>[a-z][\w\s'-]{1,40})")
_NUMBER = re.compile(r"\b\d[\d,.]*\s*(?:k|m|million|thousand|x)?\b")
_QUESTION_END = re.compile(r"\?\s*$")

_FILLER = frozenset(_PHRASES["words"]["filler"])
_SUBSTANCE_STRIP = (
    _IMPATIENCE_STRONG,
    _IMPATIENCE_FRAME,
    _FATIGUE,
    _EXPERTISE_STRONG,
    _EXPERTISE_WEAK,
    _DONT_KNOW,
    _DELEGATE,
    _STRONG_CORRECTION,
    _WEAK_CORRECTION,
    re.compile(_fill(r"\b{{redirect_subject}}\s+(?:\w+\s+){0,2}?{{redirect_verb}}\b")),
)
_COLON_CONTENT = re.compile(r":\s*\w")
_PRIORITISE = re.compile(r"prioriti[sz]e")
_ESTIMATE = _pattern("estimate")
_BUT_ANSWER = _pattern("but_answer")
_PRIORITY: dict[SignalKind, int] = {
    "expertise": 6,
    "fatigue": 5,
    "impatience": 4,
    "correction": 3,
    "redirect": 2,
    "dont_know": 1,
    "none": 0,
}
_THRESHOLD = 0.5


def _third_party(normalized: str, start: int) -> bool:
    """True when the cue at `start` is said about someone else ("doctors are in a hurry").

    Also when it is the main clause of a condition on someone else ("if they answer no, jump
    straight to the end"): that describes what the product does, not what the speaker wants.
    """
    head = normalized[:start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    clause = head[breaks[-1].end() :] if breaks else head
    if _THIRD_PARTY.search(clause) is not None:
        return True
    sentence = re.split(r"[.;!?]", head)[-1]
    condition = _CONDITION.search(sentence)
    return condition is not None and _THIRD_PARTY.search(sentence, condition.end()) is not None


def _first_person_hit(pattern: re.Pattern[str], normalized: str) -> re.Match[str] | None:
    for match in pattern.finditer(normalized):
        if not _third_party(normalized, match.start()):
            return match
    return None


def _impatience(normalized: str) -> float:
    if _first_person_hit(_IMPATIENCE_STRONG, normalized) is not None:
        return 0.9
    if _first_person_hit(_IMPATIENCE_FRAME, normalized) is not None:
        return 0.9
    weak = _IMPATIENCE_WEAK.search(normalized)
    return 0.55 if weak is not None and weak.start() < 3 else 0.0


def _fatigue(normalized: str) -> float:
    if _first_person_hit(_FATIGUE, normalized) is not None:
        return 0.9
    return 0.8 if _first_person_hit(_FATIGUE_WEAK, normalized) is not None else 0.0


def _expertise(normalized: str) -> float:
    if _first_person_hit(_EXPERTISE_STRONG, normalized) is not None:
        return 0.95
    weak = _first_person_hit(_EXPERTISE_WEAK, normalized)
    if weak is None:
        return 0.0
    # a claim of expertise followed by a technical ask ("principal architect here. skip ...")
    return 0.95 if _TECHNICAL_ASK.search(normalized, weak.end()) else 0.65


def _first_clause(text: str) -> str:
    cut = re.search(r"[.;!?]|\bbecause\b|\bsince\b|\bso that\b", text)
    return text[: cut.start()] if cut else text


def _redirect(normalized: str) -> tuple[float, str | None]:
    match = _REDIRECT.search(normalized)
    if match is None or _third_party(normalized, match.start()):
        return 0.0, None
    tail = match.group("a") if match.group("a") is not None else match.group("b")
    topic = _target_topic(_first_clause(tail or ""))
    if topic is None and _ANAPHOR.match(tail or "") and not _DEFERRED.search(tail or ""):
        topic = _target_topic(normalized[: match.start()])  # "SOC2. can we cover that now"
    if _PRIORITISE.search(match.group(0)[: len(match.group(0)) - len(tail or "")]):
        topic = "feature_priorities"
    if topic is None or _COLON_CONTENT.search(tail or ""):
        return 0.0, None
    return (0.85 if match.group("a") is not None else 0.75), topic


def _target_topic(text: str) -> str | None:
    """The topic a redirect goes to: one named as left behind ("before the screens") only if
    no other is named."""
    return find_topic(_AWAY_FROM.sub(" ", text)) or find_topic(text)


def _dont_know(text: str, normalized: str) -> float:
    for pattern in (_DONT_KNOW, _DELEGATE):
        for match in pattern.finditer(normalized):
            if _third_party(normalized, match.start()):
                continue
            rest = normalized[match.end() :]
            if _COMPLEMENT.match(rest) and _answered_after(rest):
                continue  # "not sure how users will find us, probably SEO"
            if pattern is _DONT_KNOW and _answers_anyway(rest):
                continue
            return 0.6 if is_substantive(text) else 0.9
    return 0.0


_HEDGED_CLAUSE = re.compile(r"[^,;.!?—–()]*?(?=[,;.!?—–()]|\s-\s|\bbut\b|$)")


def _answered_after(rest: str) -> bool:
    """True when "I don't know how many X" is followed by an answer of its own ("..., but
    probably 10k"); not by nothing, a question back, or a delegation ("..., just assume one")."""
    clause = _HEDGED_CLAUSE.match(rest)
    tail = rest[clause.end() :] if clause else ""
    if _DELEGATE.search(tail) or _QUESTION_END.search(tail):
        return False
    return _has_content(tail) or _ESTIMATE.search(tail) is not None


def _answers_anyway(rest: str) -> bool:
    """ "not sure it's the same everywhere, but in our clinics the receptionist does intake" """
    if _ESTIMATE.search(rest):  # "don't know the exact number, roughly 40 vendors"
        return True
    but = _BUT_ANSWER.search(rest)
    return but is not None and len(words(but.group("answer"))) >= 4 and _has_content(but.group(0))


def _has_content(normalized: str) -> bool:
    return any(
        w.isdigit() or (len(w) > 1 and w not in _FILLER and stem_phrase(w) not in _TOPIC_INDEX)
        for w in words(normalized)
    )


def is_substantive(text: str) -> bool:
    """True when a message carries answer content beyond its signal ("not sure, maybe nurses?")."""
    normalized = expand_shorthand(normalize(text))
    remaining = normalized
    for pattern in _SUBSTANCE_STRIP:
        remaining = pattern.sub(" ", remaining)
    if remaining == normalized:  # no signal phrase: a bare "Stripe" or "iOS" is an answer
        return any(w.isdigit() or (len(w) > 1 and w not in _FILLER) for w in words(normalized))
    return _has_content(remaining)


def _span(text: str, normalized: str, part: str, start: int) -> str:
    index = normalized.find(part, start)
    return text[index : index + len(part)] if index >= 0 else part


def _clean_value(raw: str) -> str | None:
    clause = _first_clause(raw).strip()
    anchor = _ANCHOR.search(clause.lower())
    if anchor is not None and anchor.end() < len(clause):
        clause = clause[anchor.end() :]
    lead = _VALUE_LEAD.match(clause.lower())
    if lead is not None:
        clause = clause[lead.end() :]
    value = _VALUE_TRAIL.sub("", clause).strip(" \t\"'")
    return value or None


def _clean_previous(raw: str) -> str | None:
    lead = _VALUE_LEAD.match(raw.lower())
    value = _VALUE_TRAIL.sub("", raw[lead.end() :] if lead else raw).strip(" \t\"'")
    return value or None


def _correction_value(text: str, normalized: str) -> tuple[str | None, str | None]:
    prefix = _CUE_PREFIX.match(normalized)
    start = prefix.end() if prefix else 0
    body = normalized[start:]
    original = text[start : start + len(body)]
    meant = _MEANT.search(body)
    if meant is not None:
        said = _SAID.search(body)
        value, previous = _split_contrast(original[meant.start("value") :], meant.group("value"))
        if said is not None:
            previous = _clean_previous(original[said.start("previous") : said.end("previous")])
        return value, previous
    said = _SAID_BUT.search(body)
    if (
        said is not None
    ):  # "i said teachers earlier but it's really the school admins who'll use it"
        value = _RELATIVE.sub("", original[said.start("value") : said.end("value")])
        previous = original[said.start("previous") : said.end("previous")]
        return _clean_previous(value), _clean_previous(previous)
    fixed = _NOT_BUT_VALUE.search(body) or _AFTER_NOT.search(body)
    if fixed is not None:
        value = _clean_value(original[fixed.start("value") : fixed.end("value")])
        groups = fixed.groupdict()
        if groups.get("previous") is None:
            return value, None
        previous = _clean_previous(original[fixed.start("previous") : fixed.end("previous")])
        return value, previous
    leading = _LEADING_NOT_SPLIT.match(body)
    if leading is not None:
        previous = _clean_previous(original[leading.start("previous") : leading.end("previous")])
        return _clean_value(original[leading.start("value") :]), previous
    return _split_contrast(original, body)


def _split_contrast(original: str, lowered: str) -> tuple[str | None, str | None]:
    contrast = _CONTRAST.search(lowered)
    if contrast is None or not contrast.group("value").strip():
        return _clean_value(original), None
    value = _clean_value(original[contrast.start("value") : contrast.end("value")])
    previous = _clean_previous(original[contrast.start("previous") : contrast.end("previous")])
    return value, previous


def _names_people(normalized: str) -> bool:
    return any(m.group(0) not in _NOT_PEOPLE for m in _PEOPLE.finditer(normalized))


def _corrected_subject_topic(body: str) -> str | None:
    """The topic of the statement being fixed: "the main problem isn't X", "you assumed X"."""
    for frame in _CORRECTED_SUBJECT:
        match = frame.search(body)
        if match is None:
            continue
        subject = match.group("subj")
        topic = find_topic(subject)
        if topic is None and _names_people(subject):
            topic = "target_users"
        if topic == "target_users" and _NUMBER.search(_AGE.sub(" ", subject)):
            return "scale"  # "I said 1000 users but ..."
        if topic is not None:
            return topic
    return None


def _correction_topic(normalized: str) -> str | None:
    prefix = _CUE_PREFIX.match(normalized)
    body = normalized[prefix.end() :] if prefix else normalized
    subject = _corrected_subject_topic(body)
    if subject is not None:
        return subject
    matches = {topic for _, _, topic, _ in _topic_matches(body)}
    if _NUMBER.search(_AGE.sub(" ", body)) and matches <= {"target_users", "scale"} and matches:
        return "scale"
    topic = find_topic(body)
    if topic is None and (_FOR_WHOM.search(body) or _names_people(body)):
        return "target_users"
    return topic


def _named_topic(normalized: str) -> str | None:
    prefix = _CUE_PREFIX.match(normalized)
    return find_topic(normalized[prefix.end() :] if prefix else normalized)


def _correction(text: str, normalized: str, current_topic: str | None) -> _SignalDraft | None:
    industry = find_industry_correction(text)
    if industry is not None and _named_topic(normalized) is None:
        return "correction", 0.9, None, industry.value or None, industry.previous
    strong = _STRONG_CORRECTION.search(normalized) is not None or any(
        frame.search(normalized) for frame in _STRONG_CORRECTION_FRAMES
    )
    leading_not = _LEADING_NOT.match(normalized) is not None
    if not (strong or leading_not or _WEAK_CORRECTION.search(normalized)):
        return None
    if not strong and _RHETORICAL.search(normalized):
        return None
    if not strong and _QUESTION_END.search(normalized):
        return None
    topic = _correction_topic(normalized)
    if topic is None and not (strong or leading_not):
        return None
    value, previous = _correction_value(text, normalized)
    confidence = 0.85 if strong else 0.75 if leading_not else 0.7
    return "correction", confidence, topic or current_topic, value, previous


def _drafts(text: str, normalized: str, current_topic: str | None) -> list[_SignalDraft]:
    cues = expand_shorthand(normalized)
    redirect, redirect_topic = _redirect(cues)
    drafts: list[_SignalDraft] = [
        ("expertise", _expertise(cues), None, None, None),
        ("fatigue", _fatigue(cues), None, None, None),
        ("impatience", _impatience(cues), None, None, None),
        ("redirect", redirect, redirect_topic, None, None),
        ("dont_know", _dont_know(text, cues), None, None, None),
    ]
    correction = _correction(text, normalized, current_topic)
    if correction is not None:
        drafts.append(correction)
    return drafts


def rules_signal(text: str, current_topic: str | None = None) -> Signal:
    """The strongest signal the hand-written rules find, or kind "none"."""
    normalized = normalize(text)
    if not normalized.strip():
        return Signal()
    best = max(_drafts(text, normalized, current_topic), key=lambda d: (d[1], _PRIORITY[d[0]]))
    kind, confidence, topic, value, previous = best
    if confidence < _THRESHOLD:
        return Signal()
    return Signal(kind=kind, confidence=confidence, topic=topic, value=value, previous=previous)


# Cues the rules match yet rejected when they answer "none": a guard (third person, "I don't
# know X but Y", ...) vetoed them, and the model may not overrule that.
_GUARDED_CUES = (
    _IMPATIENCE_STRONG,
    _IMPATIENCE_FRAME,
    _FATIGUE,
    _FATIGUE_WEAK,
    _EXPERTISE_STRONG,
    _EXPERTISE_WEAK,
    _DONT_KNOW,
    _DELEGATE,
    _STRONG_CORRECTION,
)
_SPEAKER = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|myself|you|your|you're|let's)\b")


def _guarded(cues: str) -> bool:
    """True when the rules matched a cue and then rejected it, e.g. as said about others."""
    if any(pattern.search(cues) for pattern in _GUARDED_CUES):
        return True
    redirect = _REDIRECT.search(cues)
    return redirect is not None and _third_party(cues, redirect.start())


_OTHERS_ROLE = _pattern("others_role")
_SELF = re.compile(r"\b(?:i|i'm|i've|me)\b")


def _about_others(cues: str, kind: str) -> bool:
    """True for a message about someone else ("drivers are exhausted"), not the speaker."""
    if kind == "expertise" and _OTHERS_ROLE.search(cues) and not _SELF.search(cues):
        return True  # "our CTO here handles the infra"
    return _THIRD_PARTY.search(cues) is not None and _SPEAKER.search(cues) is None


def second_opinion(
    text: str,
    probabilities: dict[str, float],
    threshold: float,
    current_topic: str | None = None,
    *,
    check_cues: bool = True,
) -> Signal:
    """The model's kind for a message the rules call "none", if it is confident enough.

    The model never overrules a guard, nor speaks for a message about someone else, and a
    redirect it finds needs a topic the rules can name. `check_cues=False` skips the guard
    check on cues the rules rejected (for evaluation on rows the rules are pretending to miss).
    """
    normalized = normalize(text)
    cues = expand_shorthand(normalized)
    kind = max(SIGNAL_KINDS[1:], key=lambda k: probabilities.get(k, 0.0))
    confidence = probabilities.get(kind, 0.0)
    if confidence < threshold or not cues.strip() or _about_others(cues, kind):
        return Signal()
    if check_cues and _guarded(cues):
        return Signal()
    confidence = round(min(1.0, confidence), 4)
    if kind == "redirect":
        topic = _target_topic(_first_clause(cues)) or _target_topic(cues)
        if topic is None:
            return Signal()
        return Signal(kind=kind, confidence=confidence, topic=topic)
    if kind == "correction":
        topic = _correction_topic(normalized)
        if (
            _QUESTION_END.search(normalized)
            or (topic is None and _WEAK_CORRECTION.search(normalized))
            or _RHETORICAL.search(normalized)
        ):
            return Signal()  # as the rules: a question, or a weak cue without a topic
        value, previous = _correction_value(text, normalized)
        topic = topic or current_topic
        return Signal(kind=kind, confidence=confidence, topic=topic, value=value, previous=previous)
    return Signal(kind=kind, confidence=confidence)


def detect_signal(text: str, current_topic: str | None = None) -> Signal:
    """The strongest escape or correction signal in a user message, or kind "none".

    The rules decide; where they find nothing, a small trained model gets a second opinion.
    """
    rules = rules_signal(text, current_topic)
    if rules.kind != "none" or MODEL is None:
        return rules
    return second_opinion(text, MODEL.probabilities(text), MODEL.threshold, current_topic)

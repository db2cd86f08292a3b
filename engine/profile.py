"""Industry, role and sophistication detection (offline) and profile merging."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import NamedTuple, TypeVar, get_args

from engine import industry_model
from engine.lexicon import ngrams, normalize, stem, stem_phrase, stems, words
from engine.types import Industry, Profile, ProfileReading, Role, Sophistication
from engine.vocabulary import load

INDUSTRIES: tuple[Industry, ...] = get_args(Industry)  # one list: the Literal in engine.types


_L = tuple[tuple[float, tuple[str, ...]], ...]
_K = TypeVar("_K", bound=str)
_TERMS = load("profile_terms.json")


def _groups(raw: dict[str, list[str]]) -> _L:
    """A weight -> terms table as (weight, terms) pairs, in the file's order."""
    return tuple((float(weight), tuple(terms)) for weight, terms in raw.items())


def _labelled(raw: dict[str, dict[str, list[str]]], labels: tuple[_K, ...]) -> dict[_K, _L]:
    """Each label's table in the file's order; a label outside `labels` fails the import."""
    by_name: dict[str, _K] = {label: label for label in labels}
    return {by_name[name]: _groups(table) for name, table in raw.items()}


_INDUSTRY_TERMS = _labelled(_TERMS["industry_terms"], INDUSTRIES)
# Broader families per industry: synonyms, morphological variants, jargon people use in
# passing, and well-known products used as analogies ("zocdoc for therapists").
_INDUSTRY_FAMILIES = _labelled(_TERMS["industry_families"], INDUSTRIES)
_ROLE_TERMS = _labelled(_TERMS["role_terms"], get_args(Role))
_EXPERT_TERMS = _groups(_TERMS["expert_terms"])
_INTERMEDIATE_TERMS = _groups(_TERMS["intermediate_terms"])
_NOVICE_PHRASES = re.compile(_TERMS["novice_phrases"])
_NUMBER_UNIT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:ms|rps|qps|tps|gb|tb|mb)\b|\bp\d{2}\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,5}\b")
_NEGATED = re.compile(
    r"\b(?:not|isn't|isnt|aren't|arent|no longer|instead of|rather than)\b(?P<span>.*?)"
    r"(?=[,.;:!?()]|\s[—–-]\s|\bbut\b|\bit's\b|\bit is\b|\bwe're\b|\bwe are\b|$)"
)
_HEDGE = re.compile(
    r"^\s*(?:(?:really|too|totally|entirely|quite|100%)\s+)?(?:sure|certain|yet|a clue)\b"
)
_CORRECTION_CUE = re.compile(
    r"\b(?:actually|correction|i meant|to clarify|sorry|oops|my bad|my mistake|scratch that"
    r"|i misspoke|wait)\b"
)
_SELF_DESCRIPTION = re.compile(
    r"\b(?:this|it|we|our (?:product|app|company|startup|business|platform|idea))"
    r"\s*(?:is|'s|are|'re|will be)\b(?P<rest>.*)"
)
_PLAIN_WORDS_FOR_NOVICE = 5
_MIN_CORRECTION_SCORE = 2.0


def _index(table: _L) -> dict[str, float]:
    index: dict[str, float] = {}
    for weight, terms in table:
        for term in terms:
            key = stem_phrase(term)
            index[key] = max(index.get(key, 0.0), weight)
    return index


def _index_labels(tables: dict[_K, _L]) -> dict[str, list[tuple[_K, float]]]:
    index: dict[str, list[tuple[_K, float]]] = {}
    for label, table in tables.items():
        for key, weight in _index(table).items():
            index.setdefault(key, []).append((label, weight))
    return index


_INDUSTRY_INDEX = _index_labels(
    {label: _INDUSTRY_TERMS[label] + _INDUSTRY_FAMILIES.get(label, ()) for label in INDUSTRIES}
)
_ROLE_INDEX = _index_labels(_ROLE_TERMS)
_ALL_TERMS = frozenset(_INDUSTRY_INDEX)


def _root_index() -> dict[str, list[tuple[Industry, float]]]:
    """Single-word industry terms by derivational root, for words the lexicon lacks verbatim."""
    index: dict[str, dict[Industry, float]] = {}
    for term, hits in _INDUSTRY_INDEX.items():
        if " " in term or "-" in term or len(term) < 6:
            continue
        for label, weight in hits:
            slot = index.setdefault(root(term), {})
            slot[label] = max(slot.get(label, 0.0), weight)
    return {key: list(slot.items()) for key, slot in index.items()}


_EXPERT_INDEX = _index(_EXPERT_TERMS)
_INTERMEDIATE_INDEX = _index(_INTERMEDIATE_TERMS)
_TIE_RANK: dict[str, int] = {name: -i for i, name in enumerate(INDUSTRIES)}


class IndustryCorrection(NamedTuple):
    """An explicit industry correction: the industry now stated and the one rejected, if any."""

    industry: Industry
    value: str
    previous: str | None


class _Split(NamedTuple):
    affirmed: str
    negated: tuple[str, ...]


def _split_negations(normalized: str) -> _Split:
    spans = tuple(m.group("span") for m in _NEGATED.finditer(normalized))
    affirmed = _NEGATED.sub(lambda m: " " * len(m.group(0)), normalized)
    return _Split(affirmed, spans)


_DERIVATIONAL = ("ists", "ist", "isms", "ism", "ical", "ics", "ic", "ian", "ation", "ion", "ory")
_ROOT_DISCOUNT = 0.75
_SPECIFICITY = 0.001


@lru_cache(maxsize=16384)
def root(stemmed: str) -> str:
    """A derivational root, so "physiotherapist", "physiotherapy" and "physio-therapeutic" meet."""
    for suffix in _DERIVATIONAL:
        if stemmed.endswith(suffix) and len(stemmed) - len(suffix) >= 6:
            return stemmed[: -len(suffix)]
    if stemmed.endswith(("y", "e")) and len(stemmed) > 7:
        return stemmed[:-1]
    return stemmed


_ROOT_INDEX = _root_index()


def _grams(normalized: str) -> list[str]:
    """Every stemmed 1..3-gram, plus the parts of hyphenated words no phrase matched whole
    ("post-surgery" also counts as "surgery")."""
    tokens = stems(normalized)
    grams = list(ngrams(tokens))
    for token in tokens:
        if "-" in token and token not in _ALL_TERMS:
            grams.extend(stem(part) for part in token.split("-") if len(part) > 2)
    return grams


def _score(
    index: dict[str, list[tuple[_K, float]]],
    normalized: str,
    roots: dict[str, list[tuple[_K, float]]] | None = None,
) -> dict[_K, float]:
    """Summed term weights per label; single words the index lacks may match by `roots`."""
    scores: dict[_K, float] = {}
    for gram in _grams(normalized):
        hits = index.get(gram)
        discount = 1.0
        if hits is None and roots is not None and " " not in gram:
            hits, discount = roots.get(root(gram)), _ROOT_DISCOUNT
        for label, weight in hits or ():
            weight *= discount
            # a hair more for concentrated evidence, so on equal sums one domain-specific
            # term ("citizens") beats several generic ones ("budget", "tracking")
            scores[label] = scores.get(label, 0.0) + weight + _SPECIFICITY * weight * weight
    return scores


_AUDIENCE_CUT = re.compile(
    r"\b(?:for|so|that|which|where|to help|helping|aimed at|targeting|between|among|near|across)\b"
)
_HEAD_BONUS = 0.2


def _industry_evidence(normalized: str) -> dict[Industry, float]:
    """Industry scores where the product's head phrase (before "for ...", "that ...") counts
    a little more than the audience or details that follow it."""
    scores = _score(_INDUSTRY_INDEX, normalized, _ROOT_INDEX)
    cut = _AUDIENCE_CUT.search(normalized)
    if cut is None:
        return scores
    for label, weight in _score(_INDUSTRY_INDEX, normalized[: cut.start()], _ROOT_INDEX).items():
        scores[label] = scores.get(label, 0.0) + _HEAD_BONUS * weight
    return scores


def _weight(index: dict[str, float], normalized: str) -> float:
    return sum(index.get(gram, 0.0) for gram in ngrams(stems(normalized)))


def _best_industry(scores: dict[Industry, float]) -> tuple[Industry, float, float]:
    if not scores:
        return "other", 0.0, 0.0
    ranked = sorted(scores.items(), key=lambda kv: (kv[1], _TIE_RANK[kv[0]]), reverse=True)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][0], ranked[0][1], runner_up


def _confidence(top: float, runner_up: float, scale: float = 4.0) -> float:
    if top <= 0:
        return 0.0
    strength = 1.0 - math.exp(-top / scale)
    return round(min(1.0, strength * (0.4 + 0.6 * (top - runner_up) / top)), 4)


def industry_scores(text: str) -> dict[Industry, float]:
    """Evidence for each industry in `text`, ignoring negated phrases ("not fintech")."""
    return _industry_evidence(_split_negations(normalize(text)).affirmed)


def find_industry_correction(text: str) -> IndustryCorrection | None:
    """The industry a message explicitly corrects to, e.g. "we're in healthcare, not fintech"."""
    normalized = normalize(text)
    split = _split_negations(normalized)
    # "not sure about budget, ..." hedges; it rejects nothing
    split = split._replace(negated=tuple(s for s in split.negated if not _HEDGE.match(s)))
    if not split.negated and _CORRECTION_CUE.search(normalized) is None:
        return None  # neither "not X" nor "actually/sorry/...": cannot be a correction
    affirmed, top, _ = _best_industry(_score(_INDUSTRY_INDEX, split.affirmed, _ROOT_INDEX))
    if top < _MIN_CORRECTION_SCORE:
        return None
    rejected = _rejected_industry(split.negated)
    if rejected is not None and rejected[0] != affirmed:
        return IndustryCorrection(affirmed, _affirmed_phrase(text, split.affirmed), rejected[1])
    if rejected is not None or split.negated:  # "for landlords, not tenants": another contrast
        return None
    if _CORRECTION_CUE.search(normalized) is None:
        return None
    described = _SELF_DESCRIPTION.search(split.affirmed)
    if described is None:
        return None
    tail = described.group("rest")
    tail_best, tail_top, _ = _best_industry(_score(_INDUSTRY_INDEX, tail, _ROOT_INDEX))
    if tail_best != affirmed or tail_top < _MIN_CORRECTION_SCORE:
        return None
    start = described.start("rest")
    return IndustryCorrection(affirmed, _clean_phrase(text[start : start + len(tail)]), None)


def _rejected_industry(spans: tuple[str, ...]) -> tuple[Industry, str] | None:
    for span in spans:
        best, top, _ = _best_industry(_score(_INDUSTRY_INDEX, span, _ROOT_INDEX))
        if top >= _MIN_CORRECTION_SCORE:
            return best, _clean_phrase(span)
    return None


_LEAD_FILLER = re.compile(
    r"^(?:(?:actually|no|wait|sorry|correction|so|well|we're|we are|it's|it is|this is|in"
    r"|for|an?|the|just)\b[\s,:-]*)+"
)
_TRAIL_FILLER = re.compile(r"[\s,.;:!?—–-]+$")


def _clean_phrase(phrase: str) -> str:
    stripped = phrase.strip(" \t\n,.;:!?—–-\"'")
    without_lead = _LEAD_FILLER.sub("", stripped.lower())
    cut = len(stripped) - len(without_lead)
    return _TRAIL_FILLER.sub("", stripped[cut:]).strip()


def _affirmed_phrase(text: str, affirmed: str) -> str:
    clauses = [
        c
        for c in re.split(r"[,.;:!?—–]|\s-\s", affirmed)
        if _score(_INDUSTRY_INDEX, c, _ROOT_INDEX)
    ]
    if not clauses:
        return ""
    clause = clauses[0]
    start = affirmed.find(clause)
    return _clean_phrase(text[start : start + len(clause)])


def _read_industry(text: str) -> tuple[Industry, float, bool]:
    correction = find_industry_correction(text)
    if correction is not None:
        return correction.industry, 1.0, True
    best, top, runner_up = _best_industry(industry_scores(text))
    confidence = _confidence(top, runner_up)
    opinion = industry_model.second_opinion(text, best, confidence)  # trained on real text
    if opinion is not None:  # squared: an unsure model moves a profile little
        return opinion[0], round(opinion[1] ** 2, 4), False
    return best, confidence, False


def _read_role(normalized: str, expert_weight: float) -> tuple[Role, float]:
    scores: dict[Role, float] = _score(_ROLE_INDEX, normalized)
    technical = scores.get("technical", 0.0) + expert_weight / 4
    business = scores.get("business", 0.0)
    hybrid = scores.get("hybrid", 0.0)
    if hybrid >= 3 or (technical >= 2 and business >= 2):
        return "hybrid", _confidence(hybrid + min(technical, business), 0.0)
    if technical == business:
        return "unknown", 0.0
    role: Role = "technical" if technical > business else "business"
    return role, _confidence(max(technical, business), min(technical, business))


def _level(score: float) -> Sophistication:
    if score < 0.35:
        return "novice"
    if score < 0.6:
        return "intermediate"
    if score < 0.8:
        return "advanced"
    return "expert"


def _expert_weight(text: str, normalized: str) -> float:
    acronyms = min(1.0, 0.3 * len(_ACRONYM.findall(text[:4000])))
    units = 2.0 * len(_NUMBER_UNIT.findall(normalized))
    return _weight(_EXPERT_INDEX, normalized) + units + acronyms


def _read_sophistication(text: str, normalized: str, expert: float) -> tuple[float, float]:
    intermediate = _weight(_INTERMEDIATE_INDEX, normalized)
    novice = 1.5 * len(_NOVICE_PHRASES.findall(normalized))
    evidence = expert + intermediate + novice
    if evidence == 0:
        if len(words(normalized)) < _PLAIN_WORDS_FOR_NOVICE:
            return 0.5, 0.0
        novice = evidence = 0.4  # plain words lean novice, but stay intermediate
    score = 1.0 / (1.0 + math.exp(-0.8 * (expert + intermediate - novice)))
    return round(score, 4), round(1.0 - math.exp(-evidence / 3), 4)


def read_profile(text: str) -> ProfileReading:
    """Read industry, role and sophistication from one message, with confidences in [0, 1]."""
    normalized = normalize(text)
    industry, industry_confidence, corrected = _read_industry(text)
    expert = _expert_weight(text, normalized)
    role, role_confidence = _read_role(normalized, expert)
    score, confidence = _read_sophistication(text, normalized, expert)
    domain, domain_corrected = _read_domain(normalized)
    return ProfileReading(
        industry=industry,
        industry_confidence=industry_confidence,
        role=role,
        role_confidence=role_confidence,
        sophistication=_level(score),
        sophistication_score=score,
        sophistication_confidence=confidence,
        industry_correction=corrected,
        domain=domain,
        domain_correction=domain_corrected,
    )


def _read_domain(normalized: str) -> tuple[str, bool]:
    """The sub-domain pack named by cue phrases outside negations ("not a vet clinic"), and
    whether the message rejects another one or says it corrects ("actually a dental office")."""
    from engine.packs import find_domain  # packs imports this module for its types

    split = _split_negations(normalized)
    domain = find_domain(split.affirmed)[0]
    if not domain:
        return "", False
    rejected = {find_domain(span)[0] for span in split.negated} - {"", domain}
    return domain, bool(rejected) or _CORRECTION_CUE.search(normalized) is not None


_AGREE_GAIN = 0.6
_OPPOSE_PULL = 0.6
_SOPHISTICATION_INERTIA = 3.0


def _tug(current: _K, strength: float, reading: _K, evidence: float) -> tuple[_K, float]:
    """One step of a confidence-weighted vote between the current leader and a new reading."""
    if evidence <= 0:
        return current, strength
    if strength <= 0 or reading == current:
        return reading, round(1.0 - (1.0 - strength) * (1.0 - evidence * _AGREE_GAIN), 4)
    remaining = strength - evidence * _OPPOSE_PULL
    if remaining > 0:
        return current, round(remaining, 4)
    return reading, round(max(-remaining, evidence * 0.5), 4)


_STICKY = 0.45  # from this confidence on, the industry only moves on strong evidence
_OVERRIDE = 0.75  # what a single message must reach to move a sticky industry


def _merge_domain(current: Profile, reading: ProfileReading) -> dict[str, object]:
    """A recognised sub-domain sets its parent industry; once set it stays until the person
    corrects the industry explicitly."""
    from engine.packs import packs  # packs imports this module for its types

    table = packs()
    if reading.domain and reading.domain != current.domain:
        if current.domain and not (reading.industry_correction or reading.domain_correction):
            return {}
        pack = table[reading.domain]
        sticky = current.industry != "other" and current.industry_confidence >= _STICKY
        if sticky and pack.industry != current.industry and not _strong(reading, pack.industry):
            return {}  # "our warehouse is shipbob" does not turn a web shop into a warehouse
        confidence = max(current.industry_confidence, 0.8)
        if reading.industry_correction:
            return {"domain": pack.id, "industry": pack.industry, "industry_confidence": 1.0}
        return {"domain": pack.id, "industry": pack.industry, "industry_confidence": confidence}
    parent = table[current.domain].industry if current.domain in table else None
    if reading.industry_correction and parent is not None and parent != reading.industry:
        return {"domain": ""}  # "we're a bank, not a vet clinic": the old sub-domain goes
    return {}


def _strong(reading: ProfileReading, industry: Industry) -> bool:
    corrected = reading.industry_correction or reading.domain_correction
    return corrected or (reading.industry == industry and reading.industry_confidence >= _OVERRIDE)


def _merge_industry(current: Profile, reading: ProfileReading) -> dict[str, object]:
    if reading.industry_correction:
        if current.domain and reading.domain == current.domain:
            return {"industry_locked": True}  # the sub-domain already names the industry
        return {"industry": reading.industry, "industry_confidence": 1.0, "industry_locked": True}
    if current.industry_locked or current.domain:
        return {}
    sticky = current.industry != "other" and current.industry_confidence >= _STICKY
    weak = reading.industry_confidence < max(_OVERRIDE, current.industry_confidence)
    if sticky and reading.industry != current.industry and weak:
        return {}  # one word ("scan", "payments") never moves a confident industry
    industry, confidence = _tug(
        current.industry,
        current.industry_confidence,
        reading.industry,
        reading.industry_confidence,
    )
    return {"industry": industry, "industry_confidence": confidence}


def _merge_role(current: Profile, reading: ProfileReading) -> dict[str, object]:
    pair = {current.role, reading.role}
    strong = min(current.role_confidence, reading.role_confidence) >= 0.4
    if pair == {"technical", "business"} and strong:
        return {"role": "hybrid", "role_confidence": min(current.role_confidence, 0.8)}
    if current.role == "unknown":
        return {"role": reading.role, "role_confidence": reading.role_confidence}
    role, confidence = _tug(
        current.role, current.role_confidence, reading.role, reading.role_confidence
    )
    return {"role": role, "role_confidence": confidence}


_CONFUSED_DROP = 0.25


def _plainer(current: Profile) -> dict[str, object]:
    """Someone who did not understand a question: at least one level plainer from now on."""
    score = round(max(0.05, min(current.sophistication_score - _CONFUSED_DROP, 0.3)), 4)
    if current.sophistication in ("advanced", "expert"):  # plain words from now on
        score = round(min(current.sophistication_score - _CONFUSED_DROP, 0.5), 4)
    return {
        "sophistication": _level(score),
        "sophistication_score": score,
        "sophistication_confidence": max(current.sophistication_confidence, 0.5),
        "sophistication_locked": False,
    }


def _merge_sophistication(current: Profile, reading: ProfileReading) -> dict[str, object]:
    if reading.confused:
        return _plainer(current)
    evidence = reading.sophistication_confidence
    if current.sophistication_locked or evidence <= 0:
        return {}
    inertia = current.sophistication_confidence * _SOPHISTICATION_INERTIA
    score = (current.sophistication_score * inertia + reading.sophistication_score * evidence) / (
        inertia + evidence
    )
    confidence = 1.0 - (1.0 - current.sophistication_confidence) * (1.0 - evidence * 0.5)
    return {
        "sophistication": _level(score),
        "sophistication_score": round(score, 4),
        "sophistication_confidence": round(confidence, 4),
    }


def merge_profile(current: Profile, reading: ProfileReading) -> Profile:
    """Fold one message's reading into the profile; locked fields only move on explicit cues."""
    update: dict[str, object] = {"observations": current.observations + 1}
    update |= _merge_domain(current, reading)
    update |= _merge_industry(current.model_copy(update=update), reading)
    if reading.role != "unknown" and reading.role_confidence > 0:
        update |= _merge_role(current, reading)
    update |= _merge_sophistication(current, reading)
    return current.model_copy(update=update)


def lock_expert(current: Profile) -> Profile:
    """Mark the person as a self-declared expert ("I'm an engineer, skip the basics")."""
    update: dict[str, object] = {
        "sophistication": "expert",
        "sophistication_score": max(current.sophistication_score, 0.95),
        "sophistication_confidence": max(current.sophistication_confidence, 0.9),
        "sophistication_locked": True,
    }
    if current.role == "unknown":
        update |= {"role": "technical", "role_confidence": max(current.role_confidence, 0.6)}
    return current.model_copy(update=update)

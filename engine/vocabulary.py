"""Word tables loaded once from engine/data/*.json, and the understanding vocabulary."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.topics import as_topic
from engine.types import TopicId

_DATA = Path(__file__).resolve().parent / "data"

Table = tuple[re.Pattern[str], tuple[str, ...]]


def load(name: str) -> dict[str, Any]:
    """One JSON table of engine/data, read once by the module that compiles it."""
    data: dict[str, Any] = json.loads((_DATA / name).read_text(encoding="utf-8"))
    return data


def _labelled(table: dict[str, list[str]]) -> Table:
    """One pattern whose group `g<i>` matches the i-th label's words (a single scan per text)."""
    labels = list(table)
    body = "|".join(
        f"(?P<g{i}>" + "|".join(f"(?:{p})" for p in table[label]) + ")"
        for i, label in enumerate(labels)
    )
    return re.compile(body, re.IGNORECASE), tuple(labels)


def compact(name: str) -> str:
    """A service name as a lookup key: lower case, no spaces or hyphens."""
    return re.sub(r"[\s-]+", "", name.lower())


def _services(names: list[str], aliases: dict[str, str]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every service name (longest first) and compact name -> spelling."""
    spelled = {n.lower(): n for n in names} | {a.lower(): n for a, n in aliases.items()}
    ordered = sorted(spelled, key=len, reverse=True)
    body = "|".join(re.escape(k).replace(r"\ ", r"[\s-]?") for k in ordered)
    pattern = re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", re.IGNORECASE)
    return pattern, {compact(k): v for k, v in spelled.items()}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Compiled tables: named things, people words, objects, non-answers, topic cues and the
    word sets (stopwords, determiners, ...) of stopwords.json by name."""

    platforms: Table
    services: re.Pattern[str]
    service_names: dict[str, str]
    ambiguous_services: frozenset[str]
    service_context: re.Pattern[str]
    regimes: Table
    negators: re.Pattern[str]
    people: frozenset[str]
    not_people: frozenset[str]
    people_suffix: re.Pattern[str]
    objects: frozenset[str]
    generic_nouns: frozenset[str]
    time_units: frozenset[str]
    greeting: re.Pattern[str]
    fillers: re.Pattern[str]
    trailing_fillers: re.Pattern[str]
    question_back: re.Pattern[str]
    complaint: re.Pattern[str]
    dont_know: re.Pattern[str]
    dont_know_lead: re.Pattern[str]
    data_services: frozenset[str]
    later: re.Pattern[str]
    data_flow: re.Pattern[str]  # "pushes into xero", "routes come from onfleet"
    problem_frame: re.Pattern[str]  # "the big problem is", "X is a nightmare"
    asides: re.Pattern[str]  # "sorry, long day", "i'm between meetings": about the talk
    busy: re.Pattern[str]  # "i have closings at 2": why someone wants the files now
    labelled_leads: tuple[tuple[TopicId, re.Pattern[str]], ...]
    word_sets: dict[str, frozenset[str]]
    cues: tuple[tuple[TopicId, tuple[tuple[re.Pattern[str], float], ...]], ...]
    threshold: float
    asked_bonus: float


def _cues(
    raw: dict[str, dict[str, float]],
) -> tuple[tuple[TopicId, tuple[tuple[re.Pattern[str], float], ...]], ...]:
    out = []
    for name, table in raw.items():
        topic = as_topic(name)
        if topic is not None:
            compiled = tuple((re.compile(p, re.IGNORECASE), float(w)) for p, w in table.items())
            out.append((topic, compiled))
    return tuple(out)


def _leads(raw: dict[str, list[str]]) -> tuple[tuple[TopicId, re.Pattern[str]], ...]:
    """ "users: me + 2 analysts", "auth = our ldap": a topic named before a colon or "="."""
    out = []
    for name, words in raw.items():
        topic = as_topic(name)
        if topic is not None:
            head = r"^(?:the |our |my )?(?:" + "|".join(words) + r")(?:[- ]wise)?"
            pattern = re.compile(head + r"\s*(?:[:=]|->|\s-\s)\s*(?P<rest>\S.*)$", re.I)
            out.append((topic, pattern))
    return tuple(out)


def _build() -> Vocabulary:
    words = load("understanding.json")
    cues = load("topic_cues.json")
    sets = load("stopwords.json")

    def rx(key: str) -> re.Pattern[str]:
        return re.compile(words[key], re.IGNORECASE)

    services, service_names = _services(words["services"], words["service_aliases"])
    return Vocabulary(
        platforms=_labelled(words["platforms"]),
        services=services,
        service_names=service_names,
        ambiguous_services=frozenset(words["ambiguous_services"]),
        service_context=rx("service_context"),
        regimes=_labelled(words["regimes"]),
        negators=rx("negators"),
        people=frozenset(words["people"]),
        not_people=frozenset(words["not_people"]),
        people_suffix=rx("people_suffix"),
        objects=frozenset(words["objects"]),
        generic_nouns=frozenset(words["generic_nouns"]),
        time_units=frozenset(words["time_units"]),
        greeting=rx("greetings"),
        fillers=rx("fillers"),
        trailing_fillers=rx("trailing_fillers"),
        question_back=rx("question_back"),
        complaint=rx("complaint"),
        dont_know=rx("dont_know"),
        dont_know_lead=rx("dont_know_lead"),
        data_services=frozenset(words["data_services"]),
        later=rx("later"),
        data_flow=rx("data_flow"),
        problem_frame=rx("problem_frame"),
        asides=rx("asides"),
        busy=rx("busy"),
        labelled_leads=_leads(words["labelled_leads"]),
        word_sets={k: frozenset(v) for k, v in sets.items() if not k.startswith("_")},
        cues=_cues(cues["cues"]),
        threshold=float(cues["threshold"]),
        asked_bonus=float(cues["asked_bonus"]),
    )


VOCAB = _build()

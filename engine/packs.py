"""Industry knowledge packs: one JSON file per industry or sub-domain, loaded once."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from engine.types import Industry, TopicId


class Regime(BaseModel):
    """A compliance regime and why it does (or does not) apply in this domain."""

    model_config = ConfigDict(frozen=True)

    name: str
    why: str


class Default(BaseModel):
    """What to assume for a topic nobody answered, with its basis."""

    model_config = ConfigDict(frozen=True)

    value: str
    basis: str
    confidence: float = Field(0.5, ge=0.0, le=1.0)


class CoreObject(BaseModel):
    """A thing people in this domain handle, with realistic sample rows."""

    model_config = ConfigDict(frozen=True)

    name: str  # singular, lower case: "appointment"
    plural: str  # "appointments"
    fields: tuple[str, ...]  # column names: "Pet", "Owner", "Reason", "Time"
    rows: tuple[tuple[str, ...], ...]  # sample rows, one value per field
    actions: tuple[str, ...] = ()  # button labels: "Book visit", "Send reminder"
    empty: str = ""  # empty-state copy: "No visits booked for today yet."


class PackScreen(BaseModel):
    """A screen this kind of product usually has (used only for topics nobody described)."""

    model_config = ConfigDict(frozen=True)

    name: str
    purpose: str
    object: str = ""  # the CoreObject.name it shows, if any


class Pack(BaseModel):
    """Everything the bot knows about one industry or sub-domain."""

    model_config = ConfigDict(frozen=True)

    id: str  # file stem: "veterinary"
    industry: Industry  # the top-level industry it belongs to
    label: str  # "Veterinary clinics"
    cues: tuple[str, ...] = ()  # lower-case phrases that on their own point at this pack
    hints: tuple[str, ...] = ()  # weaker words: they only break ties between cued packs
    compliance: tuple[Regime, ...] = ()  # regimes that apply
    not_compliance: tuple[Regime, ...] = ()  # regimes people may name that do not apply
    questions: dict[TopicId, str] = {}  # question wording per topic, plain words (novices)
    precise: dict[TopicId, str] = {}  # the same angle in the field's precise terms
    answers: dict[TopicId, str] = {}  # a short answer to "what do others do?" per topic
    defaults: dict[TopicId, Default] = {}  # assumptions for topics nobody answered
    objects: tuple[CoreObject, ...] = ()
    screens: tuple[PackScreen, ...] = ()


GENERAL = "general"  # the fallback pack for anything no other pack covers


def load_packs(folder: Traversable | Path) -> dict[str, Pack]:
    """Every pack in `folder`, by id (uncached; `packs()` is the cached shipped set)."""
    found: dict[str, Pack] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            pack = Pack.model_validate(json.loads(entry.read_text(encoding="utf-8")))
            found[pack.id] = pack
    return found


@cache
def packs() -> dict[str, Pack]:
    """Every pack shipped in engine/data/packs, by id (loaded once)."""
    return load_packs(resources.files("engine").joinpath("data", "packs"))


def pack_for(industry: str, domain: str = "") -> Pack | None:
    """The sub-domain's pack when there is one, else the industry's, else None."""
    table = packs()
    return table.get(domain) or table.get(industry)


def chain(
    industry: str, domain: str = "", table: dict[str, Pack] | None = None
) -> tuple[Pack, ...]:
    """Packs to consult in order: the sub-domain's (else the industry's), then the general one.

    A sub-domain does not inherit its parent industry's wording or defaults: a restaurant is
    not asked about returns like a web shop, a vet clinic never gets healthcare's HIPAA.
    """
    table = packs() if table is None else table
    first = domain if domain in table else industry
    ids = dict.fromkeys(i for i in (first, GENERAL) if i)
    return tuple(table[i] for i in ids if i in table)


def _excluded(text: str, first: Pack) -> bool:
    return any(r.name.casefold() in text.casefold() for r in first.not_compliance)


def lookup(packs_in_order: tuple[Pack, ...], field: str, topic: TopicId) -> str | Default | None:
    """The first pack's entry for `topic` in one of its per-topic tables.

    An entry inherited from a parent pack is skipped when it names a regime the sub-domain
    rules out (a vet clinic never inherits healthcare's HIPAA question).
    """
    if not packs_in_order:
        return None
    first = packs_in_order[0]
    for pack in packs_in_order:
        table: dict[TopicId, str] | dict[TopicId, Default] = getattr(pack, field)
        entry = table.get(topic)
        if entry is None:
            continue
        text = entry.value if isinstance(entry, Default) else entry
        if pack is not first and _excluded(text, first):
            continue
        return entry
    return None


_NON_WORD = re.compile(r"[^a-z0-9&+]+")


def _padded(text: str) -> str:
    return f" {' '.join(_NON_WORD.sub(' ', text.lower()).split())} "


_Spec = tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]


@cache
def _phrase_index(spec: _Spec) -> tuple[dict[str, tuple[tuple[str, bool], ...]], int]:
    """Every cue and hint phrase (normalised) -> the packs it points at and whether it is a cue;
    plus the longest phrase in words."""
    index: dict[str, list[tuple[str, bool]]] = {}
    for pack_id, cues, hints in spec:
        for words, is_cue in ((cues, True), (hints, False)):
            for phrase in words:
                index.setdefault(_padded(phrase).strip(), []).append((pack_id, is_cue))
    longest = max((k.count(" ") + 1 for k in index), default=1)
    return {k: tuple(v) for k, v in index.items()}, longest


def _spec(table: dict[str, Pack]) -> _Spec:
    return tuple(
        (p.id, p.cues, p.hints)
        for p in table.values()
        if p.id != p.industry and p.id != GENERAL  # industries come from industry detection
    )


@cache
def _shipped_index() -> tuple[dict[str, tuple[tuple[str, bool], ...]], int]:
    return _phrase_index(_spec(packs()))


def find_domain(text: str, table: dict[str, Pack] | None = None) -> tuple[str, float]:
    """The sub-domain pack whose cue phrases `text` names, with a strength (0 when none).

    Only `cues` can name a domain (a phrase of n words counts n); `hints` add a quarter each
    when two domains are cued.
    """
    index, longest = _shipped_index() if table is None else _phrase_index(_spec(table))
    tokens = _padded(text).split()
    cued: dict[str, float] = {}
    hinted: dict[str, float] = {}
    seen: set[str] = set()
    for start in range(len(tokens)):
        for size in range(1, longest + 1):
            phrase = " ".join(tokens[start : start + size])
            if (size > 1 and start + size > len(tokens)) or phrase in seen:
                continue
            seen.add(phrase)
            for pack_id, is_cue in index.get(phrase, ()):
                bucket = cued if is_cue else hinted
                bucket[pack_id] = bucket.get(pack_id, 0.0) + (size if is_cue else 0.25)
    if not cued:
        return "", 0.0
    scores = {pid: score + hinted.get(pid, 0.0) for pid, score in cued.items()}
    best = max(scores, key=lambda pid: (scores[pid], -list(scores).index(pid)))
    return best, scores[best]

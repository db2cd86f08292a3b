"""Industry knowledge packs: one JSON file per industry or sub-domain, loaded once."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

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
    cues: tuple[str, ...] = ()  # lower-case words and phrases that point at this pack
    compliance: tuple[Regime, ...] = ()  # regimes that apply
    not_compliance: tuple[Regime, ...] = ()  # regimes people may name that do not apply
    questions: dict[TopicId, str] = {}  # question wording per topic, plain words
    answers: dict[TopicId, str] = {}  # a short answer to "what do others do?" per topic
    defaults: dict[TopicId, Default] = {}  # assumptions for topics nobody answered
    objects: tuple[CoreObject, ...] = ()
    screens: tuple[PackScreen, ...] = ()


@cache
def packs() -> dict[str, Pack]:
    """Every pack shipped in engine/data/packs, by id (loaded once)."""
    found: dict[str, Pack] = {}
    folder = resources.files("engine").joinpath("data", "packs")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            pack = Pack.model_validate(json.loads(entry.read_text(encoding="utf-8")))
            found[pack.id] = pack
    return found


def pack_for(industry: str, domain: str = "") -> Pack | None:
    """The sub-domain's pack when there is one, else the industry's, else None."""
    table = packs()
    return table.get(domain) or table.get(industry)

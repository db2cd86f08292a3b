"""Where the product's people are (the UK, the EU, Canada...), read from what they say; it
localises the packs' compliance wording, so a UK dental practice is never assumed to need HIPAA."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict

from engine.packs import GENERAL, Default, Pack, Regime, chain, packs
from engine.types import TopicId

US = "us"

# Names that only mean something in the US: text affirming one is wrong elsewhere.
_US_ONLY = re.compile(
    r"\b(?:HIPAA|FERPA|COPPA|FTC|IRS|OSHA|CCPA|BAAs?|Rev\. Proc\.|(?:by|per) state|"
    r"state (?:rules|boards?|law))\b",
    re.IGNORECASE,
)
# A clause that only rules a US regime out ("no HIPAA (animal records)", "Not HIPAA."):
# meaningless elsewhere, so it is dropped rather than the whole text.
_RULED_OUT = re.compile(r"^\s*(?:no|not)\b[^;.]*\b(?:HIPAA|FERPA|COPPA)\b", re.IGNORECASE)
_CLAUSE = re.compile(r"(?<=[;.])\s+")


class Overlay(BaseModel):
    """A region's replacements for one pack's tables (absent fields keep the pack's)."""

    model_config = ConfigDict(frozen=True)

    compliance: tuple[Regime, ...] | None = None
    questions: dict[TopicId, str] = {}
    precise: dict[TopicId, str] = {}
    answers: dict[TopicId, str] = {}
    defaults: dict[TopicId, Default] = {}


class Region(BaseModel):
    """A jurisdiction: the words that place people in it and its pack overlays."""

    model_config = ConfigDict(frozen=True)

    label: str
    cues: tuple[str, ...]
    general: Overlay = Overlay()
    packs: dict[str, Overlay] = {}


@cache
def regions() -> dict[str, Region]:
    """Every region in engine/data/regions.json, by id (loaded once)."""
    raw = resources.files("engine").joinpath("data", "regions.json").read_text(encoding="utf-8")
    return {rid: Region.model_validate(body) for rid, body in json.loads(raw).items()}


@cache
def _cue_pattern(region: str) -> re.Pattern[str]:
    cues = sorted(regions()[region].cues, key=len, reverse=True)
    words = "|".join(re.escape(c) for c in cues)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def regions_in(text: str) -> tuple[str, ...]:
    """The regions `text` names (a country, a major city, a body such as the NHS, a currency)."""
    return tuple(r for r in regions() if _cue_pattern(r).search(text))


def region_of(text: str) -> str | None:
    """The one region `text` places people in; None when it names none, or several."""
    found = regions_in(text)
    return found[0] if len(found) == 1 else None


def localise(text: str, region: str) -> str | None:
    """`text` as it reads in `region`: clauses ruling out a US regime dropped; None when it
    still affirms something that only applies in the US."""
    if region in ("", US) or not _US_ONLY.search(text):
        return text
    kept = [c for c in _CLAUSE.split(text) if not _RULED_OUT.match(c)]
    joined = " ".join(kept).strip().rstrip(";").strip()
    if not joined or _US_ONLY.search(joined):
        return None
    return joined


def _table(own: dict[TopicId, str], over: dict[TopicId, str], region: str) -> dict[TopicId, str]:
    merged = {**own, **over}
    return {t: s for t, text in merged.items() if (s := localise(text, region)) is not None}


def _defaults(
    own: dict[TopicId, Default], over: dict[TopicId, Default], region: str
) -> dict[TopicId, Default]:
    found: dict[TopicId, Default] = {}
    for topic, default in {**own, **over}.items():
        value = localise(default.value, region)
        if value is not None:
            found[topic] = default.model_copy(update={"value": value})
    return found


def localised(pack: Pack, region: str) -> Pack:
    """`pack` with `region`'s overlay applied and US-only wording removed (the US and an
    unknown region get it unchanged)."""
    if region in ("", US) or region not in regions():
        return pack
    if packs().get(pack.id) is pack:
        return _shipped(pack.id, region)
    return _localise_pack(pack, region)


@cache
def _shipped(pack_id: str, region: str) -> Pack:
    return _localise_pack(packs()[pack_id], region)


def _localise_pack(pack: Pack, region: str) -> Pack:
    place = regions().get(region)
    if place is None or region == US:
        return pack
    over = place.general if pack.id == GENERAL else place.packs.get(pack.id, Overlay())
    compliance = over.compliance
    if compliance is None:
        compliance = tuple(r for r in pack.compliance if not _US_ONLY.search(r.name))
    return pack.model_copy(
        update={
            "compliance": compliance,
            "questions": _table(pack.questions, over.questions, region),
            "precise": _table(pack.precise, over.precise, region),
            "answers": _table(pack.answers, over.answers, region),
            "defaults": _defaults(pack.defaults, over.defaults, region),
        }
    )


def chain_in(industry: str, domain: str = "", region: str = "") -> tuple[Pack, ...]:
    """`packs.chain` for people in `region`."""
    return tuple(localised(p, region) for p in chain(industry, domain))

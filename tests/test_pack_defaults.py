"""Every industry pack assumes in its own field's terms: no dental practice is told its users
are "small teams adopting a new tool", in any region."""

from __future__ import annotations

import re

import pytest

from engine.packs import GENERAL, packs
from engine.region import chain_in, regions
from engine.types import TopicId
from tests.harness import make_chat

# The product-brief topics every pack assumes itself (compliance and integrations vary too much).
OWN: tuple[TopicId, ...] = (
    "target_users",
    "core_problem",
    "value_proposition",
    "user_journey",
    "key_actions",
    "pain_points",
    "data",
    "scale",
    "platforms",
)
_US_RULES = re.compile(r"\b(?:HIPAA|FERPA|OSHA)\b", re.IGNORECASE)
SPECIFIC = sorted(p for p in packs() if p != GENERAL)


@pytest.mark.parametrize("pack_id", SPECIFIC)
def test_every_pack_assumes_each_brief_topic_itself(pack_id: str) -> None:
    pack, general = packs()[pack_id], packs()[GENERAL]
    for topic in OWN:
        default = pack.defaults.get(topic)
        assert default is not None, f"{pack_id} falls back to the generic {topic}"
        value = default.value
        assert value.casefold() != general.defaults[topic].value.casefold(), (pack_id, topic)
        assert len(value) <= 120, (pack_id, topic, len(value))
        assert not _US_RULES.search(value), (pack_id, topic, value)
        assert default.basis and 0.35 <= default.confidence <= 0.6, (pack_id, topic)


@pytest.mark.parametrize("region", sorted(regions()))
def test_the_pack_defaults_survive_every_region(region: str) -> None:
    for pack_id in SPECIFIC:
        pack = packs()[pack_id]
        domain = pack_id if pack_id != pack.industry else ""
        first = chain_in(pack.industry, domain, region)[0]
        assert first.id == pack_id
        lost = [t for t in OWN if t not in first.defaults]
        assert not lost, (pack_id, region, lost)


async def _brief(*messages: str) -> str:
    chat = make_chat()
    for text in messages:
        await chat.say(text)
    reply = await chat.say("ok thats enough just make the doc")
    return next(a for a in reply.attachments if a.filename.endswith(".md")).content.decode()


def _assumed(brief: str) -> dict[str, str]:
    """Topic label -> assumed value, from the brief's assumptions table."""
    table = brief.split("## Assumptions", 1)[1].split("\n\n", 2)[1]
    rows = [r.split(" | ") for r in table.splitlines()[2:]]
    return {cells[1]: cells[2] for cells in rows}


@pytest.mark.parametrize(
    ("messages", "pack_id"),
    [
        (("hey so im a dentist in leeds, 2 chairs. ppl keep not turning up",), "dental"),
        (("we run 2 vet clinics, want online booking",), "veterinary"),
        (("warehouse app for our pickers, mispicks are killing us tbh",), "warehouse"),
        (("small law firm, 6 lawyers, we need sth for matters n deadlines",), "legal"),
    ],
)
async def test_an_unanswered_topic_is_assumed_from_the_industry(
    messages: tuple[str, ...], pack_id: str
) -> None:
    assumed = _assumed(await _brief(*messages))
    general = packs()[GENERAL].defaults
    generic = [t for t, d in general.items() if t in OWN and d.value in assumed.values()]
    assert not generic, (pack_id, generic)
    own = {d.value for t, d in packs()[pack_id].defaults.items() if t in OWN}
    assert len(own & set(assumed.values())) >= 3, (pack_id, assumed)

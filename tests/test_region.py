"""Where people are changes what applies: a UK dental practice gets UK GDPR, never HIPAA; a
US one keeps HIPAA; nobody saying where keeps the packs as written."""

from __future__ import annotations

import pytest

from engine.packs import packs
from engine.questions import question_for
from engine.region import _US_ONLY, chain_in, localise, region_of, regions
from tests.harness import make_chat

PLACED = [
    ("hey so im a dentist, 2 offices in leeds. patients keep forgetting appts", "uk"),
    ("we're a tiny GP surgery, NHS, about 9k patients", "uk"),
    ("prices in £, obviously", "uk"),
    ("3 clinics in berlin and munich, all in german", "eu"),
    ("we're based in dublin", "eu"),
    ("im in toronto, ontario side of things", "canada"),
    ("physio clinic in melbourne, 4 of us", "australia"),
    ("tutoring centre in bengaluru, fees in rupees", "india"),
    ("2 vet clinics in austin tx", "us"),
    ("we're in the us, mostly texas", "us"),
]
UNPLACED = [
    "its all on the phone",
    "our us team does the books",  # "us" the pronoun
    "let us know when the doc is ready",
    "offices in london and new york",  # two places: unsure, so none
    "we use whatsapp and square",
    "no hipaa stuff, its pets",  # a regime is not a place
    "south america mostly",
]


@pytest.mark.parametrize(("text", "region"), PLACED)
def test_a_place_named_in_passing_gives_the_region(text: str, region: str) -> None:
    assert region_of(text) == region


@pytest.mark.parametrize("text", UNPLACED)
def test_no_place_or_two_places_give_none(text: str) -> None:
    assert region_of(text) is None


def test_no_region_text_affirms_a_us_only_rule() -> None:
    for rid, region in regions().items():
        for pid, overlay in {"general": region.general, **region.packs}.items():
            assert pid in packs(), (rid, pid)
            texts = [*overlay.questions.values(), *overlay.precise.values()]
            texts += [*overlay.answers.values(), *(d.value for d in overlay.defaults.values())]
            texts += [r.name for r in overlay.compliance or ()]
            assert not [t for t in texts if _US_ONLY.search(t)], (rid, pid)


def test_every_pack_reads_without_us_only_rules_elsewhere() -> None:
    for pack in packs().values():
        for region in ("uk", "eu", "canada", "australia", "india"):
            [first, *_] = chain_in(pack.industry, pack.id, region)
            texts = [*first.questions.values(), *first.precise.values(), *first.answers.values()]
            texts += [d.value for d in first.defaults.values()]
            assert not [t for t in texts if _US_ONLY.search(t)], (pack.id, region)


def test_a_clause_that_only_rules_a_us_rule_out_is_dropped() -> None:
    said = "Card data stays with the payment provider (PCI); phone numbers protected; no HIPAA"
    assert (
        localise(said, "uk")
        == "Card data stays with the payment provider (PCI); phone numbers protected"
    )
    assert localise(said, "us") == said and localise(said, "") == said
    assert localise("HIPAA: BAAs with vendors, audit logs", "eu") is None


def test_the_security_question_speaks_the_regions_rules() -> None:
    uk = question_for("security_compliance", "advanced", "healthcare", "", "dental", "uk")
    us = question_for("security_compliance", "advanced", "healthcare", "", "dental", "us")
    anywhere = question_for("security_compliance", "advanced", "healthcare", "", "dental")
    assert "UK GDPR" in uk and "HIPAA" not in uk
    assert "HIPAA" in us and us == anywhere


async def _brief(*messages: str) -> str:
    chat = make_chat()
    for text in messages:
        await chat.say(text)
    reply = await chat.say("ok thats enough, make the doc now")
    return next(a for a in reply.attachments if a.filename.endswith(".md")).content.decode()


async def test_a_uk_dental_practice_is_assumed_uk_gdpr_not_hipaa() -> None:
    brief = await _brief(
        "hey so im a dentist, 2 offices in leeds. patients keep forgetting their appointments",
        "the front desk girls mostly, they ring ppl the day before",
        "we use dentally for the diary",
    )
    assert "UK GDPR" in brief
    assert "HIPAA" not in brief and "BAA" not in brief


async def test_a_us_dental_practice_keeps_hipaa() -> None:
    brief = await _brief(
        "hey so im a dentist, 2 offices in austin tx. patients keep forgetting appointments",
        "the front desk mostly, they call ppl the day before",
        "we use dentrix for the schedule",
    )
    assert "HIPAA" in brief and "UK GDPR" not in brief


async def test_the_first_place_sticks_until_a_correction() -> None:
    chat = make_chat()
    await chat.say("we run 2 physio clinics in leeds, booking is a mess")
    await chat.say("might open one in dublin next year tho")
    assert (await chat.session()).profile.region == "uk"
    await chat.say("actually sorry, we're in toronto, not leeds. i was thinking of my old job")
    assert (await chat.session()).profile.region == "canada"

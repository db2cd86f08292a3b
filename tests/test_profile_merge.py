"""Profile merging: sticky industry, sub-domains from pack cues, plainer after confusion."""

from __future__ import annotations

import pytest

from engine.profile import lock_expert, merge_profile, read_profile
from engine.types import Profile, ProfileReading


def _merge_all(texts: list[str], profile: Profile | None = None) -> Profile:
    profile = profile or Profile()
    for text in texts:
        profile = merge_profile(profile, read_profile(text))
    return profile


@pytest.mark.parametrize(
    ("texts", "industry", "domain"),
    [
        (
            ["i manage a small vet practice in ohio, 2 vets and me plus 3 techs"],
            "healthcare",
            "veterinary",
        ),
        (["hey so me and my brother run 2 taco trucks in austin"], "consumer", "restaurants"),
        (["general dentistry, 3 operatories, intake on an ipad"], "healthcare", "dental"),
        (
            ["on-call handoff notes for SREs. pulls open incidents from pagerduty"],
            "developer_tools",
            "sre",
        ),
        (
            ["an app for our warehouse pickers, they walk the aisles with zebra handhelds"],
            "logistics",
            "warehouse",
        ),
        (["we're a non-profit food bank, volunteers sign up for shifts"], "other", "nonprofit"),
        (["small law firm, 6 attorneys, conflict checks take forever"], "b2b_saas", "legal"),
    ],
)
def test_sub_domain_from_pack_cues_implies_its_industry(
    texts: list[str], industry: str, domain: str
) -> None:
    profile = _merge_all(texts)
    assert (profile.industry, profile.domain) == (industry, domain)


def test_negated_cue_is_not_a_domain() -> None:
    assert read_profile("its for pet owners but we are not a vet clinic").domain == ""


def test_industry_is_sticky_against_single_words() -> None:
    profile = _merge_all(["a tool for dispatchers to track our delivery trucks and drivers live"])
    assert profile.industry == "logistics"
    later = _merge_all(
        [
            "customers pay online with a card",
            "they scan a barcode at the door",
            "payments via stripe",
        ],
        profile,
    )
    assert later.industry == "logistics"
    assert later.industry_confidence == pytest.approx(profile.industry_confidence)


def test_domain_is_sticky_until_an_explicit_correction() -> None:
    vet = _merge_all(["booking for a small vet clinic"])
    assert (
        _merge_all(["the owners sometimes ask the dentist about teeth"], vet).domain == "veterinary"
    )
    dental = _merge_all(["actually we are a dental practice, not a vet"], vet)
    assert dental.domain == "dental"


def test_not_healthcare_we_are_a_vet() -> None:
    profile = _merge_all(
        ["a patient portal for a clinic to book sessions", "we're not healthcare, we're a vet"]
    )
    assert profile.domain == "veterinary"


def test_industry_correction_away_from_the_domain_clears_it() -> None:
    vet = _merge_all(["booking for a small vet clinic"])
    bank = _merge_all(["actually we are a fintech, not healthcare"], vet)
    assert (bank.industry, bank.domain, bank.industry_locked) == ("fintech", "", True)


def test_a_web_shop_mentioning_its_warehouse_stays_a_web_shop() -> None:
    shop = _merge_all(["shopify apparel brand, about 9k orders/mo and 25% return rate bc sizing"])
    later = _merge_all(
        ["labels from shippo, warehouse is shipbob so they need to know whats coming back"], shop
    )
    assert (later.industry, later.domain) == ("ecommerce", "")


@pytest.mark.parametrize("start", ["expert", "advanced", "intermediate", "novice"])
def test_confusion_moves_sophistication_down_to_plain_words(start: str) -> None:
    scores = {"expert": 0.9, "advanced": 0.7, "intermediate": 0.5, "novice": 0.3}
    profile = Profile(
        sophistication=start, sophistication_score=scores[start], sophistication_confidence=0.8
    )  # type: ignore[arg-type]
    after = merge_profile(profile, ProfileReading(confused=True))
    assert after.sophistication_score < profile.sophistication_score
    assert after.sophistication in ("intermediate", "novice")
    if start in ("intermediate", "novice"):
        assert after.sophistication == "novice"


def test_confusion_unlocks_a_self_declared_expert() -> None:
    after = merge_profile(lock_expert(Profile()), ProfileReading(confused=True))
    assert not after.sophistication_locked
    assert after.sophistication == "intermediate"

"""Tests for offline profile detection and merging."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.profile import (
    INDUSTRIES,
    find_industry_correction,
    lock_expert,
    merge_profile,
    read_profile,
)
from engine.types import Profile, ProfileReading

INDUSTRY_LINES = [
    ("a budgeting app that categorizes card transactions", "fintech"),
    ("peer-to-peer lending for small businesses", "fintech"),
    ("telehealth for therapists with session notes", "healthcare"),
    ("patient intake forms for dental clinics", "healthcare"),
    ("a Shopify app that recommends upsells at checkout", "ecommerce"),
    ("marketplace for secondhand sneakers", "ecommerce"),
    ("an LMS for high schools with grading", "education"),
    ("tutoring marketplace for math students", "education"),
    ("CI pipeline that detects flaky tests", "developer_tools"),
    ("error tracking SDK for Python apps", "developer_tools"),
    ("property management for landlords and tenants", "real_estate"),
    ("rental listings where renters book viewings", "real_estate"),
    ("route optimization for last-mile delivery drivers", "logistics"),
    ("warehouse management: pick, pack, ship", "logistics"),
    ("applicant tracking system for recruiters", "hr"),
    ("payroll and PTO tracking for employees", "hr"),
    ("podcast hosting with ad insertion", "media_entertainment"),
    ("music streaming for indie artists", "media_entertainment"),
    ("CRM for small agencies", "b2b_saas"),
    ("helpdesk with a shared inbox for support teams", "b2b_saas"),
    ("dating app for dog lovers", "consumer"),
    ("habit tracker where friends keep you accountable", "consumer"),
    ("crop monitoring for farmers", "other"),
    ("case management for immigration lawyers", "other"),
]


@pytest.mark.parametrize(("text", "industry"), INDUSTRY_LINES)
def test_industry_detected(text: str, industry: str) -> None:
    reading = read_profile(text)
    assert reading.industry == industry
    assert reading.industry_confidence > 0


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("we're in healthcare, not fintech", "healthcare"),
        ("actually this is an edtech product", "education"),
        ("it's not a fintech app, it's for hospitals", "healthcare"),
        ("actually we're a logistics company, not ecommerce", "logistics"),
    ],
)
def test_industry_correction(text: str, industry: str) -> None:
    reading = read_profile(text)
    assert reading.industry_correction
    assert reading.industry == industry


@pytest.mark.parametrize(
    "text",
    [
        "actually the users are nurses",
        "a CRM for agencies",
        "no wait, it should integrate with Salesforce, not HubSpot",
        "not teachers, the users are students",
    ],
)
def test_not_an_industry_correction(text: str) -> None:
    assert not read_profile(text).industry_correction


def test_correction_names_value_and_previous() -> None:
    found = find_industry_correction("we're in healthcare, not fintech")
    assert found is not None
    assert (found.industry, found.value, found.previous) == ("healthcare", "healthcare", "fintech")


@pytest.mark.parametrize(
    ("text", "novice"),
    [
        ("I want an app like Uber but for dog walkers, not sure how apps work", True),
        ("something like Instagram but for gardeners, I'm not techy", True),
        ("event-sourced ledger with idempotent webhooks, p99 < 200ms, SOC 2 Type II", False),
        ("multi-tenant Postgres with row-level security and read replicas", False),
    ],
)
def test_sophistication_separates(text: str, novice: bool) -> None:
    reading = read_profile(text)
    assert (reading.sophistication_score < 0.5) is novice
    assert reading.sophistication == ("novice" if novice else "expert")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("I'm the CTO, our stack is Go and Postgres", "technical"),
        ("I'm the CEO, we care about revenue and pricing", "business"),
        ("I'm a product manager", "hybrid"),
        ("yes", "unknown"),
    ],
)
def test_role(text: str, role: str) -> None:
    assert read_profile(text).role == role


def _merge_all(texts: list[str], start: Profile | None = None) -> Profile:
    profile = start or Profile()
    for text in texts:
        profile = merge_profile(profile, read_profile(text))
    return profile


def test_weak_later_message_does_not_flip_strong_reading() -> None:
    profile = _merge_all(
        ["telehealth app for patients and doctors at clinics", "it also has a dashboard"]
    )
    assert profile.industry == "healthcare"


def test_consistent_stronger_evidence_flips() -> None:
    profile = _merge_all(
        [
            "a dashboard for teams",
            "it's for hospitals: nurses and doctors manage patients",
            "clinics use it for patient intake and prescriptions",
        ]
    )
    assert profile.industry == "healthcare"


def test_industry_correction_sticks_through_merge() -> None:
    profile = _merge_all(
        ["a budgeting app for card transactions", "we're in healthcare, not fintech"]
    )
    assert (profile.industry, profile.industry_confidence, profile.industry_locked) == (
        "healthcare",
        1.0,
        True,
    )
    later = _merge_all(["banking, loans, credit cards, payments, investing"] * 5, profile)
    assert later.industry == "healthcare"
    assert later.industry_locked
    again = _merge_all(["actually this is an edtech product"], later)
    assert again.industry == "education"


@pytest.mark.parametrize("text", ["yes", "ok", "sure", "", "👍", "hmm"])
def test_no_evidence_changes_only_observations(text: str) -> None:
    before = _merge_all(["I'm the CTO; a neobank with an event-sourced ledger and Kafka"])
    after = merge_profile(before, read_profile(text))
    assert after.model_copy(update={"observations": before.observations}) == before
    assert after.observations == before.observations + 1


def test_sophistication_locked_stays() -> None:
    profile = lock_expert(Profile())
    assert profile.sophistication == "expert"
    assert profile.sophistication_score >= 0.9
    assert profile.sophistication_locked
    assert profile.role == "technical"
    later = _merge_all(["I'm not techy, whatever that means, like Uber but for dogs"], profile)
    assert later.sophistication == "expert"


def test_lock_expert_keeps_known_role() -> None:
    profile = Profile(role="business", role_confidence=0.7)
    assert lock_expert(profile).role == "business"


@pytest.mark.parametrize(
    "text",
    ["", " ", "a" * 1_000_000, "\x00\xff\xfe" * 1000, "<script>alert(1)</script>", "<!channel>"],
)
def test_odd_inputs_never_crash(text: str) -> None:
    reading = read_profile(text)
    assert isinstance(reading, ProfileReading)
    assert merge_profile(Profile(), reading).observations == 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_valid_reading(text: str) -> None:
    reading = read_profile(text)
    assert reading.industry in INDUSTRIES
    for value in (
        reading.industry_confidence,
        reading.role_confidence,
        reading.sophistication_score,
        reading.sophistication_confidence,
    ):
        assert 0.0 <= value <= 1.0
    merged = merge_profile(Profile(), reading)
    assert 0.0 <= merged.industry_confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        # derivational variants the lexicon lacks verbatim meet their root
        ("booking app for orthodontic practices", "healthcare"),
        # hyphenated words also count by their parts
        ("post-surgery recovery tracking", "healthcare"),
        # British spellings fold onto American ones
        ("a help centre builder for support teams", "b2b_saas"),
        # verbs that share a stem with industry nouns no longer vote ("building", "showing")
        ("we're building a to-do app that shows your free time", "consumer"),
        # a well-known product named as an analogy
        ("basically zocdoc but for dentists", "healthcare"),
    ],
)
def test_industry_generalises(text: str, industry: str) -> None:
    assert read_profile(text).industry == industry


def test_same_industry_contrast_is_not_an_industry_correction() -> None:
    assert find_industry_correction("correction - it's for landlords, not tenants") is None


def test_care_about_is_not_healthcare() -> None:
    text = "sorry I misspoke, it's GDPR we care about, not HIPAA"
    assert find_industry_correction(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I'm not sure what 'integrations' means, we use gmail and a spreadsheet",
        "can you explain what a backend is? my friend mentioned it",
    ],
)
def test_novice_asking_what_jargon_means(text: str) -> None:
    assert read_profile(text).sophistication_score < 0.5


def test_ui_engineering_detail_reads_expert() -> None:
    text = "inbox with a virtualized list, full keyboard nav and role-gated settings"
    assert read_profile(text).sophistication_score >= 0.5

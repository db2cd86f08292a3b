"""Tests of the wireframe spec derived from realistic interview sessions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.deliverables.requirements import Requirement, derive_requirements
from engine.deliverables.screens import coverage, is_mobile, spec_from_session
from engine.session import Assumption, Fact, Session
from engine.types import Industry, Profile, TopicId

FIXED = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)

Answers = dict[TopicId, str]

PERSONAS: dict[str, tuple[Industry, str, Answers, Answers]] = {
    "nurse_handoff": (
        "healthcare",
        "A mobile app for ICU nurses to hand off patients between shifts",
        {
            "target_users": "ICU nurses and charge nurses on night and day shifts",
            "core_problem": "Critical context gets lost at shift change; notes live on paper",
            "key_actions": "write handoff notes, flag at-risk patients, review vitals, assign beds",
            "user_journey": "open the shift list, pick a patient, review vitals, write the note",
            "pain_points": "illegible paper notes, no record of who was told what, rushed handoffs",
            "platforms": "iOS and Android phones, mobile-first",
        },
        {
            "integrations": "Epic EHR, hospital SSO",
            "security_compliance": "HIPAA audit log, SSO, 2FA on shared devices",
            "data": "vitals trends and handoff completion rates",
        },
    ),
    "expense_ledger": (
        "fintech",
        "Expense tracking and a shared ledger for small agencies",
        {
            "target_users": "agency owners and their finance assistant",
            "core_problem": "Receipts pile up and nobody knows the real monthly burn",
            "key_actions": "log expenses, scan receipts, approve expenses, reconcile the ledger",
            "integrations": "Stripe, Xero and bank feeds via Plaid",
            "platforms": "web app first, desktop browser",
        },
        {
            "security_compliance": "SOC 2, role-based permissions",
            "data": "monthly burn by category",
            "scale": "up to 50 people per workspace",
        },
    ),
    "ecommerce_shop": (
        "ecommerce",
        "An online shop for a small ceramics studio",
        {
            "target_users": "people who buy handmade homeware as gifts",
            "key_actions": "browse the catalogue, add to cart, pay with Apple Pay, track orders",
            "value_proposition": "Handmade pieces with the story of the maker on every product",
        },
        {
            "platforms": "responsive web",
            "integrations": "Stripe, Shippo",
            "user_journey": "find a piece, read its story, buy it",
        },
    ),
    "tutoring": (
        "education",
        "Online algebra courses with progress tracking for high-school students",
        {
            "target_users": "high-school students and their teachers",
            "key_actions": "watch lessons, take quizzes, see progress, message the teacher",
            "core_problem": "Students fall behind silently until the exam",
            "platforms": "Chromebooks in class and the web at home",
        },
        {"security_compliance": "FERPA, no ads", "data": "quiz scores per lesson"},
    ),
    "freight": (
        "logistics",
        "Live tracking of freight shipments for a mid-size European carrier",
        {
            "target_users": "dispatchers and key-account customers",
            "key_actions": "create shipments, track trucks on a map, notify customers of delays",
            "pain_points": "customers phone dispatch all day asking where the truck is",
            "integrations": "telematics from the trucks, email and SMS",
        },
        {"platforms": "web dashboard", "scale": "2,000 shipments a day"},
    ),
}


def persona_session(name: str) -> Session:
    """A realistic session for one persona: user facts plus stated assumptions."""
    industry, idea, facts, assumed = PERSONAS[name]
    return Session(
        key=f"test:w:c:{name}",
        idea=idea,
        profile=Profile(industry=industry, industry_confidence=0.9),
        facts=tuple(
            Fact(topic=t, value=v, user_id="U1", user_name="Dana", turn=i)
            for i, (t, v) in enumerate(facts.items(), start=1)
        ),
        assumptions=tuple(
            Assumption(
                id=f"A{i}",
                topic=t,
                value=v,
                confidence=0.6,
                reasoning="typical for the industry",
                impact="changes the screens",
            )
            for i, (t, v) in enumerate(assumed.items(), start=1)
        ),
        created_at=FIXED,
        updated_at=FIXED,
    )


def persona(name: str) -> tuple[Session, tuple[Requirement, ...]]:
    """A persona's session and its derived requirements."""
    session = persona_session(name)
    return session, derive_requirements(session)


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_spec_has_three_to_eight_screens_with_unique_ids(name: str) -> None:
    spec = spec_from_session(*persona(name))
    assert 3 <= len(spec.screens) <= 8
    ids = [s.id for s in spec.screens]
    assert len(set(ids)) == len(ids)
    for screen in spec.screens:
        for _, target in screen.links:
            assert target in ids


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_every_requirement_is_realised_somewhere(name: str) -> None:
    session, reqs = persona(name)
    cov = coverage(spec_from_session(session, reqs))
    for req in reqs:
        if req.priority != "Won't":
            assert req.id in cov, req


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_no_placeholder_text(name: str) -> None:
    spec = spec_from_session(*persona(name))
    text = spec.model_dump_json().lower()
    assert "lorem" not in text
    assert "ipsum" not in text


def test_interview_words_reach_the_screens() -> None:
    session, reqs = persona("nurse_handoff")
    text = spec_from_session(session, reqs).model_dump_json().lower()
    assert "handoff" in text
    assert "epic ehr" in text  # an assumption's words (integrations)
    assert "shift" in text


def test_assumption_ids_are_traceable() -> None:
    session, reqs = persona("nurse_handoff")
    cov = coverage(spec_from_session(session, reqs))
    assert any(ref.startswith("A") for ref in cov)


def test_platform_follows_the_platforms_answer() -> None:
    nurse = spec_from_session(*persona("nurse_handoff"))
    ledger = spec_from_session(*persona("expense_ledger"))
    assert {s.platform for s in nurse.screens} == {"mobile"}
    assert {s.platform for s in ledger.screens} == {"desktop"}
    assert is_mobile(persona_session("nurse_handoff"))


@pytest.mark.parametrize(
    ("name", "screen_id"),
    [
        ("expense_ledger", "ledger"),
        ("ecommerce_shop", "cart"),
        ("tutoring", "lesson"),
        ("freight", "tracking"),
    ],
)
def test_industry_signature_screen(name: str, screen_id: str) -> None:
    spec = spec_from_session(*persona(name))
    assert screen_id in {s.id for s in spec.screens}


def test_healthcare_gets_a_patient_chart() -> None:
    spec = spec_from_session(*persona("nurse_handoff"))
    assert "Patient chart" in {s.name for s in spec.screens}


def test_spec_is_deterministic() -> None:
    a = spec_from_session(*persona("freight"))
    b = spec_from_session(*persona("freight"))
    assert a.model_dump_json() == b.model_dump_json()


def test_empty_session_still_gives_a_spec() -> None:
    session = Session(key="t:w:c:empty", created_at=FIXED, updated_at=FIXED)
    spec = spec_from_session(session, derive_requirements(session))
    assert len(spec.screens) >= 3

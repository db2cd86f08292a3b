"""The wireframe spec shows this product: described screens, its own nouns, its interface."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from engine.deliverables.nouns import nouns_of
from engine.deliverables.requirements import Requirement, derive_requirements
from engine.deliverables.screens import coverage, spec_from_session
from engine.deliverables.wording import looks_like_chat, product_title, screen_name, screen_phrases
from engine.interface import frame_of, interface_of, needs_sign_in, platform_of
from engine.session import Assumption, Fact, Session
from engine.types import Profile, WireframeSpec

FIXED = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "deliverable_sessions.json").read_text(encoding="utf-8")
)
STOCK = ("Q3 plan", "Launch checklist", "Client lunch", "Train to Leeds", "Episode 3", "Player")


def make(
    idea: str,
    facts: list[tuple[str, str]] | list[tuple[str, str, bool]],
    *,
    industry: str = "other",
    domain: str = "",
    objects: tuple[str, ...] = (),
    product_name: str = "",
    assumptions: tuple[Assumption, ...] = (),
) -> Session:
    """A session with facts filed the way a good interviewer would."""
    filed = []
    for i, row in enumerate(facts, start=1):
        topic, value, *neg = row
        filed.append(
            Fact(
                topic=topic,  # type: ignore[arg-type]
                value=value,
                user_id="U1",
                user_name="Dana",
                turn=i,
                negative=bool(neg and neg[0]),
            )
        )
    return Session(
        key="t:w:c:x",
        idea=idea,
        product_name=product_name,
        profile=Profile(industry=industry, domain=domain),  # type: ignore[arg-type]
        facts=tuple(filed),
        objects=objects,
        assumptions=assumptions,
        created_at=FIXED,
        updated_at=FIXED,
    )


def case_session(case: dict[str, Any]) -> Session:
    """The hand-built case as a session (same filing as bench/deliverables_fit.py)."""
    facts = [(f[0], f[1], "negative" in f[2:]) for f in case["facts"]]
    return make(
        case["idea"],
        facts,
        industry=case.get("industry", "other"),
        domain=case.get("domain", ""),
        objects=tuple(case.get("objects", ())),
        product_name=case.get("product_name", ""),
    )


def spec_of(session: Session) -> WireframeSpec:
    return spec_from_session(session, derive_requirements(session))


def visible_text(spec: WireframeSpec) -> str:
    parts = [spec.title]
    for s in spec.screens:
        parts += [s.name, s.purpose]
        for r in s.regions:
            for c in r.components:
                parts += [c.label, *c.items, *c.columns, *(v for row in c.rows for v in row)]
    return "\n".join(parts)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_described_screens_and_objects_appear_by_name(case: dict[str, Any]) -> None:
    spec = spec_of(case_session(case))
    names = [s.name.lower() for s in spec.screens]
    text = visible_text(spec).lower()
    for screen in case["expect"]["screens"]:
        assert any(screen.lower() in n for n in names), (screen, names)
    for noun in case["expect"]["objects"]:
        assert noun.lower() in text, noun
    for label in case["expect"]["labels"]:
        assert label.lower() in text, label


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_no_stock_rows_no_rejected_values_no_chat_as_headline(case: dict[str, Any]) -> None:
    spec = spec_of(case_session(case))
    text = visible_text(spec)
    for stock in (*STOCK, *case["expect"]["forbidden"]):
        assert stock.lower() not in text.lower(), stock
    heads = [spec.title, *(s.name for s in spec.screens)]
    assert not [h for h in heads if looks_like_chat(h) and h not in case["expect"]["screens"]]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_interface_and_frame_follow_the_facts(case: dict[str, Any]) -> None:
    session = case_session(case)
    spec = spec_of(session)
    assert interface_of(session) == case["expect"]["interface"]
    frames = {s.name: s.platform for s in spec.screens}
    assert spec.screens[-1].platform == case["expect"]["frame"] or case["expect"].get("frames")
    for name, frame in case["expect"].get("frames", {}).items():
        assert frames[name] == frame, frames
    ids = [s.id for s in spec.screens]
    assert len(set(ids)) == len(ids)
    assert all(target in ids for s in spec.screens for _, target in s.links)


def test_taco_truck_has_phone_screens_and_an_ipad_crew_view() -> None:
    case = next(c for c in CASES if c["id"] == "taco-truck")
    spec = spec_of(case_session(case))
    assert {s.platform for s in spec.screens} == {"mobile", "tablet"}


@pytest.mark.parametrize(
    ("phrase", "name", "purpose"),
    [
        ("a day view for the front desk", "Day view", "For the front desk"),
        ("an exceptions queue", "Exceptions queue", ""),
        ("a map of machines near me", "Map of machines near me", ""),
        ("my swaps", "My swaps", ""),
        ("Didn't I just say that?", "", ""),
        ("idk", "", ""),
    ],
)
def test_screen_names_from_phrases(phrase: str, name: str, purpose: str) -> None:
    assert screen_name(phrase) == (name, purpose)


def test_and_splits_only_between_two_screens() -> None:
    value = (
        "an exceptions queue, a matching screen with bank lines on the left and invoices on the "
        "right"
    )
    assert screen_phrases(value) == [
        "an exceptions queue",
        "a matching screen with bank lines on the left and invoices on the right",
    ]
    assert screen_phrases("pick list and scan screen") == ["pick list", "scan screen"]


def test_pack_screens_are_used_only_when_nobody_described_any_and_are_marked_assumed() -> None:
    a = Assumption(
        id="A4", topic="screens", value="usual", confidence=0.5, reasoning="r", impact="i"
    )
    vet = make(
        "booking for our vet clinic",
        [("key_actions", "book visits, send reminders")],
        industry="healthcare",
        domain="veterinary",
        assumptions=(a,),
    )
    spec = spec_of(vet)
    assert [s.name for s in spec.screens] == ["Day view", "Book a visit", "Pet record"]
    for screen in spec.screens:
        assert screen.purpose.startswith("Assumed (A4)")
        assert "A4" in coverage(spec)
    said = make(
        "booking for our vet clinic",
        [("screens", "a waiting room board")],
        industry="healthcare",
        domain="veterinary",
        assumptions=(a,),
    )
    assert [s.name for s in spec_of(said).screens] == ["Waiting room board"]


def test_rows_come_from_the_pack_object_with_the_same_noun_and_never_a_rejected_value() -> None:
    vet = make(
        "vet booking",
        [("key_actions", "book a visit"), ("data", "Biscuit (dog)", True)],
        industry="healthcare",
        domain="veterinary",
        objects=("appointment",),
        assumptions=(),
    )
    text = visible_text(spec_of(vet))
    assert "Miso (cat)" in text and "Book visit" in text
    assert "Biscuit" not in text


def test_a_noun_without_a_pack_object_gets_said_columns_and_neutral_values() -> None:
    session = make(
        "tractor rental for farmers",
        [("data", "rentals have tractor, farmer, start date and price"), ("screens", "rentals")],
        objects=("rental",),
    )
    (noun,) = nouns_of(session)
    assert noun.fields == ("Tractor", "Farmer", "Start date", "Price")
    assert noun.rows[0] == ("Tractor A", "J. Alvarez", "12 Mar", "$120.00")
    assert noun.actions == ("New rental",)


def test_headlines_never_quote_the_user() -> None:
    session = make(
        "Hi",
        [
            ("target_users", "Tractors"),
            ("screens", "Didn't I just say that?"),
            ("core_problem", "didn't I just say that? the farmers lose track of rentals"),
        ],
        objects=("rental",),
    )
    spec = spec_of(session)
    heads = [spec.title] + [
        c.label
        for s in spec.screens
        for r in s.regions
        for c in r.components
        if c.kind in ("heading", "text")
    ]
    joined = "\n".join(heads + [s.name for s in spec.screens])
    assert "Today, Tractors" not in joined
    assert "Didn't I just say that" not in visible_text(spec)
    assert spec.title not in ("Hi", "hey so")


@pytest.mark.parametrize(
    ("idea", "name", "title"),
    [
        ("Hi", "", "New product"),
        ("hey so", "", "New product"),
        ("hey so i want to build a booking tool for vet clinics so owners can book", "",
         "Booking tool for vet clinics"),
        ("hey so we run a small vet clinic and want online booking plus reminders", "",
         "Online booking plus reminders"),
        ("a slack bot", "Baton", "Baton"),
    ],
)  # fmt: skip
def test_title_is_the_name_or_a_short_noun_phrase(idea: str, name: str, title: str) -> None:
    got = product_title(make(idea, [], product_name=name))
    assert got == title
    assert len(got.split()) <= 6


def test_no_sign_in_unless_someone_signs_in() -> None:
    alone = make("a tip calculator", [("screens", "calculator, history")])
    team = make("a rota app", [("target_users", "shift managers with their own accounts")])
    assert not needs_sign_in(alone)
    assert "sign_in" not in {s.id for s in spec_of(alone).screens}
    assert needs_sign_in(team)
    assert spec_of(team).screens[0].id == "sign_in"


@pytest.mark.parametrize(
    ("platforms", "interface"),
    [
        ("command line tool for linux", "cli"),
        ("REST API and webhooks, no UI", "api"),
        ("slack only, no web ui", "chat"),
        ("a slack app plus a web dashboard for admins", "gui"),
        ("alexa skill", "voice"),
        ("a sensor box on the fridge", "device"),
        ("ios and android", "gui"),
        ("card payment terminal at the counter, web back office", "gui"),
    ],
)
def test_interface_from_platform_facts(platforms: str, interface: str) -> None:
    assert interface_of(make("x", [("platforms", platforms)])) == interface


def test_excluded_web_is_not_a_gui() -> None:
    session = make("x", [("platforms", "slack bot"), ("platforms", "web app", True)])
    assert interface_of(session) == "chat"


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("web only", "desktop"),
        ("iphone app", "mobile"),
        ("on the warehouse floor with a scanner", "handheld"),
        ("zebra handhelds running android", "handheld"),
        ("ipad at the counter", "tablet"),
        ("phone for customers, an ipad for the crew", "mobile"),
        ("browser, responsive so it works on phones too", "desktop"),
    ],
)
def test_frame_from_words(text: str, frame: str) -> None:
    assert frame_of(text) == frame


def test_platform_minus_what_was_ruled_out() -> None:
    session = make("x", [("platforms", "phones and web"), ("platforms", "web", True)])
    assert platform_of(session) == "mobile"


def test_cli_gets_terminal_sessions_not_web_screens() -> None:
    case = next(c for c in CASES if c["id"] == "dotfiles-cli")
    spec = spec_of(case_session(case))
    kinds = {c.kind for s in spec.screens for r in s.regions for c in r.components}
    assert kinds == {"terminal"}
    assert spec.screens[-1].name == "Errors"
    assert any(
        i.startswith("! error") for c in spec.screens[-1].regions[0].components for i in c.items
    )


def test_api_sketch_has_endpoints_and_json_from_the_objects() -> None:
    case = next(c for c in CASES if c["id"] == "parcel-api")
    spec = spec_of(case_session(case))
    text = visible_text(spec)
    assert "POST" in text and '"pickup_address": "12 Elm St",' in text
    assert "webhook" in text.lower()


def test_every_requirement_is_realised_somewhere() -> None:
    for case in CASES:
        session = case_session(case)
        reqs = derive_requirements(session)
        spec = spec_from_session(session, reqs)
        if spec.screens[0].platform in ("desktop", "mobile", "tablet", "handheld"):
            cov = coverage(spec)
            assert all(r.id in cov for r in reqs if r.priority != "Won't"), case["id"]


def test_spec_is_deterministic_and_an_empty_session_still_gives_one() -> None:
    case = CASES[0]
    assert spec_of(case_session(case)) == spec_of(case_session(case))
    empty = Session(key="t:w:c:empty", created_at=FIXED, updated_at=FIXED)
    assert len(spec_of(empty).screens) >= 1


def persona(case_id: str) -> tuple[Session, tuple[Requirement, ...]]:
    """A hand-built case's session and its requirements (used by the renderer tests)."""
    session = case_session(next(c for c in CASES if c["id"] == case_id))
    return session, derive_requirements(session)

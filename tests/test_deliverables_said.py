"""Screens and nouns read from the whole conversation, wherever the statements were filed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.deliverables.headless import cli_spec
from engine.deliverables.nouns import nouns_of
from engine.deliverables.ranking import people_ranked, ranked, things_ranked
from engine.deliverables.requirements import derive_requirements
from engine.deliverables.screens import spec_from_session
from engine.deliverables.steps import journey_steps, screens_anywhere
from engine.deliverables.terms import things
from engine.deliverables.wording import looks_like_chat, product_title
from engine.session import Session, Turn
from tests.test_screens import make

AT = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def with_turns(session: Session, *texts: str) -> Session:
    """The session with what the person typed in its transcript."""
    turns = tuple(Turn(role="user", user_id="U1", user_name="Dana", text=t, at=AT) for t in texts)
    return session.model_copy(update={"transcript": turns})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "the way i see it: pick the boat (kayak, sup), waiver, then payment, then they "
            "paddle off",
            ["Pick the boat", "Waiver", "Payment"],
        ),
        ("flow is scan the ticket -> seat map -> confirm seats", ["Scan the ticket", "Seat map"]),
        ("check in the bike, diagnosis, parts order, then invoice", [
            "Check in the bike", "Diagnosis", "Parts order", "Invoice"]),
    ],
)  # fmt: skip
def test_a_listed_journey_gives_its_steps_as_screens(value: str, expected: list[str]) -> None:
    steps = journey_steps(value)
    assert steps[: len(expected)] == expected
    assert not any(looks_like_chat(s) for s in steps)


@pytest.mark.parametrize(
    "value",
    [
        "we trialed one last year, staff hated it, went back to paper",
        "parents get a link, they tap a slot, done",
        "mechanic clicks approve, owner gets a text, bike goes back on the rack",
        "idk, whatever is normal",
    ],
)
def test_statements_that_are_not_a_list_of_steps_give_no_screens(value: str) -> None:
    assert journey_steps(value) == []


def test_screens_named_under_other_topics_are_drawn_with_their_names() -> None:
    session = make(
        "bike repair shop, we lose track of which bikes wait on parts",
        [
            ("key_actions", "pay at the counter, then a receipt screen w the pickup time"),
            ("user_journey", "check in the bike, diagnosis, parts order, then invoice"),
            ("pain_points", "right now its a sign-up sheet on the counter"),
            ("data", "customers send photos, insurance pages etc"),
        ],
    )
    named = [name for name, _, _ in screens_anywhere(session)]
    assert "Receipt screen" in named
    assert named[-4:] == ["Check in the bike", "Diagnosis", "Parts order", "Invoice"]
    assert not any("sheet" in n.lower() or "pages" in n.lower() for n in named)
    spec = spec_from_session(session, derive_requirements(session))
    drawn = [s.name for s in spec.screens]
    assert "Diagnosis" in drawn and "Receipt screen" in drawn
    step = next(s for s in spec.screens if s.name == "Parts order")
    assert step.purpose == "Step 3 of 4, after diagnosis"
    assert not any(s.purpose.startswith("Assumed") for s in spec.screens)


def test_nouns_come_from_what_people_typed_not_from_a_word_list() -> None:
    session = make(
        "bike repair shop",
        [
            ("key_actions", "check in a bike, send a quote, text the owner"),
            ("platforms", "ipad at the counter"),
            ("integrations", "square for payments"),
            ("feature_priorities", "no loyalty points", True),
        ],
    )
    session = with_turns(
        session,
        "we fix bikes. each bike gets a tag and a quote, the tag number goes on the ticket",
        "12 mechanics, 40 bikes a week, the owner gets a text when its ready",
        "ipad at the counter, square for payments. no loyalty points",
    )
    words = ranked(session)
    assert words[0] == "bike"
    assert {"quote", "tag", "ticket"} <= set(words)
    assert not {"ipad", "square", "loyalty", "point", "counter"} & set(things_ranked(session))
    assert people_ranked(session)[:2] == ("mechanic", "owner")


def test_a_compound_counts_by_its_head_and_a_verb_is_not_one() -> None:
    found = things("we log our tire pressure gauges. each rider books a slot")
    assert "gauge" in found and "slot" in found
    assert "tire" not in found and "book" not in found and "rider" not in found


def test_other_nouns_people_used_become_columns_filters_and_tabs() -> None:
    session = make(
        "dog grooming salon",
        [
            ("screens", "a list of all appointments, and an appointment detail"),
            ("key_actions", "book an appointment, add a note about the coat"),
        ],
        objects=("appointment",),
    )
    session = with_turns(
        session,
        "we groom dogs. each appointment has a dog and a groomer, and the owner gets a reminder",
        "the groomers need to see the coat notes for each dog before the appointment",
    )
    (appointment, *_) = nouns_of(session)
    assert appointment.fields[:2] == ("Appointment", "Dog")
    assert "Groomer" in appointment.fields
    spec = spec_from_session(session, derive_requirements(session))
    labels = [(c.label, c.items) for s in spec.screens for r in s.regions for c in r.components]
    filters = next(items for label, items in labels if label == "Filter by" and items)
    assert "Reminder" in filters or "Coat" in filters


def test_a_cli_offers_the_other_nouns_as_options() -> None:
    session = make(
        "cli for our test rigs",
        [("platforms", "terminal, its a cli"), ("key_actions", "lease a rig, release a rig")],
        objects=("rig",),
    )
    session = with_turns(
        session,
        "a cli to lease a rig for a firmware build. each rig has a probe and a cable",
        "the cable and the probe are what breaks, every lease has an expiry",
    )
    nouns = nouns_of(session)
    screens = cli_spec(session, derive_requirements(session), "Rig tool", nouns)
    lines = [line for s in screens for r in s.regions for c in r.components for line in c.items]
    options = [line.split()[0] for line in lines if line.startswith("  --")]
    assert options and set(options) <= {"--probe", "--cable", "--lease", "--expiry", "--build"}
    assert nouns[0].name == "rig"


@pytest.mark.parametrize(
    ("idea", "title"),
    [
        ("we want a cli that lints terraform plans before anyone applies them",
         "Terraform plan linter"),
        ("need an app that tracks loaner laptops", "Loaner laptop tracker"),
        ("a bot that schedules dog walks", "Dog walk scheduler"),
    ],
)  # fmt: skip
def test_a_title_named_by_what_the_product_does_reads_as_a_name(idea: str, title: str) -> None:
    assert product_title(make(idea, [])) == title

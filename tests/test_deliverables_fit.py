"""Deliverables in the person's words: screen lists, titles and nouns from what they said."""

from __future__ import annotations

import pytest

from engine.deliverables.headless import chat_spec
from engine.deliverables.nouns import nouns_of, screen_nouns
from engine.deliverables.requirements import derive_requirements
from engine.deliverables.screens import spec_from_session
from engine.deliverables.terms import companions, singular, things
from engine.deliverables.wording import (
    button_label,
    is_statement,
    looks_like_chat,
    product_title,
    screen_name,
    screen_phrases,
    screens_said,
)
from engine.interface import interface_of
from engine.session import Assumption
from tests.test_screens import make


def names(value: str) -> list[str]:
    """The screen names a screens answer gives, blanks dropped."""
    return [n for n in (screen_name(p)[0] for p in screen_phrases(value)) if n]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "screens wise we picture a board of every open claim with an owner column, colour "
            "coded, you tap one and see the notes",
            ["Board of every open claim"],
        ),
        ("screens for drivers: list of stops by route/day, my earnings",
         ["List of stops", "My earnings"]),
        ("for me one screen w all the overdue invoices", ["Overdue invoices"]),
        ("the pickers just get the scanner and then a done page", ["Scanner", "Done page"]),
        ("screen is basically a floor plan with the tables on it", ["Floor plan"]),
        ("a pipeline list of every open lease w/ # of viewings",
         ["Pipeline list of every open lease"]),
    ],
)  # fmt: skip
def test_a_screens_answer_gives_screen_names_not_its_lead_in(
    value: str, expected: list[str]
) -> None:
    got = names(value)
    assert got == expected
    assert not any(looks_like_chat(n) for n in got)


@pytest.mark.parametrize(
    "phrase",
    [
        "she wont use a screen",
        "members post photos",
        "colour coded",
        "maybe on the big tv",
        "then back to the start",
        "screens lol idk",
        "when a buyer walks in we open the binder",
    ],
)
def test_statements_and_describing_fragments_are_not_screens(phrase: str) -> None:
    assert screen_name(phrase) == ("", "")


def test_a_slash_inside_a_phrase_does_not_split_it() -> None:
    assert screen_phrases("calendar by coach/court, my bookings") == [
        "calendar by coach/court",
        "my bookings",
    ]


@pytest.mark.parametrize(
    ("idea", "title"),
    [
        ("this is Priya from the county animal shelter (about 40 dogs at a time). paper kennel "
         "cards everywhere", "County animal shelter"),
        ("I'm the office manager at Brightside Dental, 4 chairs, always double booked",
         "Brightside Dental"),
        ("we're the riverside rowing club, 200 members, boats get double booked",
         "Riverside rowing club"),
        ("Fleet ops here, 30 vans, nobody knows which van is where", "Fleet ops"),
        ("we're a small courier firm, 12 riders. thinking of a dispatch bot for our slack",
         "Dispatch bot"),
        ("so our idea is an app for allotment plots and who waters what",
         "App for allotment plots"),
        ("ok so this might sound silly but hear me out. we run a seed library in a church hall",
         "Seed library"),
        ("hola, i manage the kitchen at 3 cafes, same owner", "Kitchen"),
    ],
)  # fmt: skip
def test_a_speakers_introduction_is_not_the_title(idea: str, title: str) -> None:
    got = product_title(make(idea, []))
    assert got == title
    assert not looks_like_chat(got)


def test_a_wish_after_the_introduction_still_names_the_product() -> None:
    session = make("we run a bike shop and want a repair tracker for walk ins", [])
    assert product_title(session) == "Repair tracker for walk ins"


def test_sign_in_heading_stays_short_when_the_title_is_long() -> None:
    session = make(
        "I'm the volunteer lead at the Northfield community food pantry, 80 volunteers",
        [("target_users", "volunteers with their own accounts"), ("screens", "a shift list")],
    )
    spec = spec_from_session(session, derive_requirements(session))
    heads = [c.label for s in spec.screens for r in s.regions for c in r.components]
    sign_in = next(h for h in heads if h.startswith("Sign in"))
    assert len(sign_in.split()) <= 8


def test_things_a_screen_shows_become_nouns() -> None:
    session = make(
        "kennel software",
        [("screens", "a list of all kennels, the walk log, pending adoptions")],
        objects=("note",),
    )
    assert screen_nouns(session) == ["kennel", "walk", "adoption"]
    assert [n.name for n in nouns_of(session)][:3] == ["note", "kennel", "walk"]


def test_things_said_alongside_a_noun_become_its_columns() -> None:
    session = make(
        "shelter volunteers forget which dogs were walked",
        [
            ("core_problem", "nobody knows which kennel was cleaned or which dog was walked"),
            ("key_actions", "mark a kennel cleaned, log a walk for each dog"),
        ],
        objects=("kennel",),
    )
    kennel, *rest = nouns_of(session)
    assert [n.name for n in rest] == ["walk"]  # the dog is a column already
    assert not is_statement(kennel.fields[1])
    assert kennel.fields == ("Kennel", "Dog", "Volunteer", "Status")  # who handles it too
    assert kennel.rows[0][:2] == ("Kennel #1042", "Dog A")
    assert kennel.actions == ("Mark a kennel cleaned",)


def test_counted_things_skip_modifiers_and_screen_words() -> None:
    text = "the music school has a list of students; each student books a lesson on the ipad"
    found = things(text)
    assert "student" in found and "lesson" in found
    assert "music" not in found and "list" not in found and "ipad" not in found
    assert companions(text, "student", "students") == ("lesson",)


@pytest.mark.parametrize(
    ("word", "one"),
    [("cases", "case"), ("status", "status"), ("boxes", "box"), ("glass", "glass"),
     ("entries", "entry"), ("stips", "stip"), ("species", "species"), ("mastitis", "mastitis"),
     ("diagnosis", "diagnosis"), ("hauls", "haul")],
)  # fmt: skip
def test_singular(word: str, one: str) -> None:
    assert singular(word) == one


def test_a_wrong_industry_packs_screens_are_not_drawn() -> None:
    a = Assumption(
        id="A2", topic="screens", value="usual", confidence=0.5, reasoning="r", impact="i"
    )
    florist = make(
        "we run a florist, wreaths and bouquets for weddings",
        [("key_actions", "take wreath orders, schedule deliveries")],
        industry="media_entertainment",
        assumptions=(a,),
    )
    spec = spec_from_session(florist, derive_requirements(florist))
    assert "Player" not in [s.name for s in spec.screens]


def test_chat_scripts_are_named_by_the_action_not_the_sentence() -> None:
    session = make(
        "a slack bot for our help desk",
        [("key_actions", "/ask puts you on the list, a helper runs /take"), ("platforms", "slack")],
    )
    nouns = nouns_of(session)
    screens = chat_spec(session, derive_requirements(session), "Deskbot", nouns)
    assert all(not looks_like_chat(s.name) for s in screens)


def test_ruling_out_phones_keeps_the_web_portal_that_is_still_named() -> None:
    session = make(
        "order tracking for our print shop",
        [
            ("platforms", "a web portal for the counter"),
            ("platforms", "an API so resellers can push orders"),
            ("platforms", "phones", True),
        ],
    )
    assert interface_of(session) == "gui"
    api_only = make("rates for brokers", [("platforms", "REST API"), ("platforms", "web", True)])
    assert interface_of(api_only) == "api"


@pytest.mark.parametrize(
    "phrase",
    ["not the invoice page itself", "press board for the shop floor tv", "there aint one"],
)
def test_a_leading_not_is_no_screen_but_press_board_is(phrase: str) -> None:
    name = screen_name(phrase)[0]
    assert (name == "") == phrase.startswith(("not", "there"))


def test_buttons_start_with_the_verb_not_who_does_it() -> None:
    assert button_label("drivers claim open runs") == "Claim open runs"
    assert button_label("send reminders to owners") == "Send reminders to owners"


def test_one_said_column_keeps_the_thing_it_belongs_to() -> None:
    session = make(
        "lease tracking",
        [("screens", "a list of all leases with a status column")],
        objects=("lease",),
    )
    (lease,) = nouns_of(session)
    assert lease.fields == ("Lease", "Status")
    assert lease.rows[0] == ("Lease #1042", "Open")


def test_what_something_is_called_is_not_a_thing() -> None:
    text = "move outs are our nightmare. each room gets photos; the room has a deposit"
    assert "nightmare" not in things(text)
    assert "room" in things(text)


def test_a_big_button_screen_is_named_by_its_action() -> None:
    assert screen_name("a big button log a spill") == ("Log a spill", "One big button: log a spill")
    name, purpose = screen_name("one huge button that says I'M ON MY WAY")
    assert name == "Big button" and purpose.endswith("I'M ON MY WAY")


def test_a_queue_of_what_is_a_queue() -> None:
    assert screen_name("a queue of whats due back today")[0] == "Queue"


def test_an_answer_that_starts_with_a_statement_names_no_screen() -> None:
    said = screens_said(
        [
            "guests send passports, visa pages, forms etc by email",
            "a list of every arrival, the room board",
            "the room board",
        ]
    )
    assert said == [("List of every arrival", ""), ("Room board", "")]


def test_a_page_with_a_named_list_is_named_by_the_list() -> None:
    got = screen_name("the office needs one page with this weeks pickup list and who paid")
    assert got[0] == "This weeks pickup list"

"""Views people described in their own messages become screens named in their words."""

from __future__ import annotations

import pytest

from engine.deliverables.requirements import derive_requirements
from engine.deliverables.screens import spec_from_session
from engine.deliverables.steps import journey_steps
from engine.deliverables.views import views_said
from engine.deliverables.wording import looks_like_chat
from engine.interface import interface_of
from tests.test_deliverables_said import with_turns
from tests.test_screens import make


def _names(*texts: str) -> list[str]:
    session = with_turns(make("an app for our studio", []), *texts)
    return [name for name, _ in views_said(session)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("students would open an app on their phone and see where their piece is. shelf, "
         "bisque, glaze, done", "Piece status"),
        ("need to see how much cod quota is left every trip", "Cod quota left"),
        ("the volunteers at the table need a screen that shows whos checked in and whos next, "
         "in order", "Checked in and next"),
        ("I need a roster per class, and a list of who's close to 12 hours so we can test them",
         "Close to 12 hours"),
        ("I need a roster per class, attendance per session", "Class roster"),
        ("reports: a pour report pdf for the GC and a cylinder log by job", "Cylinder log"),
        ("i need to see a map of beds by building and room, whos in it", "Bed map"),
        ("id like people to check themselves in on an ipad at the door", "Check in"),
        ("They can request a roommate, fine, on a form. But no account", "Request a roommate"),
        ("couples fill out a questionnaire 2 weeks before", "Questionnaire"),
        ("Clerks should see a status on their request: pending, assigned, confirmed",
         "Request status"),
        ("main screen: every customer in onboarding, what stage, days in stage",
         "Every customer in onboarding"),
        ("after cutoff i need a bake sheet, totals of everything for the morning by product",
         "Bake sheet"),
        ("and they see their items, sold or not, and their balance", "My items"),
        ("when you tap a ticket it should open the details with the photo, unit number",
         "Ticket details"),
        ("A page for me showing each show night and which spots are empty, in red.",
         "Each show night"),
        ("We need something to calculate commission splits and produce the disbursement "
         "authorization for the title company", "Disbursement authorization"),
    ],
)  # fmt: skip
def test_a_described_view_is_named_in_the_users_words(text: str, expected: str) -> None:
    names = _names(text)
    assert expected in names
    assert not any(looks_like_chat(n) for n in names)


def test_the_list_means_the_list_named_before() -> None:
    names = _names(
        "i want a shot list app so we stop missing people in the formals",
        "on the day everyone sees the list on their phone, checks it off",
    )
    assert names == ["Shot list"]


@pytest.mark.parametrize(
    "text",
    [
        "right now its one giant google sheet and the J-1 kids show up with no bed",
        "Today the clerks email me, I check a shared Outlook calendar and a spreadsheet",
        "no customer facing portal. customers never see this, internal only",
        "we have a board meeting thursday, ill show them",
        "the RNs who see patients at home take the photos",
        "retention is 3 years per the state schedule so nothing gets deleted",
        "we're dtc on shopify + loop for the returns portal",
        "RNs who see their patients at home and take the photos",
        "techs assemble instrument trays off a count sheet and it takes forever",
        "upload the neighbor signature sheet, and pay the $25 fee",
    ],
)
def test_today_ruled_out_and_other_things_name_no_view(text: str) -> None:
    assert _names(text) == []


def test_described_views_are_drawn_in_place_of_pack_screens() -> None:
    session = make(
        "concrete sub, need to log every pour",
        [("data", "a pour report pdf for the GC and a cylinder log by job")],
    )
    session = with_turns(
        session,
        "ray, QC manager for a concrete sub. need to log every pour: truck tickets, slump",
        "reports: a pour report pdf for the GC and a cylinder log by job. thats what the EOR wants",
    )
    spec = spec_from_session(session, derive_requirements(session))
    names = [s.name for s in spec.screens]
    assert "Pour report" in names and "Cylinder log" in names
    assert not any(s.purpose.startswith("Assumed") for s in spec.screens)


def test_a_scanner_journey_of_imperatives_gives_its_steps() -> None:
    value = ("scan the return label, it pulls up the order, they look at the item, pick a grade "
             "A B C or trash, snap a photo if its damaged, next")  # fmt: skip
    assert journey_steps(value) == ["Scan the return label", "Pick a grade", "Snap a photo"]


@pytest.mark.parametrize(
    "value",
    [
        "every haul: lat long, start and end time, gear, mesh size, species, pounds kept",
        "Spanish is 80% of it, then Vietnamese, Arabic, Somali, and ASL",
    ],
)
def test_field_lists_and_names_are_not_journey_steps(value: str) -> None:
    assert journey_steps(value) == []


@pytest.mark.parametrize(
    ("texts", "interface"),
    [
        (["discord bot. /help puts you in a queue, TA runs /next, bot opens a voice room w/ both",
          "nope no mobile app", "no web dashboard, a weekly summary posted in the staff channel"],
         "chat"),
        (["i want to say out loud what cow got treated while im in teh parlor, gloves on",
          "not alexa, the wifi out in the parlor is garbage. and no app on the phone either"],
         "voice"),
        (["i want a big button at each door. green = loaded and sealed, red = problem",
          "shipping clerk gets a screen in the office with all 38 doors, color coded",
          "no touchscreen at the door. gloves. big dumb button"], "device"),
        (["this is an internal API, no dashboard of its own. consumers are the mobile app team",
          "POST /payouts with worker id, shift id, amount. webhook back when it settles"], "api"),
        (["we track it in asana, slack and vibes", "main screen: every customer in onboarding",
          "alerts to slack when something goes red"], "gui"),
        (["browser is fine, i edit on a macbook",
          "can it post directly to tiktok or is that a nightmare with their api"], "gui"),
        (["for tenants a big button report a problem, then a list of their tickets"], "gui"),
    ],
)  # fmt: skip
def test_the_interface_follows_what_people_typed(texts: list[str], interface: str) -> None:
    session = with_turns(make("x", [("platforms", "Mobile (phone)")]), *texts)
    assert interface_of(session) == interface


def test_a_device_keeps_the_screen_people_described_for_it() -> None:
    session = with_turns(
        make("dock doors", [("screens", "headset, no touching screens")]),
        "sal, ops at a grocery DC. 38 outbound dock doors, loaders need to say a trailer is sealed",
        "i want a big button at each door. green = loaded and sealed, red = problem",
        "shipping clerk gets a screen in the office with all 38 doors, color coded",
    )
    spec = spec_from_session(session, derive_requirements(session))
    names = [s.name for s in spec.screens]
    assert names[0] == "States" and "All 38 doors" in names
    assert "Headset" not in names
    assert spec.screens[-1].platform == "desktop"


def test_a_voice_product_nobody_described_a_screen_for_gets_none() -> None:
    session = with_turns(
        make("tray assembly", [("screens", "headset, no touching screens")]),
        "so voice. they say the instrument as they put it in the tray and it checks it off",
    )
    spec = spec_from_session(session, derive_requirements(session))
    assert all(s.platform == "document" for s in spec.screens)


def test_a_described_view_draws_the_thing_it_shows() -> None:
    session = with_turns(
        make("kiln app", [("key_actions", "students see where their piece is")]),
        "students would open an app on their phone and see where their piece is. shelf, bisque",
        "ok so not stickers. a photo. they photograph the piece when they drop it off",
    )
    spec = spec_from_session(session, derive_requirements(session))
    screen = next(s for s in spec.screens if s.name == "Piece status")
    rows = " ".join(c.label for r in screen.regions for c in r.components).lower()
    assert "piece" in rows


@pytest.mark.parametrize(
    ("idea", "title"),
    [
        ("Marisol, I coordinate an adult ESL program at a community nonprofit. 14 classes",
         "Adult ESL program"),
        ("hey! harper, head of implementation at Paycadence (payroll software). every customer",
         "Paycadence"),
    ],
)  # fmt: skip
def test_the_speakers_name_is_not_the_title(idea: str, title: str) -> None:
    from engine.deliverables.wording import product_title

    session = make(idea, [("value_proposition", "google forms didnt work for us")])
    assert product_title(session) == title


def test_a_statement_about_today_is_never_the_title() -> None:
    from engine.deliverables.wording import product_title

    session = make("ok", [("value_proposition", "google forms didnt work for us at all")])
    assert "didnt" not in product_title(session).lower()


def test_a_view_taken_back_in_the_next_message_is_not_drawn() -> None:
    names = _names(
        "oh and the professors need to see their students pieces, so professors are users too",
        "wait actually scratch that, professors dont need it, they walk through the studio",
        "and students would see where their piece is",
    )
    assert names == ["Piece status"]


def test_a_place_with_an_abbreviation_keeps_its_whole_name() -> None:
    from engine.deliverables.wording import product_title

    session = make("Good morning! I coordinate the food pantry at St. Brendan's, we serve 180", [])
    assert product_title(session) == "Food pantry at St Brendan's"


def test_a_queue_shown_in_order_is_a_list_not_an_order_form() -> None:
    session = with_turns(
        make("pantry check in", [("platforms", "ipad")]),
        "and the volunteers at the table need a screen that shows whos checked in and whos "
        "next, in order",
    )
    spec = spec_from_session(session, derive_requirements(session))
    screen = next(s for s in spec.screens if s.name == "Checked in and next")
    kinds = {c.kind for r in screen.regions for c in r.components}
    assert "form" not in kinds and kinds & {"table", "list"}


def test_a_view_named_by_what_someone_does_there_is_a_form() -> None:
    session = with_turns(
        make("attendance for our esl classes", [("platforms", "web")]),
        "teachers would take attendance on the computer at the library",
    )
    spec = spec_from_session(session, derive_requirements(session))
    screen = next(s for s in spec.screens if s.name == "Take attendance")
    assert "form" in {c.kind for r in screen.regions for c in r.components}

"""Corrections found by content, applied to the topic they are about, wherever it was said."""

from __future__ import annotations

import pytest

from engine.corrections import Fix, Unclear, find_fixes
from tests.harness import make_chat


@pytest.mark.parametrize(
    ("text", "topic", "old", "new"),
    [
        (
            "actually not argo, we moved to spinnaker last quarter",
            "integrations",
            "Argo",
            "Spinnaker",
        ),
        ("scratch the app, make it a website", "platforms", "Mobile", "Web"),
        (
            "teachers are not the users, school admins are",
            "target_users",
            "teachers",
            "school admins",
        ),
        (
            "oh we're on hubspot now, not salesforce, sorry old habit",
            "integrations",
            "Salesforce",
            "HubSpot",
        ),
        (
            "actually billing is elite 3e not aderant, we migrated in the spring",
            "integrations",
            "Aderant",
            "Elite 3E",
        ),
        (
            "scratch that, we're replacing manhattan SCALE with korber in jan",
            "integrations",
            "Manhattan",
            "Korber",
        ),
        (
            "oh shoot, we switched off rockgympro in june, it's capitan now",
            "integrations",
            "RockGymPro",
            "Capitan",
        ),
        ("oh and it's 22 presses not 18, forgot the new building", "scale", "18", "22 presses"),
        (
            "wait i said 8 jobsites, with the summer work its closer to 14",
            "scale",
            "8 jobsites",
            "14",
        ),
        ("chromebooks actually, not the tablet", "platforms", "Tablet", "Chromebook"),
    ],
)
def test_fix_found_by_content(text: str, topic: str, old: str, new: str) -> None:
    fixes = [f for f in find_fixes(text) if isinstance(f, Fix)]
    assert fixes, text
    fix = fixes[0]
    assert fix.topic == topic
    assert old in fix.old
    assert any(new in v.value for v in fix.new)


@pytest.mark.parametrize(
    "text",
    [
        "not HIPAA, we treat animals",
        "not sure, maybe nurses",
        "we're in healthcare, not fintech",
        "i want it fast not slow",
        "no website stuff, nobody goes to a website for tacos",
    ],
)
def test_not_a_fix(text: str) -> None:
    assert not [f for f in find_fixes(text) if isinstance(f, Fix)]


def test_a_fix_between_two_topics_is_unclear() -> None:
    found = find_fixes("actually not stripe, make it ios")
    assert found and isinstance(found[0], Unclear)
    assert set(found[0].topics) == {"integrations", "platforms"}


async def test_correction_of_something_said_five_messages_ago_by_another_person() -> None:
    chat = make_chat()
    await chat.say("internal tool. on-call handoff notes for SREs", user="U1", name="Ann")
    await chat.say("pulls open incidents from pagerduty + deploys from argo", user="U1", name="Ann")
    for text in ("~60 engineers, 8 rotations", "slack-first", "sso via okta obviously"):
        await chat.say(text, user="U1", name="Ann")
    reply = await chat.say(
        "actually not argo, we moved to spinnaker last quarter", user="U2", name="Bo"
    )
    session = await chat.session()
    assert "Integrations: Argo → Spinnaker" in reply.text
    assert "Spinnaker" in session.stated("integrations")
    assert "Argo" not in session.stated("integrations")
    assert "PagerDuty" in session.stated("integrations")
    assert session.stated("platforms") == ("Slack (slack-first)",)  # the asked topic is untouched
    assert session.counters.corrections == 1


async def test_scratch_the_app_names_the_platform_change() -> None:
    chat = make_chat()
    await chat.say("a booking app for dog groomers, ios and android")
    await chat.say("groomers and their clients")
    reply = await chat.say("scratch the app, make it a website")
    session = await chat.session()
    assert "Platforms: iOS and Android → Web (website)" in reply.text
    assert session.stated("platforms") == ("Web (website)",)


async def test_a_negation_removes_an_earlier_positive() -> None:
    chat = make_chat()
    await chat.say("a web app for food trucks so people can order ahead")
    await chat.say("office workers at lunch")
    await chat.say("no website stuff, nobody goes to a website for tacos")
    session = await chat.session()
    assert not [v for v in session.stated("platforms") if v.startswith("Web")]
    assert session.excluded("platforms")


async def test_unclear_correction_asks_one_short_question() -> None:
    chat = make_chat()
    await chat.say("a payments tool on ios using stripe for small gyms")
    reply = await chat.say("actually not stripe, make it ios")
    assert (
        "integrations or the platforms" in reply.text
        or "platforms or the integrations" in reply.text
    )
    session = await chat.session()
    assert "Stripe" in session.stated("integrations")


async def test_scale_correction_rewrites_the_number() -> None:
    chat = make_chat()
    await chat.say("plant manager, injection molding, 18 presses, 3 shifts")
    await chat.say("operators write down on a whiteboard when a press stops")
    reply = await chat.say("oh and it's 22 presses not 18, forgot the new building")
    session = await chat.session()
    assert any("22 presses" in v and "3 shifts" in v for v in session.stated("scale"))
    assert not any("18" in v for v in session.stated("scale"))
    assert "Scale: 18 → 22 presses" in reply.text


async def test_a_changed_count_of_the_same_thing_updates_it_in_place() -> None:
    chat = make_chat()
    await chat.say("shift swaps for the aides at our nursing home")
    await chat.say("its a 110 beds facility, 85 aides over 3 shifts")
    reply = await chat.say("oh correction, its 120 beds, we got the license for the new wing")
    session = await chat.session()
    scale = " | ".join(session.stated("scale"))
    assert "120 beds" in scale and "110" not in scale, scale
    assert "Scale: 110 beds → 120 beds" in reply.text


async def test_a_number_fix_goes_where_the_old_number_is_stored() -> None:
    chat = make_chat()
    await chat.say("wholesale ordering for my bakery, cafes order bread from us")
    await chat.say("cafes text me their order. the order cutoff is 8pm for next morning delivery")
    await chat.say("woops cutoff is 7pm not 8, my head baker starts at 2am")
    session = await chat.session()
    values = " | ".join(f.value for f in session.facts if not f.negative)
    assert "cutoff is 7pm" in values and "8pm" not in values, values


def test_held_values_never_override_an_unclear_fix() -> None:
    held = {"integrations": ("Stripe",), "platforms": ("iOS",)}
    found = find_fixes("actually not stripe, make it ios", held)
    assert any(isinstance(f, Unclear) for f in found), found


async def test_a_correction_does_not_file_the_old_value_again() -> None:
    chat = make_chat()
    await chat.say("funeral home software for arrangement meetings on an ipad")
    await chat.say("we have 2 locations and about 300 calls a year")
    await chat.say("sorry not 2 locations, we sold the one downtown. 1 location now")
    scale = " | ".join((await chat.session()).stated("scale"))
    assert "1 location" in scale and "2 locations" not in scale, scale


async def test_a_new_count_matches_the_thing_inside_a_longer_phrase() -> None:
    chat = make_chat()
    await chat.say("a cli to flash firmware onto test boards in our lab")
    await chat.say("~40 test rigs and 14 people use them")
    await chat.say("actually its more like 55 rigs, we got a new shelf last month")
    scale = " | ".join((await chat.session()).stated("scale"))
    assert "55" in scale and "40" not in scale, scale


def test_not_x_its_y_goes_where_the_old_value_is_held() -> None:
    held = {"data": ("makeup credits expire after 60 days",), "scale": ("12 teachers",)}
    fixes = find_fixes("its not 60 days its 30. we changed it in september", held)
    assert [(f.topic, f.old) for f in fixes if isinstance(f, Fix)] == [("data", ("60 days",))]


@pytest.mark.parametrize(
    ("text", "held", "old", "new"),
    [
        (
            "wait not 180. thats last year. this year we're approved for 230",
            ("~180 h-2a",),
            "180",
            "230",
        ),
        (
            "also kev 120 is low, i looked it up, last year was 164",
            ("maybe 120 permits",),
            "120",
            "164",
        ),
        ("correction 70 games was fall. spring is more like 90", ("about 70 games",), "70", "90"),
    ],
)
def test_a_fix_cue_with_one_stored_count_and_one_new_number_changes_that_count(
    text: str, held: tuple[str, ...], old: str, new: str
) -> None:
    fixes = [f for f in find_fixes(text, {"scale": held}) if isinstance(f, Fix)]
    assert [(f.topic, f.old, f.new[0].value) for f in fixes] == [("scale", (old,), new)]


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("we have 3 vans and 12 drivers", ("3 vans",)),  # no fix cue: a new count, not a fix
        ("actually its 3 vans, 12 drivers and 4 dispatchers", ("3 vans",)),  # two new numbers
    ],
)
def test_new_numbers_without_a_clear_fix_change_no_count(text: str, held: tuple[str, ...]) -> None:
    assert not [f for f in find_fixes(text, {"scale": held}) if isinstance(f, Fix)]


def test_what_replaces_an_old_value_takes_its_topic_when_the_new_name_is_unknown() -> None:
    fixes = find_fixes("oh wait not slack, we use google chat", {"platforms": ("Slack",)})
    fix = next(f for f in fixes if isinstance(f, Fix))
    assert fix.topic == "platforms"
    assert "google chat" in fix.new[0].value.lower()
    assert find_fixes("not HIPAA, we treat animals", {}) == []


@pytest.mark.parametrize(
    ("text", "held", "old", "new"),
    [
        (
            "I misspoke earlier, it's 45 active interpreters. 60 is the whole roster tho",
            ("about 60 contract interpreters", "23 courtrooms"),
            "60",
            "45",
        ),
        (
            "one thing, 410 beds was last year. we lost the pine st condos, its 372 now",
            ("410 beds", "4 buildings"),
            "410",
            "372",
        ),
        (
            "oh 14 classes was spring, in the fall we're adding 4 more so 18",
            ("14 classes, about 300 adult learners",),
            "14",
            "18",
        ),
        ("dana its 6k on weekends, 9k was new years eve", ("about 9,000 payouts",), "9,000", "6k"),
    ],
)
def test_an_old_count_said_in_the_past_or_misspoken_is_replaced(
    text: str, held: tuple[str, ...], old: str, new: str
) -> None:
    fixes = [f for f in find_fixes(text, {"scale": held}) if isinstance(f, Fix)]
    assert [(f.topic, f.old, f.new[0].value) for f in fixes] == [("scale", (old,), new)]


def test_the_number_right_before_not_is_the_new_one() -> None:
    fixes = [f for f in find_fixes("correction, its 4 per 100 yards not 50") if isinstance(f, Fix)]
    assert [(f.topic, f.old, f.new[0].value) for f in fixes] == [("scale", ("50",), "100 yards")]


@pytest.mark.parametrize(
    ("text", "held", "topic", "old", "new"),
    [
        (
            "oh wait scratch loop, we moved to happy returns in august. i keep forgetting",
            {"integrations": ("Shopify", "Loop Returns")},
            "integrations",
            "loop",
            "happy returns",
        ),
        (
            "No, SkySlope. We left dotloop in the spring, Carla",
            {
                "integrations": (
                    "it has to pull the deals from dotloop, thats where the contracts are",
                )
            },
            "integrations",
            "dotloop",
            "SkySlope",
        ),
        (
            "actually scratch wifi. the freezer side kills it",
            {"platforms": ("wifi",)},
            "platforms",
            "wifi",
            "",
        ),
    ],
)
def test_a_held_value_dropped_by_name_leaves_its_topic(
    text: str, held: dict[str, tuple[str, ...]], topic: str, old: str, new: str
) -> None:
    fixes = [f for f in find_fixes(text, held) if isinstance(f, Fix)]  # type: ignore[arg-type]
    assert [(f.topic, f.old, tuple(v.value for v in f.new)) for f in fixes] == [
        (topic, (old,), (new,) if new else ())
    ]


@pytest.mark.parametrize(
    "text", ["we left the binder in the truck", "scratch that, its fine", "forget it lol"]
)
def test_leaving_or_scratching_something_not_held_is_no_fix(text: str) -> None:
    held = {"data": ("batch ticket",), "platforms": ("iPad",)}
    assert not [f for f in find_fixes(text, held) if isinstance(f, Fix)]  # type: ignore[arg-type]


async def test_a_named_platform_not_held_replaces_nothing_else() -> None:
    chat = make_chat()
    await chat.say("a receipt bot for my bookkeeping firm, clients text photos of receipts")
    await chat.say("SMS. not an app, these are roofers")
    await chat.say("oh wait not slack, we use google chat. slack was my old job lol")
    platforms = " | ".join((await chat.session()).stated("platforms"))
    assert "SMS" in platforms and "google chat" in platforms.lower(), platforms


async def test_a_count_fix_is_not_read_as_an_industry_change() -> None:
    chat = make_chat()
    await chat.say("scheduling court interpreters for our county court, 23 courtrooms")
    await chat.say("about 60 contract interpreters, spanish mostly")
    reply = await chat.say(
        "I misspoke earlier, it's 45 active interpreters. 60 is the whole roster"
    )
    session = await chat.session()
    assert "industry" not in reply.text.lower()
    scale = " | ".join(session.stated("scale"))
    assert "45" in scale and "about 60" not in scale, scale


@pytest.mark.parametrize(
    "text",
    [
        "and not ipads, we tried ipads on the line, they drop em",
        "not a website. nobody in my league is opening a website, they live in discord",
        "not fishonline, thats for looking stuff up",
    ],
)
def test_not_x_with_its_reason_is_a_negation_not_a_fix(text: str) -> None:
    held = {"platforms": ("iPad (ipads)", "Web (website)"), "integrations": ("Garmin",)}
    assert not [f for f in find_fixes(text, held) if isinstance(f, Fix)]  # type: ignore[arg-type]


def test_not_x_thats_the_old_one_takes_what_they_moved_to() -> None:
    text = "ugh sorry, not MeridianLink, thats the old one. we moved to Temenos in march"
    fixes = [f for f in find_fixes(text, {"integrations": ("MeridianLink",)}) if isinstance(f, Fix)]
    assert [(f.topic, f.old, f.new[0].value) for f in fixes] == [
        ("integrations", ("MeridianLink",), "Temenos")
    ]


async def test_ruling_out_ipads_with_a_reason_keeps_them_out() -> None:
    chat = make_chat()
    await chat.say("returns grading app for our warehouse, receivers scan each item")
    await chat.say("zebra handhelds and maybe ipads at the packing tables")
    await chat.say("no customer facing anything. and not ipads, we tried ipads on the line")
    session = await chat.session()
    assert not any("ipad" in v.lower() for v in session.stated("platforms"))
    assert any("ipad" in v.lower() for v in session.excluded("platforms"))


async def test_a_hurry_with_a_reason_files_no_fact() -> None:
    chat = make_chat()
    await chat.say("commission disbursement forms for our brokerage, about 40 agents")
    await chat.say("the broker approves each CDA, then the title company gets it")
    before = (await chat.session()).facts
    await chat.say(
        "can you just write it up? we have a board meeting thursday and i'd love to show them "
        "something"
    )
    after = (await chat.session()).facts
    assert [f for f in after if f not in before] == []

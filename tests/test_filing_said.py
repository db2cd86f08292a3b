"""Filing keeps what people said: operating systems, systems no table knows, recounts, "X no"."""

from __future__ import annotations

import pytest

from engine.filing import file_message, non_answer
from engine.named import counts, named
from engine.types import TopicId


def _values(text: str, asked: TopicId | None = None) -> list[tuple[str, str, bool]]:
    return [(f.topic, f.value.lower(), f.negative) for f in file_message(text, asked).facts]


def _has(found: list[tuple[str, str, bool]], topic: str, word: str, negative: bool) -> bool:
    return any(t == topic and word in v and n == negative for t, v, n in found)


@pytest.mark.parametrize(
    ("text", "want", "not_want"),
    [
        (
            "desktop. windows, everyones on citrix",
            [("platforms", "windows", False), ("platforms", "citrix", False)],
            [],
        ),
        (
            "linux + mac. nobody on windows except one guy and he has wsl",
            [("platforms", "linux", False), ("platforms", "mac", False)],
            [("platforms", "windows", False)],
        ),
        # "windows" of time are not the operating system
        (
            "correction on notice windows, theyre not all 90 days",
            [],
            [("platforms", "windows", False)],
        ),
        ("we need delivery windows for every order", [], [("platforms", "windows", False)]),
    ],
)
def test_operating_systems_are_platforms(
    text: str, want: list[tuple[str, str, bool]], not_want: list[tuple[str, str, bool]]
) -> None:
    found = _values(text, "platforms")
    for topic, word, negative in want:
        assert _has(found, topic, word, negative), (text, found)
    for topic, word, negative in not_want:
        assert not _has(found, topic, word, negative), (text, found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("LOS is MeridianLink", "meridianlink"),
        ("CI is buildkite, overnight regression would claim rigs thru the same api", "buildkite"),
        ("payroll is paychex. the i-9 stuff im honestly not sure", "paychex"),
        ("we use sportsengine for registration already", "sportsengine"),
        ("ugh we moved to Temenos in march", "temenos"),
        ("our phone system is RingCentral, it has an api i think", "ringcentral"),
    ],
)
def test_a_system_no_table_knows_is_kept_by_its_role(text: str, name: str) -> None:
    assert _has(_values(text, "integrations"), "integrations", name, False)


@pytest.mark.parametrize(
    "text",
    [
        "we use paper for everything rn",
        "auth is an api key per env",
        "the tms is the ui",
        "we use whatsapp for all of it",
        "we talk to customers every day",
    ],
)
def test_plain_words_after_we_use_are_not_systems(text: str) -> None:
    systems = [n for n in named(text) if n.topic == "integrations"]
    assert systems == [], (text, systems)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("actually its more like 55 rigs, we got a new shelf last month", "55 rigs"),
        ("correction its 6 shows now, board added a holiday show", "6 shows"),
        ("sorry its 3 hotels now, they bought the one by the airport last month", "3 hotels"),
    ],
)
def test_a_count_said_again_is_only_a_count(text: str, count: str) -> None:
    facts = file_message(text, "value_proposition").facts
    assert [f.topic for f in facts] == ["scale"], facts
    assert count in facts[0].value


def test_a_ruled_out_regime_files_no_affirmed_text_and_no_count() -> None:
    found = _values("SOC 2 no, we're tiny. but its financial data so encrypted", "platforms")
    assert _has(found, "security_compliance", "soc 2", True)
    assert not _has(found, "security_compliance", "soc 2", False), found
    assert not any(t == "scale" for t, _, _ in found), found
    assert not any(f.topic == "scale" for f in file_message("iso 27001 maybe later").facts)


def test_durations_in_short_units_are_not_counts() -> None:
    assert counts("and we delete the images after 7 yrs") == []
    assert counts("2 wks notice, 40 drivers") == ["40 drivers"]


@pytest.mark.parametrize(
    "text",
    [
        "cant it just live inside shopify",
        "couldnt we just use the group chat",
        "isnt that overkill",
    ],
)
def test_a_question_without_a_question_mark_is_not_an_answer(text: str) -> None:
    assert non_answer(text)


@pytest.mark.parametrize("text", ["cant wait to stop using paper", "dont call it pallet count"])
def test_negative_openers_that_are_not_questions_still_count(text: str) -> None:
    assert not non_answer(text)


@pytest.mark.parametrize(
    ("text", "topic", "words"),
    [
        ("users = firmware team, 14 ppl", "target_users", "firmware team"),
        (
            "users: me + 2 other procurement analysts, app owners in each dept (~40), and the CFO",
            "target_users",
            "cfo",
        ),
        ("auth: just our ldap", "security_compliance", "ldap"),
        ("v1 = checklist + reminder to the LO", "feature_priorities", "checklist"),
        (
            "workflow: pull the master formulation record, tech scans each lot",
            "user_journey",
            "lot",
        ),
        ("screens - a list of permits and a detail page", "screens", "list of permits"),
    ],
)
def test_a_statement_that_names_its_topic_first_goes_there(
    text: str, topic: str, words: str
) -> None:
    found = _values(text, "core_problem")
    assert _has(found, topic, words, False), (text, found)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("treasurer here. my part is paying them", "treasurer"),
        ("Hi - I'm the PIC at an independent pharmacy, we do non-sterile compounding", "pic"),
        ("IT procurement here, 2k employee manufacturer", "it procurement"),
    ],
)
def test_who_people_say_they_are_is_a_user(text: str, role: str) -> None:
    assert _has(_values(text), "target_users", role, False)


@pytest.mark.parametrize("text", ["im a bit lost here", "same here tbh", "ok here is the thing"])
def test_here_and_im_a_are_not_always_roles(text: str) -> None:
    assert not any(t == "target_users" for t, _, _ in _values(text)), _values(text)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("arrangements only, the office staff dont need it", "office staff"),
        ("nurses not in v1, there contract is different, too messy", "nurses"),
        ("the drivers wont use it, its for dispatch", "drivers"),
    ],
)
def test_people_named_to_leave_them_out_are_ruled_out(text: str, people: str) -> None:
    found = _values(text, "target_users")
    assert _has(found, "target_users", people, True), found
    assert not _has(found, "target_users", people, False), found


def test_people_who_struggle_are_still_users() -> None:
    assert _has(_values("the nurses cant find the schedule"), "target_users", "nurses", False)


def test_a_platform_ruled_out_stays_out_when_the_message_names_it_again() -> None:
    found = _values("No text messages. Half of them have flip phones and hate texts.", "platforms")
    assert _has(found, "platforms", "sms", True)
    assert not _has(found, "platforms", "sms", False), found


def test_family_who_help_are_users() -> None:
    assert _has(
        _values("just me. and my mom packs orders tues/thurs"), "target_users", "mom", False
    )


def test_a_count_ends_at_its_number_not_at_a_comma() -> None:
    assert counts("woops cutoff is 7pm not 8, my head baker starts at 2am") == ["8"]
    assert counts("1,200 orders a week") == ["1,200 orders"]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("idk what platform. whatever works on a phone in a basement", "phone"),
        ("not sure, ipads probably", "ipad"),
    ],
)
def test_an_unsure_answer_that_names_a_platform_is_filed(text: str, word: str) -> None:
    assert _has(_values(text, "platforms"), "platforms", word, False), _values(text, "platforms")


@pytest.mark.parametrize("text", ["no idea about the rest, you pick", "idk honestly"])
def test_an_unsure_answer_naming_nothing_files_nothing(text: str) -> None:
    assert file_message(text, "platforms").facts == ()


def test_rest_is_an_api_only_when_it_reads_as_one() -> None:
    assert [n.value for n in named("REST + webhooks, idempotency keys")] == ["API (rest)"]
    assert named("the rest is still paper in a binder") == []


def test_a_year_after_a_preposition_is_not_a_count() -> None:
    assert counts("the pull cords are from 1998") == []
    assert counts("no, not etsy, i left etsy in 2022") == []
    assert counts("maybe 2000") == ["maybe 2000"]

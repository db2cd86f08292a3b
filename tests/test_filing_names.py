"""Filing what chat names in passing: hedged answers, systems, rules, data residency, fields."""

from __future__ import annotations

from typing import cast

import pytest

from engine.corrections import Fix, find_fixes
from engine.filing import file_message, non_answer
from engine.intent import read_intent
from engine.messages import Inbound, ThreadKey
from engine.named import counts, hedged, named
from engine.people import users_in
from engine.recording import record_facts
from engine.session import Session
from engine.types import TopicFact, TopicId, TurnPlan


@pytest.mark.parametrize(
    ("text", "regime"),
    [("ferpa i think? its student records", "FERPA"), ("coppa too? some are 13", "COPPA")],
)
def test_a_short_hedged_question_that_names_a_value_is_an_answer(text: str, regime: str) -> None:
    assert read_intent(text).kind == "answer"
    facts = file_message(text).facts
    assert any(f.topic == "security_compliance" and f.value == regime for f in facts)
    assert not any(f.topic == "target_users" for f in facts)  # "student records" names no one


@pytest.mark.parametrize(
    "text",
    [
        "sso? no. shared login per shift is fine",
        "is gdpr something to worry about now?",
        "do we need hipaa?",
        "our TMS is Mandata? no sorry",
    ],
)
def test_a_real_question_or_a_bare_guess_is_no_hedged_answer(text: str) -> None:
    first = text.split("?")[0] + "?"
    assert not hedged(first)
    values = [f.value.lower() for f in file_message(text).facts if not f.negative]
    assert not any(v in ("sso", "gdpr", "hipaa", "mandata") for v in values)
    assert non_answer(first)


@pytest.mark.parametrize(
    "text",
    ["hipaa yes obviously its patient info", "the student records stay private"],
)
def test_a_people_word_that_qualifies_a_thing_names_no_users(text: str) -> None:
    assert users_in(text) is None


@pytest.mark.parametrize(
    ("text", "system"),
    [
        ("Docs go to NetDocuments once accepted.", "NetDocuments"),
        ("it needs to tie into Planon, thats our CAFM", "Planon"),
        ("measurements we get from EagleView anyway", "EagleView"),
        ("send them a nudge email thru ConvertKit", "ConvertKit"),
    ],
)
def test_a_capitalised_name_after_a_data_verb_is_an_integration(text: str, system: str) -> None:
    assert [(n.topic, n.value) for n in named(text)] == [("integrations", system)]


@pytest.mark.parametrize(
    "text", ["we go to Leeds on friday", "docs go to the office", "it goes through review"]
)
def test_a_place_or_a_plain_word_after_those_verbs_is_not(text: str) -> None:
    assert not [n for n in named(text) if n.topic == "integrations"]


def test_rules_nobody_listed_and_where_data_must_stay_are_compliance() -> None:
    found = named(
        "The Law Society of BC rules apply. DPDP act applies too, we are bound by the Privacy "
        "Act. the data has to stay in Canada, it can't sit in the US"
    )
    values = {(n.value, n.negative) for n in found if n.topic == "security_compliance"}
    assert ("Law Society of BC rules", False) in values
    assert ("DPDP", False) in values
    assert ("Privacy Act", False) in values
    assert ("Data residency: Canada", False) in values
    assert ("Data residency: US", True) in values  # ruled out, never a wish


@pytest.mark.parametrize("text", ["we act fast", "we play by the rules", "Slack rules"])
def test_ordinary_words_are_no_rule(text: str) -> None:
    assert not [n for n in named(text) if n.topic == "security_compliance"]


def test_a_list_of_short_things_is_what_the_product_keeps() -> None:
    text = "signals: product usage (seats active / seats used), support tickets, NPS, renewal date"
    data = [f.value for f in file_message(text).facts if f.topic == "data"]
    assert data and "NPS" in data[0] and "renewal date" in data[0]


@pytest.mark.parametrize(
    "text",
    [
        "endpoints roughly: create recipient, verify recipient, create payout, batch payouts",
        "we sell on etsy, shopify, and at 3 craft markets a month",
    ],
)
def test_a_list_of_actions_or_systems_is_not_data(text: str) -> None:
    assert not [f for f in file_message(text).facts if f.topic == "data"]


def _recorded(*plans: tuple[str, str]) -> list[tuple[str, str]]:
    session = Session(key="t")
    for turn, (topic, value) in enumerate(plans):
        inbound = Inbound(ThreadKey("t", "W", "C", "1"), f"m{turn}", "U", "u", value)
        plan = TurnPlan(facts=(TopicFact(topic=cast("TopicId", topic), value=value),))
        session = record_facts(session, inbound, plan, turn)
    return [(f.topic, f.value) for f in session.facts]


def test_the_core_problem_is_said_once_and_later_problems_are_pain_points() -> None:
    recorded = _recorded(
        ("core_problem", "parents never know when the bus is late"),
        ("core_problem", "we lose 6 lessons a week to no-shows"),
        ("core_problem", "the real problem is the phone never stops"),
    )
    assert recorded == [
        ("core_problem", "parents never know when the bus is late"),
        ("pain_points", "we lose 6 lessons a week to no-shows"),
        ("core_problem", "the real problem is the phone never stops"),  # it says so
    ]


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        ("it's not CDK anymore actually, we switched to Tekion in march", "CDK", "Tekion"),
        (
            "sorry I made a mistake, the PMS is Mews since March, not Protel anymore",
            "Protel",
            "Mews",
        ),
        (
            "correction - we're off PSCU, cards moved to co-op solutions in march",
            "PSCU",
            "co-op solutions",
        ),
        ("wait, macropoint is being replaced by project44 in Q3", "MacroPoint", "project44"),
        ("markets was square but i switched to shopify pos in august", "Square", "Shopify"),
    ],
)
def test_a_held_system_left_behind_is_swapped_for_the_new_one(
    text: str, old: str, new: str
) -> None:
    held = {"integrations": ("CDK", "Protel", "PSCU", "MacroPoint", "Square")}
    fixes = [f for f in find_fixes(text, held) if isinstance(f, Fix)]
    assert [(f.topic, f.old, f.new[0].value) for f in fixes] == [("integrations", (old,), new)]


def test_a_new_count_of_a_counted_thing_replaces_it() -> None:
    held = {"scale": ("3 floors, around 260 members",)}
    fixes = find_fixes("wait, 4 floors, we opened the top floor, so more like 310 members", held)
    assert [(f.old, f.new[0].value) for f in fixes if isinstance(f, Fix)] == [
        (("3 floors",), "4 floors"),
        (("260 members",), "310 members"),
    ]


@pytest.mark.parametrize("text", ["we use square and stripe", "3 floors and 260 members, yes"])
def test_saying_the_held_values_again_changes_nothing(text: str) -> None:
    held = {"integrations": ("Square",), "scale": ("3 floors, around 260 members",)}
    assert find_fixes(text, held) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("call it ShoeBox. done", "ShoeBox"),
        ("I think that's it. we're calling it LiftBook for now", "LiftBook"),
        ("call it RoofCheck. you got enough? we got a job at 2", "RoofCheck"),
    ],
)
def test_naming_the_product_while_leaving_files_no_fact(text: str, name: str) -> None:
    filing = file_message(text)
    assert filing.product_name == name and not filing.facts


@pytest.mark.parametrize("text", ["keen to see what you come up with. cheers", "cheers mate"])
def test_a_thank_you_is_no_fact(text: str) -> None:
    assert not file_message(text).facts


def test_a_time_is_not_a_count() -> None:
    assert counts("we have 2 sites, we open at 7 and i've got court at 2") == ["2 sites"]


def test_cheers_is_no_one() -> None:
    assert not file_message("cheers mate, footys on").facts

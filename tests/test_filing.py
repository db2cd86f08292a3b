"""Filing statements by content: topics, negations, notes, non-answers, people, objects, names."""

from __future__ import annotations

import pytest

from engine.filing import file_message, non_answer
from engine.named import counts, named, objects, product_name
from engine.people import users_in
from engine.types import TopicId

Want = tuple[TopicId, str, bool]  # topic, a word the value contains, negative


@pytest.mark.parametrize(
    ("text", "asked", "want"),
    [
        # three facts in one run-on message, none of them about the asked topic
        (
            "hey so me and my brother run 2 taco trucks in austin and we want people to be able "
            "to order ahead from their phone so the line isnt 40 min at lunch. right now its just "
            "cash and square",
            "value_proposition",
            [
                ("scale", "2 taco trucks", False),
                ("integrations", "Square", False),
                ("key_actions", "order ahead", False),
                ("core_problem", "line", False),
                ("platforms", "phone", False),
            ],
        ),
        (
            "internal tool. on-call handoff notes for SREs. pulls open incidents from pagerduty "
            "+ the last 24h of deploys from argo",
            None,
            [
                ("target_users", "SREs", False),
                ("integrations", "PagerDuty", False),
                ("integrations", "Argo", False),
                ("key_actions", "incidents", False),
            ],
        ),
        (
            "~60 engineers, 8 rotations",
            "core_problem",
            [("scale", "~60 engineers, 8 rotations", False)],
        ),
        (
            "sso via okta obviously. SOC2 scope yes",
            "platforms",
            [
                ("integrations", "Okta", False),
                ("security_compliance", "SOC 2", False),
                ("security_compliance", "SSO", False),
            ],
        ),
        # negations are exclusions, never affirmed values
        (
            "no website stuff, nobody goes to a website for tacos. app or text message",
            "platforms",
            [
                ("platforms", "Web", True),
                ("platforms", "SMS", False),
                ("platforms", "Mobile", False),
            ],
        ),
        (
            "not HIPAA, we treat animals",
            "security_compliance",
            [("security_compliance", "HIPAA", True)],
        ),
        ("nope not mobile", "platforms", [("platforms", "Mobile", True)]),
        (
            "no yelp stuff or opentable, i dont want to pay them",
            "integrations",
            [("integrations", "Yelp", True), ("integrations", "OpenTable", True)],
        ),
        (
            "iphone and android, nobody would do this on a laptop",
            "platforms",
            [
                ("platforms", "iOS", False),
                ("platforms", "Android", False),
                ("platforms", "laptop", True),
            ],
        ),
        (
            "slack-first. no web UI in v1, maybe later",
            "platforms",
            [
                ("platforms", "Slack", False),
                ("platforms", "Web", True),
                ("feature_priorities", "later", False),
            ],
        ),
        (
            "AE reviews the draft before it writes to the crm, never auto-write",
            "key_actions",
            [("key_actions", "auto-write", True)],
        ),
        # people, and things that are not people
        (
            "people on their lunch break mostly, office folks",
            "target_users",
            [("target_users", "people on their lunch break", False)],
        ),
        (
            "drivers take photos of the item in the room",
            "user_journey",
            [("target_users", "drivers", False)],
        ),
        (
            "hiring manager here. i want interviewers to get their scorecard reminder",
            None,
            [("target_users", "hiring manager", False)],
        ),
        (
            "dentrix is our PMS, it has to write back into the chart",
            "integrations",
            [("integrations", "Dentrix", False)],
        ),
        ("actually not postgres only, we also have mysql", "data", [("data", "MySQL", False)]),
    ],
)
def test_files_by_content(text: str, asked: TopicId | None, want: list[Want]) -> None:
    filed = file_message(text, asked).facts
    for topic, word, negative in want:
        assert any(
            f.topic == topic and word.lower() in f.value.lower() and f.negative == negative
            for f in filed
        ), (topic, word, negative, filed)


@pytest.mark.parametrize(
    ("text", "asked", "topic", "word"),
    [
        ("no website stuff", "platforms", "platforms", "web"),
        ("not HIPAA, we treat animals", "security_compliance", "security_compliance", "hipaa"),
        (
            "no store credit in v1, just exchange and refund",
            "feature_priorities",
            "feature_priorities",
            "store credit",
        ),
        ("they wont use an app, they want to call", "platforms", "platforms", "app"),
        (
            "foremen fill it out on site. phones only, they aint carrying tablets up a deck",
            "platforms",
            "platforms",
            "tablet",
        ),
    ],
)
def test_a_negated_value_is_never_affirmed(
    text: str, asked: TopicId, topic: str, word: str
) -> None:
    filed = file_message(text, asked).facts
    assert not any(f.topic == topic and not f.negative and word in f.value.lower() for f in filed)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("we have tractors and a paper calendar", "target_users"),
        ("a book-swap app", "target_users"),
        ("hi", "target_users"),
        ("hey there!", None),
        ("good morning team", None),
    ],
)
def test_never_users(text: str, asked: TopicId | None) -> None:
    assert not any(f.topic == "target_users" for f in file_message(text, asked).facts)


@pytest.mark.parametrize(
    "text",
    [
        "what do other trucks do for this?",
        "what does 'data retention' mean here, like how long we keep stuff",
        "i dont really follow the question about flows, can you say it simpler",
        "idk",
        "whatever is normal",
        "no idea about the rest, you pick",
        "i said it",
        "thanks!",
        "do we need to worry about gdpr if some friends are in europe?",
        "Thank you, this is really helpful. Sorry I'm all over the place, I'm between two meetings",
        "sorry, long day lol",
    ],
)
def test_non_answers_are_not_facts(text: str) -> None:
    filing = file_message(text, "core_problem")
    assert filing.facts == () and filing.notes == ()


def test_complaint_with_content_keeps_the_content_only() -> None:
    filing = file_message(
        "i mean i said it, the line. people walk away when they see it", "core_problem"
    )
    assert [f.value for f in filing.facts if f.topic == "core_problem"] == [
        "people walk away when they see it"
    ]
    assert not any("said" in f.value for f in filing.facts)


def test_a_statement_that_fits_no_topic_is_a_note_not_the_asked_topic() -> None:
    filing = file_message("internal tool", "core_problem")
    assert filing.facts == ()
    assert filing.notes == ("internal tool",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we're building Shelfie, a book-swap app for neighbours", "Shelfie"),
        ("let's call it Bookly instead", "Bookly"),
        ("it's called fixflow", "Fixflow"),
        ("we're building an app for vets", None),
        ("hi", None),
    ],
)
def test_product_name(text: str, expected: str | None) -> None:
    assert product_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("people list books they're done with", ["book"]),
        ("pulls open incidents and the last 24h of deploys", ["incident", "deploy"]),
        ("on-call handoff notes for SREs", ["handoff note"]),
        (
            "the vet books appointments for pets and sends invoices",
            ["appointment", "pet", "invoice"],
        ),
        ("the app does stuff and things", []),
    ],
)
def test_objects(text: str, expected: list[str]) -> None:
    assert objects(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45 AEs, 8 SDRs, ~200 calls a week", ["45 AEs", "8 SDRs", "~200 calls"]),
        ("the line is 40 min at lunch", []),
        ("press 1 for refills", []),
        ("the last 24h of deploys", []),
        ("3PL, 2 DCs, ~220k sq ft", ["2 DCs", "~220k sq ft"]),
    ],
)
def test_counts(text: str, expected: list[str]) -> None:
    assert counts(text) == expected


def test_ambiguous_service_needs_context() -> None:
    assert [n.value for n in named("right now its just cash and square")] == ["Square"]
    assert named("a square logo") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("office folks", "office folks"),
        ("tractors and a paper calendar", None),
        ("for apartment buildings specifically", "apartment buildings"),
    ],
)
def test_users_in(text: str, expected: str | None) -> None:
    assert users_in(text) == expected


def test_question_back_detected() -> None:
    assert non_answer("what do other trucks do for this?")
    assert not non_answer("we move around a lot")


def test_a_bare_no_after_a_name_rules_it_out() -> None:
    filed = file_message("PCI no, stripe holds the cards. but we do need audit logs").facts
    assert any(
        f.topic == "security_compliance" and f.value == "PCI DSS" and f.negative for f in filed
    )


def test_a_ruled_out_name_mentioned_again_in_the_same_message_stays_out() -> None:
    text = "no quickbooks. the owner hates quickbooks, it crashes every month end. xero is fine"
    filed = file_message(text).facts
    books = [f for f in filed if f.value == "QuickBooks"]
    assert books and all(f.negative for f in books), filed


@pytest.mark.parametrize(
    ("text", "users", "scale"),
    [
        ("brokerage, 45 agents, most of them hate paperwork", "agents", "45 agents"),
        ("about 60 contract interpreters, spanish mostly", "contract interpreters", "60"),
        ("im a 2nd grade teacher, 26 kids in my class", "2nd grade teacher", "26 kids"),
    ],
)
def test_how_many_users_is_scale_and_who_they_are_is_users(
    text: str, users: str, scale: str
) -> None:
    facts = file_message(text, "target_users").facts
    said = [f.value for f in facts if f.topic == "target_users" and not f.negative]
    assert any(users in v for v in said), facts
    assert not any(c.isdigit() for v in said for c in v.replace("2nd", "")), said
    assert any(scale in f.value for f in facts if f.topic == "scale"), facts


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ugh assigning beds is a nightmare every single fall", "assigning beds"),
        ("The big problem is last minute changes, judges move hearings", "last minute changes"),
        ("move in / move out inspections are our nightmare", "inspections"),
    ],
)
def test_a_statement_naming_the_problem_is_the_core_problem_only(text: str, words: str) -> None:
    facts = file_message(text, "pain_points").facts
    assert any(f.topic == "core_problem" and words in f.value.lower() for f in facts), facts
    assert not any(f.topic == "pain_points" and words in f.value.lower() for f in facts), facts


@pytest.mark.parametrize(
    ("text", "system", "action"),
    [
        ("and then it pushes into xero for us", "xero", False),
        ("it logs into salesforce as an opportunity i guess", "salesforce", False),
        ("pulls open incidents from pagerduty + deploys from argo", "pagerduty", True),
    ],
)
def test_what_moves_to_a_named_system_is_the_integration(
    text: str, system: str, action: bool
) -> None:
    facts = file_message(text).facts
    described = [f.topic for f in facts if system in f.value.lower() and " " in f.value]
    assert ("key_actions" in described) == action, facts
    assert any(f.topic == "integrations" and system in f.value.lower() for f in facts), facts

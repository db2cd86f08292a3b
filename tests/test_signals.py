"""Tests for offline escape and correction signal detection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.signals import SIGNAL_KINDS, detect_signal, is_substantive
from engine.topics import TOPIC_BY_ID

SIGNALS = [
    ("this is taking forever, just show me something", "impatience", None),
    ("can we speed this up", "impatience", None),
    ("just build it", "impatience", None),
    ('"just show me something"', "impatience", None),
    ("I'm tired of questions", "fatigue", None),
    ("too many questions", "fatigue", None),
    ("I'm done answering", "fatigue", None),
    ("I'm an engineer, skip the basics", "expertise", None),
    ("I know what I'm doing, get technical", "expertise", None),
    ("I've built 5 of these, skip the 101", "expertise", None),
    ("let's talk about payments", "redirect", "integrations"),
    ("can we discuss the tech stack instead", "redirect", "platforms"),
    ("I want to focus on security first", "redirect", "security_compliance"),
    ("can we go over the wireframes", "redirect", "screens"),
    ("no idea, you pick", "dont_know", None),
    ("not sure, whatever you think", "dont_know", None),
    ("I don't know", "dont_know", None),
    ("dunno, your call", "dont_know", None),
]

NON_SIGNALS = [
    "users can skip onboarding",
    "doctors are always in a hurry",
    "the main problem is that it takes forever to reconcile invoices",
    "I don't know how many users we'll have in year two but probably 10k",
    "payments should be instant",
    "let's say 500 users",
    "skip the login for guests",
    "I'm tired of spreadsheets",
    "we're done with paper forms",
    "nurses don't know which patient is next",
    "just show the next three appointments",
    "we should talk to users more",
    "let's start with web, mobile later",
    "actually pretty simple: book, pay, done",
    "not sure how users will find us, probably SEO",
    "yes",
]


@pytest.mark.parametrize(("text", "kind", "topic"), SIGNALS)
def test_signal(text: str, kind: str, topic: str | None) -> None:
    signal = detect_signal(text)
    assert (signal.kind, signal.topic) == (kind, topic)
    assert signal.confidence >= 0.5


@pytest.mark.parametrize("text", NON_SIGNALS)
def test_tricky_non_signals(text: str) -> None:
    assert detect_signal(text).kind == "none"


@pytest.mark.parametrize(
    ("text", "topic", "value", "previous"),
    [
        ("actually the users are nurses", "target_users", "nurses", None),
        ("sorry, I meant it's for iOS only", "platforms", "iOS only", None),
        ("correction: the problem is double booking", "core_problem", "double booking", None),
        (
            "no wait, it should integrate with Salesforce, not HubSpot",
            "integrations",
            "Salesforce",
            "HubSpot",
        ),
        ("we're in healthcare, not fintech", None, "healthcare", "fintech"),
        ("oops, I meant Postgres, not MySQL", "data", "Postgres", "MySQL"),
        ("not teachers — the users are students", "target_users", "students", "teachers"),
    ],
)
def test_correction_extraction(
    text: str, topic: str | None, value: str, previous: str | None
) -> None:
    signal = detect_signal(text)
    assert signal.kind == "correction"
    assert (signal.topic, signal.value, signal.previous) == (topic, value, previous)


def test_correction_without_topic_uses_current_topic() -> None:
    signal = detect_signal("scratch that, it's twice a week", current_topic="user_journey")
    assert (signal.kind, signal.topic) == ("correction", "user_journey")


def test_actually_without_topic_phrase_is_not_a_correction() -> None:
    assert detect_signal("actually pretty simple", current_topic="flows").kind == "none"


@pytest.mark.parametrize(
    ("text", "substantive"),
    [
        ("no idea, you pick", False),
        ("not sure, maybe nurses?", True),
        ("I'm tired of questions", False),
        ("actually the users are nurses", True),
        ("idk", False),
        ("", False),
    ],
)
def test_is_substantive(text: str, substantive: bool) -> None:
    assert is_substantive(text) is substantive


@pytest.mark.parametrize(
    "text",
    ["", " ", "a" * 1_000_000, "\x00\xff\xfe" * 1000, "<script>alert(1)</script>", "<!channel>"],
)
def test_odd_inputs_never_crash(text: str) -> None:
    assert detect_signal(text, current_topic="data").kind in SIGNAL_KINDS
    assert isinstance(is_substantive(text), bool)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from([None, *TOPIC_BY_ID]))
def test_any_text_gives_valid_signal(text: str, current_topic: str | None) -> None:
    signal = detect_signal(text, current_topic)
    assert signal.kind in SIGNAL_KINDS
    assert 0.0 <= signal.confidence <= 1.0
    assert signal.topic is None or signal.topic in TOPIC_BY_ID
    if signal.kind == "none":
        assert signal.confidence == 0.0

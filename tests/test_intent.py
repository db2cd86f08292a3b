"""Messages that are not answers, read from text that looks like real chat."""

from __future__ import annotations

import pytest

from engine.intent import named_topic, read_intent


@pytest.mark.parametrize(
    ("text", "kind", "ask"),
    [
        ("what do you mean?", "question_back", "meaning"),
        ("wdym", "question_back", "meaning"),
        ("whats SSO?", "question_back", "meaning"),
        (
            "what does 'data retention' mean here, like how long we keep stuff?",
            "question_back",
            "meaning",
        ),
        ("what do other trucks do for this?", "question_back", "others"),
        ("what do others do?", "question_back", "others"),
        (
            "how long should we keep the photos? whats typical in construction",
            "question_back",
            "others",
        ),
        ("is that something to worry about now?", "question_back", "worry"),
        ("do we need that hipaa thing? its animals lol", "question_back", "worry"),
        ("why do you need to know?", "question_back", "why"),
        ("can it deal with timezones? half the panel is in dublin", "question_back", "open"),
        (
            "could it also do lost and found? or is that too much for a first version",
            "question_back",
            "open",
        ),
        ("i already said that", "complaint", ""),
        ("i said it", "complaint", ""),
        ("didn't i just say that?", "complaint", ""),
        ("i already said who uses it, scroll up", "complaint", ""),
        ("i already answered that like 2 times", "complaint", ""),
        ("huh?", "rephrase", ""),
        ("sorry what?", "rephrase", ""),
        ("i dont understand the question", "rephrase", ""),
        ("i dont really follow the question about flows, can you say it simpler", "rephrase", ""),
        (
            "not sure what you mean by integrations, you mean like does it hook to the pivot?",
            "rephrase",
            "",
        ),
        ("lol", "small_talk", ""),
        ("thanks!", "small_talk", ""),
        ("how are you", "small_talk", ""),
    ],
)
def test_non_answers_are_recognised_and_leave_nothing_to_file(
    text: str, kind: str, ask: str
) -> None:
    reading = read_intent(text)
    assert (reading.kind, reading.ask) == (kind, ask)
    # what is left is either nothing or the person's own side remark, never the question itself
    assert "?" not in reading.rest


@pytest.mark.parametrize(
    "text",
    [
        "nurses and doctors",
        "ipad in the truck",
        "idk",
        "no website stuff, nobody goes to a website for tacos. app or text message",
        "i dont understand why customers leave after the first week",
        "can you just show me the wireframes now",
        "wait i said 8 jobsites, with the summer work its closer to 14",
        "oh i said 3 techs earlier, its actually 4 now we hired someone monday",
        "Stripe",
    ],
)
def test_answers_stay_answers(text: str) -> None:
    reading = read_intent(text)
    assert reading.kind == "answer"
    assert reading.rest == text


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("office folks. what do other trucks do?", "office folks."),
        ("like i said, nurses", "nurses"),
        ("like i said its phones", "its phones"),
        (
            "i mean i said it, the line. people walk away when they see it",
            "the line. people walk away when they see it",
        ),
        ("we want to see orders. what's normal here?", "we want to see orders."),
    ],
)
def test_mixed_messages_keep_the_fact(text: str, rest: str) -> None:
    reading = read_intent(text)
    assert reading.kind != "answer"
    assert reading.rest == rest


def test_the_question_back_is_kept_in_the_persons_words() -> None:
    reading = read_intent("can it post directly to tiktok or is that a nightmare with their api?")
    assert reading.question.startswith("can it post directly to tiktok")


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("sorry what do you mean by integrations? im not a computer person", "integrations"),
        ("do we need that hipaa thing?", "security_compliance"),
        ("i already said who uses it", "target_users"),
        ("i dont get what you mean by journey??", "user_journey"),
        ("wdym", None),
    ],
)
def test_named_topic(text: str, topic: str | None) -> None:
    assert named_topic(text) == topic


@pytest.mark.parametrize(
    "text",
    [
        "i mean i said the refund thing like 3 times already",
        "i literally said that in my first msg",
        "we told u about the label printer a few times now",
    ],
)
def test_said_it_n_times_or_in_an_earlier_message_is_a_complaint_with_nothing_left(
    text: str,
) -> None:
    reading = read_intent(text)
    assert (reading.kind, reading.rest) == ("complaint", "")


def test_how_often_something_happens_is_no_complaint_leftover() -> None:
    reading = read_intent("we told you about the 3 times a day reminders, those matter most")
    assert "3 times a day" in reading.rest


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("can it auto assign? like match by smoker, shift, department", ""),
        ("can it text them? like 300 guys are on the list", "like 300 guys are on the list"),
    ],
)
def test_an_example_after_a_question_back_belongs_to_the_question(text: str, rest: str) -> None:
    reading = read_intent(text)
    assert (reading.kind, reading.rest) == ("question_back", rest)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("is gdpr something to worry about now?", "security_compliance"),
        ("is hipaa something we need to think about", "security_compliance"),
        ("are integrations something to care about yet?", "integrations"),
    ],
)
def test_asking_whether_a_named_thing_matters_is_a_worry_question(text: str, topic: str) -> None:
    said = read_intent(text)
    assert (said.kind, said.ask, said.rest) == ("question_back", "worry", "")
    assert named_topic(said.question) == topic


def test_saying_something_is_a_later_worry_stays_an_answer() -> None:
    assert read_intent("this is something to worry about later").kind == "answer"

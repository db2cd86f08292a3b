"""Table-driven tests of the pure interview transitions."""

from __future__ import annotations

import pytest

from engine import replies
from engine.assumptions import assume_open
from engine.commands import parse as parse_command
from engine.interview import (
    cover_of,
    next_topic,
    progress,
    settle_stage,
    should_deliver,
)
from engine.messages import ThreadKey
from engine.questions import has_industry_angle, question_for
from engine.session import Asked, Fact, Session, new_session
from engine.topics import STAGES, TOPICS, topics_of
from engine.types import Profile

KEY = ThreadKey("test", "W", "C", "T")


def _with(*topics: str, asked: tuple[str, ...] = ()) -> Session:
    s = new_session(KEY)
    facts = tuple(
        Fact(topic=t, value=f"{t} value", user_id="U1", user_name="Ann", turn=1)  # type: ignore[arg-type]
        for t in topics
    )
    asked_items = tuple(Asked(topic=t, text="q", turn=1) for t in asked)  # type: ignore[arg-type]
    return s.model_copy(update={"facts": facts, "asked": asked_items})


@pytest.mark.parametrize(
    ("text", "action", "expected"),
    [
        ("help", None, ("help", "")),
        ("  Status? ", None, ("status", "")),
        ("/done", None, ("done", "")),
        ("skip", None, ("skip", "")),
        ("email ann@example.com", None, ("email", "ann@example.com")),
        ("forget --user U2", None, ("forget", "--user U2")),
        ("", "deliver", ("done", "")),
        ("", "accept", ("accept", "")),
        ("skip the login for guests", None, None),
        ("done with paper forms", None, None),
        ("help people find parking", None, None),
        ("status updates should be realtime", None, None),
        ("", "unknown-button", None),
    ],
)
def test_parse_command(text: str, action: str | None, expected: tuple[str, str] | None) -> None:
    cmd = parse_command(text, action)
    assert (None if cmd is None else (cmd.name, cmd.arg)) == expected


@pytest.mark.parametrize(
    ("covered", "asked", "expected_topic", "expected_stage"),
    [
        ((), (), "target_users", "idea_clarity"),
        (("target_users",), (), "core_problem", "idea_clarity"),
        (("target_users", "core_problem"), (), "value_proposition", "idea_clarity"),
        (
            ("target_users", "core_problem", "value_proposition"),
            (),
            "user_journey",
            "user_workflow",
        ),
        # an asked-but-unanswered topic is never asked again; the stage moves on
        (("target_users", "core_problem"), ("value_proposition",), "user_journey", "user_workflow"),
        (
            ("target_users", "core_problem", "value_proposition", "user_journey", "key_actions"),
            (),
            "platforms",
            "technical_specs",
        ),
    ],
)
def test_next_topic_targets_most_important_open_topic(
    covered: tuple[str, ...], asked: tuple[str, ...], expected_topic: str, expected_stage: str
) -> None:
    session = _with(*covered, asked=asked)
    assert next_topic(session) == expected_topic
    assert settle_stage(session) == expected_stage


def test_every_topic_covered_means_deliver() -> None:
    session = _with(*(t.id for t in TOPICS))
    assert next_topic(session) is None
    assert should_deliver(session, max_questions=12)
    assert progress(session).percent == 100


def test_question_budget_forces_delivery() -> None:
    session = _with("target_users")
    session = session.model_copy(
        update={"counters": session.counters.model_copy(update={"questions_asked": 3})}
    )
    assert should_deliver(session, max_questions=3)
    assert not should_deliver(session, max_questions=4)


def test_assumptions_cover_but_facts_win() -> None:
    session = assume_open(_with(), ("platforms",))
    assert cover_of(session, "platforms") == "assumed"
    assert cover_of(_with("platforms"), "platforms") == "user"
    assert cover_of(session, "scale") == "open"


def test_progress_is_coverage_not_question_count() -> None:
    session = _with(
        "target_users", "core_problem", asked=("target_users", "core_problem", "value_proposition")
    )
    prog = progress(session)
    assert prog.percent == round(100 * 2 / len(TOPICS))
    assert [s.stage for s in prog.stages] == [s.id for s in STAGES]
    assert prog.stages[0].stated == 2


def test_progress_counts_stated_topics_and_shows_assumed_apart() -> None:
    """11 of 14 topics only assumed is 3 stated (21 %), never 100 %."""
    stated = ("target_users", "core_problem", "platforms")
    session = assume_open(_with(*stated), tuple(t.id for t in TOPICS if t.id not in stated))
    prog = progress(session)
    assert (prog.stated, prog.assumed, prog.total) == (3, 11, 14)
    assert prog.percent == round(100 * 3 / 14)
    assert "3 stated, 11 assumed, 0 open" in replies.status(session)


@pytest.mark.parametrize("topic", [t.id for t in TOPICS])
def test_wording_differs_by_sophistication(topic: str) -> None:
    levels = ("novice", "intermediate", "advanced", "expert")
    texts = [question_for(topic, level, "healthcare") for level in levels]  # type: ignore[arg-type]
    plain = [question_for(topic, level, "other") for level in levels]  # type: ignore[arg-type]
    assert len(set(plain[:2])) == 2 and plain[0] != plain[2]
    assert len(set(texts)) >= 3 or not has_industry_angle("healthcare", topic)  # type: ignore[arg-type]
    assert all("?" in t for t in texts + plain)


@pytest.mark.parametrize(
    ("industry", "topic", "words"),
    [
        ("fintech", "security_compliance", ("KYC", "PCI")),
        ("fintech", "integrations", ("ACH", "Plaid")),
        ("healthcare", "security_compliance", ("HIPAA",)),
        ("healthcare", "integrations", ("EHR",)),
        ("healthcare", "pain_points", ("clinicians",)),
        ("ecommerce", "key_actions", ("catalogue",)),
        ("ecommerce", "integrations", ("fulfilment",)),
        ("education", "security_compliance", ("FERPA",)),
        ("developer_tools", "integrations", ("SDK",)),
        ("real_estate", "integrations", ("MLS",)),
        ("logistics", "integrations", ("carriers",)),
        ("hr", "integrations", ("payroll",)),
        ("media_entertainment", "data", ("rights",)),
        ("b2b_saas", "security_compliance", ("SSO",)),
        ("consumer", "value_proposition", ("habit",)),
    ],
)
def test_questions_carry_industry_knowledge(
    industry: str, topic: str, words: tuple[str, ...]
) -> None:
    # precise terms are for advanced users; novices and intermediates get the plain wording
    text = question_for(topic, "advanced", industry)  # type: ignore[arg-type]
    assert has_industry_angle(industry, topic)  # type: ignore[arg-type]
    for word in words:
        assert word in text


def test_every_stage_has_topics() -> None:
    for stage in STAGES:
        assert topics_of(stage.id)
    assert Profile().industry == "other"

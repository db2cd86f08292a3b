"""Product copy from chat: screen names without their verbs, titles, CLI commands from actions."""

from __future__ import annotations

from engine.deliverables.headless import actions_of
from engine.deliverables.nouns import nouns_of
from engine.deliverables.wording import looks_like_chat, product_title, screens_said
from engine.session import Fact, Session


def _session(idea: str, actions: tuple[str, ...] = ()) -> Session:
    facts = tuple(
        Fact(topic="key_actions", value=a, user_id="U", user_name="u", turn=1) for a in actions
    )
    return Session(key="k", idea=idea, facts=facts)


def test_a_screen_described_with_should_be_like_is_named_by_what_it_is() -> None:
    said = screens_said(
        ["the main screen should be like a list of students with a colour for at risk"]
    )
    assert said[0][0] == "List of students"


def test_a_sentence_that_names_the_kind_of_product_is_the_title() -> None:
    idea = "platform team. cli for just-in-time prod db access. today devs have standing creds"
    assert product_title(_session(idea)) == "Cli for just-in-time prod db access"
    assert not looks_like_chat("Just-in-time access")  # "just" inside a compound is no filler
    assert looks_like_chat("just the list")


def test_only_actions_that_start_with_a_verb_become_commands() -> None:
    session = _session(
        "cli for backfills",
        ("someone always fat-fingers the date range", "i'm the one who runs them", "send alerts"),
    )
    verbs = [verb for verb, _, _ in actions_of(session, nouns_of(session))]
    assert verbs == ["send"]

"""Splitting chat messages into statements."""

from __future__ import annotations

import pytest

from engine.statements import lead_word, split, strip_lead


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "people on their lunch break mostly, office folks. oh and we need to see the orders "
            "on an ipad in the truck",
            (
                "people on their lunch break mostly, office folks",
                "oh and we need to see the orders on an ipad in the truck",
            ),
        ),
        (
            "no website stuff, nobody goes to a website for tacos. app or text message",
            ("no website stuff", "nobody goes to a website for tacos", "app or text message"),
        ),
        (
            "slack-first. no web UI in v1, maybe later",
            ("slack-first", "no web UI in v1", "maybe later"),
        ),
        (
            "- list books\n- request a book\n* meet in the lobby",
            ("list books", "request a book", "meet in the lobby"),
        ),
        ("pagerduty + argo; okta for sso", ("pagerduty + argo", "okta for sso")),
        ("we pin v1.2 of the api e.g. for sync", ("we pin v1.2 of the api e.g. for sync",)),
        (
            "could it also do lost and found? or is that too much for a first version",
            ("could it also do lost and found?", "or is that too much for a first version"),
        ),
        ("idk", ("idk",)),
        ("", ()),
        ("   \n\n  ", ()),
        (
            "we want people to order ahead and we need it before summer but the budget is tiny",
            (
                "we want people to order ahead",
                "and we need it before summer",
                "but the budget is tiny",
            ),
        ),
    ],
)
def test_split(text: str, expected: tuple[str, ...]) -> None:
    assert split(text) == expected


def test_run_on_without_punctuation_still_splits_on_connectives() -> None:
    parts = split("its for nurses also they hate paper plus we need ipads")
    assert parts == ("its for nurses", "also they hate paper", "plus we need ipads")


@pytest.mark.parametrize(
    ("piece", "lead", "rest"),
    [
        ("oh and we need ipads", "oh and", "we need ipads"),
        ("i mean basically the line", "i mean basically", "the line"),
        ("the line", "", "the line"),
    ],
)
def test_leading_connectives(piece: str, lead: str, rest: str) -> None:
    assert lead_word(piece) == lead
    assert strip_lead(piece) == rest

"""A product without a GUI is asked about its output, not its screens, and is never assumed
to have a sign-in page and a dashboard."""

from __future__ import annotations

from typing import get_args

from engine.interface import Interface
from engine.surfaces import surfaces
from tests.harness import make_chat

CLI = [
    "cli tool for our data team, it diffs two parquet files and tells u which rows changed",
    "mostly analytics engineers, like 12 of us",
    "we run it in CI too, github actions",
]
WEB = [
    "web app for our 2 yoga studios so ppl can book classes, rn its all instagram dms",
    "students mostly, and the teachers who run the classes",
    "we take payments with stripe",
]


def test_every_kind_without_a_gui_has_its_questions_and_defaults() -> None:
    assert set(surfaces()) == set(get_args(Interface)) - {"gui"}
    for surface in surfaces().values():
        assert (
            set(surface.questions) == set(surface.defaults) == {"screens", "flows", "user_journey"}
        )


async def _assumed(messages: list[str]) -> dict[str, str]:
    chat = make_chat()
    for text in messages:
        await chat.say(text)
    await chat.say("ok thats enough, make the doc now")
    return {a.topic: a.value for a in (await chat.session()).assumptions}


async def test_a_cli_is_assumed_terminal_output_not_sign_in_screens() -> None:
    assumed = await _assumed(CLI)
    assert assumed["screens"].startswith("No screens: terminal output")
    assert "sign" not in assumed["user_journey"].lower()
    assert "exit code" in assumed["flows"]


async def test_a_web_app_keeps_the_usual_screens() -> None:
    assumed = await _assumed(WEB)
    assert "No screens" not in assumed.get("screens", "")


async def test_a_cli_is_asked_what_it_prints_instead_of_which_screens() -> None:
    chat = make_chat(max_questions=30)
    asked = [(await chat.say(text)).text for text in [*CLI, "idk", "idk", "idk", "idk", "idk"]]
    said = " ".join(asked)
    assert "What should it print" in said or "first run" in said
    assert "List the v1 screens" not in said and "Which screen" not in said

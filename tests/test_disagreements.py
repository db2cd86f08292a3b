"""Disagreements between participants: recorded, extended, and resolved only by agreement."""

from __future__ import annotations

from tests.harness import Chat, make_chat


async def _two_views() -> Chat:
    chat = make_chat()
    await chat.say(
        "staff housing app for our ski resort, we hire ~600 seasonal staff", "U1", "Kris"
    )
    await chat.say("we have 4 buildings and 410 beds", "U2", "Tomas")
    await chat.say("no its not 410 beds, more like 380 beds", "U1", "Kris")
    return chat


async def test_ok_followed_by_a_request_is_not_an_agreement() -> None:
    chat = await _two_views()
    before = await chat.session()
    await chat.say("ok can we see the beds map thing, thats the part i care about", "U2", "Tomas")
    after = await chat.session()
    assert after.stated("scale") == before.stated("scale")
    assert [d.resolution for d in after.disagreements] == [
        d.resolution for d in before.disagreements
    ]

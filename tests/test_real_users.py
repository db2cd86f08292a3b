"""The three conversations of /work/shared/REAL_USERS.md, replayed through the engine: what a
good interviewer records (as listed there) is what the session records."""

from __future__ import annotations

from engine.session import Session
from tests.harness import Chat, make_chat


async def _replay(messages: list[tuple[str, str]]) -> tuple[Chat, Session, list[str]]:
    chat = make_chat()
    replies = []
    for name, text in messages:
        reply = await chat.say(text, user=f"U-{name}", name=name)
        replies.append(reply.text)
    return chat, await chat.session(), replies


def _has(values: tuple[str, ...], *words: str) -> bool:
    return any(all(w.lower() in v.lower() for w in words) for v in values)


async def test_food_truck_owner() -> None:
    _, s, _ = await _replay(
        [
            (
                "sam",
                "hey so me and my brother run 2 taco trucks in austin and we want people to "
                "be able to order ahead from their phone so the line isnt 40 min at lunch. right "
                "now its just cash and square",
            ),
            (
                "sam",
                "people on their lunch break mostly, office folks. oh and we need to see the "
                "orders on an ipad in the truck, the grill guy cant be looking at a phone",
            ),
            (
                "sam",
                "i mean i said it, the line. people walk away when they see it. also we move "
                "around so they need to know where we are today",
            ),
            ("sam", "what do other trucks do for this?"),
            ("sam", "no website stuff, nobody goes to a website for tacos. app or text message"),
        ]
    )
    assert _has(s.stated("target_users"), "lunch break")
    assert _has(s.stated("core_problem"), "line") and _has(s.stated("core_problem"), "walk away")
    assert _has(s.stated("key_actions"), "order ahead")
    assert _has(s.stated("key_actions"), "where we are today")
    assert _has(s.stated("platforms"), "phone") and _has(s.stated("platforms"), "iPad")
    assert _has(s.stated("platforms"), "text message")
    assert not _has(s.stated("platforms"), "web")
    assert _has(s.excluded("platforms"), "web")
    assert s.stated("integrations") == ("Square",)
    assert _has(s.stated("scale"), "2 taco trucks")
    assert not any("other trucks" in f.value for f in s.facts)  # a question back
    assert not any("said" in f.value for f in s.facts)  # a complaint
    assert s.idea.startswith("me and my brother")  # the greeting is not the idea
    assert "order" in s.objects


async def test_staff_engineer() -> None:
    _, s, replies = await _replay(
        [
            (
                "kim",
                "internal tool. on-call handoff notes for SREs. pulls open incidents from "
                "pagerduty + the last 24h of deploys from argo",
            ),
            ("kim", "~60 engineers, 8 rotations"),
            ("kim", "slack-first. no web UI in v1, maybe later"),
            ("kim", "sso via okta obviously. SOC2 scope yes"),
            ("kim", "actually not argo, we moved to spinnaker last quarter"),
        ]
    )
    assert _has(s.stated("target_users"), "SREs")
    assert _has(s.stated("scale"), "60 engineers", "8 rotations")
    assert set(s.stated("integrations")) == {"PagerDuty", "Okta", "Spinnaker"}
    assert "Argo" in s.excluded("integrations")
    assert _has(s.stated("platforms"), "slack")
    assert _has(s.excluded("platforms"), "web") and not _has(s.stated("platforms"), "web")
    assert _has(s.stated("feature_priorities"), "later")
    assert {"SOC 2", "SSO"} <= set(s.stated("security_compliance"))
    assert "Integrations: Argo → Spinnaker" in replies[-1]
    assert {"handoff note", "incident", "deploy"} <= set(s.objects)
    assert s.counters.corrections == 1


async def test_two_co_founders() -> None:
    _, s, _ = await _replay(
        [
            ("maria", "we're building Shelfie, a book-swap app for neighbours"),
            ("tom", "for apartment buildings specifically, not neighbourhoods"),
            ("maria", "tom we talked about this, buildings is too small"),
            ("tom", "fine but v1 is buildings"),
            (
                "maria",
                "ok v1 buildings. people list books they're done with, others request, "
                "you meet in the lobby",
            ),
        ]
    )
    assert s.product_name == "Shelfie"
    assert _has(s.stated("target_users"), "apartment buildings")
    assert not _has(s.stated("target_users"), "neighbour")
    assert _has(s.stated("key_actions"), "list books", "request", "lobby")
    assert len(s.disagreements) == 1
    item = s.disagreements[0]
    assert item.topic == "target_users"
    assert {v.user_name for v in item.views} == {"maria", "tom"}
    assert item.resolution.startswith("ok v1 buildings")
    assert "book" in s.objects
    assert not any(f.value.lower().startswith("tom we talked") for f in s.facts)


async def test_a_greeting_is_never_the_idea_or_a_fact() -> None:
    chat = make_chat()
    await chat.say("hey there")
    reply = await chat.say("hi")
    s = await chat.session()
    assert s.idea == "" and s.facts == () and s.notes == ()
    assert "Tell me what you want to build" in reply.text


async def test_content_sent_with_an_escape_is_filed_before_delivering() -> None:
    chat = make_chat()
    await chat.say("a tool for farmers to find tractor repair shops")
    reply = await chat.say("a map of machines near me. ok, make the document now")
    s = await chat.session()
    assert reply.kind == "deliverables"
    assert _has(s.stated("screens"), "map")
    assert not any("document" in f.value for f in s.facts)

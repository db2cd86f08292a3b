"""Questions back, complaints, rephrase requests, small talk and the deliver-early offer,
through the engine with the offline brain, in the way people really type."""

from __future__ import annotations

import pytest

from engine.dialogue import offer_choice
from engine.packs import packs
from engine.questions import jargon_in
from tests.harness import Chat, make_chat

TACOS = "we run 2 taco trucks in austin and want to let customers order ahead"
LEDGER = (
    "We're building a double-entry ledger API for B2B payouts: idempotent webhooks, "
    "ACH and SEPA rails, SOC 2 Type II, p99 under 200 ms"
)
ANSWERS = [
    "Mostly small clinics with two or three front-desk staff",
    "They double-book rooms and forget reminders",
    "It's simpler than the big practice-management suites",
    "They open it in the morning, check the day, then confirm appointments",
    "Book appointments, send reminders and take deposits",
    "Phone tag with patients is the worst part",
    "A web app first, phones later",
    "Google Calendar and Stripe",
    "Patient names, appointment times and notes",
    "Standard security, nothing special",
    "Maybe 200 clinics in year one",
]


async def _pending(chat: Chat) -> tuple[str, str]:
    session = await chat.session()
    assert session.current_topic is not None
    return session.current_topic, session.asked[-1].text


async def test_question_back_is_answered_from_the_pack_and_not_filed() -> None:
    chat = make_chat()
    await chat.say(TACOS)
    before = await chat.session()
    topic, question = await _pending(chat)
    reply = await chat.say("what do other trucks do for this?")
    after = await chat.session()
    assert after.facts == before.facts and after.notes == before.notes
    pack = packs()["restaurants"]
    assert pack.answers.get(topic, pack.answers["key_actions"]) in reply.text
    assert reply.text.endswith(f"So: {question}")
    assert after.counters.questions_asked == before.counters.questions_asked


async def test_a_fact_and_a_question_back_in_one_message_does_both() -> None:
    chat = make_chat()
    await chat.say("i want an app so ppl can order from my taco truck")
    topic, _ = await _pending(chat)
    reply = await chat.say("office folks on lunch break. what do other trucks do?")
    session = await chat.session()
    assert any("office folks" in f.value for f in session.facts_for(topic))
    assert not any("what do other trucks" in f.value for f in session.facts)
    assert any(answer in reply.text for answer in packs()["restaurants"].answers.values())


async def test_a_question_about_the_product_becomes_an_open_question() -> None:
    chat = make_chat()
    await chat.say("interview scheduling bot for our recruiters, lives in slack")
    before = await chat.session()
    reply = await chat.say("can it deal with timezones?")
    session = await chat.session()
    assert session.facts == before.facts
    assert [n.text for n in session.notes] == ["Open question: can it deal with timezones?"]
    assert "open question" in reply.text


async def test_a_complaint_points_to_the_record_and_never_causes_a_reask() -> None:
    chat = make_chat()
    await chat.say("an app for office workers to order lunch from food trucks")
    reply = await chat.say("i already said who uses it, scroll up")
    assert "I have: **Target users** = " in reply.text
    for text in ("didn't i just say that?", "i already said that", "i said it"):
        await chat.say(text)
        await chat.say(ANSWERS[1])
    session = await chat.session()
    topics = [a.topic for a in session.asked]
    assert len(topics) == len(set(topics))
    assert not any("said" in f.value for f in session.facts)


async def test_rephrase_is_plainer_and_lowers_sophistication() -> None:
    chat = make_chat()
    await chat.say(LEDGER)
    before = await chat.session()
    topic, question = await _pending(chat)
    assert before.profile.sophistication in ("advanced", "expert")
    reply = await chat.say("huh? i dont understand the question")
    after = await chat.session()
    assert after.profile.sophistication_score < before.profile.sophistication_score
    assert after.profile.sophistication in ("novice", "intermediate")
    assert after.current_topic == topic and after.facts == before.facts
    assert reply.text != question and not jargon_in(reply.text)
    await chat.say("idk")  # the next question is asked in the plainer register too
    _, following = await _pending(chat)
    assert not jargon_in(following), following


async def test_what_do_you_mean_explains_and_asks_plainer() -> None:
    chat = make_chat()
    await chat.say("i manage a small vet clinic, we keep forgetting vaccine reminders")
    await chat.say("pet owners mostly")
    reply = await chat.say("sorry what do you mean by integrations? im not a computer person")
    session = await chat.session()
    assert reply.text.startswith("I mean other tools or services it has to work with")
    assert session.profile.sophistication == "novice"
    assert not any("computer person" in f.value for f in session.facts)


async def test_small_talk_gets_a_line_and_the_pending_question() -> None:
    chat = make_chat()
    await chat.say(TACOS)
    before = await chat.session()
    _, question = await _pending(chat)
    for text, line in (
        ("lol", "😄"),
        ("thanks!", "You're welcome!"),
        ("how are you", "Doing well"),
    ):
        reply = await chat.say(text)
        assert reply.text.startswith(line) and reply.text.endswith(question)
    after = await chat.session()
    assert after.facts == before.facts
    assert after.counters.questions_asked == before.counters.questions_asked


async def test_two_people_one_asks_back_the_other_answers() -> None:
    chat = make_chat()
    await chat.say("we're building Shelfie, a book-swap app", user="U1", name="maria")
    topic, _ = await _pending(chat)
    await chat.say("wdym", user="U2", name="tom")
    await chat.say("residents of apartment buildings", user="U1", name="maria")
    session = await chat.session()
    assert [f.user_name for f in session.facts_for(topic)] == ["maria"]
    assert not any(f.user_name == "tom" for f in session.facts)


async def _until_offer(chat: Chat) -> str:
    for answer in ANSWERS:
        reply = await chat.say(answer)
        if {a.id for a in reply.actions} == {"deliver", "more"}:
            return reply.text
    raise AssertionError("no offer")


async def test_budget_reached_offers_to_deliver_with_buttons() -> None:
    chat = make_chat(max_questions=3)
    await chat.say("A booking tool for small dental clinics")
    text = await _until_offer(chat)
    assert "Deliver now, or a few more questions first?" in text
    session = await chat.session()
    assert session.status == "interviewing" and session.counters.questions_asked == 3
    reply = await chat.say("few more")
    assert reply.kind == "question" and {a.id for a in reply.actions} == {"deliver", "skip"}
    kinds = [(await chat.say(answer)).kind for answer in ANSWERS[5:8]]
    assert kinds[-1] == "deliverables"  # at most three more, then deliver without asking again
    assert (await chat.session()).counters.questions_asked == 6


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("go ahead", "deliver"),
        ("ok", "deliver"),
        ("deliver now", "deliver"),
        ("yep send it", "deliver"),
        ("sure, thanks!", "deliver"),
        ("few more", "ask"),
        ("a few more questions pls", "ask"),
        ("keep going", "ask"),
        ("not yet", "ask"),
        ("payments are through square", None),
        ("thanks!", None),
    ],
)
def test_typed_answers_to_the_offer(text: str, choice: str | None) -> None:
    assert offer_choice(text) == choice


async def test_offer_buttons_and_a_typed_yes() -> None:
    chat = make_chat(max_questions=2)
    await chat.say("A booking tool for small dental clinics")
    await _until_offer(chat)
    assert (await chat.say("", action="more")).kind == "question"
    assert (await chat.say("", action="deliver")).kind == "deliverables"
    chat = make_chat(max_questions=2)
    await chat.say("A booking tool for small dental clinics")
    await _until_offer(chat)
    assert (await chat.say("yep send it")).kind == "deliverables"


async def test_asking_to_finish_skips_the_offer() -> None:
    chat = make_chat(max_questions=3)
    await chat.say("A booking tool for small dental clinics")
    await chat.say(ANSWERS[0])
    reply = await chat.say("ok just show me something")
    assert reply.kind == "deliverables"


async def test_novice_never_sees_jargon() -> None:
    starts = (
        "im not techy at all but i want an app for my dog grooming salon",
        "i run a little vet clinic, not a computer person, reminders for shots",
        "my nephew said i should make an app for the food truck lol",
        "not a tech person. app for our warehouse guys to count boxes",
        "i want something simple so my friends can split bills, i dont know computers",
        "we are a small food bank, need volunteers to sign up for shifts, im not techy",
    )
    for start in starts:
        chat = make_chat()
        await chat.say(start)
        for _ in range(4):  # stays short of delivering: rendering files is not under test here
            await chat.say("idk")
            await chat.say("huh?")
        session = await chat.session()
        assert session.profile.sophistication == "novice", start
        for asked in session.asked:
            assert not jargon_in(asked.text), (start, asked.text)
        for turn in session.transcript:
            if turn.role == "bot" and "?" in turn.text and "Deliver now" not in turn.text:
                assert not jargon_in(turn.text.rsplit("\n\n", 1)[-1]), (start, turn.text)


async def test_vet_clinic_never_gets_hipaa() -> None:
    chat = make_chat()
    await chat.say("hi! i manage a small vet practice, 2 vets plus 3 techs")
    await chat.say("pet owners get reminders by text")
    await chat.say("do we need that hipaa thing? its animals lol")
    await chat.say("just show me what you have")
    session = await chat.session()
    assert session.profile.domain == "veterinary"
    assert not any("hipaa" in a.text.lower() for a in session.asked)
    for a in session.assumptions:
        assert "hipaa" not in a.value.lower().replace("no hipaa", ""), a.value
    assert not any(f.value.upper() == "HIPAA" and not f.negative for f in session.facts)


async def test_a_warehouse_app_stays_logistics_when_people_say_scan() -> None:
    chat = make_chat()
    await chat.say("an app for our warehouse pickers, they walk the aisles with zebra handhelds")
    for text in ("they scan the barcode on each tote", "and pay per scan i guess, stripe billing"):
        await chat.say(text)
    profile = (await chat.session()).profile
    assert (profile.industry, profile.domain) == ("logistics", "warehouse")


async def test_coverage_offers_before_the_budget_and_only_once() -> None:
    chat = make_chat(max_questions=12)
    await chat.say("A booking tool for small dental clinics")
    offers = 0
    for _ in range(12):
        reply = await chat.say("idk, whatever is normal")
        if {a.id for a in reply.actions} == {"deliver", "more"}:
            offers += 1
            break
    session = await chat.session()
    assert offers == 1 and session.counters.questions_asked < 12
    assert "a few more questions" in reply.text
    for _ in range(4):
        reply = await chat.say("idk")
        assert {a.id for a in reply.actions} != {"deliver", "more"}
        if reply.kind == "deliverables":
            break
    assert reply.kind == "deliverables"


async def test_asking_whether_a_named_rule_matters_is_answered_not_taken_as_a_redirect() -> None:
    chat = make_chat()
    await chat.say("an online course platform for yoga teachers in berlin, students pay monthly")
    before = await chat.session()
    _, question = await _pending(chat)
    reply = await chat.say("is gdpr something to worry about now?")
    after = await chat.session()
    assert after.facts == before.facts
    assert "GDPR" in reply.text and "let's talk about" not in reply.text
    assert reply.text.endswith(f"So: {question}")

"""Summary emails through the real resend SDK against a fake Resend API on loopback."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from engine.engine import Engine, Ports
from engine.mail import Email, MailError, ResendMailer
from engine.mail_policy import failure_text, idempotency_key, valid_address
from engine.messages import Inbound, Reply, ThreadKey
from engine.session import Session
from engine.store.memory import MemoryStore
from engine.summary_mail import markdown_html
from engine.usage import utc_today
from tests.fakes.resend_api import API_KEY, FakeResend
from tests.harness import Chat, make_chat, settings

IDEA = (
    "we're a small vet clinic, want an app so pet owners can book appointments and see "
    "vaccine reminders, front desk staff manage the calendar"
)


@pytest.fixture
async def resend() -> AsyncIterator[FakeResend]:
    async with FakeResend() as fake:
        yield fake


def mail_chat(fake: FakeResend, key: str = API_KEY, **overrides: object) -> Chat:
    config = settings(**overrides)
    store = MemoryStore.from_settings(config)
    chat = make_chat()
    ports = Ports(
        sessions=store,
        gate=store,
        brain=chat.engine._ports.brain,
        limiter=store,
        counters=store,
        mailer=ResendMailer(key, "Meta-Agent <bot@example.com>", fake.url),
        ledger=store,
    )
    return Chat(Engine(config, ports), store)


_DELIVERED: list[Session] = []


async def delivered(chat: Chat) -> Reply:
    """Run the interview to its deliverables (rendered once per module, then reused)."""
    await chat.say(IDEA)
    reply = await chat.say("done")
    assert reply.kind == "deliverables"
    _DELIVERED[:] = [await chat.session()]
    return reply


async def seeded(chat: Chat) -> None:
    """The default thread at deliverables v1 without rendering again."""
    if not _DELIVERED:
        await seeded(chat)
        return
    assert _DELIVERED[0].key == chat.thread.slug()
    await chat.store.save(_DELIVERED[0].model_copy(update={"revision": 0}))


async def test_email_has_html_text_and_decodable_png_and_pdf(resend: FakeResend) -> None:
    chat = mail_chat(resend)
    reply = await delivered(chat)
    assert [a.id for a in reply.actions] == ["accept", "email"]
    sent = await chat.say("email ann.lee@example.com")
    assert sent.kind == "info" and "ann.lee@example.com" in sent.text
    (email,) = resend.delivered
    body = email.body
    assert body["to"] == ["ann.lee@example.com"]
    assert body["from"] == "Meta-Agent <bot@example.com>"
    assert body["subject"].startswith("Requirements brief v1")
    html = body["html"]
    assert "<h2>" in html and "<table" in html and '">Confidence</th>' in html
    assert re.search(r"<td[^>]*>A1</td>.*?<td[^>]*>\d+%</td>", html)
    assert "|---" not in html and "**" not in html
    assert "confidence" in body["text"] and "<" not in body["text"].split("\n")[0]
    names = [a["filename"] for a in body["attachments"]]
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".png") for n in names)
    for item in body["attachments"]:
        raw = base64.b64decode(item["content"], validate=True)
        if item["filename"].endswith(".png"):
            assert Image.open(io.BytesIO(raw)).size[0] > 0
        else:
            assert raw.startswith(b"%PDF")
    key = email.headers["Idempotency-Key"]
    assert key == idempotency_key(chat.thread.slug(), 1, "ann.lee@example.com")
    assert "ann" not in key and email.headers["Authorization"] == f"Bearer {API_KEY}"


async def test_retried_command_and_double_click_send_once(resend: FakeResend) -> None:
    chat = mail_chat(resend)
    await seeded(chat)
    first = await chat.say("email ann@example.com")
    again = await chat.say("email ann@example.com")
    replayed = await chat.say("email ann@example.com", message_id="m-same")
    dup = await chat.say("email ann@example.com", message_id="m-same")
    assert "Sent" in first.text
    assert "already emailed" in again.text and "already emailed" in replayed.text
    assert dup.kind == "duplicate"
    assert len(resend.delivered) == 1 and len(resend.requests) == 1
    chat.store._mail.clear()  # the record of the send is lost (e.g. a crash right after it)
    await chat.say("email ann@example.com")
    assert len(resend.requests) == 2 and len(resend.delivered) == 1  # Idempotency-Key held


async def test_new_version_is_a_new_email(resend: FakeResend) -> None:
    chat = mail_chat(resend)
    await seeded(chat)
    await chat.say("email ann@example.com")
    await chat.say("actually it's web only, no mobile app")
    await chat.say("done")
    session = await chat.session()
    assert session.deliverable_version == 2
    await chat.say("email ann@example.com")
    assert len(resend.delivered) == 2
    keys = {s.headers["Idempotency-Key"] for s in resend.delivered}
    assert len(keys) == 2


async def test_per_thread_daily_limit(resend: FakeResend) -> None:
    chat = mail_chat(resend, email_max_per_thread_per_day=2)
    await seeded(chat)
    assert "Sent" in (await chat.say("email a@example.com")).text
    assert "Sent" in (await chat.say("email b@example.com")).text
    third = await chat.say("email c@example.com")
    assert "daily limit" in third.text
    assert len(resend.delivered) == 2
    row = await chat.store.read("W1", utc_today())
    assert row["emails_sent"] == 2.0


async def test_bad_addresses_are_refused(resend: FakeResend) -> None:
    chat = mail_chat(resend)
    await seeded(chat)
    bad = ["ann@", "ann@example", "ann(at)example.com", "a@b.c", "ann@@example.com", "x@ex..com"]
    for address in bad:
        reply = await chat.say(f"email {address}")
        assert reply.kind == "info" and "email you@example.com" in reply.text, address
    assert not resend.requests


def test_address_rules() -> None:
    assert valid_address("o'brien+brief@mail.example.co.uk")
    assert not valid_address("ann@example.com, bob@example.com")
    assert not valid_address("Ann <ann@example.com>")


async def test_button_asks_for_the_address_and_suggests_typed_ones(resend: FakeResend) -> None:
    chat = mail_chat(resend)
    await chat.say(IDEA + ". send the summary to pm@clinic.example.com when done pls")
    await chat.say("done")
    asked = await chat.say("", action="email")
    assert "Who should get it?" in asked.text and "pm@clinic.example.com" in asked.text
    assert not resend.requests


async def test_address_from_a_button_value_must_have_been_typed(resend: FakeResend) -> None:
    chat = mail_chat(resend)
    await seeded(chat)
    inbound = Inbound(chat.thread, "x1", "U1", "Ann", "email mallory@evil.example", "email")
    reply = await chat.engine.handle(inbound)
    assert not resend.requests
    assert reply.kind == "info"


ERRORS = [
    (403, "invalid_api_key", "API key is invalid", "RESEND_API_KEY"),
    (401, "missing_api_key", "Missing API key in the authorization header.", "API key"),
    (
        422,
        "validation_error",
        "The gmail.com domain is not verified. Please, add and verify your domain.",
        "isn't verified",
    ),
    (
        403,
        "validation_error",
        "The example.com domain is not verified. Please, add and verify your domain.",
        "isn't verified",
    ),
    (422, "validation_error", "Invalid `to` field.", "refused that address"),
    (429, "rate_limit_exceeded", "Too many requests", "rate-limiting"),
    (500, "application_error", "boom", "didn't answer"),
]


async def test_each_resend_error_maps_to_a_clear_reply(resend: FakeResend) -> None:
    mailer = ResendMailer(API_KEY, "bot@example.com", resend.url)
    tiny = Email("ann@example.com", "s", "<p>h</p>", "t", (), "key-1")
    for status, name, message, says in ERRORS:
        resend.fail(status, name, message)
        with pytest.raises(MailError) as caught:
            await mailer.send(tiny)
        assert says in failure_text(caught.value.kind), (status, name)
        assert API_KEY not in str(caught.value)
    assert await mailer.send(tiny) == "email-1"
    wrong = ResendMailer("re_wrong_key_0123456789abcdef", "bot@example.com", resend.url)
    with pytest.raises(MailError) as caught:
        await wrong.send(tiny)
    assert caught.value.kind == "auth"  # the fake's own key check, not a scripted failure


async def test_failed_sends_reply_clearly_and_nothing_is_lost(resend: FakeResend) -> None:
    chat = mail_chat(resend)
    await seeded(chat)
    for status, name, message, says in (ERRORS[0], ERRORS[-2]):
        resend.fail(status, name, message)
        failed = await chat.say("email ann@example.com")
        assert failed.kind == "error" and says in failed.text and "Nothing is lost" in failed.text
    retried = await chat.say("email ann@example.com")
    assert "Sent" in retried.text and len(resend.delivered) == 1 and len(resend.requests) == 3


async def test_without_a_key_no_button_and_the_command_explains() -> None:
    chat = make_chat()
    reply = await delivered(chat)
    assert [a.id for a in reply.actions] == ["accept"]
    answer = await chat.say("email ann@example.com")
    assert "RESEND_API_KEY" in answer.text and "EMAIL_FROM" in answer.text


async def test_email_before_deliverables(resend: FakeResend) -> None:
    chat = mail_chat(resend)
    await chat.say(IDEA)
    reply = await chat.say("email ann@example.com")
    assert not resend.requests and reply.kind == "info"


def test_markdown_html_escapes_and_structures() -> None:
    out = markdown_html("# Title <x>\n\n- **bold** item\n- `code`\n\nplain & text")
    assert "<h2>Title &lt;x&gt;</h2>" in out
    assert "<ul>\n<li><strong>bold</strong> item</li>" in out
    assert "<p>plain &amp; text</p>" in out
    table = markdown_html("| ID | Value |\n|---|---|\n| A1 | <b>x</b> 40% |\n\nafter")
    assert table.count("<th") == 2 and table.count("<td") == 2 and "---" not in table
    assert "&lt;b&gt;x&lt;/b&gt; 40%" in table and table.endswith("</table>\n<p>after</p>")


async def test_redis_ledger_keeps_sends_with_a_ttl_and_survives_forget(tmp_path: Path) -> None:
    from engine.store.keys import MAIL_TTL_SECONDS, mail_key
    from engine.store.redis import RedisStore
    from tests.redis_server import RedisServer

    server = RedisServer(tmp_path / "redis").start()
    try:
        store = RedisStore.from_settings(settings(session_storage="redis", redis_url=server.url))
        key = ThreadKey("slack", "T1", "C1", "9.9")
        assert await store.mail_sent(key) == {}
        await store.record_mail(key, "k1", 1000.0)
        await store.record_mail(key, "k2", 2000.0)
        assert await store.mail_sent(key) == {"k1": 1000.0, "k2": 2000.0}
        ttl = await store.client.ttl(mail_key(key.slug()))
        assert 0 < ttl <= MAIL_TTL_SECONDS
        await store.delete(key)  # `forget` must not reset the daily email limit
        assert len(await store.mail_sent(key)) == 2
        await store.close()
    finally:
        server.stop()


async def test_memory_ledger_expires_a_day_after_the_last_send() -> None:
    now = [0.0]
    store = MemoryStore(clock=lambda: now[0])
    key = ThreadKey("slack", "T1", "C1", "9.9")
    await store.record_mail(key, "k1", 5.0)
    now[0] = 86_399.0
    assert await store.mail_sent(key) == {"k1": 5.0}
    now[0] = 86_401.0
    assert await store.mail_sent(key) == {}

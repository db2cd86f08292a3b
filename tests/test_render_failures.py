"""Each deliverable is drawn on its own: one renderer's failure never blocks the other files,
and the reply names what is missing with a reference the log carries."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

import engine.deliverables.files as files_module
import engine.deliverables.pack as pack_module
from bot.cli import main
from bot.slack_app import SlackAdapter
from bot.slack_server import start_http
from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Reply
from engine.store.memory import MemoryStore
from tests.fakes.slack_api import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    app_mention,
    event_callback,
    message,
    sign,
)
from tests.harness import Chat, settings

IDEA = "A booking app for dog groomers: owners book, groomers see the day's list"
TWO_SCREENS = "two screens: a booking page for owners and a day view for the groomers"
EVERY = ("requirements-brief-v1.md", "flow-map-v1.png", "wireframes-v1.svg")


class Observed:
    """An observer that keeps every measurement."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, float, dict[str, str]]] = []

    def observe(self, name: str, value: float = 1.0, **labels: str) -> None:
        self.seen.append((name, value, labels))

    def errors(self) -> list[str]:
        return [labels.get("kind", "") for name, _, labels in self.seen if name == "error"]


def _broken(*args: object, **kwargs: object) -> Any:
    raise RuntimeError("renderer exploded at 0xdeadbeef")


def _chat(observer: Observed) -> Chat:
    config = settings()
    store = MemoryStore.from_settings(config)
    ports = Ports(sessions=store, gate=store, brain=RulesBrain(), threads=store, observer=observer)
    return Chat(Engine(config, ports), store)


def _names(reply: Reply) -> list[str]:
    return [a.filename for a in reply.attachments]


# (module, renderer, what is missing: a predicate on the filename, error kind, renderer words)
CASES: list[tuple[Any, str, Callable[[str], bool], str, str]] = [
    (pack_module, "render_pdf", lambda n: n.endswith(".pdf"), "pdf", "the PDF renderer"),
    (pack_module, "render_svg", lambda n: n.endswith(".svg"), "svg", "the SVG renderer"),
    (
        pack_module,
        "render_excalidraw",
        lambda n: n.endswith(".excalidraw"),
        "excalidraw",
        "the Excalidraw renderer",
    ),
    (pack_module, "render_png", lambda n: n.startswith("flow-map"), "flow_map", "the PNG renderer"),
    (
        pack_module,
        "encode_png",
        lambda n: n.startswith("wireframe-") and n.endswith(".png"),
        "screen",
        "the PNG renderer",
    ),
    (files_module, "render_brief", lambda n: n.endswith(".md"), "brief", "the brief writer"),
]


@pytest.mark.parametrize(("module", "renderer", "gone", "kind", "words"), CASES)
async def test_one_failing_renderer_leaves_every_other_file_and_says_which_is_missing(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    module: Any,
    renderer: str,
    gone: Callable[[str], bool],
    kind: str,
    words: str,
) -> None:
    whole = await _chat(Observed()).say(IDEA)
    complete_chat = _chat(Observed())
    await complete_chat.say(IDEA)
    complete = _names(await complete_chat.say("done"))
    assert whole.kind == "question" and any(gone(n) for n in complete)

    observer = Observed()
    chat = _chat(observer)
    await chat.say(IDEA)
    monkeypatch.setattr(module, renderer, _broken)
    with caplog.at_level(logging.ERROR, logger="meta_agent.engine"):
        reply = await chat.say("done")

    missing = [n for n in complete if gone(n)]
    assert reply.kind == "deliverables"
    assert _names(reply) == [n for n in complete if not gone(n)]
    assert all(a.content for a in reply.attachments)
    for name in missing:
        assert name in reply.text
    assert f"missing: {words} failed (ref " in reply.text
    assert "the other files are attached" in reply.text
    assert "exploded" not in reply.text and "Traceback" not in reply.text
    ref = reply.text.split("(ref ", 1)[1].split(")", 1)[0]
    logged = [r for r in caplog.records if f"ref={ref}" in r.getMessage()]
    assert len(logged) == 1
    assert "renderer exploded" in logged[0].getMessage()
    assert "Traceback" in logged[0].getMessage()
    assert observer.errors() == [f"render_{kind}"]
    assert (await chat.session()).deliverable_version == 1


async def test_a_screen_that_fails_to_lay_out_leaves_the_other_screens_and_the_pack(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    complete_chat = _chat(Observed())
    await complete_chat.say(IDEA)
    await complete_chat.say(TWO_SCREENS)
    complete = _names(await complete_chat.say("done"))
    screens = [n for n in complete if n.startswith("wireframe-")]
    assert len(screens) >= 2
    real = pack_module.layout_screen
    first: list[str] = []

    def fails_once(screen: Any) -> Any:
        if not first or first[0] == screen.id:
            first[:] = [screen.id]
            raise ValueError("no room for the header")
        return real(screen)

    monkeypatch.setattr(pack_module, "layout_screen", fails_once)
    chat = _chat(Observed())
    await chat.say(IDEA)
    await chat.say(TWO_SCREENS)
    reply = await chat.say("done")
    names = _names(reply)
    assert len(names) == len(complete) - 1
    assert screens[0] not in names and set(screens[1:]) <= set(names)
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".svg") for n in names)
    assert f"{screens[0]} is missing: the PNG renderer failed" in reply.text


async def test_the_slack_thread_gets_the_other_files_and_the_missing_one_named(
    slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = settings(
        SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=slack.api_url
    )
    store = MemoryStore.from_settings(config)
    engine = Engine(config, Ports(sessions=store, gate=store, brain=RulesBrain(), threads=store))
    adapter = SlackAdapter.build(config, engine)
    runner = await start_http(adapter.web_app(), "127.0.0.1", 0)
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    monkeypatch.setattr(pack_module, "render_pdf", _broken)
    try:
        async with aiohttp.ClientSession() as http:
            for n, event in enumerate(
                (
                    app_mention(f"<@U0BOT> {IDEA}", "1000.1"),
                    message("done", "1000.3", thread_ts="1000.1"),
                )
            ):
                body = json.dumps(event_callback(event, f"Ev{n}")).encode()
                headers = {"Content-Type": "application/json", **sign(body)}
                async with http.post(url, data=body, headers=headers) as response:
                    assert response.status == 200
                for _ in range(500):  # Bolt starts the listener after the ack
                    await asyncio.sleep(0.02)
                    await adapter.drain()
                    if len(slack.of("chat.update")) + len(slack.of("chat.postMessage")) > n + 1:
                        break
    finally:
        await runner.cleanup()
    names = [c.args["filename"] for c in slack.of("files.getUploadURLExternal")]
    assert any(n.endswith(".md") for n in names) and any(n.endswith(".png") for n in names)
    assert not any(n.endswith(".pdf") for n in names)
    assert len(slack.uploads) == len(names)
    answer = slack.of("chat.postMessage")[-1].args["text"]
    assert "requirements-pack-v1.pdf is missing: the PDF renderer failed (ref " in answer
    assert "exploded" not in answer


def test_cli_render_writes_the_other_files_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "c.json"
    source.write_text(json.dumps({"messages": [IDEA, "done"]}), encoding="utf-8")
    assert main(["replay", str(source), "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    monkeypatch.setattr(pack_module, "render_svg", _broken)
    again = tmp_path / "again"
    assert main(["render", str(tmp_path / "out" / "session.json"), "--out", str(again)]) == 1
    written = sorted(p.name for p in again.iterdir())
    assert "wireframes-v1.svg" not in written
    assert {"requirements-brief-v1.md", "requirements-pack-v1.pdf"} <= set(written)
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "wireframes-v1.svg is missing: the SVG renderer failed: RuntimeError: "
        "renderer exploded at 0xdeadbeef"
    ]


@pytest.fixture
async def slack() -> Any:
    async with FakeSlack() as fake:
        yield fake

"""Fuzz: hostile messages through the engine, the Slack formatter and the CLI entry points
never crash, never lose the session and never echo a live mention (seeded in CI; set
HYPOTHESIS_PROFILE=explore to search; bench/fuzz.py runs 10,000)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import analyze_line, main
from bot.slack_format import reply_messages, slack_to_plain
from engine.messages import Reply
from tests.fuzz_inputs import huge, messages
from tests.harness import make_chat

FAILED = "something went wrong on my side"


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(messages, min_size=1, max_size=4))
async def test_engine_answers_every_message_and_keeps_the_session(texts: list[str]) -> None:
    chat = make_chat()
    for text in texts:
        reply = await chat.say(text)
        assert FAILED not in reply.text
        json.dumps(reply.text)
        reply.text.encode("utf-8")
    if any(r.kind != "duplicate" and r.text for r in chat.replies):
        stored = await chat.store.load(chat.thread)
        assert stored is None or stored.counters.turns <= len(texts)


@settings(max_examples=5)
@given(huge)
async def test_huge_messages_are_cut_and_answered(text: str) -> None:
    chat = make_chat()
    reply = await chat.say(text)
    assert FAILED not in reply.text


@settings(max_examples=200)
@given(messages)
def test_slack_formatting_never_pings_and_never_raises(text: str) -> None:
    plain = slack_to_plain(text, "U0BOT")
    for message in reply_messages(Reply(f"You said: {plain}")):
        rendered = json.dumps(message.blocks if hasattr(message, "blocks") else message)
        for live in ("<!channel>", "<!here", "<!everyone>", "<@U"):
            assert live not in rendered.replace("\\u003c", "<")


@settings(max_examples=200)
@given(messages)
def test_analyze_line_always_prints_json(text: str) -> None:
    json.dumps(analyze_line(text))


@settings(max_examples=10, deadline=None)
@given(st.lists(messages, min_size=1, max_size=3))
def test_replay_writes_a_readable_transcript(tmp_path_factory: object, texts: list[str]) -> None:
    base: Path = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    source = base / "c.json"
    source.write_text(json.dumps({"messages": texts}), encoding="utf-8")
    assert main(["replay", str(source), "--out", str(base / "out")]) == 0
    json.loads((base / "out" / "transcript.json").read_text(encoding="utf-8"))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.sampled_from(("*", "**", "_", "__", "~~", "--", "`", "x", " ", "\n", "# ", "- ")),
        max_size=30,
    ).map("".join)
)
def test_pdf_renders_any_markdown_emphasis(markup: str) -> None:
    from datetime import UTC, datetime

    from engine.deliverables.pdf import render_pdf

    brief = f"# Brief\n\n*italic **bold inside** italic* {markup}\n\n**bold _it_ b**"
    assert render_pdf(brief, (), "T", datetime(2026, 1, 1, tzinfo=UTC)).startswith(b"%PDF")


def test_the_fuzz_bench_runs_every_target_with_nothing_lost() -> None:
    """bench/fuzz.py at a small size: the engine, the real Slack app over signed HTTP and
    every CLI entry point (10,000 messages in docs/BENCHMARKS.md)."""
    from bench.fuzz import TARGETS, bad, fuzz

    report = fuzz(30, TARGETS)
    assert report["total"] == 30
    assert bad(report) == [], report
    assert report["slack"]["answers_shown"] >= 30 - report["slack"]["crashes"]
    assert all(report[t]["messages"] == 30 for t in TARGETS)

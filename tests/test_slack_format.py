"""Markdown to mrkdwn, escaping, splitting and Block Kit rendering for Slack."""

from __future__ import annotations

import re

import pytest

from bot.slack_format import (
    MESSAGE_LIMIT,
    SECTION_LIMIT,
    action_blocks,
    action_id_of,
    apology,
    escape,
    markdown_to_mrkdwn,
    progress_line,
    reply_messages,
    slack_to_plain,
    split_mrkdwn,
)
from engine.messages import Action, Progress, Reply, StageProgress


def test_escape_replaces_the_three_control_characters() -> None:
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"


@pytest.mark.parametrize(
    ("markdown", "mrkdwn"),
    [
        ("**bold** and __bold__", "*bold* and *bold*"),
        ("*italic* and _italic_", "_italic_ and _italic_"),
        ("~~gone~~", "~gone~"),
        ("# Title", "*Title*"),
        ("### **Bold** title", "*Bold title*"),
        ("use `a < b` here", "use `a &lt; b` here"),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
        ("- one\n- two", "• one\n• two"),
        ("- one\n  - nested", "• one\n    ◦ nested"),
        ("- [ ] todo\n- [x] done", "☐ todo\n☑ done"),
        ("1. first\n2. second", "1. first\n2. second"),
        ("> quoted", "&gt; quoted"),
        ("---", "──────────"),
        ("[docs](https://example.com/a?b=1&c=2)", "<https://example.com/a?b=1&amp;c=2|docs>"),
        ("see https://example.com/x.", "see <https://example.com/x>."),
    ],
)
def test_markdown_to_mrkdwn(markdown: str, mrkdwn: str) -> None:
    assert markdown_to_mrkdwn(markdown) == mrkdwn


@pytest.mark.parametrize(
    "hostile",
    ["<!channel>", "<!here>", "<!everyone>", "<@U123>", "<#C123>", "<https://evil.example|click>"],
)
def test_echoed_user_text_never_pings_or_hides_a_link(hostile: str) -> None:
    out = markdown_to_mrkdwn(f"You said: {hostile} **ok**")
    assert "<!" not in out
    assert "<@" not in out
    assert "<#" not in out
    assert "|click>" not in out
    assert "&lt;" in out


def test_only_http_links_become_slack_links() -> None:
    out = markdown_to_mrkdwn("[a](javascript:alert(1)) [b](mailto:x@y.z) [c](https://ok.example)")
    assert out.count("<") == 1
    assert "<https://ok.example|c>" in out
    assert "javascript:alert(1)" in out


def test_link_url_cannot_break_out_of_its_brackets() -> None:
    out = markdown_to_mrkdwn("[x](https://a.example/<!here>|y)")
    assert "<!here>" not in out
    assert re.fullmatch(r"<https://a\.example/[^<>|]+\|x>", out)


def test_code_blocks_are_kept_verbatim_and_escaped() -> None:
    out = markdown_to_mrkdwn("```python\nif a < b and **c**:\n    pass\n```")
    assert out == "```\nif a &lt; b and **c**:\n    pass\n```"


def test_tables_become_aligned_code_blocks() -> None:
    out = markdown_to_mrkdwn(
        "| Screen | Goal |\n|---|:---:|\n| **Home** | find <x> |\n| Pay | pay |"
    )
    assert out.splitlines() == [
        "```",
        "Screen | Goal",
        "-------+---------",
        "Home   | find &lt;x&gt;",
        "Pay    | pay",
        "```",
    ]


def test_slack_text_becomes_plain_text_for_the_engine() -> None:
    text = "<@U0BOT> build &lt;b&gt;it&lt;/b&gt; &amp; ship &lt;3 <@U9|bob> <#C1|general> <!here> <https://x.io|site>"
    assert slack_to_plain(text, "U0BOT") == (
        "build <b>it</b> & ship <3 @bob #general @here site (https://x.io)"
    )


def test_slack_plain_keeps_bare_links_and_mailto() -> None:
    assert slack_to_plain("<https://x.io> <mailto:a@b.co|a@b.co>") == "https://x.io a@b.co"


def test_short_text_is_one_chunk() -> None:
    assert split_mrkdwn("hello\n\nworld") == ["hello\n\nworld"]


def test_long_text_splits_on_paragraphs_within_the_limit() -> None:
    paragraphs = [f"paragraph {n} " + "word " * 150 for n in range(30)]
    chunks = split_mrkdwn("\n\n".join(paragraphs))
    assert len(chunks) > 1
    assert all(len(c) <= SECTION_LIMIT for c in chunks)
    assert all(c.startswith("paragraph") for c in chunks)
    assert " ".join(" ".join(chunks).split()) == " ".join(" ".join(paragraphs).split())


def test_a_giant_line_is_cut_without_breaking_entities_or_links() -> None:
    line = ("x&amp;y <https://e.example|e> " * 400).strip()
    chunks = split_mrkdwn(line, limit=100)
    assert all(len(c) <= 100 for c in chunks)
    for chunk in chunks:
        assert chunk.count("<") == chunk.count(">")
        assert not re.search(r"&(?!amp;)", chunk)


def test_a_long_code_block_is_reopened_in_every_chunk() -> None:
    code = "```\n" + "\n".join(f"line {n} " + "z" * 60 for n in range(200)) + "\n```"
    chunks = split_mrkdwn(code, limit=1000)
    assert len(chunks) > 1
    assert all(c.startswith("```\n") and c.endswith("\n```") for c in chunks)
    assert all(len(c) <= 1000 for c in chunks)


def test_buttons_carry_the_action_id_and_style() -> None:
    blocks = action_blocks([Action("skip", "Skip"), Action("accept", "Accept", "primary")])
    assert blocks == [
        {
            "type": "actions",
            "block_id": "ma_actions_0",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Skip", "emoji": True},
                    "action_id": "ma_skip",
                    "value": "skip",
                },
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Accept", "emoji": True},
                    "action_id": "ma_accept",
                    "value": "accept",
                    "style": "primary",
                },
            ],
        }
    ]
    assert action_id_of("ma_skip") == "skip"
    assert action_id_of("other") is None


def test_more_than_25_buttons_use_several_blocks() -> None:
    blocks = action_blocks([Action(f"a{n}", f"A{n}") for n in range(30)])
    assert [len(b["elements"]) for b in blocks] == [25, 5]


def test_progress_line_shows_bar_percent_and_stages() -> None:
    progress = Progress(40, (StageProgress("idea", "Idea", 3, 3), StageProgress("ui", "UI", 1, 4)))
    assert progress_line(progress) == "▰▰▰▰▱▱▱▱▱▱ 40% stated (0 assumed) · Idea 3/3 · UI 1/4"


def test_reply_messages_put_progress_and_buttons_on_the_last_message() -> None:
    text = "\n\n".join("para " + "w " * 1400 for _ in range(10))
    reply = Reply(
        text, actions=(Action("skip", "Skip"),), progress=Progress(10, ()), kind="question"
    )
    messages = reply_messages(reply)
    assert len(messages) > 1
    for m in messages:
        sections = [b for b in m.blocks if b["type"] == "section"]
        assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in sections)
        assert sum(len(b["text"]["text"]) for b in sections) <= MESSAGE_LIMIT
        assert all(b["text"]["verbatim"] is True for b in sections)
    assert [b["type"] for b in messages[-1].blocks][-2:] == ["context", "actions"]
    assert all(b["type"] == "section" for m in messages[:-1] for b in m.blocks)


def test_reply_with_only_buttons_still_has_a_message() -> None:
    messages = reply_messages(Reply("", actions=(Action("accept", "Accept"),)))
    assert len(messages) == 1
    assert messages[0].blocks[0]["type"] == "actions"


def test_empty_reply_has_no_messages() -> None:
    assert reply_messages(Reply("")) == []


def test_apology_names_the_reference() -> None:
    assert apology("abc123") == (
        "Sorry — something went wrong on my side (ref abc123). Please try again."
    )

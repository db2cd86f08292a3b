"""Pure Discord formatting: splitting, neutralising mentions, plain text, upload plans."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.discord_format import (
    FILES_PER_MESSAGE,
    MESSAGE_LIMIT,
    ZWSP,
    action_of,
    custom_id,
    neutralise,
    plain_text,
    plan_uploads,
    reply_texts,
    split_message,
    thread_name,
    to_discord,
    too_large_note,
)
from engine.messages import Attachment, Progress, Reply, StageProgress

PINGS = re.compile(r"@(everyone|here)|<@[!&]?\d+>")


def test_neutralise_everyone_here_users_and_roles() -> None:
    text = "hey @everyone and @here, ask <@123> or <@!456> or the <@&789> team"
    safe = neutralise(text)
    assert not PINGS.search(safe)
    assert safe.replace(ZWSP, "") == text  # the words stay readable


def test_email_addresses_and_channels_are_left_alone() -> None:
    assert neutralise("mail ann@example.com in <#42>") == "mail ann@example.com in <#42>"


def test_split_keeps_paragraphs_whole_when_they_fit() -> None:
    paragraphs = [f"Paragraph {i}: " + "word " * 150 for i in range(6)]
    chunks = split_message("\n\n".join(paragraphs))
    assert all(len(c) <= MESSAGE_LIMIT for c in chunks)
    assert len(chunks) > 1
    for chunk in chunks:  # every chunk starts at a paragraph boundary
        assert chunk.startswith("Paragraph")
    assert " ".join(" ".join(chunks).split()) == " ".join(" ".join(paragraphs).split())


def test_split_reopens_a_code_block_cut_in_two() -> None:
    code = "```\n" + "\n".join(f"line {i} " + "x" * 40 for i in range(80)) + "\n```"
    chunks = split_message(f"Here is the sketch:\n\n{code}")
    assert len(chunks) > 1
    assert all(len(c) <= MESSAGE_LIMIT for c in chunks)
    assert all(c.count("```") % 2 == 0 for c in chunks)


@settings(max_examples=40)
@given(st.text(min_size=0, max_size=6000))
def test_split_never_exceeds_the_limit_and_loses_no_words(text: str) -> None:
    chunks = split_message(text)
    assert all(0 < len(c) <= MESSAGE_LIMIT for c in chunks)
    rebuilt = "".join("".join(chunks).split()).replace("```", "")
    assert rebuilt == "".join(text.split()).replace("```", "")


def test_reply_texts_adds_progress_to_questions_and_neutralises() -> None:
    progress = Progress(40, (StageProgress("idea_clarity", "Idea", 2, 3),))
    reply = Reply("Who uses it, @everyone?", progress=progress, kind="question")
    (text,) = reply_texts(reply)
    assert "-# Progress 40% stated (0 assumed) · Idea 2/3" in text
    assert not PINGS.search(text)


def test_deep_headings_become_bold() -> None:
    assert to_discord("#### Risks\n## Users") == "**Risks**\n## Users"


def test_thread_name_is_one_short_line() -> None:
    name = thread_name("an app for\nvet clinics " + "to book appointments " * 20 + "@here")
    assert len(name) <= 100 and "\n" not in name
    assert name.startswith("an app for vet clinics")
    assert thread_name("   ") == "Interview"


def test_custom_ids_round_trip_and_foreign_ids_are_not_ours() -> None:
    assert action_of(custom_id("deliver")) == "deliver"
    assert action_of("someone-else:deliver") is None
    assert action_of("meta-agent:") is None


def test_plain_text_removes_our_mention_and_names_others() -> None:
    text, mentioned = plain_text("<@99> ask <@!5> in <#7> about <@&3> <:party:123>", 99, {5: "Bo"})
    assert mentioned
    assert text == "ask @Bo in #channel about @role :party:"
    assert plain_text("no mention here", 99) == ("no mention here", False)


def _file(name: str, size: int) -> Attachment:
    return Attachment(name, b"x" * size, "application/octet-stream", name)


def test_uploads_batched_by_count_and_size_and_too_large_set_aside() -> None:
    files = [_file(f"f{i}.png", 100) for i in range(12)] + [_file("big.pdf", 5000)]
    plan = plan_uploads(files, limit=1000)
    assert [f.filename for f in plan.too_large] == ["big.pdf"]
    assert all(len(b) <= FILES_PER_MESSAGE for b in plan.batches)
    assert all(sum(len(f.content) for f in b) <= 1000 for b in plan.batches)
    assert [f.filename for b in plan.batches for f in b] == [f"f{i}.png" for i in range(12)]
    note = too_large_note(plan.too_large, 1000)
    assert "big.pdf" in note and "upload limit" in note

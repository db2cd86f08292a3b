"""Fuzz at volume: 10,000 hypothesis-generated hostile messages through the engine (offline
brain), the Slack formatter and `analyze`; counts crashes and apologies (must be 0)."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import analyze_line
from bot.slack_format import reply_messages, slack_to_plain
from engine.messages import Reply
from tests.fuzz_inputs import messages
from tests.harness import make_chat

TOTAL = 10_000
PER_CHAT = 10
COUNTS = {"messages": 0, "crashes": 0, "apologies": 0, "live_mentions": 0}


def _one(text: str, chat_replies: list[Reply]) -> None:
    COUNTS["messages"] += 1
    json.dumps(analyze_line(text))
    for message in reply_messages(Reply(slack_to_plain(text, "U0BOT"))):
        if "<!channel>" in message.text or "<@U" in message.text:
            COUNTS["live_mentions"] += 1


@settings(
    max_examples=TOTAL // PER_CHAT,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.lists(messages, min_size=PER_CHAT, max_size=PER_CHAT))
def _fuzz(texts: list[str]) -> None:
    chat = make_chat()

    async def run() -> None:
        for text in texts:
            try:
                reply = await chat.say(text)
                _one(text, chat.replies)
                COUNTS["apologies"] += "something went wrong on my side" in reply.text
            except Exception:
                COUNTS["crashes"] += 1

    asyncio.run(run())


def main() -> None:
    """Run the fuzz and print the counts."""
    start = time.perf_counter()
    _fuzz()
    took = time.perf_counter() - start
    print(
        f"fuzz: {COUNTS['messages']} messages in {took:.1f} s: crashes {COUNTS['crashes']}, "
        f"apologies {COUNTS['apologies']}, live mentions {COUNTS['live_mentions']}"
    )


if __name__ == "__main__":
    main()

"""Slack's App Home view and the assistant pane's greeting and prompts (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.slack_format import context, escape
from engine.commands import COMMANDS
from engine.messages import InterviewSummary, ThreadKey

HOME_LIMIT = 10
HOME_COMMANDS = ("done", "status", "export", "email", "forget")
EXAMPLE_IDEA = "a booking app for dog walkers"
ASSISTANT_STATUS = "is thinking…"
ASSISTANT_GREETING = (
    "Hi! Tell me in a sentence or two what you want to build. I'll ask a few sharp questions, "
    "one at a time, then post a requirements brief and wireframes right here."
)
PROMPTS_TITLE = "Start an interview"
PROMPTS: tuple[dict[str, str], ...] = (
    {
        "title": "A booking app for my clinic",
        "message": "Interview me about a booking app for my clinic",
    },
    {
        "title": "An inventory scanner for a warehouse",
        "message": "Interview me about an inventory scanner app for our warehouse",
    },
    {
        "title": "A tool to track customer requests",
        "message": "Interview me about an internal tool for tracking customer requests",
    },
    {
        "title": "A tutoring marketplace",
        "message": "Interview me about a tutoring marketplace for high-school students",
    },
)
"""Suggested prompts: each one starts an interview about the idea it names."""

Block = dict[str, Any]


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def _command_lines() -> list[str]:
    """The commands worth knowing from the Home tab, worded as engine/commands.py has them."""
    specs = [s for s in COMMANDS if s.name in HOME_COMMANDS and not s.admin]
    return [f"• `{s.usage or s.name}`: {s.help}" for s in specs]


def how_to() -> list[Block]:
    """How to start an interview and steer it."""
    start = "\n".join(
        (
            "*Start an interview*",
            f"• Mention me in a channel: `@Meta-Agent {EXAMPLE_IDEA}`; I answer in its thread.",
            "• Or write to me here in *Messages* (or in my assistant pane).",
            f"• Or type `/interview {EXAMPLE_IDEA}` in any channel.",
        )
    )
    steer = "\n".join(
        (
            "*While we talk*",
            "I ask one question at a time. Use the buttons under a question, or type in the "
            "thread (after `/interview`, the same words act on your latest interview there):",
            *_command_lines(),
        )
    )
    return [_header("Meta-Agent"), _section(start), _section(steer)]


def channel_link(team: str, channel: str) -> str:
    """A link that opens a conversation (Slack's documented app_redirect)."""
    return f"https://slack.com/app_redirect?channel={channel}&team={team}"


def _where(key: ThreadKey) -> str:
    return "Direct message" if key.channel.startswith("D") else f"<#{key.channel}>"


def _when(item: InterviewSummary) -> str:
    """Last activity in the reader's own time zone (Slack formats it), with a UTC fallback."""
    epoch = int(item.updated.timestamp())
    fallback = item.updated.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{epoch}^{{date_short_pretty}} at {{time}}|{fallback}>"


def interview_block(item: InterviewSummary, link: str) -> Block:
    """One interview: its title linked to the thread, where, progress, files and last activity."""
    files = f"brief and wireframes v{item.version}" if item.version else "no files yet"
    progress = f"{item.stated} stated, {item.assumed} assumed of {item.total}"
    facts = " · ".join((_where(item.thread), progress, files, f"last active {_when(item)}"))
    title = escape(item.title)
    return _section(f"*<{escape(link)}|{title}>*\n{facts}" if link else f"*{title}*\n{facts}")


def recent_blocks(
    items: tuple[InterviewSummary, ...] | None, links: Mapping[ThreadKey, str]
) -> list[Block]:
    """The person's recent interviews, newest first; a friendly line when there are none."""
    blocks: list[Block] = [{"type": "divider"}, _header("Your recent interviews")]
    if items is None:
        retry = "I couldn't load your interviews just now. Open this tab again in a moment."
        return [*blocks, _section(retry)]
    if not items:
        return [
            *blocks,
            _section(
                "No interviews yet. Mention me in a channel, write to me in *Messages*, or type "
                f"`/interview {EXAMPLE_IDEA}` to start one."
            ),
        ]
    shown = items[:HOME_LIMIT]
    rows = [interview_block(i, links.get(i.thread, "")) for i in shown]
    return [
        *blocks,
        *rows,
        context("An interview drops off this list when it expires after a while without activity."),
    ]


def home_view(
    items: tuple[InterviewSummary, ...] | None, links: Mapping[ThreadKey, str]
) -> dict[str, Any]:
    """The Home tab: how to use the bot, then the reader's recent interviews.

    `items` None means the list could not be loaded; `links` maps each thread to its URL.
    """
    return {"type": "home", "blocks": [*how_to(), *recent_blocks(items, links)]}

"""Slack turns a dead replica left unfinished: answered in place of their placeholders."""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Protocol

from slack_sdk.web.async_client import AsyncWebClient

from bot.handler import Handler, Recoverable
from bot.slack_events import Target
from bot.slack_format import THINKING
from bot.slack_send import best_effort, lost_place, placeholder_of
from engine.messages import Reply, Unfinished

log = logging.getLogger("bot.slack_app")


class Deliver(Protocol):
    """The adapter's sending: `reply` in place of `placeholder` (or posted) in `target`."""

    async def __call__(
        self, client: AsyncWebClient, target: Target, reply: Reply, placeholder: str | None
    ) -> None:
        """Replace the placeholder with the answer, post the rest, upload the files."""
        ...


async def recover(handler: Handler, client: AsyncWebClient, deliver: Deliver) -> int:
    """Answer the turns a dead replica left unfinished: the saved answer when the turn was
    saved, else "please send it again", in place of its placeholder; how many."""
    if not isinstance(handler, Recoverable):
        return 0
    shown = []
    for turn in await handler.unfinished("slack"):
        place = lost_place(turn)
        if place is None:
            continue
        target, placeholder = place
        if placeholder is None and turn.addressed:
            # killed between posting "thinking…" and recording it: find it by its metadata
            placeholder = await placeholder_of(client, target, turn.message_id, THINKING)
        if turn.posting and placeholder is None:
            continue  # a new post could repeat an answer that is already there
        show = partial(_show, deliver, client, target, placeholder)
        shown.append(handler.answer_lost(turn, show))
    await asyncio.gather(*shown)
    if shown:
        log.warning("answered %d turn(s) a stopped replica left unfinished", len(shown))
    return len(shown)


async def _show(
    deliver: Deliver, client: AsyncWebClient, target: Target, ts: str | None, lost: Unfinished
) -> None:
    """A dead replica's turn as `answer_lost` decided: its answer or "please resend" in place
    of placeholder `ts`, or only the placeholder removed."""
    if lost.posting and ts is None:
        return
    reply = lost.reply or Reply(lost.text, kind="info")
    await best_effort(deliver(client, target, reply, ts))

"""Discord turns a dead replica left unfinished: answered (saved answer or "please resend")."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord

from bot.discord_events import AnswerPlace, actions_view, answer_place
from bot.discord_send import PLATFORM, answer_lost
from bot.handler import Handler, Recoverable
from bot.recovery import recovering
from engine.messages import Reply, Unfinished

log = logging.getLogger("bot.discord_app")


class Recovery:
    """Heartbeats this replica and answers the Discord turns of replicas that stopped."""

    def __init__(self, client: discord.Client, handler: Handler) -> None:
        """Recover through `handler` (when it can), answer with `client`."""
        self.client = client
        self.handler = handler

    async def recover_once(self) -> int:
        """Answer each turn a dead replica left: its saved answer when the turn was saved,
        else "please send it again"; how many were answered."""
        if not isinstance(self.handler, Recoverable):
            return 0
        handler, shown = self.handler, []
        for turn in await handler.unfinished(PLATFORM):
            place = answer_place(turn.placeholder)
            if place is None or turn.posting:
                continue  # Discord answers are new messages: one may already be there

            async def show(lost: Unfinished, place: AnswerPlace = place) -> None:
                if lost.posting:
                    return  # later turns were answered: this one would come out of order
                reply = lost.reply or Reply(lost.text, kind="info")
                try:
                    await answer_lost(self.client, place, reply, actions_view(reply.actions))
                except discord.HTTPException as exc:
                    log.warning("could not answer an unfinished turn: %s", exc)

            shown.append(handler.answer_lost(turn, show))
        await asyncio.gather(*shown)
        answered = len(shown)
        if answered:
            log.warning("answered %d turn(s) a stopped replica left unfinished", answered)
        return answered

    def running(self) -> contextlib.AbstractAsyncContextManager[None]:
        """Run the recovery loop while inside (stopped on exit, or when the client closes).
        Enter after login (answers need REST) and before connecting, so this replica's
        heartbeat comes before any turn it records."""
        return recovering(self.recover_once, lambda: not self.client.is_closed())

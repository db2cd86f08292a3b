"""Discord turns a dead replica left unfinished: answered (saved answer or "please resend")."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import discord

from bot.discord_events import actions_view, answer_place
from bot.discord_send import PLATFORM, answer_lost
from bot.handler import Handler, Recoverable
from engine.messages import Reply

log = logging.getLogger("bot.discord_app")

RECOVERY_SECONDS = 5.0


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
        answered = 0
        for turn in await self.handler.unfinished(PLATFORM):
            place = answer_place(turn.placeholder)
            if place is None or turn.posting:
                continue  # Discord answers are new messages: one may already be there
            reply = turn.reply or Reply(turn.text, kind="info")
            try:
                await answer_lost(self.client, place, reply, actions_view(reply.actions))
            except discord.HTTPException as exc:
                log.warning("could not answer an unfinished turn: %s", exc)
                continue
            answered += 1
        if answered:
            log.warning("answered %d turn(s) a stopped replica left unfinished", answered)
        return answered

    async def _loop(self) -> None:
        """Every RECOVERY_SECONDS: heartbeat this replica and recover dead replicas' turns."""
        while not self.client.is_closed():
            try:
                await self.recover_once()
            except Exception:
                log.exception("recovering unfinished turns failed")
            await asyncio.sleep(RECOVERY_SECONDS)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the recovery loop while inside (stopped on exit). Enter after login (answers
        need REST) and before connecting, so this replica's heartbeat comes before any turn
        it records."""
        task = asyncio.get_running_loop().create_task(self._loop())
        try:
            yield
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

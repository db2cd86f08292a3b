"""Discord adapter: discord.py with `/interview` commands, a thread per interview, buttons."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, cast

import discord
from discord import app_commands

from bot.discord_events import (
    ActionButton,
    actions_view,
    display_name,
    interaction_inbound,
    interaction_ref,
    message_inbound,
    message_ref,
    token_fresh,
)
from bot.discord_format import (
    parent_text,
    plain_text,
    thread_name,
)
from bot.discord_recovery import Recovery
from bot.discord_send import (
    NO_MENTIONS,
    AckFirst,
    Channel,
    Place,
    answer,
    place_of,
    post,
    resolve,
)
from bot.handler import Handler
from bot.recent import Recent
from engine.messages import Inbound, Reply

log = logging.getLogger(__name__)

TYPING_DELAY = 0.3  # unaddressed thread replies: type only if the engine takes a while
APOLOGY = "Sorry, something went wrong on my side (ref {ref}). Please try again."
NO_THREADS = (
    "I can't open a thread here. I need the Send Messages, Create Public Threads and Create "
    "Private Threads permissions in this channel (see docs/DISCORD.md)."
)


# ---------------------------------------------------------------- the adapter


class DiscordAdapter:
    """discord.py events wired to a Handler: delivery, no interview logic, no thread state."""

    def __init__(self, client: discord.Client, handler: Handler) -> None:
        """Register the command tree, the message listener and the persistent buttons."""
        self.client = client
        self.handler = handler
        self.tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
        self.tree.add_command(self._group())
        self._seen: Recent[str, bool] = Recent(4096)
        self._ack_first = AckFirst()
        self.recovery = Recovery(client, handler)  # run by serve_discord
        client.add_dynamic_items(ActionButton)
        cast(Any, client).meta_agent = self

        @client.event
        async def on_message(message: discord.Message) -> None:
            await self.on_message(message)

    def _group(self) -> app_commands.Group:
        """`/interview start|status|export|email|forget|help`, each one engine message."""
        group = app_commands.Group(name="interview", description="Product-discovery interview")
        adapter = self

        @group.command(name="start", description="Start an interview in a new thread")
        @app_commands.describe(idea="Your product idea", private="Open a private thread")
        async def start(
            interaction: discord.Interaction[discord.Client], idea: str, private: bool = False
        ) -> None:
            await adapter.on_start(interaction, idea, private)

        @group.command(name="status", description="Show the interview's progress")
        async def status(interaction: discord.Interaction[discord.Client]) -> None:
            await adapter.on_command(interaction, "status")

        @group.command(name="export", description="Post the brief and wireframes now")
        async def export(interaction: discord.Interaction[discord.Client]) -> None:
            await adapter.on_command(interaction, "export")

        @group.command(name="email", description="Email the summary")
        @app_commands.describe(address="Where to send it")
        async def email(interaction: discord.Interaction[discord.Client], address: str) -> None:
            await adapter.on_command(interaction, f"email {address.strip()}")

        @group.command(name="forget", description="Delete this interview")
        async def forget(interaction: discord.Interaction[discord.Client]) -> None:
            await adapter.on_command(interaction, "forget")

        @group.command(name="help", description="How the interview works")
        async def help_(interaction: discord.Interaction[discord.Client]) -> None:
            await adapter.on_command(interaction, "help")

        return group

    # ------------------------------------------------------------ gateway events

    async def on_message(self, message: discord.Message) -> None:
        """DMs; replies in threads (the engine answers only threads it owns); mentions."""
        me = self.client.user
        if message.author.bot or me is None or message.author.id == me.id:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        if not self._seen.put(f"message:{message.id}", True):
            return  # a RESUME replay within this process (the engine dedupes across them)
        names = {u.id: display_name(u) for u in message.mentions}
        text, mentioned = plain_text(message.content, me.id, names)
        if message.attachments:
            shared = ", ".join(a.filename for a in message.attachments)
            text = f"{text}\n(shared: {shared})".strip()
        if not text and not mentioned and message.guild is not None:
            return  # a sticker, an embed-only post, or content hidden without the intent
        try:
            channel = await resolve(self.client, message.channel)
            if message.guild is not None and not isinstance(channel, discord.Thread):
                if mentioned:
                    await self._start_from_message(message, channel, text)
                return
            place = place_of(channel, message.guild)
            addressed = message.guild is None or mentioned
            inbound = message_inbound(place.key, message, text, addressed)
            await self._turn(place, inbound, addressed, message_ref(channel.id, message))
        except Exception:
            await self._apologize(message.channel.send, "message")

    async def _start_from_message(self, message: discord.Message, channel: Any, text: str) -> None:
        """A mention in a channel: an idea opens a thread on that message; a command acts on
        the user's latest interview in the channel."""
        where = message_ref(channel.id, message)
        if text and self.handler.starts_interview(text):
            channel = await message.create_thread(name=thread_name(text))
            where = message_ref(channel.id)
        place = place_of(channel, message.guild)
        await self._turn(place, message_inbound(place.key, message, text, True), True, where)

    # ------------------------------------------------------------ interactions

    async def on_start(
        self, interaction: discord.Interaction[discord.Client], idea: str, private: bool
    ) -> None:
        """`/interview start`: defer, open a thread from a channel message, run the turn there."""
        if not await self._defer(interaction, thinking=True):
            return
        idea = plain_text(idea, None)[0]
        try:
            if interaction.guild is None or not self.handler.starts_interview(idea):
                await self._respond(interaction, idea)
                return
            try:
                thread = await self._open_thread(interaction, idea, private)
            except discord.Forbidden:
                await interaction.edit_original_response(content=NO_THREADS)
                return
            await interaction.edit_original_response(
                content=f"Interview started in {thread.mention}.", allowed_mentions=NO_MENTIONS
            )
            place = place_of(thread, interaction.guild, interaction.filesize_limit)
            inbound = interaction_inbound(interaction, place.key, idea, str(interaction.id))
            await self._turn(place, inbound, True, message_ref(thread.id))
        except Exception:
            await self._apologize(interaction.followup.send, "interaction")

    async def on_command(self, interaction: discord.Interaction[discord.Client], text: str) -> None:
        """`/interview status|export|email|forget|help`: one engine message, answered in place."""
        if not await self._defer(interaction, thinking=True):
            return
        try:
            await self._respond(interaction, text)
        except Exception:
            await self._apologize(interaction.followup.send, "interaction")

    async def on_button(
        self, interaction: discord.Interaction[discord.Client], action: str
    ) -> None:
        """A button press: acknowledge, retire the buttons, send the action into the thread.

        A double click is one message (the pressed message and the action), answered once.
        """
        if not await self._defer(interaction, thinking=False):
            return
        try:
            channel = await resolve(self.client, interaction.channel)
            place = place_of(channel, interaction.guild, interaction.filesize_limit)
            message = interaction.message
            delivery = f"{message.id if message else interaction.id}:{action}"
            inbound = interaction_inbound(interaction, place.key, "", delivery, action)
            if message is not None:
                with contextlib.suppress(discord.HTTPException):
                    await message.edit(view=None, allowed_mentions=NO_MENTIONS)
            await self._turn(place, inbound, True, message_ref(channel.id))
        except Exception:
            await self._apologize(interaction.followup.send, "interaction")

    async def _defer(
        self, interaction: discord.Interaction[discord.Client], thinking: bool
    ) -> bool:
        """Acknowledge within Discord's 3 s; False when it was already acknowledged (a replay)."""
        try:
            async with self._ack_first.acking():
                await interaction.response.defer(thinking=thinking)
        except (discord.HTTPException, discord.InteractionResponded) as exc:
            log.info("interaction %s not deferred (replayed or expired): %s", interaction.id, exc)
            return False
        return True

    async def _respond(self, interaction: discord.Interaction[discord.Client], text: str) -> None:
        """Run a command where it was typed and answer through the interaction."""
        channel = await resolve(self.client, interaction.channel)
        place = place_of(channel, interaction.guild, interaction.filesize_limit)
        inbound = interaction_inbound(interaction, place.key, text, str(interaction.id))
        await self._ack_first.wait()
        # the deferral shows "thinking…"; the interaction is where a dead replica's turn is answered
        reply = await self.handler.handle(inbound, "", interaction_ref(interaction, channel.id))
        await self._ack_first.wait()
        if not token_fresh(interaction):
            with contextlib.suppress(discord.HTTPException):  # the token may be dead already
                await interaction.delete_original_response()
            await post(place, reply, actions_view(reply.actions))
            return
        await answer(interaction, place, reply, actions_view(reply.actions))

    async def _open_thread(
        self, interaction: discord.Interaction[discord.Client], idea: str, private: bool
    ) -> discord.Thread:
        """A public thread on a message quoting the idea, or a private thread with the user."""
        channel = await resolve(self.client, interaction.channel)
        if isinstance(channel, discord.Thread):
            parent = channel.parent or await self.client.fetch_channel(channel.parent_id)
            channel = parent
        if not isinstance(channel, discord.TextChannel):
            raise TypeError(f"cannot open a thread in {type(channel).__name__}")
        name = thread_name(idea)
        if private:
            thread = await channel.create_thread(
                name=name, type=discord.ChannelType.private_thread, invitable=False
            )
            await thread.add_user(interaction.user)
            return thread
        user = display_name(interaction.user)
        starter = await channel.send(parent_text(idea, user), allowed_mentions=NO_MENTIONS)
        return await starter.create_thread(name=name)

    # ------------------------------------------------------------ turns

    async def _turn(self, place: Place, inbound: Inbound, addressed: bool, where: str) -> None:
        """The engine's answer, with a typing indicator while it works, posted in the channel
        (`where` is recorded from arrival: where to answer if this replica dies)."""
        ticket = await self.handler.arrive(inbound, where)  # before any await that reorders
        await self._ack_first.wait()

        async def send(reply: Reply) -> None:
            await self._ack_first.wait()
            await post(place, reply, actions_view(reply.actions))

        async with self._typing(place.channel, 0.0 if addressed else TYPING_DELAY):
            await self.handler.handle(inbound, ticket, where, send)

    @contextlib.asynccontextmanager
    async def _typing(self, channel: Channel, delay: float) -> AsyncIterator[None]:
        """Show "typing…" in `channel` (after `delay`) until the block ends; never fails it."""

        async def show() -> None:
            await asyncio.sleep(delay)
            async with channel.typing():
                await asyncio.Event().wait()

        task = asyncio.get_running_loop().create_task(show())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, discord.HTTPException):
                await task

    async def _apologize(self, send: Callable[..., Awaitable[Any]], what: str) -> None:
        """The one catch-all of an event (`send` answers it): log with a ref, say sorry, never
        raise."""
        ref = secrets.token_hex(3)
        log.exception("discord %s failed (ref %s)", what, ref)
        try:
            await send(APOLOGY.format(ref=ref), allowed_mentions=NO_MENTIONS)
        except Exception:
            log.warning("could not post the apology (ref %s)", ref)

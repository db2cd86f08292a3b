"""Sending to Discord: where a conversation lives, and replies as messages, files, buttons."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, cast

import discord

from bot.discord_events import AnswerPlace
from bot.discord_format import files_caption, is_silent, plan_uploads, reply_texts, too_large_note
from engine.messages import Attachment, Reply, ThreadKey

PLATFORM = "discord"
DM_WORKSPACE = "dm"
NO_MENTIONS = discord.AllowedMentions.none()
Channel = discord.abc.Messageable


@dataclass(frozen=True, slots=True)
class Place:
    """Where a conversation lives (its session key) and the channel its answers go to."""

    key: ThreadKey
    channel: Channel
    upload_limit: int


def upload_limit(guild: discord.Guild | None) -> int:
    """The largest file this guild accepts (its boost tier), or the default in DMs."""
    return (
        guild.filesize_limit if guild is not None else discord.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES
    )


async def resolve(client: discord.Client, channel: Any) -> Any:
    """A full channel object for a partial one (a thread the cache has not seen)."""
    if isinstance(channel, discord.PartialMessageable) and channel.guild is not None:
        with contextlib.suppress(discord.HTTPException):
            return await client.fetch_channel(channel.id)
    return channel


def place_of(channel: Any, guild: discord.Guild | None, limit: int | None = None) -> Place:
    """The session key of a channel: DMs are one conversation; a thread is its own; a plain
    channel is channel-level (thread "": the engine picks the user's latest thread there)."""
    size = limit if limit is not None else upload_limit(guild)
    if guild is None:
        key = ThreadKey(PLATFORM, DM_WORKSPACE, str(channel.id), str(channel.id))
    elif isinstance(channel, discord.Thread):
        key = ThreadKey(PLATFORM, str(guild.id), str(channel.parent_id), str(channel.id))
    else:
        key = ThreadKey(PLATFORM, str(guild.id), str(channel.id), "")
    return Place(key, cast(Channel, channel), size)


def to_file(attachment: Attachment) -> discord.File:
    """An engine attachment as an upload (images render inline)."""
    return discord.File(
        io.BytesIO(attachment.content),
        filename=attachment.filename,
        description=files_caption([attachment])[:1024] or None,
    )


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message to send: text, files and buttons."""

    text: str = ""
    files: tuple[Attachment, ...] = ()
    view: discord.ui.View | None = None


def outgoing(reply: Reply, limit: int, view: discord.ui.View | None = None) -> list[Outgoing]:
    """A reply as Discord messages: text chunks, then file batches; `view` (the reply's
    buttons) on the last."""
    if is_silent(reply):
        return []
    uploads = plan_uploads(reply.attachments, limit)
    texts = reply_texts(reply)
    if uploads.too_large:
        texts.append(too_large_note(uploads.too_large, limit))
    out = [Outgoing(text) for text in texts]
    out += [Outgoing(files_caption(batch), batch) for batch in uploads.batches]
    if view is not None:
        last = out[-1] if out else Outgoing("\u200b")
        out[-1:] = [Outgoing(last.text, last.files, view)]
    return out


def _extras(item: Outgoing) -> dict[str, Any]:
    """Files, buttons (only when there are some) and no pings, for one message."""
    extras: dict[str, Any] = {"files": [to_file(a) for a in item.files]}
    if item.view is not None:
        extras["view"] = item.view
    return extras | {"allowed_mentions": NO_MENTIONS}


async def post(place: Place, reply: Reply, view: discord.ui.View | None = None) -> None:
    """Post a reply into the channel with the bot token (no expiry)."""
    for item in outgoing(reply, place.upload_limit, view):
        await place.channel.send(item.text, **_extras(item))


async def answer(
    interaction: discord.Interaction[Any],
    place: Place,
    reply: Reply,
    view: discord.ui.View | None = None,
) -> None:
    """Answer a deferred interaction: the first message edits the deferral, the rest follow."""
    items = outgoing(reply, place.upload_limit, view)
    if not items:
        await interaction.delete_original_response()
        return
    first, rest = items[0], items[1:]
    await interaction.edit_original_response(
        content=first.text,
        attachments=[to_file(a) for a in first.files],
        view=first.view,
        allowed_mentions=NO_MENTIONS,
    )
    for item in rest:
        await interaction.followup.send(item.text, **_extras(item))


async def answer_lost(
    client: discord.Client, place: AnswerPlace, reply: Reply, view: discord.ui.View | None
) -> None:
    """Answer a turn a dead replica left: through its deferred interaction while the token
    lives (the first message replaces "thinking…"), else (or when Discord refuses the token)
    in its channel, replying to the user's message when there is one."""
    items = outgoing(reply, discord.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES, view)
    if place.token_fresh():
        hook = discord.Webhook.partial(place.app, place.token, client=client)
        with contextlib.suppress(discord.HTTPException):
            for item in items:
                await hook.send(item.text, **_extras(item))
            return
    channel = client.get_partial_messageable(place.channel)
    refer = discord.MessageReference(
        message_id=place.message, channel_id=place.channel, fail_if_not_exists=False
    )
    for number, item in enumerate(items):
        extras = _extras(item)
        if place.message and number == 0:
            extras["reference"] = refer
        await channel.send(item.text, **extras)


ACK_FIRST_SECONDS = 0.2  # new work waits at most this long for deferrals in flight
QUIET_SECONDS = 0.02  # no deferral started for this long: the burst is over


class AckFirst:
    """Lets deferrals go first: answers (engine work, edits, uploads) wait while deferrals are
    in flight or arriving (a burst of interactions), at most ACK_FIRST_SECONDS."""

    def __init__(self) -> None:
        """Start idle."""
        self.inflight = 0
        self._last = float("-inf")

    @contextlib.asynccontextmanager
    async def acking(self) -> AsyncIterator[None]:
        """Count one deferral while it is being sent."""
        self.inflight += 1
        self._last = asyncio.get_running_loop().time()
        try:
            yield
        finally:
            self.inflight -= 1

    def busy(self) -> bool:
        """Whether a deferral is in flight or started within the last QUIET_SECONDS."""
        recent = asyncio.get_running_loop().time() - self._last < QUIET_SECONDS
        return self.inflight > 0 or recent

    async def wait(self) -> None:
        """Wait until no deferral is in flight or arriving, at most ACK_FIRST_SECONDS."""
        for _ in range(int(ACK_FIRST_SECONDS / (QUIET_SECONDS / 2))):
            if not self.busy():
                return
            await asyncio.sleep(QUIET_SECONDS / 2)

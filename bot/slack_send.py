"""Sending to Slack: posts, updates, uploads in batches, pooled connections, hints."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Iterable, Mapping
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.recent import Recent
from bot.slack_events import Target
from bot.slack_format import (
    SlackMessage,
    attachment_comment,
)
from bot.slack_home import channel_link
from engine.messages import Attachment, ThreadKey

log = logging.getLogger("bot.slack_app")


_POST_HINTS = {
    "not_in_channel": " I'm not a member of this channel: add me with `/invite @Meta-Agent`.",
    "channel_not_found": (
        " I can't see this channel: if it is private, add me with `/invite @Meta-Agent` first."
    ),
    "is_archived": " This channel is archived, so I can't post here.",
    "restricted_action": " This workspace doesn't let apps post here; try another channel.",
    "missing_scope": " My Slack app lacks a permission (chat:write.public): reinstall it.",
}


def post_failure_hint(exc: BaseException) -> str:
    """A hint that matches why Slack refused a post (not in channel, private, archived...)."""
    response = getattr(exc, "response", None)
    error = response.get("error") if response is not None else None
    return _POST_HINTS.get(str(error), "")


async def post(client: AsyncWebClient, target: Target, message: SlackMessage) -> Mapping[str, Any]:
    """Post one message into the target thread."""
    response = await client.chat_postMessage(
        channel=target.channel,
        thread_ts=target.thread_ts,
        text=message.text,
        blocks=message.blocks or None,
        unfurl_links=False,
        unfurl_media=False,
    )
    return response.data if isinstance(response.data, dict) else {}


async def update(client: AsyncWebClient, channel: str, ts: str, message: SlackMessage) -> None:
    """Replace a message (the placeholder) with `message`."""
    await client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)


UPLOAD_BATCH = 10  # Slack shows at most 10 files on one message; larger calls fail


async def upload(client: AsyncWebClient, target: Target, files: tuple[Attachment, ...]) -> None:
    """Upload every attachment into the thread, at most UPLOAD_BATCH files per message."""
    for start in range(0, len(files), UPLOAD_BATCH):
        batch = files[start : start + UPLOAD_BATCH]
        await client.files_upload_v2(
            file_uploads=[
                {"file": f.content, "filename": f.filename, "title": f.title} for f in batch
            ],
            channel=target.channel,
            thread_ts=target.thread_ts,
            initial_comment=attachment_comment([f.title for f in batch]),
        )


async def permalinks(
    client: AsyncWebClient, team: str, threads: Iterable[ThreadKey], known: Recent[str, str]
) -> dict[ThreadKey, str]:
    """A link to each thread: its permalink (chat.getPermalink, remembered in `known`: a
    message's permalink never changes), else a link to its conversation."""

    async def link(key: ThreadKey) -> tuple[ThreadKey, str]:
        if not key.thread or key.thread == key.channel:  # a whole DM: no message to link
            return key, channel_link(team, key.channel)
        cached = known.get(key.slug())
        if cached is not None:
            return key, cached
        try:
            response = await client.chat_getPermalink(channel=key.channel, message_ts=key.thread)
            found = str(response["permalink"])
        except Exception as error:
            log.debug("no permalink for a thread: %s", error)
            return key, channel_link(team, key.channel)
        known.put(key.slug(), found)
        return key, found

    return dict(await asyncio.gather(*(link(key) for key in threads)))


async def best_effort(call: Awaitable[Any]) -> None:
    """Await a cosmetic call, logging (not raising) its failure."""
    try:
        await call
    except Exception as error:
        log.debug("best-effort Slack call failed: %s", error)


@contextlib.asynccontextmanager
async def pooled(client: AsyncWebClient) -> AsyncIterator[None]:
    """Give `client` one keep-alive HTTP session while serving (none of its own: one per call)."""
    if client.session is not None:
        yield
        return
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=client.timeout))
    client.session = session
    try:
        yield
    finally:
        client.session = None
        await session.close()

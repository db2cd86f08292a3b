"""Sending to Slack: messages, files, the Home view, assistant thread touches, pooling, hints."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

import aiohttp
from slack_bolt.context.say.async_say import AsyncSay
from slack_bolt.context.set_suggested_prompts.async_set_suggested_prompts import (
    AsyncSetSuggestedPrompts,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.recent import Recent
from bot.slack_events import Target, Turn, retired_blocks
from bot.slack_format import (
    SlackMessage,
    attachment_comment,
)
from bot.slack_home import (
    ASSISTANT_GREETING,
    ASSISTANT_STATUS,
    HOME_LIMIT,
    PROMPTS,
    PROMPTS_TITLE,
    channel_link,
    home_view,
)
from engine.messages import Attachment, InterviewSummary, ThreadKey, Unfinished

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


async def post(
    client: AsyncWebClient,
    target: Target,
    message: SlackMessage,
    metadata: Mapping[str, Any] | None = None,
) -> Mapping[str, Any]:
    """Post one message into the target thread (with Slack message metadata, when given)."""
    response = await client.chat_postMessage(
        channel=target.channel,
        thread_ts=target.thread_ts,
        text=message.text,
        blocks=message.blocks or None,
        unfurl_links=False,
        unfurl_media=False,
        metadata=dict(metadata) if metadata else None,
    )
    return response.data if isinstance(response.data, dict) else {}


PLACEHOLDER_EVENT = "meta_agent_thinking"
_PAGES = 5  # pages of 200 messages read when looking for one placeholder


def placeholder_metadata(message_id: str) -> dict[str, Any]:
    """The metadata a placeholder carries: which message it answers, so a replica killed
    before it recorded the placeholder's ts leaves it findable (`placeholder_of`)."""
    return {"event_type": PLACEHOLDER_EVENT, "event_payload": {"message": message_id}}


async def placeholder_of(
    client: AsyncWebClient, target: Target, message_id: str, text: str
) -> str | None:
    """The ts of a placeholder posted for `message_id` in its thread (read back by its
    metadata) that still shows `text`, or None: none is left, or Slack would not say (logged,
    never raised). A redelivery's placeholder, already answered, carries the same id."""
    cursor: str | None = None
    try:
        for _ in range(_PAGES):
            page = await _page(client, target, cursor)
            for found in page.get("messages") or ():
                meta = found.get("metadata") or {}
                payload = meta.get("event_payload") or {}
                mine = meta.get("event_type") == PLACEHOLDER_EVENT
                if mine and payload.get("message") == message_id and found.get("text") == text:
                    return str(found["ts"])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if cursor is None:
                return None
    except Exception as error:
        log.warning("could not look for a lost placeholder: %s", error)
    return None


async def _page(client: AsyncWebClient, target: Target, cursor: str | None) -> Mapping[str, Any]:
    """One page of the thread's replies (of the channel's history outside a thread, newest
    first there). Not limited to after the message: replicas' clocks need not agree."""
    common: dict[str, Any] = {"include_all_metadata": True, "limit": 200, "cursor": cursor}
    if target.thread_ts:
        response = await client.conversations_replies(
            channel=target.channel, ts=target.thread_ts, **common
        )
    else:
        response = await client.conversations_history(channel=target.channel, **common)
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


@runtime_checkable
class Listing(Protocol):
    """An engine that lists a person's recent interviews (the App Home shows them)."""

    async def recent(
        self, platform: str, workspace: str, user_id: str, limit: int = 10
    ) -> tuple[InterviewSummary, ...] | None:
        """Newest first, only the ones this person took part in; None when unavailable."""
        ...


async def publish_home(
    client: AsyncWebClient, listing: Listing | None, team: str, user: str, known: Recent[str, str]
) -> None:
    """views.publish the Home view for `user` (their interviews only); logs, never raises."""
    try:
        items = await listing.recent("slack", team, user, HOME_LIMIT) if listing else ()
        links = await permalinks(client, team, [i.thread for i in items or ()], known)
        await client.views_publish(user_id=user, view=home_view(items, links))
    except Exception:
        log.exception("could not publish the App Home (ref %s)", secrets.token_hex(3))


async def greet(say: AsyncSay, prompts: AsyncSetSuggestedPrompts) -> None:
    """A new assistant thread's greeting and its suggested prompts (best effort)."""
    await best_effort(say(ASSISTANT_GREETING))
    await best_effort(prompts(prompts=list(PROMPTS), title=PROMPTS_TITLE))


async def assistant_status(client: AsyncWebClient, target: Target) -> bool:
    """Show "is thinking…" on an assistant thread (our answer clears it); False if refused."""
    if not target.thread_ts:
        return False
    try:
        await client.assistant_threads_setStatus(
            channel_id=target.channel, thread_ts=target.thread_ts, status=ASSISTANT_STATUS
        )
    except Exception as error:
        log.debug("assistant status refused: %s", error)
        return False
    return True


async def assistant_title(client: AsyncWebClient, target: Target, title: str) -> None:
    """Name an assistant thread (Slack lists the pane's threads by it)."""
    if target.thread_ts:
        await client.assistant_threads_setTitle(
            channel_id=target.channel, thread_ts=target.thread_ts, title=title
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


def turn_ref(turn: Turn, placeholder: str | None) -> str:
    """Where a dead replica's turn is answered: "channel|placeholder ts|thread ts". Every turn
    has one, so a plain thread reply queued on a replica that dies is asked for again too."""
    return f"{turn.target.channel}|{placeholder or ''}|{turn.target.thread_ts or ''}"


def lost_place(turn: Unfinished) -> tuple[Target, str | None] | None:
    """Where a dead replica's turn is answered: its thread, and the placeholder to replace
    (None: the turn had none, say it anew); None when its reference names no thread."""
    channel, ts, thread_ts = [*turn.placeholder.split("|"), "", ""][:3]
    if not channel or not (ts or thread_ts):
        return None
    return Target(channel, thread_ts or None), ts or None


async def retire_buttons(client: AsyncWebClient, body: Mapping[str, Any]) -> None:
    """Swap a pressed message's buttons for a note of the choice (best effort)."""
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id")
    action = (body.get("actions") or [{}])[0]
    label = str((action.get("text") or {}).get("text") or action.get("value") or "")
    if not message.get("ts") or not channel:
        return
    await best_effort(
        client.chat_update(
            channel=str(channel),
            ts=str(message["ts"]),
            text=str(message.get("text", "")),
            blocks=retired_blocks(message, label),
        )
    )

"""Slack payloads as the engine's Inbound, and where the answer goes: pure conversions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from bot.slack_format import (
    action_id_of,
    context,
    escape,
    slack_to_plain,
)
from engine.messages import Inbound, Reply, ThreadKey

USER_SUBTYPES = frozenset({"file_share", "thread_broadcast"})
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")


@dataclass(frozen=True, slots=True)
class Target:
    """Where an answer goes: a channel and a thread (None: top level of a DM); `assistant`
    when Bolt's assistant middleware recognised the thread as an assistant pane thread."""

    channel: str
    thread_ts: str | None
    assistant: bool = False


@dataclass(frozen=True, slots=True)
class Turn:
    """An Inbound for the engine plus where its answer goes."""

    inbound: Inbound
    target: Target


def api_base_url(url: str) -> str:
    """The Web API base URL, always ending with `/api/` as slack_sdk requires."""
    base = url.rstrip("/")
    return f"{base}/" if base.endswith("/api") else f"{base}/api/"


def is_dm(event: Mapping[str, Any]) -> bool:
    """Whether a message event comes from a direct message with the bot."""
    return event.get("channel_type") == "im" or str(event.get("channel", "")).startswith("D")


def mentions(text: str, user_id: str | None) -> bool:
    """Whether `text` mentions `user_id`."""
    return user_id is not None and any(m == user_id for m in _MENTION.findall(text))


def message_ignored(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    """Bots (us included), edits, deletions and other non-user subtypes are ignored."""
    subtype = event.get("subtype")
    if subtype is not None and subtype not in USER_SUBTYPES:
        return True
    if event.get("bot_id") or event.get("bot_profile"):
        return True
    return not event.get("user") or event.get("user") == bot_user_id


def user_name(event: Mapping[str, Any]) -> str:
    """The best display name an event carries, falling back to the user id."""
    profile = event.get("user_profile") or {}
    for key in ("display_name", "real_name", "name"):
        if profile.get(key):
            return str(profile[key])
    return str(event.get("user", ""))


def event_text(event: Mapping[str, Any], bot_user_id: str | None) -> str:
    """Plain text of a message, naming shared files so the engine sees them."""
    text = slack_to_plain(str(event.get("text", "")), bot_user_id)
    names = [str(f.get("name") or f.get("title") or "file") for f in event.get("files") or []]
    shared = f"(shared: {', '.join(names)})" if names else ""
    return "\n".join(p for p in (text, shared) if p)


def event_to_turn(
    event: Mapping[str, Any], team_id: str, bot_user_id: str | None, addressed: bool = True
) -> Turn:
    """A message or app_mention event as a Turn.

    Channels: the thread is `thread_ts`, or the message itself starts one. DMs: a thread if
    the user wrote in one, else the whole DM is one ongoing conversation answered at top level.
    The message id is `channel:ts`, shared by the app_mention and message twins of one post.
    `addressed` is False for a plain reply in a channel thread (the engine decides).
    """
    channel, ts = str(event["channel"]), str(event["ts"])
    thread_ts = event.get("thread_ts")
    if is_dm(event):
        thread, reply_ts = (thread_ts or channel), thread_ts
    else:
        thread = reply_ts = thread_ts or ts
    inbound = Inbound(
        thread=ThreadKey("slack", team_id, channel, str(thread)),
        message_id=f"{channel}:{ts}",
        user_id=str(event["user"]),
        user_name=user_name(event),
        text=event_text(event, bot_user_id),
        addressed=addressed,
    )
    return Turn(inbound, Target(channel, reply_ts))


def action_to_turn(body: Mapping[str, Any]) -> Turn | None:
    """A block_actions payload as a Turn with `action` set and empty text (None if not ours)."""
    actions = body.get("actions") or []
    if not actions or action_id_of(str(actions[0].get("action_id", ""))) is None:
        return None
    action = actions[0]
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = str((body.get("channel") or {}).get("id") or container.get("channel_id"))
    message_ts = str(container.get("message_ts") or message.get("ts"))
    thread_ts = message.get("thread_ts") or container.get("thread_ts")
    dm = channel.startswith("D")
    thread = thread_ts or (channel if dm else message_ts)
    reply_ts = thread_ts if dm else thread
    user = body.get("user") or {}
    team = (body.get("team") or {}).get("id") or user.get("team_id") or ""
    name = action_id_of(str(action["action_id"])) or ""
    action_name = str(action.get("value") or name)
    inbound = Inbound(
        thread=ThreadKey("slack", str(team), channel, str(thread)),
        message_id=f"{channel}:{message_ts}:{action_name}",
        user_id=str(user.get("id", "")),
        user_name=str(user.get("username") or user.get("name") or user.get("id", "")),
        text="",
        action=action_name,
    )
    return Turn(inbound, Target(channel, reply_ts))


def retired_blocks(message: Mapping[str, Any], label: str) -> list[dict[str, Any]]:
    """A pressed message's blocks with the buttons replaced by a note of the choice."""
    blocks = [b for b in message.get("blocks") or [] if b.get("type") != "actions"]
    return [*blocks, context(f"✓ {escape(label)}")]


def is_silent(reply: Reply) -> bool:
    """A reply that posts nothing: a duplicate, an ignored message, or no text/files/buttons."""
    if reply.kind in ("duplicate", "ignored"):
        return True
    return not reply.text.strip() and not reply.attachments and not reply.actions


def team_of(body: Mapping[str, Any], context: AsyncBoltContext) -> str:
    """The workspace id of an event."""
    return str(body.get("team_id") or context.team_id or "")

"""The boundary types: the only things adapters and the engine exchange."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Platform = Literal["terminal", "slack", "discord", "replay"]


@dataclass(frozen=True, slots=True)
class ThreadKey:
    """Where a conversation lives: platform, workspace, channel and thread."""

    platform: str
    workspace: str
    channel: str
    thread: str

    def slug(self) -> str:
        """The hash-tag body shared by every storage key of this conversation."""
        return f"{self.platform}:{self.workspace}:{self.channel}:{self.thread}"


@dataclass(frozen=True, slots=True)
class Inbound:
    """One user message (or button press) as the engine sees it.

    `text` is plain text (the adapter turned platform markup into words); commands arrive as
    text ("status", "email a@b.co") or as a button's `action` id ("deliver", "accept").
    `addressed` is False only for a plain message in a thread (no mention, not a DM, not a
    slash command): the engine answers it only in a thread the bot owns. A `thread.thread`
    of "" means channel level: the engine acts on the user's latest thread in that channel.
    """

    thread: ThreadKey
    message_id: str
    user_id: str
    user_name: str
    text: str
    action: str | None = None
    addressed: bool = True


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file to post into the thread."""

    filename: str
    content: bytes
    mime_type: str
    title: str


@dataclass(frozen=True, slots=True)
class Action:
    """A button the adapter renders; pressing it sends `Inbound.action = id`."""

    id: str
    label: str
    style: Literal["primary", "default", "danger"] = "default"


@dataclass(frozen=True, slots=True)
class StageProgress:
    """Coverage of one interview stage."""

    stage: str
    label: str
    covered: int
    total: int


@dataclass(frozen=True, slots=True)
class Progress:
    """Interview coverage, shown as a progress line by adapters."""

    percent: int
    stages: tuple[StageProgress, ...]


@dataclass(frozen=True, slots=True)
class Reply:
    """What the engine answers: Markdown text, files, buttons and progress.

    `kind` "ignored" means the message was not for the bot: post nothing. `thread` is set
    when the engine resolved a channel-level Inbound to a thread: the reply belongs there.
    """

    text: str
    attachments: tuple[Attachment, ...] = ()
    actions: tuple[Action, ...] = ()
    progress: Progress | None = None
    kind: Literal["question", "deliverables", "info", "error", "duplicate", "ignored"] = "info"
    thread: ThreadKey | None = None

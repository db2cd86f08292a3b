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
    """One user message (or button press) as the engine sees it."""

    thread: ThreadKey
    message_id: str
    user_id: str
    user_name: str
    text: str
    action: str | None = None
    addressed: bool = True  # mentioned, DM, slash command or button; False: a plain thread reply


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
    """What the engine answers: Markdown text, files, buttons and progress."""

    text: str
    attachments: tuple[Attachment, ...] = ()
    actions: tuple[Action, ...] = ()
    progress: Progress | None = None
    kind: Literal["question", "deliverables", "info", "error", "duplicate", "ignored"] = "info"

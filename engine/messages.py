"""The boundary types: the only things adapters and the engine exchange."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


def sanitize(text: str) -> str:
    """Text safe to store and encode: lone surrogates and control characters removed, line
    breaks kept; NUL stays so the engine can tell binary data apart (it never stores it)."""
    if not text.isascii():
        text = _SURROGATES.sub("", text)
    return _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


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

    def __post_init__(self) -> None:
        # The one boundary every entry point crosses: sanitise here, once.
        object.__setattr__(self, "text", sanitize(self.text))
        object.__setattr__(self, "user_name", sanitize(self.user_name)[:80])


@dataclass(frozen=True, slots=True)
class Unfinished:
    """A turn that started on a replica that died: the adapter replaces its placeholder with
    `reply` when the turn was saved before the replica died (its answer was never posted),
    else with `text`, which asks for the message again."""

    thread: ThreadKey
    message_id: str
    placeholder: str  # the adapter's own reference to the "thinking…" message
    text: str = "Sorry, I lost that message while restarting. Please send it again."
    addressed: bool = True  # False: a plain thread reply, answered only in threads we own
    reply: Reply | None = None
    posting: bool = False  # the answer was being posted when the replica died (it may be
    # there already), or later turns answered after it: only an edit of the placeholder may
    # show it (never a new post)
    replica: str = ""  # the replica that died with it


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
    """Coverage of one interview stage: topics people stated, and topics only assumed."""

    stage: str
    label: str
    stated: int
    total: int
    assumed: int = 0


@dataclass(frozen=True, slots=True)
class Progress:
    """Interview coverage; `percent` counts stated topics only, assumed ones are shown apart."""

    percent: int
    stages: tuple[StageProgress, ...]

    @property
    def stated(self) -> int:
        """Topics people answered."""
        return sum(s.stated for s in self.stages)

    @property
    def assumed(self) -> int:
        """Topics covered only by an assumption."""
        return sum(s.assumed for s in self.stages)

    @property
    def total(self) -> int:
        """Every topic of the interview."""
        return sum(s.total for s in self.stages)


@dataclass(frozen=True, slots=True)
class Reply:
    """What the engine answers: Markdown text, files, buttons and progress.

    `kind` "ignored" means the message was not for the bot: post nothing. `thread` is set
    when the engine resolved a channel-level Inbound to a thread: the reply belongs there.
    `title` is set when this turn gave the interview its title or changed it (the brief's
    title; an assistant pane shows it).
    """

    text: str
    attachments: tuple[Attachment, ...] = ()
    actions: tuple[Action, ...] = ()
    progress: Progress | None = None
    kind: Literal["question", "deliverables", "info", "error", "duplicate", "ignored"] = "info"
    thread: ThreadKey | None = None
    title: str = ""


Send = Callable[[Reply], Awaitable[None]]
"""How an adapter posts a reply; the engine calls it inside the thread's turn (see
`Engine.handle`)."""


@dataclass(frozen=True, slots=True)
class InterviewSummary:
    """One interview as a list of a person's interviews shows it (Slack's App Home).

    `title` is plain text (the adapter escapes it); `version` is the latest deliverables
    version, 0 before any; `updated` is the last activity, in UTC.
    """

    thread: ThreadKey
    title: str
    stated: int
    assumed: int
    total: int
    version: int
    updated: datetime

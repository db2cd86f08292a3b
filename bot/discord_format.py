"""Discord formatting: engine Markdown to safe, split Discord messages, and back to plain text."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from engine.messages import Attachment, Progress, Reply

MESSAGE_LIMIT = 2000  # characters in one Discord message
FILES_PER_MESSAGE = 10  # Discord refuses more files on one message
THREAD_NAME_LIMIT = 100
CUSTOM_ID_PREFIX = "meta-agent:"
CUSTOM_ID_TEMPLATE = r"meta-agent:(?P<action>[A-Za-z0-9_.-]{1,80})"
ZWSP = "\u200b"
THINKING = "Thinking…"

_BROADCAST = re.compile(r"@(everyone|here)\b", re.IGNORECASE)
_MENTION = re.compile(r"<@([!&]?)(\d+)>")
_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")
_CHANNEL = re.compile(r"<#(\d+)>")
_EMOJI = re.compile(r"<a?:(\w+):\d+>")
_HEADING = re.compile(r"^#{4,6}\s+(.+?)\s*#*$", re.MULTILINE)
_FENCE = "```"
_SPACES = re.compile(r"[ \t]{2,}")


# ---------------------------------------------------------------- outbound text


def neutralise(text: str) -> str:
    """`@everyone`, `@here`, `<@id>`, `<@!id>` and `<@&id>` made inert (a zero-width space)."""
    text = _BROADCAST.sub(lambda m: f"@{ZWSP}{m.group(1)}", text)
    return _MENTION.sub(lambda m: f"<@{ZWSP}{m.group(1)}{m.group(2)}>", text)


def to_discord(markdown: str) -> str:
    """Engine Markdown as Discord Markdown: Discord renders `#`–`###`; deeper headings go bold."""
    return _HEADING.sub(lambda m: f"**{m.group(1)}**", markdown)


def progress_line(progress: Progress | None) -> str:
    """A small subtext line with interview coverage, or "" without progress."""
    if progress is None:
        return ""
    stages = " · ".join(f"{s.label} {s.stated}/{s.total}" for s in progress.stages)
    line = f"-# Progress {progress.percent}% stated ({progress.assumed} assumed)"
    return line + (f" · {stages}" if stages else "")


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`text` in chunks of at most `limit` characters, cut at paragraph, then line, then word
    boundaries; a code block cut in two is closed and reopened so both halves render."""
    chunks: list[str] = []
    rest = text.strip()
    while rest:
        if len(rest) <= limit:
            chunks.append(rest)
            break
        head = _cut(rest, limit - len(_FENCE) - 1)
        rest = rest[len(head) :].strip()
        head = head.rstrip()
        if head.count(_FENCE) % 2:  # inside an open code block: close it here, reopen next
            head += f"\n{_FENCE}"
            rest = f"{_FENCE}\n{rest}"
        chunks.append(head)
    return [c for c in chunks if c.strip()]


def _cut(text: str, limit: int) -> str:
    """The longest prefix of `text` up to `limit` characters that ends on a good boundary."""
    window = text[:limit]
    for sep in ("\n\n", "\n", " "):
        at = window.rfind(sep)
        if at > limit // 3:
            return window[: at + len(sep)]
    return window


def reply_texts(reply: Reply, limit: int = MESSAGE_LIMIT) -> list[str]:
    """The messages one Reply is posted as: Markdown kept, mentions neutralised, split."""
    body = to_discord(reply.text.strip())
    line = progress_line(reply.progress)
    if line and reply.kind == "question":
        body = f"{body}\n\n{line}" if body else line
    return split_message(neutralise(body), limit)


def is_silent(reply: Reply) -> bool:
    """A reply that posts nothing: a duplicate, an ignored message, or an empty answer."""
    if reply.kind in ("duplicate", "ignored"):
        return True
    return not reply.text.strip() and not reply.attachments and not reply.actions


def thread_name(idea: str) -> str:
    """A thread title from the idea: one line, at most THREAD_NAME_LIMIT characters."""
    line = " ".join(idea.split()) or "Interview"
    line = neutralise(line).replace("`", "'")
    if len(line) <= THREAD_NAME_LIMIT:
        return line
    return line[: THREAD_NAME_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def parent_text(idea: str, user_name: str) -> str:
    """The channel message a public interview thread hangs from."""
    first = split_message(neutralise(idea), 1500)
    quote = "\n".join(f"> {line}" for line in (first[0] if first else "").splitlines())
    return f"**Interview** started by {neutralise(user_name)}\n{quote}"


# ---------------------------------------------------------------- buttons


def custom_id(action_id: str) -> str:
    """The persistent custom id of an engine action's button."""
    return f"{CUSTOM_ID_PREFIX}{action_id}"[:100]


def action_of(custom: str) -> str | None:
    """The engine action id behind a custom id, or None if the button is not ours."""
    match = re.fullmatch(CUSTOM_ID_TEMPLATE, custom)
    return match.group("action") if match else None


# ---------------------------------------------------------------- files


@dataclass(frozen=True, slots=True)
class Uploads:
    """Attachments grouped into messages, and those over the upload limit."""

    batches: tuple[tuple[Attachment, ...], ...]
    too_large: tuple[Attachment, ...]


def plan_uploads(files: Sequence[Attachment], limit: int) -> Uploads:
    """Group `files` into messages of at most FILES_PER_MESSAGE files and `limit` bytes;
    a file larger than `limit` on its own cannot be sent."""
    batches: list[tuple[Attachment, ...]] = []
    current: list[Attachment] = []
    size = 0
    too_large = tuple(f for f in files if len(f.content) > limit)
    for item in (f for f in files if len(f.content) <= limit):
        if current and (len(current) == FILES_PER_MESSAGE or size + len(item.content) > limit):
            batches.append(tuple(current))
            current, size = [], 0
        current.append(item)
        size += len(item.content)
    if current:
        batches.append(tuple(current))
    return Uploads(tuple(batches), too_large)


def too_large_note(files: Sequence[Attachment], limit: int) -> str:
    """What to say about files over the upload limit (`export` in the terminal gets them)."""
    names = ", ".join(f"`{f.filename}` ({_size(len(f.content))})" for f in files)
    return (
        f"Some files are larger than this server's upload limit of {_size(limit)} and were "
        f"not posted: {names}. The other files are below."
    )


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{max(1, count // 1024)} KB"


def files_caption(files: Sequence[Attachment]) -> str:
    """A one-line caption for a message of uploaded files."""
    return neutralise(", ".join(f.title or f.filename for f in files))[:MESSAGE_LIMIT]


# ---------------------------------------------------------------- inbound text


def plain_text(
    content: str, bot_id: int | None, names: Mapping[int, str] | None = None
) -> tuple[str, bool]:
    """Discord markup as plain text for the engine, and whether the bot was mentioned.

    The bot's own mention is removed; other users become `@name`, roles `@role`, channels
    `#channel`, custom emoji `:name:`.
    """
    names = names or {}
    mentioned = False

    def user(match: re.Match[str]) -> str:
        nonlocal mentioned
        uid = int(match.group(1))
        if uid == bot_id:
            mentioned = True
            return ""
        return f"@{names.get(uid, 'someone')}"

    text = _USER.sub(user, content)
    text = _ROLE.sub("@role", text)
    text = _CHANNEL.sub("#channel", text)
    text = _EMOJI.sub(lambda m: f":{m.group(1)}:", text)
    return _SPACES.sub(" ", text).strip(), mentioned

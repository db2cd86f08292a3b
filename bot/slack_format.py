"""Pure Slack formatting: Markdown to mrkdwn, escaping, splitting and Block Kit blocks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.messages import Action, Progress, Reply

SECTION_LIMIT = 3000
"""Slack's limit for the text of one section block."""
MESSAGE_LIMIT = 12_000
"""Our budget of section text per message (Slack truncates `text` at 40,000)."""
BUTTONS_PER_BLOCK = 25
ACTION_PREFIX = "ma_"
THINKING = "_thinking…_"

Block = dict[str, Any]

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(?:\[([ xX])\]\s+)?(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_LINK = re.compile(
    r"!?\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)"
    r"|(?P<bare>https?://[^\s<>()\[\]|]*[^\s<>()\[\]|.,;:!?'\"])"
)
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_BOLD_MARK = "\x00"
_SLACK_TOKEN = re.compile(r"<([^<>]*)>")
_BULLETS = ("•", "◦", "▪")


def escape(text: str) -> str:
    """Escape Slack's three control characters so user text never pings or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_to_plain(text: str, bot_user_id: str | None = None, *, mention_ids: bool = False) -> str:
    """Turn Slack message text into plain text for the engine (it never sees `<@…>`).

    Drops the bot's own mention, renders other mentions (as names, or as user ids when
    `mention_ids`: slash commands name people by id), `<!channel>`, channels and links
    readably, and decodes `&lt;`, `&gt;` and `&amp;`.
    """

    def token(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            if bot_user_id is not None and target[1:] == bot_user_id:
                return ""
            return f"@{target[1:] if mention_ids else label or target[1:]}"
        if target.startswith("#"):
            return f"#{label or target[1:]}"
        if target.startswith("!"):
            if target.startswith(("!subteam^", "!date^")):
                return label
            return f"@{target[1:]}"
        if label and label != target and not target.endswith(label):
            return f"{label} ({target})"
        return target.removeprefix("mailto:")

    plain = _SLACK_TOKEN.sub(token, text)
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[ \t]{2,}", " ", plain).strip()


def markdown_to_mrkdwn(markdown: str) -> str:
    """Convert the engine's Markdown to Slack mrkdwn, escaping every piece of text."""
    out: list[str] = []
    lines = markdown.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            block, i = _take_fence(lines, i)
            out.extend(block)
            continue
        if _is_table_start(lines, i):
            block, i = _take_table(lines, i)
            out.extend(block)
            continue
        out.append(_convert_line(line))
        i += 1
    return "\n".join(out).strip("\n")


def _take_fence(lines: list[str], start: int) -> tuple[list[str], int]:
    """A fenced code block: contents escaped, language tag dropped."""
    marker = lines[start].strip()[:3]
    body: list[str] = []
    i = start + 1
    while i < len(lines) and not lines[i].strip().startswith(marker):
        body.append(escape(lines[i]))
        i += 1
    return ["```", *body, "```"], i + 1


def _is_table_start(lines: list[str], i: int) -> bool:
    """A Markdown table: a row of pipes followed by a separator row."""
    return (
        "|" in lines[i]
        and i + 1 < len(lines)
        and _TABLE_SEP.match(lines[i + 1]) is not None
        and "-" in lines[i + 1]
    )


def _take_table(lines: list[str], start: int) -> tuple[list[str], int]:
    """A Markdown table rendered as an aligned code block."""
    rows = [_cells(lines[start])]
    i = start + 2
    while i < len(lines) and "|" in lines[i] and lines[i].strip():
        rows.append(_cells(lines[i]))
        i += 1
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    sizes = [max(len(r[c]) for r in rows) for c in range(width)]
    rendered = [" | ".join(cell.ljust(sizes[c]) for c, cell in enumerate(r)).rstrip() for r in rows]
    rendered.insert(1, "-+-".join("-" * s for s in sizes))
    return ["```", *(escape(r) for r in rendered), "```"], i


def _cells(row: str) -> list[str]:
    """The cells of one table row, with inline markers removed."""
    row = row.strip().removeprefix("|").removesuffix("|")
    return [re.sub(r"\*\*|__|`", "", c).strip() for c in row.split("|")]


def _convert_line(line: str) -> str:
    """One line outside code blocks and tables."""
    if match := _HEADING.match(line):
        title = re.sub(r"\*\*|__", "", match.group(1))
        return f"*{inline(title)}*" if title else ""
    if _RULE.match(line):
        return "──────────"
    if match := _BULLET.match(line):
        indent, check, text = match.groups()
        level = len(indent.replace("\t", "  ")) // 2
        mark = _BULLETS[level % len(_BULLETS)]
        if check is not None:
            mark = "☐" if check == " " else "☑"
        return f"{'    ' * level}{mark} {inline(text)}"
    if match := _QUOTE.match(line):
        return f"&gt; {inline(match.group(1))}"
    return inline(line)


def inline(text: str) -> str:
    """Inline Markdown (code, links, emphasis) to mrkdwn; all other text escaped."""
    parts: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_inline_text(text[last : match.start()]))
        parts.append(f"`{escape(match.group(2))}`")
        last = match.end()
    parts.append(_inline_text(text[last:]))
    return "".join(parts)


def _inline_text(text: str) -> str:
    """Links and emphasis in a piece of text without code spans."""
    parts: list[str] = []
    last = 0
    for match in _LINK.finditer(text):
        parts.append(_emphasis(escape(text[last : match.start()])))
        parts.append(_link(match))
        last = match.end()
    parts.append(_emphasis(escape(text[last:])))
    return "".join(parts)


def _link(match: re.Match[str]) -> str:
    """A link: `<url|label>` for http(s) URLs only, plain text otherwise."""
    url = match.group("url") or match.group("bare") or ""
    label = match.group("label")
    if not re.match(r"https?://", url, re.IGNORECASE):
        text = f"{label} ({url})" if label and label != url else url
        return escape(text)
    safe_url = escape(url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E"))
    if not label or label == url:
        return f"<{safe_url}>"
    return f"<{safe_url}|{escape(re.sub(r'[*_~`]', '', label))}>"


def _emphasis(text: str) -> str:
    """Bold, italic and strike-through in already escaped text."""
    text = _BOLD.sub(lambda m: f"{_BOLD_MARK}{m.group(2)}{_BOLD_MARK}", text)
    text = _ITALIC_STAR.sub(r"_\1_", text)
    text = _STRIKE.sub(r"~\1~", text)
    return text.replace(_BOLD_MARK, "*")


def split_mrkdwn(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split mrkdwn into chunks of at most `limit` chars on paragraph, then line boundaries.

    Code blocks that must be cut are closed and reopened so every chunk renders alone.
    """
    chunks: list[str] = []
    current = ""
    for unit in _units(text):
        for piece in _fit(unit, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def _units(text: str) -> list[str]:
    """Paragraphs, keeping each fenced code block whole."""
    units: list[str] = []
    buf: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.strip().startswith("```"):
            fenced = not fenced
        if not line.strip() and not fenced:
            if buf:
                units.append("\n".join(buf))
                buf = []
            continue
        buf.append(line)
    if buf:
        units.append("\n".join(buf))
    return units


def _fit(unit: str, limit: int) -> list[str]:
    """One paragraph as pieces of at most `limit` chars."""
    if len(unit) <= limit:
        return [unit]
    lines = unit.split("\n")
    if len(lines) > 2 and lines[0].strip() == "```" and lines[-1].strip() == "```":
        inner = _pack(lines[1:-1], limit - 8)
        return [f"```\n{piece}\n```" for piece in inner]
    return _pack(lines, limit)


def _pack(lines: Iterable[str], limit: int) -> list[str]:
    """Greedily join lines into pieces of at most `limit` chars, cutting long lines."""
    pieces: list[str] = []
    current = ""
    for line in lines:
        for part in _cut(line, limit):
            candidate = f"{current}\n{part}" if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                pieces.append(current)
                current = part
    if current:
        pieces.append(current)
    return pieces


def _cut(line: str, limit: int) -> list[str]:
    """Cut one long line at spaces, never inside an entity or a `<...>` link."""
    parts: list[str] = []
    while len(line) > limit:
        at = line.rfind(" ", limit // 2, limit + 1)
        if at <= 0:
            at = _safe_cut(line, limit)
        parts.append(line[:at].rstrip())
        line = line[at:].lstrip()
    parts.append(line)
    return parts


def _safe_cut(line: str, limit: int) -> int:
    """A hard cut position that does not break `&amp;` entities or `<url|label>` links."""
    at = limit
    amp = line.rfind("&", 0, at)
    if amp != -1 and at - amp < 6 and line.find(";", amp) >= at:
        at = amp
    lt = line.rfind("<", 0, at)
    if lt > 0 and line.rfind(">", 0, at) < lt:
        at = lt
    return at


def progress_line(progress: Progress) -> str:
    """A one-line coverage summary: bar, percent and per-stage counts."""
    filled = max(0, min(10, round(progress.percent / 10)))
    bar = "▰" * filled + "▱" * (10 - filled)
    stages = " · ".join(f"{escape(s.label)} {s.stated}/{s.total}" for s in progress.stages)
    line = f"{bar} {progress.percent}% stated ({progress.assumed} assumed)"
    return f"{line} · {stages}" if stages else line


def button(action: Action) -> Block:
    """A Block Kit button for one engine action."""
    block: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": action.label[:75] or action.id, "emoji": True},
        "action_id": f"{ACTION_PREFIX}{action.id}"[:255],
        "value": action.id[:2000],
    }
    if action.style != "default":
        block["style"] = action.style
    return block


def action_blocks(actions: Sequence[Action]) -> list[Block]:
    """Actions blocks (25 buttons each) for the engine's actions."""
    return [
        {
            "type": "actions",
            "block_id": f"{ACTION_PREFIX}actions_{n}",
            "elements": [button(a) for a in actions[start : start + BUTTONS_PER_BLOCK]],
        }
        for n, start in enumerate(range(0, len(actions), BUTTONS_PER_BLOCK))
    ]


def action_id_of(action_id: str) -> str | None:
    """The engine action id behind a Slack `action_id`, or None if it is not ours."""
    return action_id[len(ACTION_PREFIX) :] if action_id.startswith(ACTION_PREFIX) else None


def section(text: str) -> Block:
    """A verbatim mrkdwn section (no auto-parsing of mentions)."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def context(text: str) -> Block:
    """A small grey context line."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text, "verbatim": True}]}


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One chat message: fallback text plus Block Kit blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def reply_messages(reply: Reply) -> list[SlackMessage]:
    """The Slack messages for a reply: text split into sections, progress and buttons last."""
    chunks = split_mrkdwn(markdown_to_mrkdwn(reply.text))
    messages: list[list[str]] = []
    for chunk in chunks:
        if messages and sum(map(len, messages[-1])) + len(chunk) <= MESSAGE_LIMIT:
            messages[-1].append(chunk)
        else:
            messages.append([chunk])
    result = [SlackMessage("\n\n".join(m), [section(c) for c in m]) for m in messages]
    extra: list[Block] = []
    if reply.progress is not None:
        extra.append(context(progress_line(reply.progress)))
    extra.extend(action_blocks(reply.actions))
    if extra:
        if not result:
            fallback = progress_line(reply.progress) if reply.progress else "Choose an option"
            result.append(SlackMessage(fallback))
        result[-1].blocks.extend(extra)
    return result


def attachment_comment(titles: Sequence[str]) -> str:
    """The comment posted with uploaded deliverables."""
    return escape("Files: " + ", ".join(titles)) if titles else ""


def apology(ref: str) -> str:
    """The short apology posted when something fails on our side."""
    return f"Sorry — something went wrong on my side (ref {escape(ref)}). Please try again."

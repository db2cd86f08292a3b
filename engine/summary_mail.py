"""The summary email: the brief as HTML and plain text, the assumptions, and its files."""

from __future__ import annotations

import html
import re

from engine.mail import Email
from engine.messages import Attachment
from engine.session import Session

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")
_ITALIC = re.compile(r"(?<![\w*])_(?!\s)(.+?)(?<!\s)_(?!\w)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_TABLE = "border-collapse:collapse;font-size:13px"
_CELL = "border:1px solid #ddd;text-align:left;vertical-align:top"
_STYLE = "font-family:Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#1d1d1f"


def inline_html(text: str) -> str:
    """One line of Markdown (bold, italics, code) as escaped HTML."""
    out = html.escape(text, quote=False)
    out = _CODE.sub(r"<code>\1</code>", out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    return _ITALIC.sub(r"<em>\1</em>", out)


def markdown_html(markdown: str) -> str:
    """The brief's Markdown subset (headings, lists, tables, paragraphs) as HTML."""
    parts: list[str] = []
    open_list: str | None = None
    for raw in markdown.splitlines():
        line = raw.rstrip()
        kind, body = _block(line)
        if open_list and kind not in (open_list, "sep"):
            parts.append("</table>" if open_list == "table" else f"</{open_list}>")
            open_list = None
        if kind == "table":
            if open_list is None:
                parts.append(f'<table cellpadding="4" style="{_TABLE}">')
                open_list = "table"
            parts.append(_row(body, header=parts[-1].startswith("<table")))
        elif kind == "sep":
            continue
        elif kind in ("ul", "ol"):
            if open_list is None:
                parts.append(f"<{kind}>")
                open_list = kind
            parts.append(f"<li>{inline_html(body)}</li>")
        elif kind.startswith("h"):
            parts.append(f"<{kind}>{inline_html(body)}</{kind}>")
        elif kind == "p" and body:
            parts.append(f"<p>{inline_html(body)}</p>")
    if open_list:
        parts.append("</table>" if open_list == "table" else f"</{open_list}>")
    return "\n".join(parts)


def _row(line: str, header: bool) -> str:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    tag = "th" if header else "td"
    inner = "".join(f'<{tag} style="{_CELL}">{inline_html(c)}</{tag}>' for c in cells)
    return f"<tr>{inner}</tr>"


def _block(line: str) -> tuple[str, str]:
    if line.lstrip().startswith("|"):
        return ("sep", "") if _SEPARATOR.match(line.strip()) else ("table", line)
    heading = _HEADING.match(line)
    if heading:
        return f"h{min(len(heading.group(1)) + 1, 6)}", heading.group(2)
    bullet = _BULLET.match(line)
    if bullet:
        return "ul", bullet.group(1)
    numbered = _NUMBERED.match(line)
    if numbered:
        return "ol", numbered.group(1)
    return "p", line.strip()


def assumption_lines(session: Session) -> list[str]:
    """One line per assumption still standing: id, value and confidence."""
    return [
        f"{a.id} ({a.topic.replace('_', ' ')}): {a.value} — confidence {round(a.confidence * 100)}%"
        for a in session.assumptions
    ]


def mail_attachments(files: tuple[Attachment, ...]) -> tuple[Attachment, ...]:
    """The files worth emailing: the wireframe PNGs and the PDF pack."""
    return tuple(a for a in files if a.mime_type in ("image/png", "application/pdf"))


def subject(session: Session) -> str:
    """`Requirements brief v3: <product>` (the product name or idea, shortened)."""
    name = session.product_name or session.idea or "your product"
    name = " ".join(name.split())
    name = name if len(name) <= 60 else name[:59].rstrip() + "…"
    return f"Requirements brief v{session.deliverable_version}: {name}"


def summary_email(
    session: Session, brief: str, files: tuple[Attachment, ...], to: str, key: str
) -> Email:
    """The email for `to`: HTML and text bodies, the PNG/PDF files, idempotency key `key`."""
    assumptions = assumption_lines(session)
    attached = mail_attachments(files)
    names = ", ".join(a.filename for a in attached) or "none"
    html_parts = [f'<div style="{_STYLE}">', markdown_html(brief)]
    text_parts = [brief.strip()]
    if assumptions and "## Assumptions" not in brief:  # the brief usually has the table
        items = "".join(f"<li>{html.escape(line, quote=False)}</li>" for line in assumptions)
        html_parts.append(f"<h2>Assumptions to confirm</h2><ul>{items}</ul>")
        text_parts.append("Assumptions to confirm:\n" + "\n".join(f"- {x}" for x in assumptions))
    elif assumptions:
        text_parts.append("Assumptions (confirm or correct them in the thread):\n"
                          + "\n".join(f"- {x}" for x in assumptions))  # fmt: skip
    html_parts.append(f"<p><em>Attached: {html.escape(names)}</em></p></div>")
    text_parts.append(f"Attached: {names}")
    return Email(
        to=to,
        subject=subject(session),
        html="\n".join(html_parts),
        text="\n\n".join(text_parts) + "\n",
        attachments=attached,
        idempotency_key=key,
    )

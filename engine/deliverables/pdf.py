"""The requirements pack PDF: the brief Markdown rendered readably, then one screen per page."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fpdf import FPDF

from engine.deliverables.fonts import FALLBACK_PATH, font_path, needs_fallback

FAMILY = "Body"
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|(\d+)[.)])\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True, slots=True)
class ScreenPage:
    """One wireframe page: its title, a caption and the image (PNG or JPEG bytes) to show."""

    title: str
    caption: str
    image: bytes


def inline(text: str) -> str:
    """Markdown inline syntax reduced to what fpdf2's markdown mode draws (bold, italic)."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = text.replace("--", "–")
    text = re.sub(r"\\([<>|\\])", r"\1", text)  # Markdown escapes shown as the character
    text = re.sub(r"(?<![*\w])\*(?!\*)([^*\n]+?)\*(?![*\w])", r"__\1__", text)
    text = re.sub(r"(?<![_\w])_(?!_)([^_\n]+?)_(?![_\w])", r"__\1__", text)
    return text


def plain(text: str) -> str:
    """Inline Markdown stripped to plain text (for table cells)."""
    return inline(text).replace("**", "").replace("__", "")


def _setup(created: datetime, title: str, text: str) -> FPDF:
    """A PDF with the Unicode body font registered and fixed metadata; the fallback font
    (large: a fifth of the pack's drawing time) only when `text` needs it."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creation_date(created)
    pdf.set_title(title)
    pdf.set_author("Meta-Agent")
    pdf.set_creator("Meta-Agent")
    pdf.set_auto_page_break(True, margin=48)
    pdf.set_margins(56, 56, 56)
    regular, bold = font_path(False), font_path(True)
    if regular is None or bold is None:
        pdf.set_font("helvetica", size=11)
        return pdf
    pdf.add_font(FAMILY, "", str(regular))
    pdf.add_font(FAMILY, "B", str(bold))
    italic = regular.with_name("OpenSans-Italic.ttf")
    pdf.add_font(FAMILY, "I", str(italic if italic.is_file() else regular))
    bold_italic = regular.with_name("OpenSans-BoldItalic.ttf")  # "*a **b** c*" needs it
    pdf.add_font(FAMILY, "BI", str(bold_italic if bold_italic.is_file() else bold))
    if FALLBACK_PATH.is_file() and Path(FALLBACK_PATH) != regular and needs_fallback(text):
        pdf.add_font("Fallback", "", str(FALLBACK_PATH))
        pdf.set_fallback_fonts(["Fallback"], exact_match=False)
    pdf.set_font(FAMILY, size=11)
    return pdf


def _family(pdf: FPDF) -> str:
    """The registered body family, or Helvetica when no TTF was found."""
    return FAMILY if FAMILY.lower() in pdf.fonts or FAMILY in pdf.fonts else "helvetica"


def _safe(pdf: FPDF, text: str) -> str:
    """Text the current font can encode (only matters for the Helvetica fallback)."""
    if _family(pdf) == FAMILY:
        return text
    return text.encode("latin-1", "replace").decode("latin-1")


def _heading(pdf: FPDF, level: int, text: str) -> None:
    """A heading, sized by level, with space above."""
    size = {1: 20, 2: 15, 3: 12.5}.get(level, 11)
    pdf.ln(10 if level > 1 else 4)
    pdf.set_font(_family(pdf), "B", size)
    pdf.set_text_color(17, 24, 39)
    pdf.multi_cell(0, size * 1.3, _safe(pdf, plain(text)), align="L", new_x="LMARGIN", new_y="NEXT")
    if level <= 2:
        y = pdf.get_y() + 2
        pdf.set_draw_color(209, 213, 219)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(6)
    pdf.set_font(_family(pdf), "", 11)
    pdf.set_text_color(31, 41, 55)


def _paragraph(pdf: FPDF, text: str, indent: float = 0, bullet: str = "") -> None:
    """A wrapped paragraph (bold/italic kept), optionally as a bulleted or numbered item."""
    pdf.set_font(_family(pdf), "", 11)
    if bullet:
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(14, 15, _safe(pdf, bullet))
        pdf.set_x(pdf.l_margin + indent + 14)
        width = pdf.w - pdf.r_margin - pdf.get_x()
    else:
        width = 0
    pdf.multi_cell(
        width,
        15,
        _safe(pdf, inline(text)),
        markdown=True,
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2 if bullet else 6)


def _table(pdf: FPDF, rows: list[list[str]]) -> None:
    """A Markdown table as a bordered table with a grey header row."""
    if not rows:
        return
    width = max(len(r) for r in rows)
    cells = [[_safe(pdf, plain(c)) for c in r] + [""] * (width - len(r)) for r in rows]
    pdf.set_font(_family(pdf), "", 9.5)
    pdf.ln(2)
    with pdf.table(
        line_height=13,
        padding=4,
        headings_style=_heading_style(),
        borders_layout="HORIZONTAL_LINES",
        text_align="LEFT",
    ) as table:
        for row in cells:
            table.row(row)
    pdf.ln(8)
    pdf.set_font(_family(pdf), "", 11)


def _heading_style() -> object:
    """The table header style: bold on light grey."""
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=(243, 244, 246))


def _split_row(line: str) -> list[str]:
    """Cells of one Markdown table line."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


def render_markdown(pdf: FPDF, markdown: str) -> None:
    """Draw Markdown blocks: headings, paragraphs, bullets, tables, quotes, code and rules."""
    pdf.add_page()
    lines = markdown.replace("\r\n", "\n").split("\n")
    index = 0
    para: list[str] = []

    def flush() -> None:
        if para:
            _paragraph(pdf, " ".join(s.strip() for s in para))
            para.clear()

    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        heading = _HEADING.match(stripped)
        bullet = _BULLET.match(line)
        if not stripped:
            flush()
        elif stripped.startswith("```"):
            flush()
            block: list[str] = []
            index += 1
            while index < len(lines) and not lines[index].strip().startswith("```"):
                block.append(lines[index])
                index += 1
            pdf.set_fill_color(243, 244, 246)
            pdf.set_font(_family(pdf), "", 9.5)
            pdf.multi_cell(
                0,
                13,
                _safe(pdf, "\n".join(block)),
                fill=True,
                align="L",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(6)
        elif heading:
            flush()
            _heading(pdf, len(heading.group(1)), heading.group(2))
        elif stripped.startswith("|"):
            flush()
            rows: list[list[str]] = []
            while index < len(lines) and lines[index].strip().startswith("|"):
                if not _TABLE_RULE.match(lines[index]):
                    rows.append(_split_row(lines[index]))
                index += 1
            _table(pdf, rows)
            continue
        elif bullet:
            flush()
            depth = len(bullet.group(1).replace("\t", "  ")) // 2
            mark = f"{bullet.group(2)}." if bullet.group(2) else "•"
            _paragraph(pdf, bullet.group(3), indent=14 * depth, bullet=mark)
        elif re.fullmatch(r"(-{3,}|\*{3,}|_{3,})", stripped):
            flush()
            y = pdf.get_y() + 4
            pdf.set_draw_color(209, 213, 219)
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            pdf.ln(12)
        elif stripped.startswith(">"):
            flush()
            pdf.set_text_color(75, 85, 99)
            _paragraph(pdf, stripped.lstrip("> "), indent=0)
            pdf.set_text_color(31, 41, 55)
        else:
            para.append(stripped)
        index += 1
    flush()


def render_screen_page(pdf: FPDF, page: ScreenPage) -> None:
    """One landscape page with the screen's name, caption and its PNG scaled to fit."""
    pdf.add_page(orientation="L")
    pdf.set_font(_family(pdf), "B", 16)
    pdf.set_text_color(17, 24, 39)
    pdf.cell(0, 22, _safe(pdf, page.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_family(pdf), "", 10)
    pdf.set_text_color(107, 114, 128)
    pdf.cell(0, 16, _safe(pdf, page.caption[:180]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    top = pdf.get_y()
    avail_w = pdf.w - pdf.l_margin - pdf.r_margin
    avail_h = pdf.h - top - 40
    pdf.image(
        io.BytesIO(page.image), x=pdf.l_margin, y=top, keep_aspect_ratio=True, w=avail_w, h=avail_h
    )
    pdf.set_text_color(31, 41, 55)


def render_pdf(markdown: str, pages: Sequence[ScreenPage], title: str, created: datetime) -> bytes:
    """The whole pack: brief pages, then one page per screen; bytes are reproducible."""
    words = "".join([markdown, title, *(p.title + p.caption for p in pages)])
    pdf = _setup(created, title, words)
    render_markdown(pdf, markdown)
    for page in pages:
        render_screen_page(pdf, page)
    return bytes(pdf.output())


def page_count(data: bytes) -> int:
    """Number of page objects in a PDF (a simple scan, enough for our own output)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))

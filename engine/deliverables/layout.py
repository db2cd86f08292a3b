"""Deterministic 8 px grid layout of wireframe screens and the flow map into boxes and lines."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from engine.deliverables.fonts import fit_text, text_width, wrap_text
from engine.types import Component, Screen, WireframeSpec

GRID = 8
SIZES: dict[str, tuple[int, int]] = {"desktop": (1440, 900), "mobile": (390, 844)}
TITLE_H = 48

Align = Literal["left", "center", "right"]
Shape = Literal["rect", "ellipse"]
GeometryKind = Literal["desktop", "mobile", "flow"]

INK = "#1F2937"
MUTED = "#6B7280"
FAINT = "#9CA3AF"
LINE = "#D1D5DB"
PANEL = "#F9FAFB"
FILL = "#F3F4F6"
PLACEHOLDER = "#E5E7EB"
WHITE = "#FFFFFF"
BADGE_FILL = "#FEF3C7"
BADGE_INK = "#92400E"


@dataclass(frozen=True, slots=True)
class Style:
    """How a box is painted; every renderer maps these fields the same way."""

    fill: str | None = None
    stroke: str | None = None
    text_color: str = INK
    font_size: int = 14
    bold: bool = False
    align: Align = "left"
    radius: int = 0
    stroke_width: int = 1
    dashed: bool = False
    pad: int = 0  # horizontal text inset on each side


@dataclass(frozen=True, slots=True)
class Box:
    """A placed rectangle or ellipse; `text` is one line drawn vertically centred inside it."""

    id: str
    kind: str
    x: int
    y: int
    w: int
    h: int
    style: Style
    text: str = ""
    refs: tuple[str, ...] = ()
    parent: str | None = None
    shape: Shape = "rect"


@dataclass(frozen=True, slots=True)
class Line:
    """A polyline or arrow; `start`/`end` name the boxes an arrow connects."""

    id: str
    points: tuple[tuple[int, int], ...]
    color: str = LINE
    width: int = 1
    arrow: bool = False
    dashed: bool = False
    parent: str | None = None
    start: str | None = None
    end: str | None = None
    label: str | None = None  # id of the box holding the arrow's label


@dataclass(frozen=True, slots=True)
class Geometry:
    """Everything a renderer needs for one canvas: boxes back to front, then lines."""

    id: str
    name: str
    kind: GeometryKind
    width: int
    height: int
    boxes: tuple[Box, ...]
    lines: tuple[Line, ...]
    links: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class _Block:
    """Boxes and lines of one placed component and the height it used."""

    h: int
    boxes: list[Box] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Area:
    """Where a component may go: left, top, width and the most height it may use."""

    x: int
    y: int
    w: int
    max_h: int
    mobile: bool


def snap(value: int) -> int:
    """Round up to the 8 px grid."""
    return -(-value // GRID) * GRID


def _digest(text: str) -> int:
    """A stable small integer from text (deterministic pseudo-data for charts and maps)."""
    return int.from_bytes(hashlib.blake2s(text.encode(), digest_size=4).digest(), "big")


def text_box(
    box_id: str,
    kind: str,
    rect: tuple[int, int, int, int],
    text: str,
    style: Style,
    parent: str | None,
    refs: tuple[str, ...] = (),
    shape: Shape = "rect",
) -> Box:
    """A box whose text is truncated with an ellipsis to fit its width less padding."""
    x, y, w, h = rect
    fitted = fit_text(text, max(0, w - 2 * style.pad), style.font_size, style.bold) if text else ""
    return Box(box_id, kind, x, y, w, h, style, fitted, refs, parent, shape)


# ---------------------------------------------------------------- styles

TEXT = Style()
TEXT_MUTED = Style(text_color=MUTED, font_size=12)
CAPTION = Style(font_size=14, bold=True)
HEADING = Style(font_size=24, bold=True)
BADGE = Style(BADGE_FILL, "#F59E0B", BADGE_INK, 10, True, "center", 8, 1, False, 4)
MORE = Style(None, FAINT, MUTED, 12, False, "center", 12, 1, True, 8)
BUTTON = Style(WHITE, INK, INK, 14, True, "center", 6, 1, False, 12)
BUTTON_PRIMARY = Style(INK, INK, WHITE, 14, True, "center", 6, 1, False, 12)
FIELD = Style(WHITE, FAINT, FAINT, 14, False, "left", 6, 1, False, 12)
PANEL_BOX = Style(WHITE, LINE, radius=8)
IMAGE = Style(PLACEHOLDER, FAINT, MUTED, 12, False, "center", 4, 1, False, 8)
PILL = Style(FILL, FAINT, INK, 12, True, "center", 12, 1, False, 8)
ICON = Style(PLACEHOLDER, FAINT)
REGION_STYLES: dict[str, Style] = {
    "header": Style(WHITE, LINE),
    "navigation": Style(PANEL, LINE),
    "sidebar": Style(PANEL, LINE),
    "main": Style(WHITE, None),
    "footer": Style(PANEL, LINE),
}


# ---------------------------------------------------------------- small pieces


def badges(
    refs: Sequence[str], right: int, y: int, room: int, parent: str, prefix: str
) -> tuple[list[Box], int]:
    """Ref-id pills right-aligned to `right` at `y` (16 px high) within `room`; width used."""
    placed: list[Box] = []
    x = right
    for index, ref in enumerate(refs):
        w = snap(text_width(ref, BADGE.font_size, True) + 2 * BADGE.pad)
        if right - (x - w) > room:
            break
        x -= w
        placed.append(text_box(f"{prefix}.ref{index}", "badge", (x, y, w, 16), ref, BADGE, parent))
        x -= 4
    return placed, (right - x - 4 if placed else 0)


def caption_row(comp: Component, area: _Area, gid: str, style: Style = CAPTION) -> _Block:
    """Label on the left and ref badges on the right, 24 px high; empty when neither exists."""
    if not comp.label and not comp.refs:
        return _Block(0)
    pills, used = badges(comp.refs, area.x + area.w, area.y + 4, area.w // 2, gid, gid)
    room = area.w - used - (8 if used else 0)
    boxes = list(pills)
    if comp.label and room > 0:
        rect = (area.x, area.y, room, 24)
        boxes.insert(0, text_box(f"{gid}.caption", "text", rect, comp.label, style, gid))
    return _Block(32, boxes)


def more_marker(box_id: str, count: int, x: int, y: int, parent: str, noun: str = "more") -> Box:
    """The '+N more' marker for content that did not fit."""
    text = f"+{count} {noun}"
    w = snap(text_width(text, MORE.font_size) + 2 * MORE.pad + 8)
    return text_box(box_id, "more", (x, y, w, 24), text, MORE, parent)


def cross(box: Box, parent: str) -> list[Line]:
    """The two diagonals that mark an image placeholder."""
    x0, y0, x1, y1 = box.x, box.y, box.x + box.w, box.y + box.h
    return [
        Line(f"{box.id}.d1", ((x0, y0), (x1, y1)), FAINT, 1, parent=parent),
        Line(f"{box.id}.d2", ((x0, y1), (x1, y0)), FAINT, 1, parent=parent),
    ]


def split_item(item: str) -> tuple[str, str]:
    """'Primary — secondary' into its two parts ('' when there is no secondary)."""
    for sep in (" — ", " - ", ": ", " | "):
        if sep in item:
            head, _, tail = item.partition(sep)
            return head.strip(), tail.strip()
    return item.strip(), ""


def _shift(block: _Block, dy: int) -> _Block:
    """Move every box and line of a block down by `dy`."""
    boxes = [replace(b, y=b.y + dy) for b in block.boxes]
    lines = [replace(ln, points=tuple((px, py + dy) for px, py in ln.points)) for ln in block.lines]
    return _Block(block.h + dy, boxes, lines)


def _with_caption(
    comp: Component, area: _Area, gid: str, body: Callable[[_Area], _Block | None]
) -> _Block | None:
    """A caption row followed by a body laid out in the remaining height."""
    cap = caption_row(comp, area, gid)
    inner = _Area(area.x, area.y + cap.h, area.w, area.max_h - cap.h, area.mobile)
    if inner.max_h <= 0:
        return None
    block = body(inner)
    if block is None:
        return None
    return _Block(cap.h + block.h, cap.boxes + block.boxes, block.lines)


# ---------------------------------------------------------------- components


def lay_heading(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A page heading with its badges inline."""
    if area.max_h < 40:
        return None
    pills, used = badges(comp.refs, area.x + area.w, area.y + 12, area.w // 3, gid, gid)
    rect = (area.x, area.y, area.w - used - (8 if used else 0), 40)
    return _Block(40, [text_box(f"{gid}.text", "text", rect, comp.label, HEADING, gid), *pills])


def lay_text(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A paragraph wrapped to at most three lines, then bullet items."""
    lines_fit = min(area.max_h // 24, 3 + len(comp.items))
    if lines_fit < 1:
        return None
    pills, used = badges(comp.refs, area.x + area.w, area.y + 4, area.w // 3, gid, gid)
    width = area.w - used - (8 if used else 0)
    rows = wrap_text(comp.label, width, 14, max(1, min(3, lines_fit))) if comp.label else []
    rows += [f"• {item}" for item in comp.items]
    rows = rows[:lines_fit]
    boxes = [
        text_box(f"{gid}.l{i}", "text", (area.x, area.y + 24 * i, width, 24), row, TEXT, gid)
        for i, row in enumerate(rows)
    ]
    return _Block(max(24, 24 * len(rows)), boxes + pills)


def button_width(label: str) -> int:
    """Natural width of a button for its label."""
    return max(96, snap(text_width(label, 14, True) + 32))


def badges_left(
    refs: Sequence[str], x: int, y: int, room: int, parent: str, prefix: str
) -> tuple[list[Box], int]:
    """Ref-id pills starting at `x` and running right within `room`; width used."""
    pills, used = badges(refs, x + room, y, room, parent, prefix)
    return [replace(p, x=p.x - (room - used)) for p in pills], used


def lay_buttons(comps: Sequence[Component], area: _Area, gid: str) -> _Block | None:
    """Buttons left to right, wrapping onto new 48 px rows, each followed by its ref badges."""
    if area.max_h < 40:
        return None
    boxes: list[Box] = []
    x, y, right = area.x, area.y, area.x + area.w
    for index, comp in enumerate(comps):
        label = comp.label or "Button"
        w = min(button_width(label), area.w)
        if x + w > right and x > area.x:
            x, y = area.x, y + 48
        if y + 40 > area.y + area.max_h:
            y -= 48
            x = max(b.x + b.w for b in boxes if b.y >= y) + 8
            if right - x >= 72:
                boxes.append(more_marker(f"{gid}.more", len(comps) - index, x, y + 8, gid))
            break
        style = BUTTON_PRIMARY if comp.primary else BUTTON
        bid = f"{gid}.b{index}"
        boxes.append(text_box(bid, "button", (x, y, w, 40), label, style, gid, comp.refs))
        x += w + 4
        pills, used = badges_left(comp.refs, x, y + 12, right - x, gid, bid)
        boxes += pills
        x += used + 12
    return _Block(max(b.y + b.h for b in boxes) - area.y, boxes)


def lay_field(comp: Component, area: _Area, gid: str) -> _Block | None:
    """An input, select or search field with its label above."""
    cap = caption_row(comp, area, gid, Style(text_color=MUTED, font_size=12, bold=True))
    top = area.y + cap.h
    if cap.h + 40 > area.max_h:
        return None
    w = area.w if area.mobile else min(area.w, 560)
    fid = f"{gid}.field"
    placeholder = comp.items[0] if comp.items else f"Enter {comp.label.lower()}".strip()
    boxes = cap.boxes
    if comp.kind == "select":
        boxes.append(text_box(fid, "input", (area.x, top, w - 40, 40), placeholder, FIELD, gid))
        chevron = replace(FIELD, text_color=MUTED, align="center", pad=4)
        boxes.append(
            text_box(f"{gid}.chev", "input", (area.x + w - 40, top, 40, 40), "▾", chevron, gid)
        )
    elif comp.kind == "search":
        label = comp.label.strip()
        searchy = label.lower().startswith("search")
        text = comp.items[0] if comp.items else label if searchy else f"Search {label.lower()}"
        text = text.strip()
        boxes.append(Box(fid, "input", area.x, top, w, 40, replace(FIELD, radius=20), "", (), gid))
        boxes.append(
            Box(f"{fid}.icon", "icon", area.x + 16, top + 12, 16, 16, ICON, "", (), fid, "ellipse")
        )
        rect = (area.x + 40, top + 8, w - 56, 24)
        boxes.append(
            text_box(
                f"{fid}.text",
                "text",
                rect,
                text,
                replace(FIELD, fill=None, stroke=None, pad=0),
                fid,
            )
        )
    else:
        boxes.append(text_box(fid, "input", (area.x, top, w, 40), placeholder, FIELD, gid))
    return _Block(cap.h + 40, boxes)


def lay_checks(comp: Component, area: _Area, gid: str) -> _Block | None:
    """Checkboxes or toggles, one row of 32 px each; the first is shown on."""
    labels = comp.items or (comp.label,)
    fit = min(len(labels), area.max_h // 32)
    if fit < 1:
        return None
    boxes: list[Box] = []
    pills, used = badges(comp.refs, area.x + area.w, area.y + 8, area.w // 3, gid, gid)
    for i, label in enumerate(labels[:fit]):
        y = area.y + 32 * i
        on = i == 0
        if comp.kind == "toggle":
            style = Style(INK if on else PLACEHOLDER, INK if on else FAINT, radius=8)
            boxes.append(Box(f"{gid}.c{i}", "control", area.x, y + 8, 32, 16, style, "", (), gid))
            offset = 48
        else:
            style = Style(INK if on else WHITE, INK, radius=3)
            boxes.append(Box(f"{gid}.c{i}", "control", area.x, y + 8, 16, 16, style, "", (), gid))
            offset = 32
        width = area.w - offset - (used + 8 if i == 0 and used else 0)
        rect = (area.x + offset, y + 4, width, 24)
        boxes.append(text_box(f"{gid}.t{i}", "text", rect, label, TEXT, gid))
    return _Block(32 * fit, boxes + pills)


def column_widths(comp: Component, total: int) -> list[int]:
    """Widths of table columns proportional to their content, summing to `total`."""
    cols = comp.columns or ("Item",)
    weights = []
    for index, name in enumerate(cols):
        cells = [row[index] for row in comp.rows if index < len(row)]
        widest = max([text_width(name, 12, True), *(text_width(c, 14) for c in cells)])
        weights.append(min(max(widest, 64), 320))
    scale = total / sum(weights)
    widths = [max(GRID, (int(w * scale) // GRID) * GRID) for w in weights]
    widths[-1] = total - sum(widths[:-1])
    return widths


def lay_table(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A bordered table: header row, data rows (grey skeleton bars when none) and '+N more'."""

    def body(inner: _Area) -> _Block | None:
        rows: list[tuple[str, ...]] = list(comp.rows) or [()] * 3
        if inner.max_h < 80:
            return None
        fit = min(len(rows), (inner.max_h - 40) // 40)
        dropped = len(rows) - fit
        if dropped and fit > 1:
            fit -= 1 if (inner.max_h - 40 - 40 * fit) < 32 else 0
            dropped = len(rows) - fit
        height = 40 + 40 * fit + (32 if dropped else 0)
        tid = f"{gid}.table"
        boxes = [
            Box(tid, "table", inner.x, inner.y, inner.w, height, PANEL_BOX, "", comp.refs, gid)
        ]
        widths = column_widths(comp, inner.w)
        head_style = Style(FILL, None, MUTED, 12, True, "left", 0, 1, False, 12)
        x = inner.x
        for ci, (name, w) in enumerate(zip(comp.columns or ("Item",), widths, strict=True)):
            rect = (x, inner.y, w, 40)
            boxes.append(text_box(f"{tid}.h{ci}", "cell", rect, name, head_style, tid))
            x += w
        lines: list[Line] = []
        cell_style = replace(TEXT, pad=12)
        for ri, row in enumerate(rows[:fit]):
            y = inner.y + 40 + 40 * ri
            sep = ((inner.x, y), (inner.x + inner.w, y))
            lines.append(Line(f"{tid}.sep{ri}", sep, LINE, parent=tid))
            x = inner.x
            for ci, w in enumerate(widths):
                cid = f"{tid}.r{ri}c{ci}"
                if row:
                    value = row[ci] if ci < len(row) else ""
                    boxes.append(text_box(cid, "cell", (x, y, w, 40), value, cell_style, tid))
                else:
                    bar_w = max(GRID, min(w - 24, snap(w * (3 + (ri + ci) % 3) // 8)))
                    bar = Box(
                        cid,
                        "skeleton",
                        x + 12,
                        y + 16,
                        bar_w,
                        8,
                        Style(PLACEHOLDER, None, radius=4),
                    )
                    boxes.append(replace(bar, parent=tid))
                x += w
        if dropped:
            y = inner.y + 40 + 40 * fit
            boxes.append(more_marker(f"{tid}.more", dropped, inner.x + 12, y + 4, tid, "more rows"))
        return _Block(height, boxes, lines)

    return _with_caption(comp, area, gid, body)


def lay_list(comp: Component, area: _Area, gid: str) -> _Block | None:
    """Rows with an avatar, a title, an optional subtitle and a chevron."""

    def body(inner: _Area) -> _Block | None:
        items = list(comp.items) or ["—"]
        two = any(split_item(i)[1] for i in items)
        row_h = 64 if two else 48
        fit = min(len(items), inner.max_h // row_h)
        if fit < len(items):
            fit = min(len(items), (inner.max_h - 32) // row_h)
        if fit < 1:
            return None
        dropped = len(items) - fit
        height = row_h * fit + (32 if dropped else 0)
        lid = f"{gid}.list"
        boxes = [Box(lid, "list", inner.x, inner.y, inner.w, height, PANEL_BOX, "", comp.refs, gid)]
        lines: list[Line] = []
        for i, item in enumerate(items[:fit]):
            y = inner.y + row_h * i
            if i:
                lines.append(
                    Line(f"{lid}.sep{i}", ((inner.x, y), (inner.x + inner.w, y)), LINE, parent=lid)
                )
            boxes.append(
                Box(
                    f"{lid}.a{i}",
                    "avatar",
                    inner.x + 16,
                    y + row_h // 2 - 16,
                    32,
                    32,
                    ICON,
                    "",
                    (),
                    lid,
                    "ellipse",
                )
            )
            title, sub = split_item(item)
            width = inner.w - 56 - 40
            if two:
                boxes.append(
                    text_box(
                        f"{lid}.t{i}", "text", (inner.x + 56, y + 8, width, 24), title, CAPTION, lid
                    )
                )
                boxes.append(
                    text_box(
                        f"{lid}.s{i}",
                        "text",
                        (inner.x + 56, y + 32, width, 24),
                        sub,
                        TEXT_MUTED,
                        lid,
                    )
                )
            else:
                boxes.append(
                    text_box(
                        f"{lid}.t{i}", "text", (inner.x + 56, y + 12, width, 24), title, TEXT, lid
                    )
                )
            chev = Style(text_color=FAINT, font_size=16, align="center")
            boxes.append(
                text_box(
                    f"{lid}.c{i}",
                    "text",
                    (inner.x + inner.w - 40, y + row_h // 2 - 12, 24, 24),
                    "›",
                    chev,
                    lid,
                )
            )
        if dropped:
            boxes.append(
                more_marker(f"{lid}.more", dropped, inner.x + 16, inner.y + row_h * fit + 4, lid)
            )
        return _Block(height, boxes, lines)

    return _with_caption(comp, area, gid, body)


def lay_cards(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A grid of cards, each an image placeholder with a title and a subtitle."""

    def body(inner: _Area) -> _Block | None:
        items = list(comp.items) or ["Item"]
        cols = max(1, min(4, (inner.w + 16) // (176 if inner.mobile else 256)))
        card_w = ((inner.w - 16 * (cols - 1)) // cols // GRID) * GRID
        card_h = 176 if inner.mobile else 200
        rows_total = -(-len(items) // cols)
        rows_fit = min(rows_total, (inner.max_h + 16) // (card_h + 16))
        if rows_fit < rows_total:
            rows_fit = min(rows_total, (inner.max_h - 32 + 16) // (card_h + 16))
        if rows_fit < 1:
            return None
        shown = min(len(items), rows_fit * cols)
        dropped = len(items) - shown
        boxes: list[Box] = []
        lines: list[Line] = []
        for i, item in enumerate(items[:shown]):
            x = inner.x + (card_w + 16) * (i % cols)
            y = inner.y + (card_h + 16) * (i // cols)
            cid = f"{gid}.card{i}"
            boxes.append(
                Box(
                    cid,
                    "card",
                    x,
                    y,
                    card_w,
                    card_h,
                    PANEL_BOX,
                    "",
                    comp.refs if i == 0 else (),
                    gid,
                )
            )
            img = Box(
                f"{cid}.img", "image", x + 8, y + 8, card_w - 16, card_h - 80, IMAGE, "", (), cid
            )
            boxes.append(img)
            lines += cross(img, cid)
            title, sub = split_item(item)
            boxes.append(
                text_box(
                    f"{cid}.t",
                    "text",
                    (x + 16, y + card_h - 64, card_w - 32, 24),
                    title,
                    CAPTION,
                    cid,
                )
            )
            boxes.append(
                text_box(
                    f"{cid}.s",
                    "text",
                    (x + 16, y + card_h - 40, card_w - 32, 24),
                    sub or "Details",
                    TEXT_MUTED,
                    cid,
                )
            )
        height = rows_fit * (card_h + 16) - 16
        if dropped:
            boxes.append(more_marker(f"{gid}.more", dropped, inner.x, inner.y + height + 8, gid))
            height += 32
        return _Block(height, boxes, lines)

    return _with_caption(comp, area, gid, body)


def lay_tiles(comp: Component, area: _Area, gid: str) -> _Block | None:
    """Stat tiles: a small label and a big value, up to four in a row."""

    def body(inner: _Area) -> _Block | None:
        items = list(comp.items) or ["Total: —"]
        cols = 2 if inner.mobile else min(4, len(items))
        cols = max(1, min(cols, (inner.w + 16) // 136))
        tile_w = ((inner.w - 16 * (cols - 1)) // cols // GRID) * GRID
        rows_total = -(-len(items) // cols)
        rows_fit = min(rows_total, (inner.max_h + 16) // 112)
        if rows_fit < 1:
            return None
        boxes: list[Box] = []
        for i, item in enumerate(items[: rows_fit * cols]):
            x = inner.x + (tile_w + 16) * (i % cols)
            y = inner.y + 112 * (i // cols)
            last_alone = i == len(items) - 1 and i % cols == 0 and cols > 1
            width = inner.w if last_alone else tile_w
            tid = f"{gid}.tile{i}"
            label, value = split_item(item)
            boxes.append(Box(tid, "tile", x, y, width, 96, PANEL_BOX, "", (), gid))
            boxes.append(
                text_box(
                    f"{tid}.l", "text", (x + 16, y + 16, width - 32, 24), label, TEXT_MUTED, tid
                )
            )
            big = Style(font_size=24, bold=True)
            boxes.append(
                text_box(
                    f"{tid}.v", "text", (x + 16, y + 40, width - 32, 40), value or "—", big, tid
                )
            )
        return _Block(rows_fit * 112 - 16, boxes)

    return _with_caption(comp, area, gid, body)


def lay_chart(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A chart panel with axes and deterministic placeholder data."""

    def body(inner: _Area) -> _Block | None:
        height = min(inner.max_h, 176 if inner.mobile else 240)
        height = (height // GRID) * GRID
        if height < 120:
            return None
        pid = f"{gid}.plot"
        boxes = [
            Box(pid, "chart", inner.x, inner.y, inner.w, height, PANEL_BOX, "", comp.refs, gid)
        ]
        lines: list[Line] = []
        seed = _digest(comp.label + "".join(comp.items))
        x0, y0 = inner.x + 40, inner.y + 16
        x1, y1 = inner.x + inner.w - 16, inner.y + height - 40
        kind = comp.chart or "bar"
        labels = list(comp.items[:6]) or [f"W{i + 1}" for i in range(6)]
        if kind == "pie":
            d = min(y1 - y0, (x1 - x0) // 2)
            d = (d // GRID) * GRID
            cx, cy = x0 + d // 2, y0 + d // 2
            boxes.append(
                Box(
                    f"{pid}.pie",
                    "pie",
                    x0,
                    y0,
                    d,
                    d,
                    Style(PLACEHOLDER, FAINT),
                    "",
                    (),
                    pid,
                    "ellipse",
                )
            )
            for i in range(3):
                angle = [(0, -1), (1, 1), (-1, 1)][i]
                lines.append(
                    Line(
                        f"{pid}.w{i}",
                        (
                            (cx, cy),
                            (cx + angle[0] * d // 2 * 7 // 10, cy + angle[1] * d // 2 * 7 // 10),
                        ),
                        FAINT,
                        2,
                        parent=pid,
                    )
                )
            lx = x0 + d + 24
            for i, label in enumerate(labels[:4]):
                ly = y0 + 8 + 32 * i
                if ly + 24 > y1 + 24 or lx + 64 > x1:
                    break
                shade = ["#4B5563", "#9CA3AF", "#D1D5DB", "#E5E7EB"][i]
                boxes.append(
                    Box(
                        f"{pid}.k{i}",
                        "swatch",
                        lx,
                        ly + 4,
                        16,
                        16,
                        Style(shade, None, radius=2),
                        "",
                        (),
                        pid,
                    )
                )
                boxes.append(
                    text_box(
                        f"{pid}.kt{i}",
                        "text",
                        (lx + 24, ly, x1 - lx - 24, 24),
                        label,
                        TEXT_MUTED,
                        pid,
                    )
                )
            return _Block(height, boxes, lines)
        lines.append(Line(f"{pid}.ax", ((x0, y0), (x0, y1), (x1, y1)), FAINT, 1, parent=pid))
        n = len(labels)
        slot = max(GRID, (x1 - x0) // n)
        values = [30 + (seed >> (3 * i)) % 60 for i in range(n)]
        for i, label in enumerate(labels):
            sx = x0 + slot * i
            rect = (sx, y1 + 8, slot, 24)
            boxes.append(
                text_box(
                    f"{pid}.x{i}",
                    "text",
                    rect,
                    label,
                    replace(TEXT_MUTED, align="center", pad=2),
                    pid,
                )
            )
        if kind == "bar":
            bar_w = max(GRID, min(48, (slot // 2 // GRID) * GRID))
            for i, v in enumerate(values):
                bh = max(GRID, ((y1 - y0) * v // 100 // GRID) * GRID)
                bx = x0 + slot * i + (slot - bar_w) // 2
                boxes.append(
                    Box(
                        f"{pid}.bar{i}",
                        "bar",
                        bx,
                        y1 - bh,
                        bar_w,
                        bh,
                        Style("#9CA3AF", None, radius=2),
                        "",
                        (),
                        pid,
                    )
                )
        else:
            pts = tuple(
                (x0 + slot * i + slot // 2, y1 - (y1 - y0) * v // 100) for i, v in enumerate(values)
            )
            lines.append(Line(f"{pid}.series", pts, "#4B5563", 2, parent=pid))
        return _Block(height, boxes, lines)

    return _with_caption(comp, area, gid, body)


def lay_image(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A grey image placeholder with diagonals and a centred label."""
    height = (min(area.max_h, 160 if area.mobile else 224) // GRID) * GRID
    if height < 64:
        return None
    iid = f"{gid}.img"
    img = Box(iid, "image", area.x, area.y, area.w, height, IMAGE, "", comp.refs, gid)
    boxes = [img]
    label = comp.label or "Image"
    w = min(area.w - 16, snap(text_width(label, 12) + 24))
    rect = (area.x + (area.w - w) // 2 // GRID * GRID, area.y + height // 2 - 12, w, 24)
    boxes.append(
        text_box(f"{iid}.label", "text", rect, label, replace(IMAGE, stroke=None, pad=8), iid)
    )
    pills, _ = badges(comp.refs, area.x + area.w - 8, area.y + 8, area.w // 2, iid, iid)
    return _Block(height, boxes + pills, cross(img, iid))


def lay_tabs(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A row of tabs, the first selected, with a base line; extra tabs become '+N'."""
    if area.max_h < 40:
        return None
    tabs = list(comp.items) or [comp.label or "Overview"]
    pills, used = badges(comp.refs, area.x + area.w, area.y + 12, area.w // 3, gid, gid)
    right = area.x + area.w - used - (8 if used else 0)
    boxes: list[Box] = []
    lines = [
        Line(
            f"{gid}.base", ((area.x, area.y + 39), (area.x + area.w, area.y + 39)), LINE, parent=gid
        )
    ]
    x = area.x
    for i, tab in enumerate(tabs):
        w = snap(text_width(tab, 14, i == 0) + 32)
        if x + w > right - (72 if i < len(tabs) - 1 else 0):
            boxes.append(more_marker(f"{gid}.more", len(tabs) - i, x, area.y + 8, gid))
            break
        style = Style(text_color=INK if i == 0 else MUTED, bold=i == 0, align="center", pad=8)
        boxes.append(text_box(f"{gid}.tab{i}", "tab", (x, area.y, w, 40), tab, style, gid))
        if i == 0:
            lines.append(
                Line(f"{gid}.sel", ((x, area.y + 38), (x + w, area.y + 38)), INK, 3, parent=gid)
            )
        x += w
    return _Block(40, boxes + pills, lines)


def lay_form(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A form: title, then each field as a label above an input; extra fields become '+N'."""

    def body(inner: _Area) -> _Block | None:
        fields = list(comp.items) or ["Name"]
        w = inner.w if inner.mobile else min(inner.w, 640)
        fit = min(len(fields), (inner.max_h + 16) // 80)
        if fit < len(fields):
            fit = min(len(fields), (inner.max_h - 32 + 16) // 80)
        if fit < 1:
            return None
        boxes: list[Box] = []
        label_style = Style(text_color=MUTED, font_size=12, bold=True)
        for i, name in enumerate(fields[:fit]):
            y = inner.y + 80 * i
            title, hint = split_item(name)
            boxes.append(
                text_box(f"{gid}.f{i}.l", "text", (inner.x, y, w, 24), title, label_style, gid)
            )
            hint = hint or f"Enter {title.lower()}"
            boxes.append(
                text_box(f"{gid}.f{i}", "input", (inner.x, y + 24, w, 40), hint, FIELD, gid)
            )
        height = 80 * fit - 16
        dropped = len(fields) - fit
        if dropped:
            boxes.append(
                more_marker(
                    f"{gid}.more", dropped, inner.x, inner.y + height + 8, gid, "more fields"
                )
            )
            height += 32
        return _Block(height, boxes)

    return _with_caption(comp, area, gid, body)


def lay_modal(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A dialog: title, up to three lines of content and Cancel / confirm buttons."""
    w = area.w if area.mobile else min(area.w, 560)
    lines_fit = min(len(comp.items), 3, max(0, (area.max_h - 136) // 24))
    height = 136 + 24 * lines_fit
    if height > area.max_h:
        return None
    mid = f"{gid}.modal"
    boxes = [
        Box(
            mid,
            "modal",
            area.x,
            area.y,
            w,
            height,
            Style(WHITE, INK, radius=8, stroke_width=2),
            "",
            comp.refs,
            gid,
        )
    ]
    inner = _Area(area.x + 24, area.y + 24, w - 48, height - 48, area.mobile)
    cap = caption_row(comp, inner, mid, Style(font_size=16, bold=True))
    boxes += cap.boxes
    for i, item in enumerate(comp.items[:lines_fit]):
        rect = (inner.x, inner.y + 32 + 24 * i, inner.w, 24)
        boxes.append(text_box(f"{mid}.l{i}", "text", rect, item, TEXT, mid))
    by = area.y + height - 64
    confirm = "Confirm"
    cw = min(button_width(confirm), inner.w // 2 - 8)
    boxes.append(
        text_box(
            f"{mid}.ok",
            "button",
            (inner.x + inner.w - cw, by, cw, 40),
            confirm,
            BUTTON_PRIMARY,
            mid,
        )
    )
    boxes.append(
        text_box(
            f"{mid}.cancel",
            "button",
            (inner.x + inner.w - 2 * cw - 8, by, cw, 40),
            "Cancel",
            BUTTON,
            mid,
        )
    )
    return _Block(height, boxes)


def lay_map(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A map placeholder with roads and labelled pins, one pin per grid cell."""
    return _with_caption(comp, area, gid, lambda inner: _map_body(comp, inner, gid))


def _map_body(comp: Component, area: _Area, gid: str) -> _Block | None:
    """The map panel itself."""
    height = (min(area.max_h, 224 if area.mobile else 320) // GRID) * GRID
    if height < 96:
        return None
    mid = f"{gid}.map"
    box = Box(
        mid,
        "map",
        area.x,
        area.y,
        area.w,
        height,
        Style("#EEF2F0", FAINT, radius=4),
        "",
        comp.refs,
        gid,
    )
    seed = _digest(comp.label + "".join(comp.items))
    lines = [
        Line(
            f"{mid}.road0",
            (
                (area.x, area.y + height * 2 // 3),
                (area.x + area.w * 2 // 5, area.y + height // 2),
                (area.x + area.w, area.y + height * 3 // 5),
            ),
            WHITE,
            6,
            parent=mid,
        ),
        Line(
            f"{mid}.road1",
            ((area.x + area.w * 3 // 5, area.y), (area.x + area.w // 2, area.y + height)),
            WHITE,
            6,
            parent=mid,
        ),
    ]
    boxes = [box]
    pins = list(comp.items[:4]) or [comp.label or "Location"]
    cols = 2 if area.mobile else 4
    cell_w = area.w // cols
    for i, pin in enumerate(pins):
        cx = area.x + cell_w * (i % cols) + 8
        upper = area.y + 16 + (seed >> (4 * i)) % max(1, height // 2 - 48) // GRID * GRID
        cy = area.y + height - 40 if i // cols else upper
        pin_style = Style(INK, WHITE, radius=8, stroke_width=2)
        boxes.append(
            Box(f"{mid}.pin{i}", "pin", cx, cy + 4, 16, 16, pin_style, "", (), mid, "ellipse")
        )
        tag = Style(WHITE, LINE, INK, 12, False, "left", 4, 1, False, 6)
        tw = min(cell_w - 40, snap(text_width(pin, 12) + 12))
        if tw >= 24:
            boxes.append(text_box(f"{mid}.tag{i}", "text", (cx + 24, cy, tw, 24), pin, tag, mid))
    return _Block(height, boxes, lines)


def lay_calendar(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A month grid with weekday headers and the items as event chips."""

    def body(inner: _Area) -> _Block | None:
        cell_h = 48 if inner.mobile else 64
        weeks = min(5, (inner.max_h - 24) // cell_h)
        if weeks < 2:
            return None
        cal = f"{gid}.cal"
        height = 24 + weeks * cell_h
        boxes = [
            Box(cal, "calendar", inner.x, inner.y, inner.w, height, PANEL_BOX, "", comp.refs, gid)
        ]
        lines: list[Line] = []
        cw = inner.w // 7
        days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        for d, name in enumerate(days):
            rect = (inner.x + cw * d, inner.y, cw, 24)
            boxes.append(
                text_box(
                    f"{cal}.d{d}",
                    "text",
                    rect,
                    name[0] if inner.mobile else name,
                    replace(TEXT_MUTED, align="center", pad=2),
                    cal,
                )
            )
        events = list(comp.items)
        chip = Style(FILL, FAINT, INK, 10 if inner.mobile else 11, False, "left", 3, 1, False, 4)
        for week in range(weeks):
            y = inner.y + 24 + cell_h * week
            lines.append(
                Line(f"{cal}.w{week}", ((inner.x, y), (inner.x + inner.w, y)), LINE, parent=cal)
            )
            for d in range(7):
                n = week * 7 + d + 1
                if n > 30:
                    continue
                x = inner.x + cw * d
                rect = (x + 2, y, cw - 4, 24)
                boxes.append(
                    text_box(f"{cal}.n{n}", "text", rect, str(n), replace(TEXT_MUTED, pad=4), cal)
                )
                slot = (n * 5 + 3) % 11
                if slot < len(events):
                    chip_rect = (x + 4, y + 24, cw - 8, 16 if inner.mobile else 24)
                    boxes.append(
                        text_box(f"{cal}.e{n}", "event", chip_rect, events[slot], chip, cal)
                    )
        return _Block(height, boxes, lines)

    return _with_caption(comp, area, gid, body)


def lay_timeline(comp: Component, area: _Area, gid: str) -> _Block | None:
    """Items as dots on a vertical line, text on the right, secondary part right-aligned."""

    def body(inner: _Area) -> _Block | None:
        items = list(comp.items) or [comp.label or "Event"]
        fit = min(len(items), inner.max_h // 48)
        if fit < len(items):
            fit = min(len(items), (inner.max_h - 32) // 48)
        if fit < 1:
            return None
        boxes: list[Box] = []
        lines = (
            [
                Line(
                    f"{gid}.spine",
                    ((inner.x + 8, inner.y + 24), (inner.x + 8, inner.y + 48 * fit - 24)),
                    LINE,
                    2,
                    parent=gid,
                )
            ]
            if fit > 1
            else []
        )
        for i, item in enumerate(items[:fit]):
            y = inner.y + 48 * i
            style = Style(INK if i == 0 else WHITE, INK, radius=8, stroke_width=2)
            boxes.append(
                Box(f"{gid}.dot{i}", "dot", inner.x, y + 16, 16, 16, style, "", (), gid, "ellipse")
            )
            head, tail = split_item(item)
            tail_w = min(inner.w // 3, snap(text_width(tail, 12) + 8)) if tail else 0
            rect = (inner.x + 32, y + 12, inner.w - 32 - tail_w, 24)
            boxes.append(text_box(f"{gid}.t{i}", "text", rect, head, TEXT, gid))
            if tail:
                rect = (inner.x + inner.w - tail_w, y + 12, tail_w, 24)
                boxes.append(
                    text_box(
                        f"{gid}.s{i}", "text", rect, tail, replace(TEXT_MUTED, align="right"), gid
                    )
                )
        height = 48 * fit
        if fit < len(items):
            boxes.append(
                more_marker(
                    f"{gid}.more", len(items) - fit, inner.x + 32, inner.y + height + 4, gid
                )
            )
            height += 32
        return _Block(height, boxes, lines)

    return _with_caption(comp, area, gid, body)


def lay_avatar(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A round avatar with a name and an optional second line."""
    if area.max_h < 48:
        return None
    boxes = [
        Box(f"{gid}.av", "avatar", area.x, area.y, 48, 48, ICON, "", comp.refs, gid, "ellipse")
    ]
    pills, used = badges(comp.refs, area.x + area.w, area.y + 16, area.w // 3, gid, gid)
    width = area.w - 64 - used - (8 if used else 0)
    head, tail = split_item(comp.label or "Name")
    tail = tail or (comp.items[0] if comp.items else "")
    if tail:
        boxes.append(
            text_box(f"{gid}.n", "text", (area.x + 64, area.y, width, 24), head, CAPTION, gid)
        )
        boxes.append(
            text_box(
                f"{gid}.s", "text", (area.x + 64, area.y + 24, width, 24), tail, TEXT_MUTED, gid
            )
        )
    else:
        boxes.append(
            text_box(f"{gid}.n", "text", (area.x + 64, area.y + 12, width, 24), head, CAPTION, gid)
        )
    return _Block(48, boxes + pills)


def lay_badge(comp: Component, area: _Area, gid: str) -> _Block | None:
    """Status pills: the label and any items, in one row."""
    if area.max_h < 24:
        return None
    boxes: list[Box] = []
    pills, used = badges(comp.refs, area.x + area.w, area.y + 4, area.w // 3, gid, gid)
    right = area.x + area.w - used - 8
    x = area.x
    for i, text in enumerate([t for t in (comp.label, *comp.items) if t]):
        w = min(right - x, snap(text_width(text, 12, True) + 24))
        if w < 48:
            break
        boxes.append(text_box(f"{gid}.p{i}", "pill", (x, area.y, w, 24), text, PILL, gid))
        x += w + 8
    return _Block(24, boxes + pills)


def lay_navlist(comp: Component, area: _Area, gid: str) -> _Block | None:
    """A vertical navigation list (navbar in a side column, or a sidebar); `active` is lit."""

    def body(inner: _Area) -> _Block | None:
        items = list(comp.items) or ["Home"]
        fit = min(len(items), inner.max_h // 40)
        if fit < len(items):
            fit = min(len(items), (inner.max_h - 32) // 40)
        if fit < 1:
            return None
        boxes: list[Box] = []
        for i, item in enumerate(items[:fit]):
            y = inner.y + 40 * i
            rid = f"{gid}.n{i}"
            style = Style(PLACEHOLDER if i == comp.active else None, None, radius=6)
            boxes.append(Box(rid, "nav", inner.x, y, inner.w, 40, style, "", (), gid))
            boxes.append(
                Box(
                    f"{rid}.i",
                    "icon",
                    inner.x + 12,
                    y + 12,
                    16,
                    16,
                    Style(FAINT if i == comp.active else PLACEHOLDER, None, radius=4),
                    "",
                    (),
                    rid,
                )
            )
            on = i == comp.active
            text_style = Style(text_color=INK if on else MUTED, bold=on)
            boxes.append(
                text_box(
                    f"{rid}.t",
                    "text",
                    (inner.x + 40, y + 8, inner.w - 48, 24),
                    item,
                    text_style,
                    rid,
                )
            )
        height = 40 * fit
        if fit < len(items):
            boxes.append(
                more_marker(f"{gid}.more", len(items) - fit, inner.x + 8, inner.y + height + 4, gid)
            )
            height += 32
        return _Block(height, boxes)

    return _with_caption(comp, area, gid, body)


LAYOUTS: dict[str, Callable[[Component, _Area, str], _Block | None]] = {
    "heading": lay_heading,
    "text": lay_text,
    "input": lay_field,
    "select": lay_field,
    "search": lay_field,
    "checkbox": lay_checks,
    "toggle": lay_checks,
    "table": lay_table,
    "list": lay_list,
    "card_grid": lay_cards,
    "stat_tiles": lay_tiles,
    "chart": lay_chart,
    "image": lay_image,
    "tabs": lay_tabs,
    "form": lay_form,
    "modal": lay_modal,
    "map": lay_map,
    "calendar": lay_calendar,
    "timeline": lay_timeline,
    "avatar": lay_avatar,
    "badge": lay_badge,
    "navbar": lay_navlist,
    "sidebar": lay_navlist,
}


def lay_component(comp: Component, area: _Area, gid: str) -> _Block | None:
    """Lay out one component in `area`, or None when even its smallest form does not fit."""
    if comp.kind == "button":
        return lay_buttons([comp], area, gid)
    return LAYOUTS[comp.kind](comp, area, gid)


# ---------------------------------------------------------------- regions


def _group(gid: str, block: _Block, area: _Area, parent: str, refs: tuple[str, ...]) -> list[Box]:
    """The invisible group box that holds a component's parts."""
    return [Box(gid, "group", area.x, area.y, area.w, block.h, Style(), "", refs, parent)]


def _runs(components: Sequence[Component]) -> list[list[Component]]:
    """Components in layout order, consecutive buttons merged into one run."""
    runs: list[list[Component]] = []
    for comp in components:
        if comp.kind == "button" and runs and runs[-1][0].kind == "button":
            runs[-1].append(comp)
        else:
            runs.append([comp])
    return runs


PAIRABLE = frozenset(
    {"chart", "list", "timeline", "image", "map", "calendar", "stat_tiles", "avatar"}
)


def stack(
    components: Sequence[Component], area: _Area, rid: str, gap: int = 16
) -> tuple[list[Box], list[Line]]:
    """Components top to bottom; what does not fit is summarised by one '+N more' marker."""
    boxes: list[Box] = []
    lines: list[Line] = []
    runs = _runs(components)
    y, bottom = area.y, area.y + area.max_h
    index = 0
    while index < len(runs):
        run = runs[index]
        remaining = sum(len(r) for r in runs[index + 1 :])
        reserve = 32 if remaining else 0
        pair = (
            not area.mobile
            and area.w >= 880
            and index + 1 < len(runs)
            and run[0].kind in PAIRABLE
            and runs[index + 1][0].kind in PAIRABLE
        )
        room = bottom - y - (32 if (remaining - (1 if pair else 0)) > 0 else 0)
        if pair:
            placed = _pair(
                run[0], runs[index + 1][0], _Area(area.x, y, area.w, room, False), rid, index
            )
            if placed is not None:
                boxes += placed.boxes
                lines += placed.lines
                y += snap(placed.h) + gap
                index += 2
                continue
        room = bottom - y - reserve
        gid = f"{rid}.{index}"
        sub = _Area(area.x, y, area.w, room, area.mobile)
        block = (
            lay_buttons(run, sub, gid)
            if run[0].kind == "button"
            else LAYOUTS[run[0].kind](run[0], sub, gid)
        )
        if block is None or block.h > room:
            break
        refs = tuple(dict.fromkeys(r for c in run for r in c.refs))[:6]
        boxes += _group(gid, block, sub, rid, refs) + block.boxes
        lines += block.lines
        y += snap(block.h) + gap
        index += 1
    left = sum(len(r) for r in runs[index:])
    if left:
        boxes.append(more_marker(f"{rid}.more", left, area.x, min(y, bottom - 24), rid))
    return boxes, lines


def _pair(a: Component, b: Component, area: _Area, rid: str, index: int) -> _Block | None:
    """Two components side by side (60/40) on wide desktop main areas."""
    left_w = ((area.w - 24) * 3 // 5 // GRID) * GRID
    right_w = area.w - 24 - left_w
    left = _Area(area.x, area.y, left_w, area.max_h, False)
    right = _Area(area.x + left_w + 24, area.y, right_w, area.max_h, False)
    ga, gb = f"{rid}.{index}", f"{rid}.{index + 1}"
    block_a = lay_component(a, left, ga)
    block_b = lay_component(b, right, gb)
    if block_a is None or block_b is None:
        return None
    boxes = _group(ga, block_a, left, rid, a.refs) + block_a.boxes
    boxes += _group(gb, block_b, right, rid, b.refs) + block_b.boxes
    return _Block(max(block_a.h, block_b.h), boxes, block_a.lines + block_b.lines)


def _toolbar_item(comp: Component, x: int, y: int, room: int, gid: str) -> _Block | None:
    """One compact header/footer item 40 px high; `_Block.h` holds its width here."""
    if comp.kind == "navbar":
        return _toolbar_nav(comp, x, y, room, gid)
    if comp.kind in ("search", "input", "select"):
        w = min(room, 320)
        if w < 160:
            return None
        bare = comp.model_copy(update={"label": "", "refs": ()})
        block = lay_field(bare, _Area(x, y, w, 40, False), gid)
        return None if block is None else _Block(w, block.boxes)
    if comp.kind == "avatar":
        if room < 40:
            return None
        return _Block(
            40, [Box(f"{gid}.av", "avatar", x, y, 40, 40, ICON, "", comp.refs, gid, "ellipse")]
        )
    if comp.kind == "button":
        label = comp.label or "Button"
        w = button_width(label)
        if w > room:
            return None
        style = BUTTON_PRIMARY if comp.primary else BUTTON
        return _Block(
            w, [text_box(f"{gid}.b", "button", (x, y, w, 40), label, style, gid, comp.refs)]
        )
    if comp.kind == "badge":
        w = snap(text_width(comp.label, 12, True) + 24)
        if w > room or not comp.label:
            return None
        return _Block(w, [text_box(f"{gid}.p", "pill", (x, y + 8, w, 24), comp.label, PILL, gid)])
    if comp.kind == "tabs":
        block = lay_tabs(comp.model_copy(update={"refs": ()}), _Area(x, y, room, 40, False), gid)
        if block is None:
            return None
        right = max((b.x + b.w for b in block.boxes), default=x)
        return _Block(right - x, block.boxes, [_clip(ln, right) for ln in block.lines])
    bold = comp.kind == "heading"
    size = 16 if bold else 14
    text = comp.label or ", ".join(comp.items) or comp.kind
    w = min(room, snap(text_width(text, size, bold) + 8))
    if w < 48:
        return None
    style = Style(font_size=size, bold=bold)
    return _Block(w, [text_box(f"{gid}.t", "text", (x, y + 8, w, 24), text, style, gid)])


def _clip(line: Line, right: int) -> Line:
    """A line with its x coordinates limited to `right`."""
    return replace(line, points=tuple((min(px, right), py) for px, py in line.points))


def _toolbar_nav(comp: Component, x: int, y: int, room: int, gid: str) -> _Block | None:
    """Logo, product name and top-level links for a header navbar."""
    title = comp.label or "Home"
    tw = min(room - 48, snap(text_width(title, 16, True) + 8))
    if tw < 24:
        return None
    logo = Box(f"{gid}.logo", "logo", x, y + 4, 32, 32, Style(INK, None, radius=8), "", (), gid)
    name_style = Style(font_size=16, bold=True)
    boxes = [
        logo,
        text_box(f"{gid}.title", "text", (x + 40, y + 8, tw, 24), title, name_style, gid),
    ]
    cx = x + 40 + tw + 24
    for i, item in enumerate(comp.items):
        w = snap(text_width(item, 14, i == 0) + 16)
        if cx + w > x + room:
            break
        style = Style(text_color=INK if i == 0 else MUTED, bold=i == 0, align="center", pad=8)
        boxes.append(text_box(f"{gid}.l{i}", "link", (cx, y + 8, w, 24), item, style, gid))
        cx += w + 8
    return _Block(max(b.x + b.w for b in boxes) - x, boxes)


def toolbar(components: Sequence[Component], area: _Area, rid: str) -> tuple[list[Box], list[Line]]:
    """Header/footer layout: the first item on the left, the rest right-aligned, in one row."""
    boxes: list[Box] = []
    lines: list[Line] = []
    if not components:
        return boxes, lines
    y = area.y + (area.max_h - 40) // 2 // GRID * GRID
    cursor = area.x + area.w
    tail: list[tuple[int, _Block]] = []
    dropped = 0
    for index in range(len(components) - 1, 0, -1):
        room = min(cursor - area.x - 200, 360)
        probe = _toolbar_item(components[index], 0, y, room, "probe") if not dropped else None
        if probe is None:
            dropped += 1
            continue
        cursor -= snap(probe.h)
        block = _toolbar_item(components[index], cursor, y, snap(probe.h), f"{rid}.{index}")
        cursor -= 16
        if block is not None:
            tail.append((index, block))
    marker_w = 96 if dropped else 0
    first = _toolbar_item(components[0], area.x, y, cursor - area.x - marker_w, f"{rid}.0")
    placed = ([(0, first)] if first else []) + tail[::-1]
    for index, block in placed:
        gid = f"{rid}.{index}"
        x0 = min(b.x for b in block.boxes)
        x1 = max(b.x + b.w for b in block.boxes)
        boxes.append(
            Box(gid, "group", x0, y, x1 - x0, 40, Style(), "", components[index].refs, rid)
        )
        boxes += block.boxes
        lines += block.lines
    missing = dropped + (0 if first else 1)
    if missing:
        marker = more_marker(f"{rid}.more", missing, 0, y + 8, rid)
        x = max(area.x, cursor - marker.w)
        if x + marker.w <= cursor:
            boxes.append(replace(marker, x=x))
    return boxes, lines


def tabbar(components: Sequence[Component], area: _Area, rid: str) -> tuple[list[Box], list[Line]]:
    """Mobile bottom tab bar from the navigation region's first navbar (or labels)."""
    items: list[str] = []
    refs: tuple[str, ...] = ()
    selected = components[0].active if components else 0
    for comp in components:
        items += list(comp.items) or [comp.label]
        refs = refs or comp.refs
    items = [i for i in items if i][:5] or ["Home"]
    cell = area.w // len(items)
    gid = f"{rid}.0"
    boxes = [
        Box(gid, "group", area.x, area.y, cell * len(items), area.max_h, Style(), "", refs, rid)
    ]
    for i, item in enumerate(items):
        x = area.x + cell * i
        active = i == selected
        boxes.append(
            Box(
                f"{gid}.i{i}",
                "icon",
                x + cell // 2 - 12,
                area.y + 8,
                24,
                24,
                Style(INK if active else PLACEHOLDER, None, radius=6),
                "",
                (),
                gid,
            )
        )
        style = Style(
            text_color=INK if active else MUTED, font_size=11, bold=active, align="center", pad=2
        )
        boxes.append(text_box(f"{gid}.t{i}", "text", (x, area.y + 32, cell, 24), item, style, gid))
    return boxes, []


# ---------------------------------------------------------------- screens


def region_rects(screen: Screen) -> dict[str, tuple[int, int, int, int]]:
    """Rectangles of the screen's regions on its canvas (title bar excluded)."""
    width, height = SIZES[screen.platform]
    names = {r.name for r in screen.regions}
    mobile = screen.platform == "mobile"
    top, bottom = TITLE_H, height
    rects: dict[str, tuple[int, int, int, int]] = {}
    if "header" in names:
        rects["header"] = (0, top, width, 56 if mobile else 64)
        top += rects["header"][3]
    slack = height % GRID  # bottom bars absorb it so every region starts on the grid
    if mobile and "navigation" in names:
        rects["navigation"] = (0, bottom - 64 - slack, width, 64 + slack)
        bottom -= 64 + slack
        slack = 0
    if "footer" in names:
        rects["footer"] = (0, bottom - 48 - slack, width, 48 + slack)
        bottom -= 48 + slack
    left, right = 0, width
    if not mobile and "navigation" in names:
        rects["navigation"] = (0, top, 232, bottom - top)
        left = 232
    if not mobile and "sidebar" in names:
        rects["sidebar"] = (width - 320, top, 320, bottom - top)
        right = width - 320
    rects["main"] = (left, top, right - left, bottom - top)
    return rects


def _title_bar(screen: Screen, width: int) -> list[Box]:
    """The dark annotation bar naming the screen, its purpose and its platform."""
    sid = screen.id
    bar = Box(f"{sid}.title", "titlebar", 0, 0, width, TITLE_H, Style("#111827", None), "", (), sid)
    size_label = f"{screen.platform.title()} {width}×{SIZES[screen.platform][1]}"
    tag_w = snap(text_width(size_label, 11, True) + 16)
    mobile = screen.platform == "mobile"
    tag_style = Style("#374151", None, "#E5E7EB", 11, True, "center", 4, 1, False, 8)
    tag = text_box(
        f"{sid}.title.tag",
        "pill",
        (width - 16 - tag_w, 16, tag_w, 24),
        size_label,
        tag_style,
        bar.id,
    )
    room = width - 32 - tag_w - 16
    name_w = min(room, text_width(screen.name, 16, True) + 8)
    name = text_box(
        f"{sid}.title.name",
        "text",
        (16, 8, name_w, 32),
        screen.name,
        Style(text_color=WHITE, font_size=16, bold=True),
        bar.id,
    )
    boxes = [bar, name, tag]
    purpose_room = room - snap(name_w) - 16
    if screen.purpose and purpose_room > 80 and not mobile:
        rect = (16 + snap(name_w) + 16, 8, purpose_room, 32)
        boxes.append(
            text_box(
                f"{sid}.title.purpose",
                "text",
                rect,
                screen.purpose,
                Style(text_color="#9CA3AF", font_size=13),
                bar.id,
            )
        )
    return boxes


def layout_screen(screen: Screen) -> Geometry:
    """The full geometry of one screen on its platform's canvas."""
    width, height = SIZES[screen.platform]
    mobile = screen.platform == "mobile"
    sid = screen.id
    boxes = [Box(sid, "screen", 0, 0, width, height, Style(WHITE, "#9CA3AF"), "", (), None)]
    boxes += _title_bar(screen, width)
    lines: list[Line] = []
    rects = region_rects(screen)
    regions: dict[str, list[Component]] = {}
    for region in screen.regions:
        regions.setdefault(region.name, []).extend(region.components)
    if mobile and "sidebar" in regions:
        regions.setdefault("main", []).extend(regions.pop("sidebar"))
    for name in ("header", "navigation", "sidebar", "footer", "main"):
        if name not in rects or (name != "main" and name not in regions):
            continue
        x, y, w, h = rects[name]
        rid = f"{sid}.{name}"
        boxes.append(Box(rid, "region", x, y, w, h, REGION_STYLES[name], "", (), sid))
        comps = regions.get(name, [])
        if name in ("header", "footer"):
            pad = 16 if mobile else 24
            inner = _Area(x + pad, y, w - 2 * pad, h, mobile)
            part = toolbar(comps, inner, rid)
        elif name == "navigation" and mobile:
            part = tabbar(comps, _Area(x, y, w, h, True), rid)
        else:
            pad = 16 if mobile or name != "main" else 32
            inner = _Area(x + pad, y + pad, w - 2 * pad, h - 2 * pad, mobile)
            part = stack(comps, inner, rid)
        boxes += part[0]
        lines += part[1]
    return Geometry(
        sid, screen.name, screen.platform, width, height, tuple(boxes), tuple(lines), screen.links
    )


def layout_spec(spec: WireframeSpec) -> tuple[Geometry, ...]:
    """Geometry of every screen, in spec order."""
    return tuple(layout_screen(s) for s in spec.screens)


# ---------------------------------------------------------------- flow map

NODE_W, NODE_H = 224, 64
COL_GAP, ROW_GAP = 200, 96


def flow_depths(spec: WireframeSpec) -> dict[str, int]:
    """Breadth-first depth of each screen from the first; unreachable screens go last."""
    ids = [s.id for s in spec.screens]
    links = {s.id: [t for _, t in s.links if t in ids] for s in spec.screens}
    depth = {ids[0]: 0}
    queue = [ids[0]]
    while queue:
        current = queue.pop(0)
        for target in links[current]:
            if target not in depth:
                depth[target] = depth[current] + 1
                queue.append(target)
    last = max(depth.values()) + 1
    return {sid: depth.get(sid, last) for sid in ids}


def layout_flow(spec: WireframeSpec) -> Geometry:
    """The navigation map: screens as nodes in columns by depth, links as labelled arrows."""
    depths = flow_depths(spec)
    columns: dict[int, list[Screen]] = {}
    for screen in spec.screens:
        columns.setdefault(depths[screen.id], []).append(screen)
    ncols = max(columns) + 1
    nrows = max(len(c) for c in columns.values())
    margin = 64
    width = margin * 2 + ncols * NODE_W + (ncols - 1) * COL_GAP
    height = margin * 2 + 64 + nrows * (NODE_H + 32) + (nrows - 1) * ROW_GAP
    boxes = [
        Box("flow", "screen", 0, 0, width, height, Style("#FAFAFA", None), "", (), None),
        text_box(
            "flow.title",
            "text",
            (
                margin,
                16,
                min(width - 2 * margin, text_width(f"{spec.title}: screen flow", 20, True) + 8),
                32,
            ),
            f"{spec.title}: screen flow",
            Style(font_size=20, bold=True),
            "flow",
        ),
    ]
    pos: dict[str, tuple[int, int]] = {}
    for col, screens in sorted(columns.items()):
        for row, screen in enumerate(screens):
            x = margin + col * (NODE_W + COL_GAP)
            y = margin + 64 + row * (NODE_H + 32 + ROW_GAP)
            pos[screen.id] = (x, y)
            node_style = Style(WHITE, INK, INK, 14, True, "center", 8, 2, False, 12)
            boxes.append(
                text_box(
                    f"flow.{screen.id}",
                    "node",
                    (x, y, NODE_W, NODE_H),
                    screen.name,
                    node_style,
                    "flow",
                )
            )
            cap = f"{screen.platform} · {screen.purpose}" if screen.purpose else screen.platform
            boxes.append(
                text_box(
                    f"flow.{screen.id}.cap",
                    "text",
                    (x, y + NODE_H + 4, NODE_W, 24),
                    cap,
                    replace(TEXT_MUTED, align="center", pad=0),
                    "flow",
                )
            )
    lines: list[Line] = []
    merged: dict[tuple[str, str], list[str]] = {}
    for screen in spec.screens:
        for label, target in screen.links:
            if target in pos and target != screen.id:
                merged.setdefault((screen.id, target), []).append(label)
    edges = [(src, " / ".join(labels), dst) for (src, dst), labels in merged.items()]
    out_total = {sid: sum(1 for e in edges if e[0] == sid) for sid in pos}
    in_total = {sid: sum(1 for e in edges if e[2] == sid) for sid in pos}
    out_seen: dict[str, int] = {}
    in_seen: dict[str, int] = {}
    lanes: dict[int, int] = {}
    for index, (src, label, dst) in enumerate(edges):
        (sx, sy), (dx, dy) = pos[src], pos[dst]
        oi, ii = out_seen.get(src, 0), in_seen.get(dst, 0)
        out_seen[src], in_seen[dst] = oi + 1, ii + 1
        oy = sy + NODE_H * (oi + 1) // (out_total[src] + 1)
        iy = dy + NODE_H * (ii + 1) // (in_total[dst] + 1)
        if depths[dst] == depths[src] + 1:
            points: tuple[tuple[int, int], ...] = ((sx + NODE_W, oy), (dx, iy))
            mx, my = (sx + NODE_W + dx) // 2, (oy + iy) // 2
        else:
            k = lanes.get(depths[src], 0)
            lanes[depths[src]] = k + 1
            gx_s = sx + NODE_W + 24 + 12 * k
            gx_t = dx - 24 - 12 * (ii % 4)
            lane_y = dy - 24 - 8 * (index % 4)
            points = (
                (sx + NODE_W, oy),
                (gx_s, oy),
                (gx_s, lane_y),
                (gx_t, lane_y),
                (gx_t, iy),
                (dx, iy),
            )
            mx, my = (gx_s + gx_t) // 2, lane_y
        lid = f"flow.e{index}"
        tw = min(COL_GAP - 16, snap(text_width(label, 11, False) + 12))
        lab_style = Style(WHITE, LINE, MUTED, 11, False, "center", 4, 1, False, 6)
        rect = (mx - tw // 2, my - 10, tw, 20)
        label_box = text_box(f"{lid}.label", "edge_label", rect, label, lab_style, "flow")
        start, end = f"flow.{src}", f"flow.{dst}"
        back = len(points) > 2
        color = "#9CA3AF" if back else "#4B5563"
        lines.append(Line(lid, points, color, 2, True, back, "flow", start, end, label_box.id))
        boxes.append(label_box)
    return Geometry("flow", f"{spec.title} flow", "flow", width, height, tuple(boxes), tuple(lines))


def children_of(geometry: Geometry) -> dict[str | None, list[Box]]:
    """Boxes grouped by parent id (None for the canvas)."""
    result: dict[str | None, list[Box]] = {}
    for box in geometry.boxes:
        result.setdefault(box.parent, []).append(box)
    return result


def overlaps(a: Box, b: Box) -> bool:
    """True when two boxes share interior area."""
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def geometry_problems(geometry: Geometry) -> list[str]:
    """Layout invariant violations: sibling overlaps, children outside parents, text too wide."""
    problems: list[str] = []
    by_id = {b.id: b for b in geometry.boxes}
    for box in geometry.boxes:
        parent = by_id.get(box.parent) if box.parent else None
        bx0, by0 = (parent.x, parent.y) if parent else (0, 0)
        bx1 = parent.x + parent.w if parent else geometry.width
        by1 = parent.y + parent.h if parent else geometry.height
        if box.x < bx0 or box.y < by0 or box.x + box.w > bx1 or box.y + box.h > by1:
            problems.append(f"{box.id} outside {box.parent}")
        if box.w <= 0 or box.h <= 0:
            problems.append(f"{box.id} empty")
        if (
            box.text
            and text_width(box.text, box.style.font_size, box.style.bold)
            > box.w - 2 * box.style.pad
        ):
            problems.append(f"{box.id} text too wide")
    for siblings in children_of(geometry).values():
        for i, a in enumerate(siblings):
            for b in siblings[i + 1 :]:
                if overlaps(a, b):
                    problems.append(f"{a.id} overlaps {b.id}")
    return problems


def paint_order(geometry: Geometry) -> list[Box | Line]:
    """Boxes in order, each followed by the lines it owns; parentless lines last."""
    owned: dict[str | None, list[Line]] = {}
    for line in geometry.lines:
        owned.setdefault(line.parent, []).append(line)
    order: list[Box | Line] = []
    for box in geometry.boxes:
        order.append(box)
        order.extend(owned.pop(box.id, []))
    for rest in owned.values():
        order.extend(rest)
    return order


def visible(box: Box) -> bool:
    """False for pure grouping boxes that paint nothing."""
    return bool(box.style.fill or box.style.stroke or box.text)

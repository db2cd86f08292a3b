"""Geometry primitives of the wireframe layout: styles, boxes, lines and shared pieces."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from engine.deliverables.fonts import fit_text, text_width
from engine.types import Component

GRID = 8
SIZES: dict[str, tuple[int, int]] = {
    "desktop": (1440, 900),
    "mobile": (390, 844),
    "tablet": (1180, 820),
    "handheld": (360, 640),
    "terminal": (1200, 760),
    "document": (1280, 900),
}
NARROW = frozenset({"mobile", "handheld"})  # frames with a bottom tab bar and one column
TITLE_H = 48

Align = Literal["left", "center", "right"]
Shape = Literal["rect", "ellipse"]
GeometryKind = Literal["desktop", "mobile", "tablet", "handheld", "terminal", "document", "flow"]

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
class Block:
    """Boxes and lines of one placed component and the height it used."""

    h: int
    boxes: list[Box] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Area:
    """Where a component may go: left, top, width and the most height it may use."""

    x: int
    y: int
    w: int
    max_h: int
    mobile: bool


def snap(value: int) -> int:
    """Round up to the 8 px grid."""
    return -(-value // GRID) * GRID


def digest(text: str) -> int:
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


def caption_row(comp: Component, area: Area, gid: str, style: Style = CAPTION) -> Block:
    """Label on the left and ref badges on the right, 24 px high; empty when neither exists."""
    if not comp.label and not comp.refs:
        return Block(0)
    pills, used = badges(comp.refs, area.x + area.w, area.y + 4, area.w // 2, gid, gid)
    room = area.w - used - (8 if used else 0)
    boxes = list(pills)
    if comp.label and room > 0:
        rect = (area.x, area.y, room, 24)
        boxes.insert(0, text_box(f"{gid}.caption", "text", rect, comp.label, style, gid))
    return Block(32, boxes)


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


def shift(block: Block, dy: int) -> Block:
    """Move every box and line of a block down by `dy`."""
    boxes = [replace(b, y=b.y + dy) for b in block.boxes]
    lines = [replace(ln, points=tuple((px, py + dy) for px, py in ln.points)) for ln in block.lines]
    return Block(block.h + dy, boxes, lines)


def with_caption(
    comp: Component, area: Area, gid: str, body: Callable[[Area], Block | None]
) -> Block | None:
    """A caption row followed by a body laid out in the remaining height."""
    cap = caption_row(comp, area, gid)
    inner = Area(area.x, area.y + cap.h, area.w, area.max_h - cap.h, area.mobile)
    if inner.max_h <= 0:
        return None
    block = body(inner)
    if block is None:
        return None
    return Block(cap.h + block.h, cap.boxes + block.boxes, block.lines)


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

"""Layout of charts, images, tabs, forms and modals."""

from __future__ import annotations

from dataclasses import replace

from engine.deliverables.controls import button_width
from engine.deliverables.fonts import text_width
from engine.deliverables.geometry import (
    BUTTON,
    BUTTON_PRIMARY,
    FAINT,
    FIELD,
    GRID,
    IMAGE,
    INK,
    LINE,
    MUTED,
    PANEL_BOX,
    PLACEHOLDER,
    TEXT,
    TEXT_MUTED,
    WHITE,
    Area,
    Block,
    Box,
    Line,
    Style,
    badges,
    caption_row,
    cross,
    digest,
    more_marker,
    snap,
    split_item,
    text_box,
    with_caption,
)
from engine.types import Component


def _pie(
    pid: str, x0: int, y0: int, x1: int, y1: int, labels: list[str]
) -> tuple[list[Box], list[Line]]:
    """A pie placeholder: a circle, three wedge lines and up to four legend entries."""
    boxes: list[Box] = []
    lines: list[Line] = []
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
    return boxes, lines


def _axes(
    pid: str, x0: int, y0: int, x1: int, y1: int, labels: list[str], kind: str, seed: int
) -> tuple[list[Box], list[Line]]:
    """Axes, x labels and bars or a line series from deterministic placeholder values."""
    boxes: list[Box] = []
    lines: list[Line] = []
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
    return boxes, lines


def lay_chart(comp: Component, area: Area, gid: str) -> Block | None:
    """A chart panel with axes and deterministic placeholder data."""

    def body(inner: Area) -> Block | None:
        height = min(inner.max_h, 176 if inner.mobile else 240)
        height = (height // GRID) * GRID
        if height < 120:
            return None
        pid = f"{gid}.plot"
        boxes = [
            Box(pid, "chart", inner.x, inner.y, inner.w, height, PANEL_BOX, "", comp.refs, gid)
        ]
        lines: list[Line] = []
        seed = digest(comp.label + "".join(comp.items))
        x0, y0 = inner.x + 40, inner.y + 16
        x1, y1 = inner.x + inner.w - 16, inner.y + height - 40
        kind = comp.chart or "bar"
        labels = list(comp.items[:6]) or [f"W{i + 1}" for i in range(6)]
        parts = (
            _pie(pid, x0, y0, x1, y1, labels)
            if kind == "pie"
            else _axes(pid, x0, y0, x1, y1, labels, kind, seed)
        )
        return Block(height, boxes + parts[0], lines + parts[1])

    return with_caption(comp, area, gid, body)


def lay_image(comp: Component, area: Area, gid: str) -> Block | None:
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
    return Block(height, boxes + pills, cross(img, iid))


def lay_tabs(comp: Component, area: Area, gid: str) -> Block | None:
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
    return Block(40, boxes + pills, lines)


def lay_form(comp: Component, area: Area, gid: str) -> Block | None:
    """A form: title, then each field as a label above an input; extra fields become '+N'."""

    def body(inner: Area) -> Block | None:
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
        return Block(height, boxes)

    return with_caption(comp, area, gid, body)


def lay_modal(comp: Component, area: Area, gid: str) -> Block | None:
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
    inner = Area(area.x + 24, area.y + 24, w - 48, height - 48, area.mobile)
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
    return Block(height, boxes)

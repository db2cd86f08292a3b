"""Layout of maps, calendars, timelines, avatars, badges and navigation lists."""

from __future__ import annotations

from dataclasses import replace

from engine.deliverables.fonts import text_width
from engine.deliverables.geometry import (
    CAPTION,
    FAINT,
    FILL,
    GRID,
    ICON,
    INK,
    LINE,
    MUTED,
    PANEL_BOX,
    PILL,
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
    digest,
    more_marker,
    snap,
    split_item,
    text_box,
    with_caption,
)
from engine.types import Component


def lay_map(comp: Component, area: Area, gid: str) -> Block | None:
    """A map placeholder with roads and labelled pins, one pin per grid cell."""
    return with_caption(comp, area, gid, lambda inner: _map_body(comp, inner, gid))


def _map_body(comp: Component, area: Area, gid: str) -> Block | None:
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
    seed = digest(comp.label + "".join(comp.items))
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
    return Block(height, boxes, lines)


def lay_calendar(comp: Component, area: Area, gid: str) -> Block | None:
    """A month grid with weekday headers and the items as event chips."""

    def body(inner: Area) -> Block | None:
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
        return Block(height, boxes, lines)

    return with_caption(comp, area, gid, body)


def lay_timeline(comp: Component, area: Area, gid: str) -> Block | None:
    """Items as dots on a vertical line, text on the right, secondary part right-aligned."""

    def body(inner: Area) -> Block | None:
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
        return Block(height, boxes, lines)

    return with_caption(comp, area, gid, body)


def lay_avatar(comp: Component, area: Area, gid: str) -> Block | None:
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
    return Block(48, boxes + pills)


def lay_badge(comp: Component, area: Area, gid: str) -> Block | None:
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
    return Block(24, boxes + pills)


def lay_navlist(comp: Component, area: Area, gid: str) -> Block | None:
    """A vertical navigation list (navbar in a side column, or a sidebar); `active` is lit."""

    def body(inner: Area) -> Block | None:
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
        return Block(height, boxes)

    return with_caption(comp, area, gid, body)

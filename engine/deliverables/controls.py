"""Layout of text, buttons, fields, checks, tables, lists, cards and stat tiles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from engine.deliverables.fonts import text_width, wrap_text
from engine.deliverables.geometry import (
    BUTTON,
    BUTTON_PRIMARY,
    CAPTION,
    FAINT,
    FIELD,
    FILL,
    GRID,
    HEADING,
    ICON,
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
    more_marker,
    snap,
    split_item,
    text_box,
    with_caption,
)
from engine.types import Component

# ---------------------------------------------------------------- components


def lay_heading(comp: Component, area: Area, gid: str) -> Block | None:
    """A page heading with its badges inline."""
    if area.max_h < 40:
        return None
    pills, used = badges(comp.refs, area.x + area.w, area.y + 12, area.w // 3, gid, gid)
    rect = (area.x, area.y, area.w - used - (8 if used else 0), 40)
    return Block(40, [text_box(f"{gid}.text", "text", rect, comp.label, HEADING, gid), *pills])


def lay_text(comp: Component, area: Area, gid: str) -> Block | None:
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
    return Block(max(24, 24 * len(rows)), boxes + pills)


def button_width(label: str) -> int:
    """Natural width of a button for its label."""
    return max(96, snap(text_width(label, 14, True) + 32))


def badges_left(
    refs: Sequence[str], x: int, y: int, room: int, parent: str, prefix: str
) -> tuple[list[Box], int]:
    """Ref-id pills starting at `x` and running right within `room`; width used."""
    pills, used = badges(refs, x + room, y, room, parent, prefix)
    return [replace(p, x=p.x - (room - used)) for p in pills], used


def lay_buttons(comps: Sequence[Component], area: Area, gid: str) -> Block | None:
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
    return Block(max(b.y + b.h for b in boxes) - area.y, boxes)


def lay_field(comp: Component, area: Area, gid: str) -> Block | None:
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
    return Block(cap.h + 40, boxes)


def lay_checks(comp: Component, area: Area, gid: str) -> Block | None:
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
    return Block(32 * fit, boxes + pills)


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


def lay_table(comp: Component, area: Area, gid: str) -> Block | None:
    """A bordered table: header row, data rows (grey skeleton bars when none) and '+N more'."""

    def body(inner: Area) -> Block | None:
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
        return Block(height, boxes, lines)

    return with_caption(comp, area, gid, body)


def lay_list(comp: Component, area: Area, gid: str) -> Block | None:
    """Rows with an avatar, a title, an optional subtitle and a chevron."""

    def body(inner: Area) -> Block | None:
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
        return Block(height, boxes, lines)

    return with_caption(comp, area, gid, body)


def lay_cards(comp: Component, area: Area, gid: str) -> Block | None:
    """A grid of cards, each an image placeholder with a title and a subtitle."""

    def body(inner: Area) -> Block | None:
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
        return Block(height, boxes, lines)

    return with_caption(comp, area, gid, body)


def lay_tiles(comp: Component, area: Area, gid: str) -> Block | None:
    """Stat tiles: a small label and a big value, up to four in a row."""

    def body(inner: Area) -> Block | None:
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
        return Block(rows_fit * 112 - 16, boxes)

    return with_caption(comp, area, gid, body)

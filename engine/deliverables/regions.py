"""Regions of a screen: components stacked, paired, in tool bars and tab bars."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from engine.deliverables.controls import (
    button_width,
    lay_buttons,
    lay_cards,
    lay_checks,
    lay_field,
    lay_heading,
    lay_list,
    lay_table,
    lay_text,
    lay_tiles,
)
from engine.deliverables.fonts import text_width
from engine.deliverables.geometry import (
    BUTTON,
    BUTTON_PRIMARY,
    GRID,
    ICON,
    INK,
    MUTED,
    PILL,
    PLACEHOLDER,
    Area,
    Block,
    Box,
    Line,
    Style,
    more_marker,
    snap,
    text_box,
)
from engine.deliverables.panels import (
    lay_avatar,
    lay_badge,
    lay_calendar,
    lay_map,
    lay_navlist,
    lay_timeline,
)
from engine.deliverables.textual import lay_chat, lay_code, lay_states, lay_terminal
from engine.deliverables.visuals import (
    lay_chart,
    lay_form,
    lay_image,
    lay_modal,
    lay_tabs,
)
from engine.types import Component

LAYOUTS: dict[str, Callable[[Component, Area, str], Block | None]] = {
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
    "terminal": lay_terminal,
    "code": lay_code,
    "chat": lay_chat,
    "states": lay_states,
}


def lay_component(comp: Component, area: Area, gid: str) -> Block | None:
    """Lay out one component in `area`, or None when even its smallest form does not fit."""
    if comp.kind == "button":
        return lay_buttons([comp], area, gid)
    return LAYOUTS[comp.kind](comp, area, gid)


# ---------------------------------------------------------------- regions


def _group(gid: str, block: Block, area: Area, parent: str, refs: tuple[str, ...]) -> list[Box]:
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
    components: Sequence[Component], area: Area, rid: str, gap: int = 16
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
                run[0], runs[index + 1][0], Area(area.x, y, area.w, room, False), rid, index
            )
            if placed is not None:
                boxes += placed.boxes
                lines += placed.lines
                y += snap(placed.h) + gap
                index += 2
                continue
        room = bottom - y - reserve
        gid = f"{rid}.{index}"
        sub = Area(area.x, y, area.w, room, area.mobile)
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


def _pair(a: Component, b: Component, area: Area, rid: str, index: int) -> Block | None:
    """Two components side by side (60/40) on wide desktop main areas."""
    left_w = ((area.w - 24) * 3 // 5 // GRID) * GRID
    right_w = area.w - 24 - left_w
    left = Area(area.x, area.y, left_w, area.max_h, False)
    right = Area(area.x + left_w + 24, area.y, right_w, area.max_h, False)
    ga, gb = f"{rid}.{index}", f"{rid}.{index + 1}"
    block_a = lay_component(a, left, ga)
    block_b = lay_component(b, right, gb)
    if block_a is None or block_b is None:
        return None
    boxes = _group(ga, block_a, left, rid, a.refs) + block_a.boxes
    boxes += _group(gb, block_b, right, rid, b.refs) + block_b.boxes
    return Block(max(block_a.h, block_b.h), boxes, block_a.lines + block_b.lines)


def _toolbar_item(comp: Component, x: int, y: int, room: int, gid: str) -> Block | None:
    """One compact header/footer item 40 px high; `Block.h` holds its width here."""
    if comp.kind == "navbar":
        return _toolbar_nav(comp, x, y, room, gid)
    if comp.kind in ("search", "input", "select"):
        w = min(room, 320)
        if w < 160:
            return None
        bare = comp.model_copy(update={"label": "", "refs": ()})
        block = lay_field(bare, Area(x, y, w, 40, False), gid)
        return None if block is None else Block(w, block.boxes)
    if comp.kind == "avatar":
        if room < 40:
            return None
        return Block(
            40, [Box(f"{gid}.av", "avatar", x, y, 40, 40, ICON, "", comp.refs, gid, "ellipse")]
        )
    if comp.kind == "button":
        label = comp.label or "Button"
        w = button_width(label)
        if w > room:
            return None
        style = BUTTON_PRIMARY if comp.primary else BUTTON
        return Block(
            w, [text_box(f"{gid}.b", "button", (x, y, w, 40), label, style, gid, comp.refs)]
        )
    if comp.kind == "badge":
        w = snap(text_width(comp.label, 12, True) + 24)
        if w > room or not comp.label:
            return None
        return Block(w, [text_box(f"{gid}.p", "pill", (x, y + 8, w, 24), comp.label, PILL, gid)])
    if comp.kind == "tabs":
        block = lay_tabs(comp.model_copy(update={"refs": ()}), Area(x, y, room, 40, False), gid)
        if block is None:
            return None
        right = max((b.x + b.w for b in block.boxes), default=x)
        return Block(right - x, block.boxes, [_clip(ln, right) for ln in block.lines])
    bold = comp.kind == "heading"
    size = 16 if bold else 14
    text = comp.label or ", ".join(comp.items) or comp.kind
    w = min(room, snap(text_width(text, size, bold) + 8))
    if w < 48:
        return None
    style = Style(font_size=size, bold=bold)
    return Block(w, [text_box(f"{gid}.t", "text", (x, y + 8, w, 24), text, style, gid)])


def _clip(line: Line, right: int) -> Line:
    """A line with its x coordinates limited to `right`."""
    return replace(line, points=tuple((min(px, right), py) for px, py in line.points))


def _toolbar_nav(comp: Component, x: int, y: int, room: int, gid: str) -> Block | None:
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
    return Block(max(b.x + b.w for b in boxes) - x, boxes)


def toolbar(components: Sequence[Component], area: Area, rid: str) -> tuple[list[Box], list[Line]]:
    """Header/footer layout: the first item on the left, the rest right-aligned, in one row."""
    boxes: list[Box] = []
    lines: list[Line] = []
    if not components:
        return boxes, lines
    y = area.y + (area.max_h - 40) // 2 // GRID * GRID
    cursor = area.x + area.w
    tail: list[tuple[int, Block]] = []
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


def tabbar(components: Sequence[Component], area: Area, rid: str) -> tuple[list[Box], list[Line]]:
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

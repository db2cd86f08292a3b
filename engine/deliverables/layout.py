"""Deterministic 8 px grid layout of wireframe screens into boxes and lines."""

from __future__ import annotations

from engine.deliverables.flow import layout_flow
from engine.deliverables.fonts import text_width
from engine.deliverables.geometry import (
    GRID,
    NARROW,
    REGION_STYLES,
    SIZES,
    TITLE_H,
    WHITE,
    Area,
    Box,
    Geometry,
    Line,
    Style,
    geometry_problems,
    paint_order,
    snap,
    text_box,
    visible,
)
from engine.deliverables.regions import stack, tabbar, toolbar
from engine.types import Component, Screen, WireframeSpec

__all__ = [
    "GRID",
    "SIZES",
    "Box",
    "Geometry",
    "Line",
    "geometry_problems",
    "layout_flow",
    "layout_screen",
    "layout_spec",
    "paint_order",
    "visible",
]


def region_rects(screen: Screen) -> dict[str, tuple[int, int, int, int]]:
    """Rectangles of the screen's regions on its canvas (title bar excluded)."""
    width, height = SIZES[screen.platform]
    names = {r.name for r in screen.regions}
    mobile = screen.platform in NARROW
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
    mobile = screen.platform in NARROW
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
    mobile = screen.platform in NARROW
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
            inner = Area(x + pad, y, w - 2 * pad, h, mobile)
            part = toolbar(comps, inner, rid)
        elif name == "navigation" and mobile:
            part = tabbar(comps, Area(x, y, w, h, True), rid)
        else:
            pad = 16 if mobile or name != "main" else 32
            inner = Area(x + pad, y + pad, w - 2 * pad, h - 2 * pad, mobile)
            part = stack(comps, inner, rid)
        boxes += part[0]
        lines += part[1]
    return Geometry(
        sid, screen.name, screen.platform, width, height, tuple(boxes), tuple(lines), screen.links
    )


def layout_spec(spec: WireframeSpec) -> tuple[Geometry, ...]:
    """Geometry of every screen, in spec order."""
    return tuple(layout_screen(s) for s in spec.screens)

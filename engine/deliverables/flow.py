"""The flow map: screens as nodes by depth, links as labelled arrows."""

from __future__ import annotations

from dataclasses import replace

from engine.deliverables.fonts import text_width
from engine.deliverables.geometry import (
    INK,
    LINE,
    MUTED,
    TEXT_MUTED,
    WHITE,
    Box,
    Geometry,
    Line,
    Style,
    snap,
    text_box,
)
from engine.types import Screen, WireframeSpec

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


def _edges(
    spec: WireframeSpec, pos: dict[str, tuple[int, int]], depths: dict[str, int]
) -> tuple[list[Box], list[Line]]:
    """The links between screens as arrows with their labels (merged when parallel)."""
    boxes: list[Box] = []
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
    return boxes, lines


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
    edge_boxes, lines = _edges(spec, pos, depths)
    boxes += edge_boxes
    return Geometry("flow", f"{spec.title} flow", "flow", width, height, tuple(boxes), tuple(lines))

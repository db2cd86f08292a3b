"""Excalidraw scene of all screens (as frames) and the flow map, with bound labels and arrows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from engine.deliverables.fonts import text_width
from engine.deliverables.layout import Box, Geometry, Line, paint_order, visible

GAP = 200
SOURCE = "https://github.com/meta-agent/meta-agent"
UPDATED = 1_700_000_000_000  # fixed, so the same session gives byte-identical files
LINE_HEIGHT = 1.25
Element = dict[str, Any]


def _hash(text: str) -> int:
    """A stable 31-bit integer from text."""
    return int.from_bytes(hashlib.blake2s(text.encode(), digest_size=4).digest(), "big") >> 1


def element_id(scope: str, name: str) -> str:
    """A deterministic element id derived from the canvas and the layout id."""
    return hashlib.blake2s(f"{scope}/{name}".encode(), digest_size=10).hexdigest()


def base(eid: str, kind: str, x: float, y: float, w: float, h: float, **extra: Any) -> Element:
    """An element with the full common field set Excalidraw expects."""
    element: Element = {
        "id": eid,
        "type": kind,
        "x": x,
        "y": y,
        "width": w,
        "height": h,
        "angle": 0,
        "strokeColor": "#1e1e1e",
        "backgroundColor": "transparent",
        "fillStyle": "solid",
        "strokeWidth": 1,
        "strokeStyle": "solid",
        "roughness": 0,
        "opacity": 100,
        "groupIds": [],
        "frameId": None,
        "roundness": None,
        "seed": _hash(eid + "seed"),
        "version": 1,
        "versionNonce": _hash(eid + "nonce"),
        "isDeleted": False,
        "boundElements": None,
        "updated": UPDATED,
        "link": None,
        "locked": False,
    }
    element.update(extra)
    return element


def text_element(
    eid: str,
    box: Box,
    dx: int,
    dy: int,
    container: str | None,
    groups: list[str],
    frame: str | None,
) -> Element:
    """A single-line text element placed like the PNG draws it (or bound to a container)."""
    style = box.style
    w = max(1, text_width(box.text, style.font_size, style.bold))
    h = style.font_size * LINE_HEIGHT
    left = {"left": box.x + style.pad, "center": box.x + (box.w - w) / 2}.get(
        style.align, box.x + box.w - style.pad - w
    )
    return base(
        eid,
        "text",
        dx + left,
        dy + box.y + (box.h - h) / 2,
        w,
        h,
        strokeColor=style.text_color,
        groupIds=groups,
        frameId=frame,
        text=box.text,
        fontSize=style.font_size,
        fontFamily=2,
        textAlign=style.align,
        verticalAlign="middle",
        containerId=container,
        originalText=box.text,
        lineHeight=LINE_HEIGHT,
        autoResize=True,
    )


def _groups(geometry: Geometry, scope: str) -> dict[str, list[str]]:
    """Each box id mapped to the group ids of its enclosing components, innermost first."""
    by_id = {b.id: b for b in geometry.boxes}
    result: dict[str, list[str]] = {}
    for box in geometry.boxes:
        chain: list[str] = []
        current = by_id.get(box.parent) if box.parent else None
        while current is not None:
            if current.kind == "group":
                chain.append(element_id(scope, current.id + "#group"))
            current = by_id.get(current.parent) if current.parent else None
        result[box.id] = chain
    return result


def shape_elements(
    box: Box, scope: str, dx: int, dy: int, groups: list[str], frame: str | None
) -> list[Element]:
    """A box as a rectangle/ellipse with its label bound inside, or as free text."""
    style = box.style
    eid = element_id(scope, box.id)
    if not (style.fill or style.stroke):
        return [text_element(eid, box, dx, dy, None, groups, frame)] if box.text else []
    shape = base(
        eid,
        "ellipse" if box.shape == "ellipse" else "rectangle",
        dx + box.x,
        dy + box.y,
        box.w,
        box.h,
        strokeColor=style.stroke or "transparent",
        backgroundColor=style.fill or "transparent",
        strokeWidth=style.stroke_width if style.stroke else 1,
        strokeStyle="dashed" if style.dashed else "solid",
        groupIds=groups,
        frameId=frame,
        roundness={"type": 3, "value": style.radius}
        if style.radius and box.shape == "rect"
        else None,
        link=None,
        customData={"kind": box.kind, "refs": list(box.refs)} if box.refs else None,
    )
    if shape["customData"] is None:
        del shape["customData"]
    if not box.text:
        return [shape]
    tid = element_id(scope, box.id + "#text")
    shape["boundElements"] = [{"id": tid, "type": "text"}]
    return [shape, text_element(tid, box, dx, dy, eid, groups, frame)]


def line_element(
    line: Line, scope: str, dx: int, dy: int, groups: list[str], frame: str | None
) -> Element:
    """A line or arrow with relative points; arrows carry start/end bindings."""
    x0, y0 = line.points[0]
    pts = [[px - x0, py - y0] for px, py in line.points]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    binding = (
        (lambda target: {"elementId": element_id(scope, target), "focus": 0, "gap": 1})
        if line.arrow
        else None
    )
    return base(
        element_id(scope, line.id),
        "arrow" if line.arrow else "line",
        dx + x0,
        dy + y0,
        max(xs) - min(xs),
        max(ys) - min(ys),
        strokeColor=line.color,
        strokeWidth=line.width,
        strokeStyle="dashed" if line.dashed else "solid",
        groupIds=groups,
        frameId=frame,
        roundness=None,
        points=pts,
        lastCommittedPoint=None,
        startBinding=binding(line.start) if binding and line.start else None,
        endBinding=binding(line.end) if binding and line.end else None,
        startArrowhead=None,
        endArrowhead="arrow" if line.arrow else None,
        elbowed=False,
    )


def geometry_elements(geometry: Geometry, dx: int, dy: int, as_frame: bool) -> list[Element]:
    """Every element of one geometry, offset on the shared canvas."""
    scope = geometry.id if geometry.kind != "flow" else "flow"
    frame_id = element_id(scope, "#frame") if as_frame else None
    elements: list[Element] = []
    if frame_id:
        elements.append(
            base(
                frame_id,
                "frame",
                dx,
                dy,
                geometry.width,
                geometry.height,
                name=geometry.name,
                strokeColor="#bbb",
            )
        )
    groups = _groups(geometry, scope)
    label_of: dict[str, Line] = {ln.label: ln for ln in geometry.lines if ln.label}
    by_eid: dict[str, Element] = {}
    for item in paint_order(geometry):
        if isinstance(item, Line):
            parent_groups = groups.get(item.parent or "", [])
            element = line_element(item, scope, dx, dy, parent_groups, frame_id)
            elements.append(element)
            by_eid[element["id"]] = element
            continue
        if not visible(item):
            continue
        if item.id in label_of:
            continue  # arrow labels are added with their arrow below
        new = shape_elements(item, scope, dx, dy, groups.get(item.id, []), frame_id)
        elements += new
        for element in new:
            by_eid[element["id"]] = element
    for box_id, line in label_of.items():
        box = next(b for b in geometry.boxes if b.id == box_id)
        arrow = by_eid[element_id(scope, line.id)]
        tid = element_id(scope, box.id)
        arrow["boundElements"] = [{"id": tid, "type": "text"}]
        elements.append(text_element(tid, box, dx, dy, arrow["id"], [], frame_id))
    for line in geometry.lines:
        if not line.arrow:
            continue
        arrow_id = element_id(scope, line.id)
        for end in (line.start, line.end):
            target = by_eid.get(element_id(scope, end)) if end else None
            if target is not None:
                bound = target["boundElements"] or []
                if not any(b["id"] == arrow_id for b in bound):
                    target["boundElements"] = [*bound, {"id": arrow_id, "type": "arrow"}]
    return elements


def scene(screens: Sequence[Geometry], flow: Geometry | None) -> dict[str, Any]:
    """The Excalidraw scene: screens left to right as frames, the flow map underneath."""
    elements: list[Element] = []
    x = 0
    for geometry in screens:
        elements += geometry_elements(geometry, x, 0, True)
        x += geometry.width + GAP
    if flow is not None:
        top = max((g.height for g in screens), default=0) + GAP
        elements += geometry_elements(flow, 0, top, False)
    return {
        "type": "excalidraw",
        "version": 2,
        "source": SOURCE,
        "elements": elements,
        "appState": {"viewBackgroundColor": "#ffffff", "gridSize": None},
        "files": {},
    }


def render_excalidraw(screens: Sequence[Geometry], flow: Geometry | None = None) -> bytes:
    """The `.excalidraw` JSON bytes (sorted keys, fixed timestamps: byte-identical per input)."""
    return json.dumps(scene(screens, flow), ensure_ascii=False, sort_keys=True, indent=1).encode(
        "utf-8"
    )

"""SVG rendering of layout geometries: valid, escaped XML that browsers and Figma open."""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from engine.deliverables.fonts import CSS_FAMILY
from engine.deliverables.layout import Box, Geometry, Line, paint_order, visible

SCREEN_GAP = 80
_ANCHOR = {"left": "start", "center": "middle", "right": "end"}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Text without the control characters XML 1.0 forbids (escaping is done once, after)."""
    return _CONTROL.sub("", text)


def _box(box: Box) -> str:
    """SVG elements for one box: its shape, then its text."""
    style = box.style
    fill = style.fill or "none"
    stroke = style.stroke or "none"
    dash = ' stroke-dasharray="6 4"' if style.dashed else ""
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{style.stroke_width}"{dash}'
    parts: list[str] = []
    if style.fill or style.stroke:
        if box.shape == "ellipse":
            rx, ry = box.w / 2, box.h / 2
            parts.append(
                f'<ellipse cx="{box.x + rx:g}" cy="{box.y + ry:g}" '
                f'rx="{rx:g}" ry="{ry:g}" {paint}/>'
            )
        else:
            radius = f' rx="{min(style.radius, box.w // 2, box.h // 2)}"' if style.radius else ""
            parts.append(
                f'<rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}"{radius} {paint}/>'
            )
    if box.text:
        x = {
            "left": box.x + style.pad,
            "center": box.x + box.w / 2,
            "right": box.x + box.w - style.pad,
        }[style.align]
        weight = ' font-weight="700"' if style.bold else ""
        parts.append(
            f'<text x="{x:g}" y="{box.y + box.h / 2:g}" dominant-baseline="central" '
            f'text-anchor="{_ANCHOR[style.align]}" font-size="{style.font_size}"{weight} '
            f'fill="{style.text_color}">{escape(_xml_safe(box.text))}</text>'
        )
    if not parts:
        return ""
    body = "".join(parts)
    return f"<g id={quoteattr(box.id)} data-kind={quoteattr(box.kind)}{_refs(box)}>{body}</g>"


def _refs(box: Box) -> str:
    """A data attribute listing the box's requirement/assumption ids."""
    return f" data-refs={quoteattr(_xml_safe(' '.join(box.refs)))}" if box.refs else ""


def _line(line: Line) -> str:
    """An SVG polyline, with a marker arrowhead for arrows."""
    points = " ".join(f"{x},{y}" for x, y in line.points)
    dash = ' stroke-dasharray="6 4"' if line.dashed else ""
    marker = ' marker-end="url(#arrow)"' if line.arrow else ""
    return (
        f'<polyline id={quoteattr(line.id)} points="{points}" fill="none" stroke="{line.color}" '
        f'stroke-width="{line.width}" stroke-linejoin="round"{dash}{marker}/>'
    )


def geometry_group(geometry: Geometry, dx: int = 0, dy: int = 0) -> str:
    """One geometry as an SVG group translated by (dx, dy), clipped to its canvas."""
    items: list[str] = []
    for item in paint_order(geometry):
        if isinstance(item, Line):
            items.append(_line(item))
        elif visible(item):
            items.append(_box(item))
    label = quoteattr(_xml_safe(geometry.name))
    return (
        f"<g id={quoteattr('screen-' + geometry.id)} data-name={label} "
        f'transform="translate({dx} {dy})">{"".join(i for i in items if i)}</g>'
    )


def render_svg(geometries: Sequence[Geometry]) -> bytes:
    """All geometries side by side in one SVG document (UTF-8 bytes, deterministic)."""
    width = sum(g.width for g in geometries) + SCREEN_GAP * (len(geometries) + 1)
    height = max(g.height for g in geometries) + 2 * SCREEN_GAP
    groups: list[str] = []
    x = SCREEN_GAP
    for geometry in geometries:
        groups.append(geometry_group(geometry, x, SCREEN_GAP))
        x += geometry.width + SCREEN_GAP
    defs = (
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#4B5563"/></marker></defs>'
    )
    doc = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{escape(CSS_FAMILY)}">'
        f'{defs}<rect width="{width}" height="{height}" fill="#EEF0F3"/>{"".join(groups)}</svg>\n'
    )
    return doc.encode("utf-8")

"""PNG rendering of a layout geometry with Pillow and the packaged TrueType font."""

from __future__ import annotations

import io
import itertools
import math

from PIL import Image, ImageDraw

from engine.deliverables.fonts import pil_font
from engine.deliverables.layout import Box, Geometry, Line, paint_order, visible

_ANCHOR = {"left": "lm", "center": "mm", "right": "rm"}


def _dashed_rect(draw: ImageDraw.ImageDraw, box: Box, color: str) -> None:
    """A dashed rectangle outline (Pillow has no dash style)."""
    x0, y0, x1, y1 = box.x, box.y, box.x + box.w - 1, box.y + box.h - 1
    for start, end in (
        ((x0, y0), (x1, y0)),
        ((x1, y0), (x1, y1)),
        ((x1, y1), (x0, y1)),
        ((x0, y1), (x0, y0)),
    ):
        _dashed_line(draw, start, end, color, box.style.stroke_width)


def _dashed_line(
    draw: ImageDraw.ImageDraw, a: tuple[int, int], b: tuple[int, int], color: str, width: int
) -> None:
    """A straight dashed segment: 6 px on, 4 px off."""
    length = math.dist(a, b)
    if length == 0:
        return
    dx, dy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    pos = 0.0
    while pos < length:
        end = min(pos + 6, length)
        draw.line(
            [(a[0] + dx * pos, a[1] + dy * pos), (a[0] + dx * end, a[1] + dy * end)],
            fill=color,
            width=width,
        )
        pos += 10


def draw_box(draw: ImageDraw.ImageDraw, box: Box) -> None:
    """Paint one box: fill, outline (solid or dashed) and its single line of text."""
    style = box.style
    rect = (box.x, box.y, box.x + box.w - 1, box.y + box.h - 1)
    outline = None if style.dashed else style.stroke
    if box.shape == "ellipse":
        draw.ellipse(rect, fill=style.fill, outline=outline, width=style.stroke_width)
    elif style.radius:
        radius = min(style.radius, box.w // 2, box.h // 2)
        draw.rounded_rectangle(
            rect, radius, fill=style.fill, outline=outline, width=style.stroke_width
        )
    elif style.fill or outline:
        draw.rectangle(rect, fill=style.fill, outline=outline, width=style.stroke_width)
    if style.dashed and style.stroke:
        _dashed_rect(draw, box, style.stroke)
    if box.text:
        font = pil_font(style.font_size, style.bold)
        x = {
            "left": box.x + style.pad,
            "center": box.x + box.w / 2,
            "right": box.x + box.w - style.pad,
        }[style.align]
        draw.text(
            (x, box.y + box.h / 2),
            box.text,
            fill=style.text_color,
            font=font,
            anchor=_ANCHOR[style.align],
        )


def draw_line(draw: ImageDraw.ImageDraw, line: Line) -> None:
    """Paint a polyline, dashed or solid, with a filled arrowhead when it is an arrow."""
    points = list(line.points)
    if line.dashed:
        for a, b in itertools.pairwise(points):
            _dashed_line(draw, a, b, line.color, line.width)
    else:
        draw.line(points, fill=line.color, width=line.width, joint="curve")
    if line.arrow and len(points) >= 2:
        (ax, ay), (bx, by) = points[-2], points[-1]
        angle = math.atan2(by - ay, bx - ax)
        size = 10 + 2 * line.width
        left = (bx - size * math.cos(angle - 0.4), by - size * math.sin(angle - 0.4))
        right = (bx - size * math.cos(angle + 0.4), by - size * math.sin(angle + 0.4))
        draw.polygon([(bx, by), left, right], fill=line.color)


def draw_geometry(geometry: Geometry) -> Image.Image:
    """The geometry painted onto a new RGB image of its stated size."""
    image = Image.new("RGB", (geometry.width, geometry.height), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    for item in paint_order(geometry):
        if isinstance(item, Line):
            draw_line(draw, item)
        elif visible(item):
            draw_box(draw, item)
    return image


def encode_png(image: Image.Image) -> bytes:
    """PNG bytes of a drawn image (fast zlib level; deterministic)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=3)
    return buffer.getvalue()


def encode_jpeg(image: Image.Image) -> bytes:
    """High-quality JPEG bytes (no chroma subsampling): the PDF embeds them as they are."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92, subsampling=0)
    return buffer.getvalue()


def render_png(geometry: Geometry) -> bytes:
    """PNG bytes of one geometry (screen or flow map); deterministic for the same input."""
    return encode_png(draw_geometry(geometry))

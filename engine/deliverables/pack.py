"""The wireframe files and the PDF pack of one version (files.py produces every deliverable)."""

from __future__ import annotations

from functools import partial

from PIL import Image

from engine.deliverables.drawing import Drawing
from engine.deliverables.excalidraw import render_excalidraw
from engine.deliverables.geometry import Geometry
from engine.deliverables.layout import layout_flow, layout_screen
from engine.deliverables.pdf import ScreenPage, render_pdf
from engine.deliverables.png import draw_geometry, encode_jpeg, encode_png, render_png
from engine.deliverables.svg import render_svg
from engine.messages import Attachment
from engine.session import Session
from engine.types import Screen, WireframeSpec

Drawn = tuple[Screen, Geometry, Image.Image]
"""One screen laid out and drawn (its PNG and the PDF's JPEG are encoded from the image)."""


def _screen(screen: Screen) -> Drawn:
    geometry = layout_screen(screen)
    return screen, geometry, draw_geometry(geometry)


def draw_pack(
    session: Session, brief_markdown: str, spec: WireframeSpec, version: int, drawing: Drawing
) -> None:
    """Draw the wireframe files and the PDF of one version into `drawing`, each on its own:
    a screen that fails is left out of the SVG, the Excalidraw scene and the PDF too.

    One SVG holds every screen side by side (`wireframes-v<N>.svg`); the Excalidraw scene holds
    every screen as a frame plus the flow map. The PDF creation date is the session's
    `updated_at`, so re-rendering a session gives identical bytes.
    """
    v = f"v{version}"
    drawn: list[Drawn] = []
    for s in spec.screens:
        name = f"wireframe-{s.id.replace('_', '-')}-{v}.png"
        one = drawing.attempt(name, "screen", partial(_screen, s))
        if one is not None:
            drawn.append(one)
            title = f"{s.name} ({s.platform})"
            drawing.add(name, "screen", partial(encode_png, one[2]), "image/png", title)
    geometries = tuple(g for _, g, _ in drawn)
    flow_name = f"flow-map-{v}.png"
    flow = drawing.attempt(flow_name, "flow_map", lambda: layout_flow(spec))
    if flow is not None:
        drawing.add(flow_name, "flow_map", lambda: render_png(flow), "image/png", "Screen flow map")
    svg, scene = f"wireframes-{v}.svg", f"wireframes-{v}.excalidraw"
    drawing.add(svg, "svg", lambda: render_svg(geometries), "image/svg+xml", "All screens (SVG)")
    drawing.add(
        scene,
        "excalidraw",
        lambda: render_excalidraw(geometries, flow),
        "application/json",
        "Editable wireframes (Excalidraw)",
    )

    def pdf() -> bytes:
        pages = [ScreenPage(s.name, _caption(s), encode_jpeg(image)) for s, _, image in drawn]
        return render_pdf(brief_markdown, pages, spec.title, session.updated_at)

    drawing.add(
        f"requirements-pack-{v}.pdf",
        "pdf",
        pdf,
        "application/pdf",
        "Requirements pack (PDF)",
    )


def _caption(screen: Screen) -> str:
    platform = screen.platform.title()
    return f"{platform} · {screen.purpose}" if screen.purpose else platform


def render_pack(
    session: Session, brief_markdown: str, spec: WireframeSpec, version: int
) -> tuple[Attachment, ...]:
    """The wireframe files and the PDF of one version (the brief file is added by files.py);
    pure and byte-reproducible for the same input. Raises when any file cannot be drawn."""
    drawing = Drawing()
    draw_pack(session, brief_markdown, spec, version, drawing)
    if drawing.missing:
        raise RuntimeError(drawing.missing[0].detail)
    return tuple(drawing.files)

"""The wireframe files and the PDF pack of one version (files.py produces every deliverable)."""

from __future__ import annotations

from engine.deliverables.excalidraw import render_excalidraw
from engine.deliverables.layout import layout_flow, layout_screen
from engine.deliverables.pdf import ScreenPage, render_pdf
from engine.deliverables.png import draw_geometry, encode_jpeg, encode_png, render_png
from engine.deliverables.svg import render_svg
from engine.messages import Attachment
from engine.session import Session
from engine.types import WireframeSpec


def render_pack(
    session: Session, brief_markdown: str, spec: WireframeSpec, version: int
) -> tuple[Attachment, ...]:
    """The wireframe files and the PDF of one version (the brief file is added by files.py);
    pure and byte-reproducible for the same input.

    One SVG holds every screen side by side (`wireframes-v<N>.svg`); the Excalidraw scene holds
    every screen as a frame plus the flow map. The PDF creation date is the session's
    `updated_at`, so re-rendering a session gives identical bytes.
    """
    geometries = tuple(layout_screen(screen) for screen in spec.screens)
    flow = layout_flow(spec)
    images = tuple(draw_geometry(g) for g in geometries)
    pngs = tuple(encode_png(image) for image in images)
    v = f"v{version}"
    files = [
        Attachment(
            f"wireframe-{s.id.replace('_', '-')}-{v}.png",
            png,
            "image/png",
            f"{s.name} ({s.platform})",
        )
        for s, png in zip(spec.screens, pngs, strict=True)
    ]
    files.append(Attachment(f"flow-map-{v}.png", render_png(flow), "image/png", "Screen flow map"))
    files.append(
        Attachment(
            f"wireframes-{v}.svg", render_svg(geometries), "image/svg+xml", "All screens (SVG)"
        )
    )
    files.append(
        Attachment(
            f"wireframes-{v}.excalidraw",
            render_excalidraw(geometries, flow),
            "application/json",
            "Editable wireframes (Excalidraw)",
        )
    )
    pages = [
        ScreenPage(
            s.name, f"{s.platform.title()} · {s.purpose}" if s.purpose else s.platform.title(), png
        )
        for s, png in zip(spec.screens, map(encode_jpeg, images), strict=True)
    ]
    pdf = render_pdf(brief_markdown, pages, spec.title, session.updated_at)
    files.append(
        Attachment(f"requirements-pack-{v}.pdf", pdf, "application/pdf", "Requirements pack (PDF)")
    )
    return tuple(files)

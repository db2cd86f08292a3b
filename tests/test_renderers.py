"""Tests of the PNG, SVG, Excalidraw and PDF renderers over one shared geometry."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from engine.deliverables.excalidraw import render_excalidraw
from engine.deliverables.fonts import FALLBACK_PATH
from engine.deliverables.layout import layout_flow, layout_screen, layout_spec
from engine.deliverables.pdf import ScreenPage, page_count, render_pdf
from engine.deliverables.png import render_png
from engine.deliverables.screens import spec_from_session
from engine.deliverables.svg import render_svg
from engine.types import Screen, WireframeSpec
from tests.test_layout import screen
from tests.test_screens import FIXED, persona

COMMON = {
    "id",
    "type",
    "x",
    "y",
    "width",
    "height",
    "angle",
    "strokeColor",
    "backgroundColor",
    "fillStyle",
    "strokeWidth",
    "strokeStyle",
    "roughness",
    "opacity",
    "groupIds",
    "frameId",
    "roundness",
    "seed",
    "version",
    "versionNonce",
    "isDeleted",
    "boundElements",
    "updated",
    "link",
    "locked",
}
TEXT_FIELDS = {
    "text",
    "fontSize",
    "fontFamily",
    "textAlign",
    "verticalAlign",
    "containerId",
    "originalText",
    "lineHeight",
    "autoResize",
}
ARROW_FIELDS = {"points", "startBinding", "endBinding", "startArrowhead", "endArrowhead"}
FEW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_excalidraw(data: bytes) -> None:
    """Every element has the full field set and every binding points both ways."""
    doc: dict[str, Any] = json.loads(data)
    assert doc["type"] == "excalidraw" and doc["version"] == 2 and doc["source"]
    assert "appState" in doc and doc["files"] == {}
    elements = {e["id"]: e for e in doc["elements"]}
    assert len(elements) == len(doc["elements"]), "ids are unique"
    for e in doc["elements"]:
        assert e.keys() >= COMMON, COMMON - e.keys()
        if e["type"] == "text":
            assert e.keys() >= TEXT_FIELDS
            if e["containerId"]:
                container = elements[e["containerId"]]
                assert {"id": e["id"], "type": "text"} in (container["boundElements"] or [])
        if e["type"] in ("arrow", "line"):
            assert e.keys() >= ARROW_FIELDS
            assert e["points"][0] == [0, 0]
        for key in ("startBinding", "endBinding"):
            if e.get(key):
                target = elements[e[key]["elementId"]]
                assert {"id": e["id"], "type": "arrow"} in target["boundElements"]
        for bound in e["boundElements"] or []:
            other = elements[bound["id"]]
            if bound["type"] == "text":
                assert other["containerId"] == e["id"]
        if e["frameId"]:
            assert elements[e["frameId"]]["type"] == "frame"


@FEW
@given(screen)
def test_png_decodes_at_the_stated_size(s: Screen) -> None:
    geometry = layout_screen(s)
    image = Image.open(io.BytesIO(render_png(geometry)))
    assert image.format == "PNG"
    assert image.size == (geometry.width, geometry.height)


@FEW
@given(st.lists(screen, min_size=1, max_size=4, unique_by=lambda s: s.id))
def test_svg_parses_and_excalidraw_binds(screens: list[Screen]) -> None:
    spec = WireframeSpec(title="T <&>", screens=tuple(screens))
    geometries = layout_spec(spec)
    root = ET.fromstring(render_svg(geometries))
    assert root.tag.endswith("svg")
    check_excalidraw(render_excalidraw(geometries, layout_flow(spec)))


def test_persona_outputs_are_byte_identical() -> None:
    for name in ("vet-booking", "dotfiles-cli", "voice-pharmacy"):
        spec_a = spec_from_session(*persona(name))
        spec_b = spec_from_session(*persona(name))
        a, b = layout_spec(spec_a), layout_spec(spec_b)
        assert render_svg(a) == render_svg(b)
        assert render_excalidraw(a, layout_flow(spec_a)) == render_excalidraw(
            b, layout_flow(spec_b)
        )
        assert render_png(a[0]) == render_png(b[0])


def test_excalidraw_flow_arrows_are_bound_and_labelled() -> None:
    spec = spec_from_session(*persona("warehouse-scanner"))
    doc = json.loads(render_excalidraw(layout_spec(spec), layout_flow(spec)))
    arrows = [e for e in doc["elements"] if e["type"] == "arrow"]
    assert arrows
    for arrow in arrows:
        assert arrow["startBinding"] and arrow["endBinding"]
        assert arrow["endArrowhead"] == "arrow"
        assert any(b["type"] == "text" for b in arrow["boundElements"])
    frames = [e for e in doc["elements"] if e["type"] == "frame"]
    assert len(frames) == len(spec.screens)
    check_excalidraw(json.dumps(doc).encode())


def test_svg_escapes_text() -> None:
    spec = spec_from_session(*persona("taco-truck"))
    geometries = layout_spec(spec.model_copy(update={"title": "A & B <c>"}))
    ET.fromstring(render_svg(geometries))


def test_pdf_pages_are_brief_plus_screens_and_reproducible() -> None:
    brief = (
        "# Brief\n\nSome **bold** and *italic* text, 日本語 and Ελληνικά.\n\n"
        + "\n".join(f"- point {i}" for i in range(120))
        + "\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    )
    png = render_png(layout_screen(spec_from_session(*persona("book-swap")).screens[0]))
    pages = [ScreenPage("One", "caption", png), ScreenPage("Two", "caption", png)]
    brief_only = render_pdf(brief, [], "T", FIXED)
    full = render_pdf(brief, pages, "T", FIXED)
    assert full.startswith(b"%PDF")
    assert page_count(brief_only) >= 2
    assert page_count(full) == page_count(brief_only) + 2
    assert render_pdf(brief, pages, "T", FIXED) == full


def test_flow_map_png() -> None:
    spec = spec_from_session(*persona("accountant-reconciliation"))
    geometry = layout_flow(spec)
    image = Image.open(io.BytesIO(render_png(geometry)))
    assert image.size == (geometry.width, geometry.height)


def test_the_pdf_embeds_the_fallback_font_only_for_text_the_body_font_cannot_draw() -> None:
    latin = render_pdf("# Brief\n\nFront desk books visits – café hours.", [], "Visits", FIXED)
    emoji = render_pdf("# Brief\n\nOwners love it 👋 and 预约 works.", [], "Visits", FIXED)
    assert b"DejaVu" not in latin
    if FALLBACK_PATH.is_file():
        assert b"DejaVu" in emoji  # the glyphs Open Sans lacks are drawn, not dropped

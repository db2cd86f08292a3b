"""Tests of the full deliverable pack: file names, types and reproducibility."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

from PIL import Image

from engine.deliverables.pack import render_pack
from engine.deliverables.pdf import page_count
from engine.deliverables.screens import spec_from_session
from tests.test_renderers import check_excalidraw
from tests.test_screens import persona

BRIEF = "# Requirements brief\n\n## Users\n\nICU nurses.\n\n- R1 Write handoff notes\n"


def test_pack_files_and_reproducibility() -> None:
    session, reqs = persona("vending-tech-map")
    spec = spec_from_session(session, reqs)
    files = render_pack(session, BRIEF, spec, 2)
    names = [f.filename for f in files]
    for screen in spec.screens:
        assert f"wireframe-{screen.id.replace('_', '-')}-v2.png" in names
    for name in (
        "flow-map-v2.png",
        "wireframes-v2.svg",
        "wireframes-v2.excalidraw",
        "requirements-pack-v2.pdf",
    ):
        assert name in names
    by_name = {f.filename: f for f in files}
    ET.fromstring(by_name["wireframes-v2.svg"].content)
    check_excalidraw(by_name["wireframes-v2.excalidraw"].content)
    assert json.loads(by_name["wireframes-v2.excalidraw"].content)["type"] == "excalidraw"
    png = Image.open(io.BytesIO(by_name["wireframe-map-of-machines-near-me-v2.png"].content))
    assert png.size == (390, 844)
    pdf = by_name["requirements-pack-v2.pdf"].content
    assert page_count(pdf) == 1 + len(spec.screens)
    again = render_pack(session, BRIEF, spec, 2)
    assert [f.content for f in again] == [f.content for f in files]


def test_pack_mime_types() -> None:
    session, reqs = persona("accountant-reconciliation")
    files = render_pack(session, BRIEF, spec_from_session(session, reqs), 1)
    mimes = {f.filename.rsplit(".", 1)[1]: f.mime_type for f in files}
    assert mimes == {
        "png": "image/png",
        "svg": "image/svg+xml",
        "excalidraw": "application/json",
        "pdf": "application/pdf",
    }

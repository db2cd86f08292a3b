"""Property tests of the wireframe layout: grid, bounds, no overlaps, text that fits."""

from __future__ import annotations

from typing import get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.deliverables.fonts import text_width
from engine.deliverables.layout import (
    GRID,
    SIZES,
    Geometry,
    geometry_problems,
    layout_flow,
    layout_screen,
)
from engine.types import Component, ComponentKind, Region, RegionName, Screen, WireframeSpec

WORDS = st.sampled_from(
    [
        "Patient",
        "handoff",
        "notes",
        "Ledger",
        "Überweisung",
        "données",
        "Ελληνικά",
        "shipment",
        "a-very-long-unbroken-identifier-that-never-ends",
        "R&D <team>",
        "ok",
        "Approve expenses",
        "Track trucks",
        "Σ",
        "日本",
        "",
        "Quarterly revenue by region",
    ]
)
TEXT = st.lists(WORDS, max_size=8).map(" ".join).map(lambda s: s[:120])
SHORT = st.lists(WORDS, min_size=1, max_size=3).map(" ".join).map(lambda s: s[:60])
REFS = st.lists(st.sampled_from(["R1", "R2", "R12", "A1", "A3"]), max_size=6).map(tuple)

component = st.builds(
    Component,
    kind=st.sampled_from(get_args(ComponentKind)),
    label=TEXT,
    items=st.lists(SHORT, max_size=12).map(tuple),
    columns=st.lists(SHORT, max_size=8).map(tuple),
    rows=st.lists(st.lists(SHORT, max_size=8).map(tuple), max_size=8).map(tuple),
    chart=st.sampled_from([None, "line", "bar", "pie"]),
    primary=st.booleans(),
    refs=REFS,
)
region = st.builds(
    Region,
    name=st.sampled_from(get_args(RegionName)),
    components=st.lists(component, max_size=7).map(tuple),
)
screen_ids = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
screen = st.builds(
    Screen,
    id=screen_ids,
    name=SHORT.filter(bool),
    purpose=TEXT,
    platform=st.sampled_from(["desktop", "mobile"]),
    regions=st.lists(region, min_size=1, max_size=4).map(tuple),
    links=st.lists(st.tuples(SHORT, screen_ids), max_size=8).map(tuple),
)
light_screen = st.builds(
    Screen,
    id=screen_ids,
    name=SHORT.filter(bool),
    purpose=TEXT,
    platform=st.sampled_from(["desktop", "mobile"]),
    regions=st.just((Region(name="main"),)),
    links=st.lists(st.tuples(SHORT, screen_ids), max_size=8).map(tuple),
)

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(geometry: Geometry) -> None:
    assert geometry_problems(geometry) == []


@SETTINGS
@given(screen)
def test_screen_layout_invariants(s: Screen) -> None:
    """Size, bounds, sibling overlaps, text fit, grid rows and line containment in one pass."""
    geometry = layout_screen(s)
    assert (geometry.width, geometry.height) == SIZES[s.platform]
    _check(geometry)
    by_id = {b.id: b for b in geometry.boxes}
    for box in geometry.boxes:
        if box.text:
            assert (
                text_width(box.text, box.style.font_size, box.style.bold)
                <= box.w - 2 * box.style.pad
            )
        if box.kind in ("group", "region", "table", "list", "card", "input", "button"):
            assert box.y % GRID == 0, box
    for line in geometry.lines:
        parent = by_id[line.parent] if line.parent else None
        for x, y in line.points:
            if parent is None:
                assert 0 <= x <= geometry.width and 0 <= y <= geometry.height
            else:
                assert parent.x <= x <= parent.x + parent.w, line
                assert parent.y <= y <= parent.y + parent.h, line


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(light_screen, min_size=1, max_size=8, unique_by=lambda s: s.id))
def test_flow_layout_nodes_inside_and_apart(screens: list[Screen]) -> None:
    spec = WireframeSpec(title="Flow", screens=tuple(screens))
    geometry = layout_flow(spec)
    nodes = [b for b in geometry.boxes if b.kind == "node"]
    assert len(nodes) == len(screens)
    problems = [p for p in geometry_problems(geometry) if "label" not in p]
    assert problems == []
    ids = {b.id for b in geometry.boxes}
    for line in geometry.lines:
        assert line.start in ids and line.end in ids


def test_overflow_becomes_a_more_marker() -> None:
    many = tuple(
        Component(kind="table", label=f"T{i}", columns=("A",), rows=(("x",),) * 8)
        for i in range(12)
    )
    s = Screen(id="big", name="Big", regions=(Region(name="main", components=many),))
    geometry = layout_screen(s)
    assert any(b.kind == "more" and b.text.startswith("+") for b in geometry.boxes)
    _check(geometry)


def test_long_text_is_truncated_with_ellipsis() -> None:
    label = "An extraordinarily long heading that cannot possibly fit on one mobile line at all"
    s = Screen(
        id="m",
        name="M",
        platform="mobile",
        regions=(Region(name="main", components=(Component(kind="heading", label=label),)),),
    )
    heading = next(b for b in layout_screen(s).boxes if b.text.startswith("An extra"))
    assert heading.text.endswith("…")


def test_layout_is_deterministic() -> None:
    comps = (
        Component(kind="chart", label="Revenue", chart="line"),
        Component(kind="map", items=("A", "B")),
    )
    s = Screen(id="d", name="D", regions=(Region(name="main", components=comps),))
    assert layout_screen(s) == layout_screen(s)


def test_grid_constant() -> None:
    assert GRID == 8

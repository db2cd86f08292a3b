"""The wireframe spec: screens, regions and components from a fixed vocabulary."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ComponentKind = Literal[
    "navbar",
    "sidebar",
    "heading",
    "text",
    "button",
    "input",
    "select",
    "checkbox",
    "toggle",
    "search",
    "table",
    "list",
    "card_grid",
    "stat_tiles",
    "chart",
    "image",
    "tabs",
    "form",
    "modal",
    "map",
    "calendar",
    "timeline",
    "avatar",
    "badge",
    "terminal",
    "code",
    "chat",
    "states",
]
RegionName = Literal["header", "navigation", "sidebar", "main", "footer"]
Platform = Literal["desktop", "mobile", "tablet", "handheld", "terminal", "document"]
ChartKind = Literal["line", "bar", "pie"]


class Component(BaseModel):
    """One element of a screen; `items` are list entries, tabs, fields, nav links or tiles."""

    model_config = ConfigDict(frozen=True)

    kind: ComponentKind
    label: str = Field(default="", max_length=120)
    items: tuple[str, ...] = Field(default=(), max_length=12)
    columns: tuple[str, ...] = Field(default=(), max_length=8)
    rows: tuple[tuple[str, ...], ...] = Field(default=(), max_length=8)
    chart: ChartKind | None = None
    primary: bool = False
    active: int = Field(default=0, ge=0, le=11)  # the selected entry of a navbar or tabs
    refs: tuple[str, ...] = Field(default=(), max_length=6)  # requirement/assumption ids: R3, A2


class Region(BaseModel):
    """A named area of a screen holding components top to bottom."""

    model_config = ConfigDict(frozen=True)

    name: RegionName
    components: tuple[Component, ...] = Field(default=(), max_length=12)


class Screen(BaseModel):
    """One wireframe screen."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    name: str = Field(min_length=1, max_length=60)
    purpose: str = Field(default="", max_length=240)
    platform: Platform = "desktop"
    regions: tuple[Region, ...] = Field(min_length=1, max_length=5)
    links: tuple[tuple[str, str], ...] = Field(default=(), max_length=8)  # (label, target id)


class WireframeSpec(BaseModel):
    """All screens of a product, as the renderers take them."""

    model_config = ConfigDict(frozen=True)

    title: str = Field(min_length=1, max_length=80)
    screens: tuple[Screen, ...] = Field(min_length=1, max_length=8)

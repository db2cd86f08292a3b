"""One delivery's files as they are drawn: each file on its own, a failure kept as data."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from engine.messages import Attachment

T = TypeVar("T")

RENDERERS = {
    "brief": "the brief writer",
    "screen": "the PNG renderer",
    "flow_map": "the PNG renderer",
    "svg": "the SVG renderer",
    "excalidraw": "the Excalidraw renderer",
    "pdf": "the PDF renderer",
}
"""What failed, in the user's words, by the kind of file (`error kind=render_<kind>`)."""


@dataclass(frozen=True, slots=True)
class Missing:
    """A file that could not be drawn: which, by what, and the traceback (for the log only)."""

    filename: str
    kind: str
    detail: str

    @property
    def renderer(self) -> str:
        """The part that failed, in plain words ("the PDF renderer")."""
        return RENDERERS.get(self.kind, "a renderer")


@dataclass
class Drawing:
    """Collects the files drawn and the files that failed; one failure never stops the rest.

    Works in a render worker process too: failures travel back as data (no logging here)."""

    files: list[Attachment] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)

    def attempt(self, filename: str, kind: str, make: Callable[[], T]) -> T | None:
        """`make()`, or None after recording `filename` as missing when it raises."""
        try:
            return make()
        except Exception:  # any renderer bug: the other files still go out
            self.missing.append(Missing(filename, kind, traceback.format_exc()))
            return None

    def add(
        self, filename: str, kind: str, make: Callable[[], bytes], mime_type: str, title: str
    ) -> None:
        """Draw one file and keep it, or record it as missing."""
        content = self.attempt(filename, kind, make)
        if content is not None:
            self.files.append(Attachment(filename, content, mime_type, title))

"""The one place that produces every deliverable file of a session (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.deliverables.brief import render_brief
from engine.deliverables.drawing import Drawing, Missing
from engine.deliverables.pack import draw_pack
from engine.deliverables.requirements import derive_requirements
from engine.deliverables.screens import coverage, spec_from_session
from engine.messages import Attachment
from engine.session import Session
from engine.types import WireframeSpec


@dataclass(frozen=True, slots=True)
class Deliverables:
    """The rendered files plus what the reply needs to say about them."""

    brief: str
    spec: WireframeSpec
    attachments: tuple[Attachment, ...]
    missing: tuple[Missing, ...] = ()  # files that could not be drawn; the others are here


def wireframe_spec(session: Session) -> WireframeSpec:
    """The model-supplied spec if the session has one, else the offline derivation."""
    return session.wireframe or spec_from_session(session, derive_requirements(session))


def render_brief_only(session: Session) -> str:
    """The brief Markdown of the session's current version."""
    spec = wireframe_spec(session)
    return render_brief(
        session, derive_requirements(session), coverage(spec), session.deliverable_version
    )


def render_all(session: Session) -> Deliverables:
    """The brief, the wireframes and the pack for the session's current version; each file
    is drawn on its own, so one renderer's failure leaves the others (see `missing`)."""
    version = session.deliverable_version
    drawing = Drawing()
    spec = wireframe_spec(session)
    name = f"requirements-brief-v{version}.md"
    brief = drawing.attempt(
        name,
        "brief",
        lambda: render_brief(session, derive_requirements(session), coverage(spec), version),
    )
    if brief is not None:
        title = f"Requirements brief v{version}"
        drawing.files.append(Attachment(name, brief.encode(), "text/markdown", title))
    draw_pack(session, brief or f"# {spec.title}", spec, version, drawing)
    return Deliverables(brief or "", spec, tuple(drawing.files), tuple(drawing.missing))


def screens_touched(spec: WireframeSpec, refs: set[str]) -> tuple[str, ...]:
    """Names of screens whose elements carry any of the given requirement/assumption ids."""
    hit = coverage(spec)
    return tuple(dict.fromkeys(name for ref in sorted(refs) for name in hit.get(ref, ())))

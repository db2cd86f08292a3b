"""Products used without a GUI (a CLI, an API, a chat bot, a voice line, a device): how their
screens, flows and journey are asked about and assumed (engine/data/interfaces.json)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict

from engine.interface import interface_of
from engine.packs import Default
from engine.session import Session
from engine.types import TopicId


class Surface(BaseModel):
    """What a kind of non-GUI product is asked and assumed instead of screens."""

    model_config = ConfigDict(frozen=True)

    label: str  # "command-line tools"
    questions: dict[TopicId, str] = {}
    defaults: dict[TopicId, Default] = {}


@cache
def surfaces() -> dict[str, Surface]:
    """Every non-GUI kind, by the deliverables' interface id (cli, api, chat, voice, device)."""
    raw = resources.files("engine").joinpath("data", "interfaces.json").read_text("utf-8")
    return {kind: Surface.model_validate(body) for kind, body in json.loads(raw).items()}


def surface_of(session: Session) -> Surface | None:
    """The session's product kind when it has no GUI, else None."""
    return surfaces().get(interface_of(session))


def surface_question(session: Session, topic: TopicId) -> str | None:
    """The question about `topic` for a product without a GUI (no "which screens?" for a CLI)."""
    surface = surface_of(session)
    return surface.questions.get(topic) if surface is not None else None

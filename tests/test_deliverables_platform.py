"""A platform correction re-renders every screen in the new frame as the next version."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from engine.deliverables.geometry import SIZES
from tests.harness import make_chat
from tests.test_screens import make


@pytest.mark.parametrize(
    ("correction", "frame"),
    [
        ("actually it's going to be an ipad app at the front desk, not web", "tablet"),
        ("wait no, they use it on their phones, it's a mobile app", "mobile"),
    ],
)
async def test_platform_correction_rerenders_every_screen(correction: str, frame: str) -> None:
    chat = make_chat()
    session = make(
        "booking for our vet clinic",
        [
            ("target_users", "front desk"),
            ("key_actions", "book visits, send reminders"),
            ("screens", "a day view, a booking page, the pet record"),
            ("platforms", "web for the front desk"),
        ],
        industry="healthcare",
        domain="veterinary",
        objects=("appointment", "pet"),
    )
    session = session.model_copy(
        update={"key": chat.thread.slug(), "status": "delivered", "deliverable_version": 1}
    )
    await chat.store.save(session)
    reply = await chat.say(correction)
    pngs = [
        a
        for a in reply.attachments
        if a.filename.startswith("wireframe-") and a.filename.endswith("-v2.png")
    ]
    assert reply.kind == "deliverables"
    assert len(pngs) == 3
    for png in pngs:
        assert f"({frame})" in png.title
        assert Image.open(io.BytesIO(png.content)).size == SIZES[frame]
    assert (await chat.session()).deliverable_version == 2

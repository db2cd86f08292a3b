"""The brief says what people said: their words per section, exclusions, notes, disagreements."""

from __future__ import annotations

from engine.deliverables.files import render_brief_only
from engine.session import Assumption, Disagreement, Note, View
from tests.test_screens import make


def test_brief_keeps_their_words_exclusions_notes_and_disagreements() -> None:
    session = make(
        "hey so we run a small vet clinic and want online booking plus reminders",
        [
            ("pain_points", "double bookings when two people answer the phone"),
            ("target_users", "front desk staff > the vets"),
            ("key_actions", "book a visit, send reminders"),
            ("platforms", "web", True),
            ("platforms", "ipad at the desk"),
            ("security_compliance", "HIPAA", True),
        ],
        industry="healthcare",
        domain="veterinary",
        assumptions=(
            Assumption(
                id="A1",
                topic="scale",
                value="One clinic, 30-80 appointments a day",
                confidence=0.5,
                reasoning="Typical small-animal practice.",
                impact="-",
            ),
        ),
    ).model_copy(
        update={
            "notes": (
                Note(text="might open a 2nd clinic", user_id="U1", user_name="Dana", turn=3),
            ),
            "disagreements": (
                Disagreement(
                    topic="scale",
                    views=(
                        View(user_name="Ana", text="one clinic"),
                        View(user_name="Ben", text="all 3"),
                    ),
                    resolution="one clinic first",
                ),
            ),
        }
    )
    brief = render_brief_only(session)
    assert brief.startswith("# Online booking plus reminders\n")
    assert "- double bookings when two people answer the phone" in brief
    assert "- front desk staff > the vets" in brief and "&gt;" not in brief
    assert "- Not: web" in brief and "- ipad at the desk" in brief
    assert "- HIPAA: does not apply" in brief
    assert "One clinic, 30-80 appointments a day _(assumed, A1, 50% sure: Typical" in brief
    assert "## Notes\n\n- might open a 2nd clinic" in brief
    assert "Ana said “one clinic”; Ben said “all 3”. Agreed: one clinic first." in brief
    assert "too much manual work" not in brief.lower()

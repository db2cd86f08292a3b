"""Any session renders: random facts, industries and platforms never crash the deliverables."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.assumptions import assume_open
from engine.deliverables.brief import render_brief
from engine.deliverables.files import render_all
from engine.deliverables.layout import geometry_problems, layout_spec
from engine.deliverables.requirements import derive_requirements
from engine.deliverables.screens import coverage, spec_from_session
from engine.interview import open_topics
from engine.messages import ThreadKey
from engine.profile import INDUSTRIES
from engine.session import Fact, Session, new_session
from engine.topics import TOPICS
from engine.types import Profile

SNIPPETS = (
    "nurses on night shifts",
    "iOS and Android first",
    "web only",
    "An append-only transaction ledger with daily reconciliation across every account we hold",
    "Stripe, Plaid and NetSuite",
    "HIPAA, SOC 2",
    "10k users",
    "book, pay, cancel; remind",
    "<script>alert(1)</script> <!channel>",
    "日本語のテキスト",
    "émoji 🎉 and ümlauts",
    "x" * 300,
    "a",
    ";;;",
)
text = st.one_of(st.sampled_from(SNIPPETS), st.text(min_size=1, max_size=120))


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    base = new_session(ThreadKey("t", "w", "c", "x"))
    facts = []
    for turn, topic in enumerate(TOPICS):
        if draw(st.booleans()):
            value = draw(text).strip() or "something"
            facts.append(
                Fact(topic=topic.id, value=value, user_id="U1", user_name="Ann", turn=turn)
            )
    profile = Profile(industry=draw(st.sampled_from(INDUSTRIES)), industry_confidence=0.8)
    idea = draw(st.one_of(st.just(""), text))
    session = base.model_copy(
        update={"facts": tuple(facts), "profile": profile, "idea": idea, "deliverable_version": 1}
    )
    if draw(st.booleans()):
        session = assume_open(session, open_topics(session))
    return session


@settings(max_examples=150)
@given(sessions())
def test_spec_layout_and_brief_never_crash(session: Session) -> None:
    requirements = derive_requirements(session)
    spec = spec_from_session(session, requirements)
    assert 1 <= len(spec.screens) <= 8
    for geometry in layout_spec(spec):
        assert geometry_problems(geometry) == []
    brief = render_brief(session, requirements, coverage(spec), 1)
    assert brief.startswith("# ")


@settings(max_examples=12)
@given(sessions())
def test_every_file_renders(session: Session) -> None:
    files = render_all(session)
    names = [a.filename for a in files.attachments]
    assert "requirements-brief-v1.md" in names
    assert "requirements-pack-v1.pdf" in names
    assert all(a.content for a in files.attachments)


user_text = st.one_of(
    st.sampled_from(
        ("a < b > c", "R&D > sales", "<b>bold</b> & co", "> quoted", "&gt; typed", "x")
    ),
    st.text(min_size=1, max_size=60),
)


@settings(max_examples=60)
@given(idea=user_text, value=user_text, topic=st.sampled_from([t.id for t in TOPICS]))
def test_text_is_escaped_exactly_once(idea: str, value: str, topic: str) -> None:
    fact = Fact(topic=topic, value=value, user_id="U1", user_name="Ann & <Bo>", turn=1)  # type: ignore[arg-type]
    session = new_session(ThreadKey("t", "w", "c", "x")).model_copy(
        update={"idea": idea, "facts": (fact,), "deliverable_version": 1}
    )
    files = render_all(session)
    typed = idea + value
    for entity in ("&amp;amp;", "&amp;lt;", "&amp;gt;"):
        assert entity not in files.brief
    for entity in ("&lt;", "&gt;", "&amp;"):
        if entity not in typed:
            assert entity not in files.brief, entity
    assert not re.search(r"(?<!\\)<[A-Za-z/!?]", files.brief)  # no raw HTML tag opens
    svg = next(a.content for a in files.attachments if a.filename.endswith(".svg"))
    root = ET.fromstring(svg)  # well-formed: every < & > in text escaped
    shown = "".join(root.itertext())
    assert "&amp;" not in shown and "&lt;" not in shown.replace(typed, "")
